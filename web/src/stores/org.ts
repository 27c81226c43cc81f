import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError } from '@/api/http'
import { orgsApi } from '@/api/orgs'
import type { Org } from '@/api/types'

/** The organisation every page works on (kept in the URL as ?org=). */
export const useOrgStore = defineStore('org', () => {
  const current = ref<Org | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** Bumped after a write that changes the tree, so the tree and lists reload. */
  const treeVersion = ref(0)
  let seq = 0

  const id = computed(() => current.value?.id ?? null)
  const breadcrumbs = computed(() => (current.value ? [...(current.value.ancestors ?? []), { id: current.value.id, name: current.value.name }] : []))

  /** Selects an organisation by id; returns false when it does not exist or is out of scope. */
  async function select(orgId: number): Promise<boolean> {
    if (current.value?.id === orgId && !error.value) return true
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const o = await orgsApi.get(orgId)
      if (mine === seq) current.value = o
      return true
    } catch (e) {
      if (mine === seq) error.value = e instanceof ApiError ? e.message : String(e)
      return false
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** The first organisation of the caller's scope (the root of the tree they see). */
  async function firstRoot(): Promise<number | null> {
    const roots = await orgsApi.roots()
    return roots[0]?.id ?? null
  }

  /** Reloads the current organisation and tells the tree to refresh. */
  async function refresh() {
    treeVersion.value++
    if (current.value) {
      const o = await orgsApi.get(current.value.id).catch(() => null)
      if (o) current.value = o
    }
  }

  function reset() {
    current.value = null
    error.value = null
  }

  return { current, loading, error, id, breadcrumbs, treeVersion, select, firstRoot, refresh, reset }
})
