// Browser tests of the member lifecycle: one applicant through the five stages of membership
// development, and one member transferred between two districts, with the dashboard's counts.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CITY, BASE, STAFF, api, idNumber, input, launch, loginConsole, newPage, shot } from './lib.mjs'

const stamp = Date.now() % 1000

let browser
let staff
let cityStaff

before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

/** The number shown in an element. */
async function numberIn(page, selector) {
  const el = page.locator(selector).first()
  await el.waitFor()
  return Number((await el.textContent()).replace(/[^\d]/g, ''))
}

/** The dashboard's pipeline counts of an organisation, by stage. */
async function pipeline(page, orgId) {
  await page.goto(`${BASE}/dashboard?org=${orgId}`)
  await page.waitForSelector('[data-test=dashboard-pipeline]')
  const out = {}
  for (const s of ['applicant', 'activist', 'candidate', 'probationary', 'full']) out[s] = await numberIn(page, `[data-test=pipeline-count-${s}]`)
  return out
}

/** Picks the option labelled text of the Element Plus select inside container (typing to search). */
async function choose(page, container, text, typed) {
  await page.click(`${container} .el-select`)
  if (typed) await page.keyboard.type(typed)
  const opt = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first()
  await opt.waitFor()
  await opt.click()
}

/** Records step no in the page's dialog: the date, and the acting organisation when given. */
async function recordInDialog(page, no, date, actingName) {
  await page.click(`[data-test=record-${no}]`)
  await page.waitForSelector('[data-test=step-dialog] .el-dialog__body')
  await page.fill('[data-test=step-date-item] input', date)
  await page.keyboard.press('Enter')
  await page.click('[data-test=step-dialog] .el-dialog__header')
  if (actingName) await choose(page, '[data-test=step-acting-item]', actingName)
  await page.click('[data-test=step-submit]')
  const closed = await page.waitForSelector('[data-test=step-dialog]', { state: 'hidden', timeout: 10000 }).then(() => true, () => false)
  if (!closed) {
    await shot(page, `step-${no}-failed`)
    assert.fail(`step ${no} not recorded: ${await page.locator('[data-test=step-dialog]').textContent()}`)
  }
  await page.waitForSelector(`[data-test=rec-${no}]`)
}

