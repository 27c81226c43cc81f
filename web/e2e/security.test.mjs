// Browser tests of the security controls: the CSP, the three administrators, the forced
// password change, own sessions, masked personal data (see lib.mjs for the environment).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, AUDITOR, BASE, CITY, PHONE, SECADMIN, api, input, launch, login, loginConsole, newPage, shot } from './lib.mjs'

let browser
const stamp = Date.now() % 100000
const account = { user: `e2e-m-${stamp}`, password: 'Start#2026e2e', next: 'Mine#2026e2e' }
let member = null // a member whose account the administrators open, with the full ID number

before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

/** Confirms an Element Plus message box (the destructive-action confirmation). */
async function confirm(page) {
  await page.click('.el-message-box .el-button--danger')
}

describe('security', () => {
  it('runs the console and the API docs under a CSP without inline scripts', async () => {
    const p = await newPage(browser)
    const res = await p.goto(`${BASE}/login`)
    const csp = res.headers()['content-security-policy'] ?? ''
    assert.match(csp, /script-src 'self';/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.doesNotMatch(csp.match(/script-src [^;]*/)[0], /unsafe/)
    assert.equal(res.headers()['x-content-type-options'], 'nosniff')
    await loginConsole(p, CITY)
    await p.click('[data-test=nav-members]')
    await p.waitForSelector('[data-test=member-table] .el-table__body tr')
    // Lists mask the ID number; "show" reveals it (and is recorded).
    await p.locator('[data-test=member-table] .el-table__body tr .el-link').first().click()
    await p.waitForSelector('[data-test=member-id-number]')
    assert.match(await p.textContent('[data-test=member-id-number]'), /^\d{6}\*{8}[\dX]{4}$/)
    await p.click('[data-test=member-reveal]')
    await p.waitForFunction(() => !document.querySelector('[data-test=member-id-number]')?.textContent?.includes('*'))
    await p.waitForSelector('[data-test=member-revealed]')
    await shot(p, 'member-revealed')
    const m = (await api(p, '/members?size=1&status=normal')).body.items[0]
    const full = await api(p, `/members/${m.id}/reveal`, { method: 'POST' })
    assert.equal(full.status, 200)
    member = { ...m, id_number: full.body.id_number }
    await p.goto(`${BASE}/api/docs`)
    await p.waitForFunction(() => document.querySelectorAll('main details.op').length > 20)
    await shot(p, 'api-docs')
    assert.deepEqual(p.cspViolations, [], `CSP violations: ${p.cspViolations.join(' | ')}`)
    assert.deepEqual(p.jsErrors, [])
    await p.context().close()
  })

  it('lets the system administrator open an account, and nothing of the register', async () => {
    const p = await newPage(browser)
    await login(p, ADMIN)
    await p.waitForSelector('[data-test=users-page]')
    const nav = await p.textContent('[data-test=main-nav]')
    assert.ok(!/统计概览|党员名册/.test(nav), `the system administrator's menu: ${nav}`)
    assert.equal((await api(p, '/members?size=1')).body.total, 0)
    await p.click('[data-test=user-create]')
    await p.fill(input('u-username'), account.user)
    await p.fill(input('u-password'), account.password)
    await p.click('[data-test=u-save]')
    await p.waitForSelector('[data-test=user-dialog]', { state: 'hidden' })
    await p.waitForFunction((u) => document.querySelector('[data-test=users-table]')?.textContent?.includes(u), account.user)
    await shot(p, 'admin-users')
    assert.deepEqual(p.cspViolations, [])
    await p.context().close()
  })

  it('lets the security administrator grant the member role by ID number, never to themself', async () => {
    assert.ok(member, 'the first test found no member')
    const p = await newPage(browser)
    await login(p, SECADMIN)
    await p.waitForSelector('[data-test=users-page]')
    const me = (await api(p, '/auth/me')).body.user
    assert.equal((await api(p, `/users/${me.id}/grants`, { method: 'POST', body: JSON.stringify({ role: 'staff', org_id: member.org_id }) })).status, 403)
    // Page to the new account's row: the newest accounts are last.
    const users = (await api(p, '/users?size=200')).body
    const target = users.items.find((u) => u.username === account.user)
    assert.ok(target, 'the new account is not listed')
    const pages = Math.ceil(users.total / 20)
    if (pages > 1) await p.click(`.el-pager li:has-text("${pages}")`)
    const row = p.locator('[data-test=users-table] .el-table__body tr', { hasText: account.user }).first()
    await row.locator('[data-test=user-grant]').click()
    await p.click('[data-test=grant-role]')
    await p.click('[data-test=grant-role-member]')
    await p.fill(input('grant-id-number'), member.id_number)
    await p.click('[data-test=grant-save]')
    await p.waitForSelector('[data-test=grant-dialog]', { state: 'hidden' })
    await p.waitForFunction((u) => [...document.querySelectorAll('[data-test=users-table] .el-table__body tr')].some((tr) => tr.textContent.includes(u) && tr.textContent.includes('党员 ·')), account.user)
    await shot(p, 'secadmin-granted')
    await p.context().close()
  })

  it('makes a new member change the first password, on the phone, and masks their ID until shown', async () => {
    const p = await newPage(browser, { viewport: PHONE, isMobile: true })
    await login(p, { user: account.user, password: account.password })
    await p.waitForSelector('[data-test=password-required]')
    assert.equal((await api(p, '/members?size=1')).status, 403)
    await shot(p, 'phone-password-required')
    await p.fill(input('pw-current'), account.password)
    await p.fill(input('pw-new'), account.next)
    await p.fill(input('pw-confirm'), account.next)
    await p.click('[data-test=pw-submit]')
    await p.waitForSelector('[data-test=m-home]')
    await p.waitForFunction((n) => document.body.textContent.includes(n), member.name)
    const width = await p.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `the phone layout scrolls sideways (${width}px)`)
    await p.click('[data-test=m-link-profile]')
    await p.waitForSelector('[data-test=m-id-number]')
    assert.match(await p.textContent('[data-test=m-id-number]'), /\*/)
    await p.click('[data-test=m-reveal]')
    await p.waitForFunction((id) => document.querySelector('[data-test=m-id-number]')?.textContent === id, member.id_number)
    await shot(p, 'phone-profile')
    await p.context().close()
  })

  it('lets a user see and end their own other sessions', async () => {
    const a = await newPage(browser)
    await loginConsole(a, CITY)
    const b = await newPage(browser)
    await loginConsole(b, CITY)
    await a.goto(`${BASE}/sessions`)
    await a.waitForSelector('[data-test=sessions-table] .el-table__body tr')
    assert.match(await a.textContent('[data-test=sessions-table]'), /当前会话/)
    // The newest other session (listed first after the current one) is b's.
    await a.locator('[data-test=session-end]').first().click()
    await confirm(a)
    await a.waitForSelector('.el-message--success')
    await a.waitForSelector('.el-message-box', { state: 'hidden' })
    await shot(a, 'my-sessions')
    assert.equal((await api(b, '/auth/me')).status, 401)
    assert.equal((await api(a, '/auth/me')).status, 200)
    await a.context().close()
    await b.context().close()
  })

  it('lets the audit administrator verify the chain, and read who revealed what', async () => {
    const p = await newPage(browser)
    await login(p, AUDITOR)
    await p.waitForSelector('[data-test=audit-page]')
    await p.click('[data-test=audit-verify]')
    await p.waitForSelector('[data-test=audit-report].el-alert--success')
    assert.match(await p.textContent('[data-test=audit-report]'), /完整/)
    const reveals = (await api(p, `/audit?action=reveal&entity=member&entity_id=${member.id}`)).body
    assert.ok(reveals.total >= 1, 'the reveal is not in the audit log')
    await shot(p, 'audit-verified')
    assert.deepEqual(p.cspViolations, [])
    await p.context().close()
  })
})
