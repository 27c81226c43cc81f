import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ApiError } from '@/api/http'
import { membersApi } from '@/api/members'
import type { Member } from '@/api/types'
import { useAuthStore } from './auth'

/** The logged-in member's own record (phone layout). */
export const useMeStore = defineStore('me', () => {
  const member = ref<Member | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)

  async function load(force = false) {
    const auth = useAuthStore()
    const id = auth.user?.member_id
    if (!id) {
      member.value = null
      error.value = null
      return
    }
    if (member.value?.id === id && !force) return
    loading.value = true
    error.value = null
    try {
      member.value = await membersApi.get(id)
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : String(e)
    } finally {
      loading.value = false
    }
  }

  function reset() {
    member.value = null
    error.value = null
  }

  return { member, loading, error, load, reset }
})
