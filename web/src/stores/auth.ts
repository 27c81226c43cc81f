import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api/auth'
import { ApiError } from '@/api/http'
import type { Grant, Me, PasswordPolicy, Role, User } from '@/api/types'

const RANK: Record<Role, number> = { admin: 6, secadmin: 5, auditor: 4, staff: 3, secretary: 2, member: 1 }

/** The logged-in user, their roles and scope, and what the console offers them. */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const mayUnmask = ref(false)
  const policy = ref<PasswordPolicy>({ min_length: 8, min_classes: 3, history: 5 })
  const checked = ref(false)

  const grants = computed<Grant[]>(() => user.value?.grants ?? [])
  const roles = computed<Role[]>(() => [...new Set(grants.value.map((g) => g.role))])
  const has = (...rs: Role[]) => roles.value.some((r) => rs.includes(r))
  /** The strongest role the user holds. */
  const role = computed<Role | null>(() =>
    roles.value.length ? roles.value.reduce((a, b) => (RANK[b] > RANK[a] ? b : a)) : null,
  )
  const isMemberOnly = computed(() => role.value === 'member')
  /** Business data (organisations' statistics, members) is for staff, secretaries and members. */
  const canReadBusiness = computed(() => has('staff', 'secretary', 'member'))
  const canWrite = computed(() => has('staff', 'secretary'))
  /** The system administrator: accounts, passwords, sessions. */
  const canManageAccounts = computed(() => has('admin'))
  /** The security administrator: role grants. */
  const canGrant = computed(() => has('secadmin'))
  const canManageUsers = computed(() => canManageAccounts.value || canGrant.value)
  /** The audit administrator: the audit log. */
  const canReadAudit = computed(() => has('auditor'))
  /** Whole-tree audit administrators verify the chain. */
  const canVerifyAudit = computed(() => grants.value.some((g) => g.role === 'auditor' && !g.org_id))
  /** Whole-tree security administrators give the administrative roles. */
  const grantsAdminRoles = computed(() => grants.value.some((g) => g.role === 'secadmin' && !g.org_id))
  const mustChangePassword = computed(() => user.value?.must_change_password ?? false)
  /** Names of the organisations the grants cover; null when one covers everything. */
  const scope = computed<string[] | null>(() => {
    if (grants.value.some((g) => !g.org_id)) return null
    return [...new Set(grants.value.map((g) => g.org_name || `#${g.org_id}`))]
  })

  function set(me: Me | null) {
    user.value = me?.user ?? null
    mayUnmask.value = me?.may_unmask ?? false
    if (me?.password_policy) policy.value = me.password_policy
  }

  async function fetchMe(): Promise<User | null> {
    try {
      set(await authApi.me())
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e
      set(null)
    } finally {
      checked.value = true
    }
    return user.value
  }

  async function login(username: string, password: string): Promise<User> {
    set(await authApi.login(username, password))
    checked.value = true
    return user.value as User
  }

  async function changePassword(current: string, next: string) {
    set(await authApi.changePassword(current, next))
  }

  async function logout() {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  function clear() {
    set(null)
  }

  return {
    user, mayUnmask, policy, checked, grants, roles, role, isMemberOnly, canReadBusiness, canWrite, canManageAccounts, canGrant,
    canManageUsers, canReadAudit, canVerifyAudit, grantsAdminRoles, mustChangePassword, scope, fetchMe, login,
    changePassword, logout, clear,
  }
})
