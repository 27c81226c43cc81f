import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { apiLanguage } from '@/api/http'
import { i18n } from '@/i18n'
import type { User } from '@/api/types'
import { useAuthStore } from './auth'
import { useLocaleStore } from './locale'
import { useOrgStore } from './org'

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

const user = (grants: User['grants']): User => ({ id: 1, username: 'u', disabled: false, grants, must_change_password: false, failed_logins: 0, version: 1, created_at: '' })

beforeEach(() => {
  setActivePinia(createPinia())
  localStorage.clear()
  vi.unstubAllGlobals()
})

describe('locale store', () => {
  it('defaults to Chinese, remembers the switch and sets the API language', () => {
    const s = useLocaleStore()
    expect(s.locale).toBe('zh-CN')
    s.set('en')
    expect(localStorage.getItem('dj.locale')).toBe('en')
    expect(i18n.global.locale.value).toBe('en')
    expect(apiLanguage()).toBe('en')
    s.set('zh-CN')
    expect(i18n.global.t('enums.status.lost_contact')).toBe('失联')
  })
})

describe('auth store', () => {
  it('derives the strongest role and the scope', () => {
    const a = useAuthStore()
    a.user = user([
      { id: 1, user_id: 1, role: 'member', org_id: 5, org_name: '一支部' },
      { id: 2, user_id: 1, role: 'secretary', org_id: 5, org_name: '一支部' },
    ])
    expect(a.role).toBe('secretary')
    expect(a.isMemberOnly).toBe(false)
    expect(a.canWrite).toBe(true)
    expect(a.canReadBusiness).toBe(true)
    expect(a.canManageUsers).toBe(false)
    expect(a.scope).toEqual(['一支部'])
  })

  it('gives each of the three administrators their own work and no business data', () => {
    const a = useAuthStore()
    a.user = user([{ id: 3, user_id: 1, role: 'admin' }])
    expect(a.scope).toBeNull()
    expect([a.canManageAccounts, a.canGrant, a.canReadAudit, a.canReadBusiness, a.canWrite]).toEqual([true, false, false, false, false])
    a.user = user([{ id: 4, user_id: 1, role: 'secadmin', org_id: 2, org_name: '区委' }])
    expect([a.canManageAccounts, a.canGrant, a.grantsAdminRoles, a.canReadAudit, a.canReadBusiness]).toEqual([false, true, false, false, false])
    a.user = user([{ id: 5, user_id: 1, role: 'auditor' }])
    expect([a.canManageUsers, a.canReadAudit, a.canVerifyAudit, a.canReadBusiness]).toEqual([false, true, true, false])
  })

  it('remembers a required password change and what may be unmasked', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(200, { user: { ...user([]), must_change_password: true }, may_unmask: true, password_policy: { min_length: 10, min_classes: 3, history: 5 } })))
    const a = useAuthStore()
    await a.fetchMe()
    expect(a.mustChangePassword).toBe(true)
    expect(a.mayUnmask).toBe(true)
    expect(a.policy.min_length).toBe(10)
  })

  it('treats 401 from /auth/me as logged out', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { status: 401, message: 'no' })))
    const a = useAuthStore()
    await expect(a.fetchMe()).resolves.toBeNull()
    expect(a.checked).toBe(true)
  })
})

describe('org store', () => {
  it('selects an organisation and builds breadcrumbs from its ancestors', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(200, { id: 9, name: '支部', type: 'branch', ancestors: [{ id: 1, name: '市委' }, { id: 3, name: '区委' }], child_count: 0 })))
    const o = useOrgStore()
    expect(await o.select(9)).toBe(true)
    expect(o.breadcrumbs.map((b) => b.name)).toEqual(['市委', '区委', '支部'])
  })

  it('reports an organisation out of scope', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(404, { status: 404, message: '不存在' })))
    const o = useOrgStore()
    expect(await o.select(77)).toBe(false)
    expect(o.error).toBe('不存在')
  })
})
