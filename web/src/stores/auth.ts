import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api/auth'
import { ApiError } from '@/api/http'
import type { Grant, Role, User } from '@/api/types'

const RANK: Record<Role, number> = { admin: 5, staff: 4, auditor: 3, secretary: 2, member: 1 }

/** The logged-in user, their roles and scope. */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const checked = ref(false)

  const grants = computed<Grant[]>(() => user.value?.grants ?? [])
  const roles = computed<Role[]>(() => [...new Set(grants.value.map((g) => g.role))])
  /** The strongest role the user holds. */
  const role = computed<Role | null>(() =>
    roles.value.length ? roles.value.reduce((a, b) => (RANK[b] > RANK[a] ? b : a)) : null,
  )
  const isMemberOnly = computed(() => role.value === 'member')
  const canWrite = computed(() => roles.value.some((r) => r === 'admin' || r === 'staff' || r === 'secretary'))
  const canManageUsers = computed(() => roles.value.some((r) => r === 'admin' || r === 'staff'))
  const canReadAudit = computed(() => roles.value.some((r) => r === 'admin' || r === 'auditor'))
  /** Names of the organisations the grants cover; null when one covers everything. */
  const scope = computed<string[] | null>(() => {
    if (grants.value.some((g) => !g.org_id)) return null
    return [...new Set(grants.value.map((g) => g.org_name || `#${g.org_id}`))]
  })

  async function fetchMe(): Promise<User | null> {
    try {
      user.value = await authApi.me()
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e
      user.value = null
    } finally {
      checked.value = true
    }
    return user.value
  }

  async function login(username: string, password: string): Promise<User> {
    user.value = await authApi.login(username, password)
    checked.value = true
    return user.value
  }

  async function logout() {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  function clear() {
    user.value = null
  }

  return { user, checked, grants, roles, role, isMemberOnly, canWrite, canManageUsers, canReadAudit, scope, fetchMe, login, logout, clear }
})