describe('membership development', () => {
  let branch
  let district
  let members
  let devId
  let version

  /** Records a step through the API (the steps that change no stage). */
  async function step(no, body) {
    const r = await api(staff, `/developments/${devId}/steps/${no}`, { method: 'POST', body: JSON.stringify({ ...body, version }) })
    assert.equal(r.status, 200, `step ${no}: ${JSON.stringify(r.body)}`)
    version = r.body.development.version
  }
  async function reload() {
    const r = await api(staff, `/developments/${devId}`)
    version = r.body.development.version
    return r.body
  }

  it('opens an applicant in a branch of the district', async () => {
    staff = await newPage(browser)
    await loginConsole(staff, STAFF)
    district = (await api(staff, '/orgs')).body.items[0]
    const full = (await api(staff, '/members?category=full&size=200')).body.items
    // A branch with at least three full members (two sponsors and introducers, a quorum).
    const byOrg = new Map()
    for (const m of full) byOrg.set(m.org_id, [...(byOrg.get(m.org_id) ?? []), m])
    const [orgId, ms] = [...byOrg.entries()].find(([, v]) => v.length >= 3)
    members = ms
    branch = (await api(staff, `/orgs/${orgId}`)).body
    const before = await pipeline(staff, branch.id)

    await staff.goto(`${BASE}/developments?org=${branch.id}`)
    await staff.click('[data-test=development-create]')
    await staff.waitForSelector(input('dev-name'))
    await staff.fill(input('dev-name'), `发展甲${stamp}`)
    const applicantId = idNumber('210202', '19980605', String(500 + stamp % 400))
    await staff.fill(input('dev-id-number'), applicantId)
    await staff.fill('[data-test=dev-applied-item] input', '2022-01-10')
    await staff.keyboard.press('Enter')
    await staff.click('[data-test=person-dialog] .el-dialog__header')
    await staff.click('[data-test=person-submit]')
    await staff.waitForURL(/\/developments\/\d+/)
    devId = Number(staff.url().match(/developments\/(\d+)/)[1])
    await staff.waitForSelector('[data-test=rec-1]')
    assert.match(await staff.textContent('[data-test=dev-stage]'), /入党申请人/)
    // The applicant's ID number shows masked until "show" (recorded in the audit log).
    assert.match(await staff.textContent('[data-test=dev-id-number-shown]'), /^\d{6}\*{8}[\dX]{4}$/)
    await staff.click('[data-test=dev-reveal]')
    await staff.waitForSelector('[data-test=dev-revealed]')
    assert.equal(await staff.textContent('[data-test=dev-id-number-shown]'), applicantId)
    // The written application attached to step 1: kept as an attachment, downloaded as one.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
    await staff.setInputFiles('[data-test=files-1] [data-test=attachment-input]', { name: '入党申请书.pdf', mimeType: 'application/pdf', buffer: pdf })
    const link = staff.locator('[data-test=files-1] [data-test=attachment] a', { hasText: '入党申请书.pdf' })
    await link.waitFor()
    assert.match(await link.getAttribute('href'), /\/api\/v1\/attachments\/\d+$/)
    const file = await api(staff, (await link.getAttribute('href')).replace(/^.*\/api\/v1/, ''))
    assert.equal(file.status, 200)
    await staff.setInputFiles('[data-test=files-1] [data-test=attachment-input]', { name: '页面.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script>') })
    await staff.locator('.el-message--error', { hasText: '只接受' }).waitFor()
    await shot(staff, 'development-applicant')
    const now = await pipeline(staff, branch.id)
    assert.equal(now.applicant, before.applicant + 1)
    // The development page's "all stages" card shows the subtree's total of the stage cards.
    await staff.goto(`${BASE}/developments?org=${branch.id}`)
    await staff.waitForFunction(() => Number(document.querySelector('[data-test=stage-count-applicant]')?.textContent.replace(/\D/g, '')) > 0)
    let sum = 0
    for (const s of ['applicant', 'activist', 'candidate', 'probationary', 'full']) sum += await numberIn(staff, `[data-test=stage-count-${s}]`)
    assert.equal(await numberIn(staff, '[data-test=stage-count-all]'), sum)
    assert.ok(sum >= 1)
  })

  it('walks the applicant through activist, candidate, probationary and full member', async () => {
    const ref = (m) => ({ member_id: m.id })
    const vote = { entitled: members.length, present: members.length, for: members.length, against: 0, abstain: 0, written_for: 0 }
    const goto = async () => {
      await staff.goto(`${BASE}/developments/${devId}?org=${branch.id}`)
      await staff.waitForSelector('[data-test=dev-person]')
      await reload()
    }
    let counts = await pipeline(staff, branch.id)
    const expectMove = async (from, to) => {
      const now = await pipeline(staff, branch.id)
      assert.equal(now[from], counts[from] - 1, `${from} after the move: ${JSON.stringify(now)}`)
      assert.equal(now[to], counts[to] + 1, `${to} after the move: ${JSON.stringify(now)}`)
      counts = now
    }

    await goto()
    await step(2, { done_on: '2022-01-20' })
    await goto()
    await recordInDialog(staff, 3, '2022-02-10')
    assert.match(await staff.textContent('[data-test=dev-stage]'), /入党积极分子/)
    await expectMove('applicant', 'activist')

    await goto()
    await step(4, { done_on: '2022-02-11' })
    await step(5, { done_on: '2022-02-12', data: { sponsors: [ref(members[0]), ref(members[1])] } })
    await step(6, { done_on: '2022-08-10' })
    await goto()
    await recordInDialog(staff, 7, '2023-02-10')
    assert.match(await staff.textContent('[data-test=dev-stage]'), /发展对象/)
    await expectMove('activist', 'candidate')

    await goto()
    await step(8, { done_on: '2023-02-11' })
    await step(9, { done_on: '2023-02-12', data: { introducers: [ref(members[0]), ref(members[1])] } })
    await step(10, { done_on: '2023-02-13', data: { review_passed: true, conclusion: '政治审查合格' } })
    await step(11, { done_on: '2023-02-14', data: { training_days: 3 } })
    await step(12, { done_on: '2023-03-01' })
    await step(13, { done_on: '2023-03-05', acting_org_id: district.id })
    await step(14, { done_on: '2023-03-10' })
    await step(15, { done_on: '2023-04-10', data: { vote } })
    await step(16, { done_on: '2023-04-20' })
    await goto()
    await shot(staff, 'development-before-approval')
    await recordInDialog(staff, 17, '2023-05-10', district.name)
    assert.match(await staff.textContent('[data-test=dev-stage]'), /预备党员/)
    const admitted = (await reload()).development
    assert.ok(admitted.member_id, 'admission did not register the member')
    const m = (await api(staff, `/members/${admitted.member_id}`)).body
    assert.equal(m.category, 'probationary')
    assert.equal(m.admitted_on, '2023-04-10')
    await expectMove('candidate', 'probationary')

    for (const [no, day] of [[18, '2023-05-15'], [19, '2023-05-16'], [20, '2023-05-17'], [21, '2023-11-01'], [22, '2024-04-05']]) await step(no, { done_on: day })
    await step(23, { done_on: '2024-04-10', data: { vote, outcome: 'convert' } })
    await goto()
    await recordInDialog(staff, 24, '2024-05-10', district.name)
    assert.match(await staff.textContent('[data-test=dev-stage]'), /正式党员/)
    const full = (await api(staff, `/members/${admitted.member_id}`)).body
    assert.equal(full.category, 'full')
    assert.equal(full.full_on, '2024-04-10')
    await shot(staff, 'development-full')
    await expectMove('probationary', 'full')
    await staff.locator('[data-test=dashboard-pipeline]').scrollIntoViewIfNeeded()
    await shot(staff, 'dashboard-pipeline')
  })

  it('refuses a rule broken, naming the article', async () => {
    const r = await api(staff, '/developments', { method: 'POST', body: JSON.stringify({ org_id: branch.id, name: `太小${stamp}`,
      id_number: idNumber('210202', '20150101', '123'), applied_on: '2025-01-01' }) })
    assert.equal(r.status, 422)
    assert.match(JSON.stringify(r.body), /第5条.*年满18周岁/)
  })
})

