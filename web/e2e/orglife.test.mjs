// Browser tests of organisational life: a district conveys a directive to its branches and sees
// the completion; a member signs in to a meeting from the phone layout.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { BASE, MEMBER, PHONE, SECRETARY, STAFF, api, input, launch, login, loginConsole, newPage, shot } from './lib.mjs'

const stamp = Date.now() % 100000

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const day = (offset) => {
  const d = new Date(Date.now() + offset * 86400000)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Types a date into the Element Plus date picker inside the form item carrying data-test=name. */
async function pickDate(page, name, value) {
  const field = page.locator(`[data-test=${name}] input`)
  await field.fill(value)
  await field.press('Enter')
}

describe('directives', () => {
  it('conveys a directive from a district to its branches, records two answers and lists the overdue', async () => {
    const page = await newPage(browser)
    await loginConsole(page, STAFF)
    const me = await api(page, '/auth/me')
    const district = me.body.user.grants.find((g) => g.role === 'staff').org_id
    await page.goto(`${BASE}/life/directives?org=${district}`)
    await page.waitForSelector('[data-test=directives-page]')
    await page.click('[data-test=directive-create]')
    await page.waitForSelector('[data-test=directive-dialog]')
    const title = `传达学习全会精神（测试${stamp}）`
    await page.fill(input('df-title'), title)
    await page.fill('textarea[data-test=df-content], [data-test=df-content] textarea', '各支部召开专题会议传达学习，报送落实情况。')
    // Recorded from paper: issued ten days ago, due yesterday, so that the unanswered are overdue.
    await pickDate(page, 'df-issued', day(-10))
    await pickDate(page, 'df-deadline', day(-1))
    await page.click('[data-test=directive-dialog] .el-dialog__header')
    await shot(page, 'directive-form')
    await page.click('[data-test=df-save]')
    await page.waitForSelector('[data-test=directive-drawer] [data-test=completion-total]')
    const list = await api(page, `/directives?org=${district}&q=${encodeURIComponent(title)}`)
    assert.equal(list.body.total, 1, JSON.stringify(list.body))
    const directive = list.body.items[0]
    const n = directive.targets
    assert.ok(n >= 3, `the district has ${n} branches`)
    assert.equal((await page.textContent('[data-test=completion-total]')).replace(/\s/g, ''), `0/${n}`)

    // Two branches answer (the district records what they reported).
    for (let i = 0; i < 2; i++) {
      await page.locator('[data-test=target-table] .el-table__body tr button:has-text("填报落实情况")').nth(0).click()
      await page.waitForSelector('[data-test=answer-dialog]')
      await page.fill('textarea[data-test=answer-report], [data-test=answer-report] textarea', `已召开支部党员大会传达学习（${i + 1}）`)
      await page.click('[data-test=answer-save]')
      await page.waitForSelector('[data-test=answer-dialog]', { state: 'hidden' })
      await page.waitForFunction((want) => document.querySelector('[data-test=completion-total]')?.textContent?.replace(/\s/g, '') === want, `${i + 1}/${n}`)
      // Answered rows move on: show the pending ones to answer the next.
      await page.click('[data-test=target-state] label:has-text("待回复")')
      await page.waitForTimeout(300)
    }
    assert.equal((await page.textContent('[data-test=completion-total]')).replace(/\s/g, ''), `2/${n}`)
    assert.match(await page.textContent('[data-test=completion-overdue]'), new RegExp(`${n - 2}`))
    await page.click('[data-test=target-state] label:has-text("逾期未回复")')
    await page.waitForSelector('[data-test=target-state] label.is-active:has-text("逾期未回复")')
    await page.waitForTimeout(500)
    await page.waitForFunction((want) => document.querySelectorAll('[data-test=target-table] .el-table__body tr').length === want, Math.min(n - 2, 20))
    const rows = await page.locator('[data-test=target-table] .el-table__body tr').allTextContents()
    assert.ok(rows.every((r) => r.includes('逾期未回复')), rows.join(' | '))
    const overdue = await api(page, `/directives/${directive.id}/targets?state=overdue&size=200`)
    assert.equal(overdue.body.total, n - 2)
    await shot(page, 'directive-completion')
    await page.context().close()
  })
})

describe('phone sign-in', () => {
  it('signs a member in to a meeting from the phone layout at 390×844', async () => {
    // The branch secretary opens a meeting that is running now.
    const sp = await newPage(browser)
    await loginConsole(sp, SECRETARY)
    const me = await api(sp, '/auth/me')
    const branch = me.body.user.grants.find((g) => g.role === 'secretary').org_id
    const start = new Date(Date.now() - 10 * 60000)
    const end = new Date(Date.now() + 80 * 60000)
    const created = await api(sp, '/meetings', { method: 'POST', body: JSON.stringify({ org_id: branch, type: 'theme_day',
      topic: `主题党日签到测试${stamp}`, starts_at: start.toISOString(), ends_at: end.toISOString(), place: '党员活动室' }) })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const meeting = created.body.meeting
    assert.equal(meeting.sign_code.length, 10)

    // The member, on the phone: upcoming meetings, then the code.
    const mp = await newPage(browser, { viewport: PHONE, isMobile: true })
    await login(mp, MEMBER)
    await mp.waitForSelector('[data-test=m-home]')
    await mp.click('[data-test=m-module-meetings]')
    await mp.waitForSelector(`[data-test=m-meeting-${meeting.id}]`)
    await shot(mp, 'phone-meetings')
    await mp.click('[data-test=m-enter-code]')
    await mp.waitForSelector('[data-test=m-code]')
    await mp.fill('[data-test=m-code]', `${meeting.sign_code.slice(0, 5).toLowerCase()}-${meeting.sign_code.slice(5)}`)
    await mp.click('[data-test=m-code-go]')
    await mp.waitForSelector('[data-test=m-sign-meeting]')
    assert.match(await mp.textContent('[data-test=m-sign-meeting]'), new RegExp(`签到测试${stamp}`))
    await mp.click('[data-test=m-sign-button]')
    await mp.waitForSelector('[data-test=m-sign-ok]')
    const width = await mp.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `the sign-in page scrolls sideways (${width}px)`)
    await shot(mp, 'phone-signed-in')

    // The secretary sees the member present, signed by code; the phone list says so too.
    const detail = await api(sp, `/meetings/${meeting.id}`)
    const mine = (await api(mp, '/auth/me')).body.user.member_id
    const row = detail.body.attendance.find((a) => a.member_id === mine)
    assert.equal(row?.status, 'present', JSON.stringify(row))
    assert.equal(row?.method, 'code')
    await mp.goto(`${BASE}/m/meetings`)
    await mp.waitForSelector(`[data-test=m-meeting-${meeting.id}] [data-test=m-signed]`)

    // The secretary's meeting list exports to Excel with its filter (here: theme days).
    await sp.goto(`${BASE}/life/meetings?org=${branch}`)
    await sp.waitForSelector('[data-test=meeting-table]')
    const [file] = await Promise.all([sp.waitForEvent('download'), sp.click('[data-test=meeting-export]')])
    assert.match(file.suggestedFilename(), /^三会一课-\d{8}\.xlsx$/)
    const bytes = await readFile(await file.path())
    assert.equal(bytes.subarray(0, 2).toString(), 'PK')

    // Study hours and documents to acknowledge are on the phone too.
    await mp.goto(`${BASE}/m/study`)
    await mp.waitForSelector('[data-test=m-hours]')
    await mp.goto(`${BASE}/m/documents`)
    await mp.waitForSelector('[data-test=m-documents]')
    await shot(mp, 'phone-documents')
    await mp.context().close()
    await sp.context().close()
  })
})
