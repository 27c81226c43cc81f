import { computed, onBeforeUnmount, ref } from 'vue'
import { pollJob } from '@/api/jobs'
import type { Job } from '@/api/types'

/** Follows one background job: its latest reading, percentage and outcome. */
export function useJob<R>() {
  const job = ref<Job<R> | null>(null)
  const running = ref(false)
  const ctrl = ref<AbortController | null>(null)

  const percent = computed(() => {
    const j = job.value
    if (!j) return 0
    if (j.status === 'succeeded') return 100
    if (!j.total) return j.status === 'running' ? 5 : 0
    return Math.min(99, Math.round((j.done / j.total) * 100))
  })

  async function follow(id: number): Promise<Job<R>> {
    ctrl.value?.abort()
    const c = new AbortController()
    ctrl.value = c
    running.value = true
    try {
      return await pollJob<R>(id, (j) => (job.value = j), { signal: c.signal, intervalMs: 400 })
    } finally {
      if (ctrl.value === c) running.value = false
    }
  }

  function reset() {
    ctrl.value?.abort()
    job.value = null
    running.value = false
  }

  onBeforeUnmount(() => ctrl.value?.abort())
  return { job, running, percent, follow, reset }
}