describe('transfer between two districts', () => {
  it('moves a member from one district to another and the dashboards follow', async () => {
    staff ??= await newPage(browser)
    if (!staff.url().startsWith(BASE)) await loginConsole(staff, STAFF)
    cityStaff = await newPage(browser)
    await loginConsole(cityStaff, CITY)
    const districtA = (await api(staff, '/orgs')).body.items[0]
    const city = (await api(cityStaff, '/orgs')).body.items[0]
    const districtB = (await api(cityStaff, `/orgs?parent=${city.id}`)).body.items.find((o) => o.id !== districtA.id)
    const branchB = (await api(cityStaff, `/orgs?q=${encodeURIComponent('支部')}`)).body.items.find((o) => o.path.startsWith(districtB.path) && o.type === 'branch')
    assert.ok(branchB, 'no branch in the second district')
    const mover = (await api(staff, '/members?category=full&size=50')).body.items.at(-1)

    const membersOf = async (page, orgId) => {
      await page.goto(`${BASE}/dashboard?org=${orgId}`)
      return numberIn(page, '[data-test=card-members] .value')
    }
    const beforeA = await membersOf(staff, districtA.id)
    const beforeB = await membersOf(cityStaff, districtB.id)

    // The sending district requests and approves the transfer.
    await staff.goto(`${BASE}/transfers?org=${mover.org_id}`)
    await staff.click('[data-test=transfer-create]')
    await staff.waitForSelector('[data-test=transfer-request-dialog] .el-dialog__body')
    await choose(staff, '[data-test=transfer-member-item]', mover.name, mover.name)
    await choose(staff, '[data-test=transfer-destination-item]', branchB.name, branchB.name.slice(0, 12))
    await staff.fill(input('transfer-reason'), '工作调动')
    await staff.click('[data-test=transfer-request-submit]')
    await staff.waitForSelector('[data-test=transfer-request-dialog]', { state: 'hidden' })
    await staff.waitForSelector('[data-test=transfer-approve]')
    await staff.click('[data-test=transfer-approve]')
    await staff.click('.el-message-box__btns .el-button--danger')
    await staff.waitForFunction(() => document.querySelector('[data-test=transfer-table]')?.textContent?.includes('已开介绍信'))
    await shot(staff, 'transfer-issued')
    const issued = (await api(staff, `/transfers?org=${districtA.id}&direction=out&open=true`)).body.items.find((x) => x.member_id === mover.id)
    const letter = await staff.evaluate(async (id) => (await fetch(`/api/v1/transfers/${id}/letter`)).text(), issued.id)
    assert.match(letter, /中国共产党党员组织关系介绍信/)
    assert.ok(letter.includes(issued.letter_no) && letter.includes('存根') && letter.includes('回执'))

    // The receiving side accepts.
    await cityStaff.goto(`${BASE}/transfers?org=${districtB.id}&direction=in&open=1`)
    await cityStaff.waitForSelector('[data-test=transfer-accept]')
    await cityStaff.click('[data-test=transfer-accept]')
    await cityStaff.click('.el-message-box__btns .el-button--danger')
    await cityStaff.waitForSelector('.el-message--success')
    await shot(cityStaff, 'transfer-accepted')
    assert.equal((await api(cityStaff, `/transfers/${issued.id}`)).body.status, 'completed')

    assert.equal(await membersOf(staff, districtA.id), beforeA - 1)
    assert.equal(await membersOf(cityStaff, districtB.id), beforeB + 1)
    const moved = (await api(cityStaff, `/members/${mover.id}`)).body
    assert.equal(moved.org_id, branchB.id)
    assert.equal((await api(staff, `/members/${mover.id}`)).status, 404)
  })

  it('fits the console header at 1366 pixels in both languages', async () => {
    for (const lang of ['en', 'zh-CN']) {
      await cityStaff.click(`[data-test=lang-${lang}]`)
      await cityStaff.waitForTimeout(300)
      const over = await cityStaff.$eval('[data-test=main-nav]', (el) => el.scrollWidth - el.clientWidth)
      assert.ok(over <= 1, `the ${lang} menu overflows by ${over}px`)
    }
  })

  it('lists the alerts of the subtree with links to the records', async () => {
    await cityStaff.goto(`${BASE}/alerts?org=${(await api(cityStaff, '/orgs')).body.items[0].id}`)
    await cityStaff.waitForSelector('[data-test=alerts-run]')
    await cityStaff.click('[data-test=alerts-run]')
    await cityStaff.waitForSelector('[data-test=alert-table]')
    await shot(cityStaff, 'alerts')
  })
})
