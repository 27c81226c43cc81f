// Browser tests of the console: node --test e2e/ (see lib.mjs for the environment variables).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, CITY, SECRETARY, api, idNumber, input, launch, loginConsole, login, newPage, paintedPixels, shot, wrongCheck } from './lib.mjs'

let browser
let page
const stamp = Date.now() % 100000

before(async () => {
  browser = await launch()
  page = await newPage(browser)
})
after(async () => {
  await browser?.close()
})

/** The city staff's page, logged in (tests run alone with --test-name-pattern too). */
async function cityPage() {
  if (!page.url().startsWith(BASE)) await loginConsole(page, CITY)
  return page
}

/** Total of a member list query as the city staff see it. */
async function memberTotal(p, query = 'status=all') {
  const r = await api(p, `/members?size=1&${query}`)
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return r.body.total
}

/** The first organisation of a type that a search finds. */
async function findOrg(p, q, type) {
  const r = await api(p, `/orgs?q=${encodeURIComponent(q)}`)
  return r.body.items.find((o) => o.type === type)
}

describe('console', () => {
  it('logs in as the city\'s organisation staff', async () => {
    await login(page, CITY)
    await page.waitForSelector('[data-test=dashboard]')
    await page.waitForSelector('[data-test=org-tree] .el-tree-node')
    assert.match(await page.textContent('header'), /统计概览/)
    await shot(page, 'login-dashboard')
  })

  it('picks an organisation in the tree', async () => {
    const child = page.locator('[data-test=org-tree] .el-tree-node__children .el-tree-node__content').first()
    await child.waitFor()
    const name = (await child.textContent()).trim().replace(/届满$/, '').trim()
    await child.click()
    await page.waitForFunction((n) => document.querySelector('[data-test=breadcrumbs]')?.textContent?.includes(n), name)
    assert.match(page.url(), /org=\d+/)
    await page.waitForSelector('[data-test=headline-cards]')
    await shot(page, 'org-picked')
  })

  it('draws the dashboard charts', async () => {
    for (const c of ['sex', 'age', 'education', 'ethnicity']) {
      await page.waitForSelector(`[data-test=chart-${c}] canvas`)
    }
    await page.waitForTimeout(1500) // the charts animate in
    for (const c of ['sex', 'age', 'education', 'ethnicity']) {
      const n = await paintedPixels(page, `[data-test=chart-${c}]`)
      assert.ok(n > 300, `chart ${c} looks blank (${n} painted samples)`)
    }
    await page.locator('[data-test=chart-sex]').scrollIntoViewIfNeeded()
    await shot(page, 'dashboard-charts')
  })

  it('opens the member list filtered by a clicked chart segment', async () => {
    // The sex donut starts at 12 o'clock with "male"; 3 o'clock on the ring is inside it.
    const canvas = page.locator('[data-test=chart-sex] canvas').first()
    const box = await canvas.boundingBox()
    const r = Math.min(box.width, box.height) / 2
    await page.mouse.click(box.x + box.width / 2 + r * 0.55, box.y + box.height * 0.44)
    await page.waitForURL(/\/members\?.*sex=(male|female)/)
    await page.waitForSelector('[data-test=member-table] .el-table__body tr')
    await shot(page, 'chart-click-members')
  })

  it('shows a wrong ID number on the ID field, then saves the corrected member', async () => {
    const branch = (await findOrg(page, '支部', 'branch'))
    assert.ok(branch, 'no branch found to add a member to')
    const before = await memberTotal(page, `org=${branch.id}&status=all`)
    await page.goto(`${BASE}/members?org=${branch.id}`)
    await page.waitForSelector('[data-test=member-table]')
    await page.click('[data-test=member-create]')
    await page.waitForSelector(input('m-name'))
    const good = idNumber('210202', '19900315', String(100 + (stamp % 800)).padStart(3, '0'))
    await page.fill(input('m-name'), `测试党员${stamp}`)
    await page.fill(input('m-id-number'), wrongCheck(good))
    await page.click('[data-test=m-save]')
    const err = page.locator('[data-test=m-id-item] .el-form-item__error')
    await err.waitFor()
    assert.match(await err.textContent(), /校验位/)
    await shot(page, 'member-id-error')

    await page.fill(input('m-id-number'), good)
    await page.fill('[data-test=m-admitted-item] input', '2026-09-01')
    await page.keyboard.press('Enter')
    await page.click('[data-test=member-dialog] .el-dialog__header')
    await page.click('[data-test=m-save]')
    const closed = page.waitForSelector('[data-test=member-dialog]', { state: 'hidden', timeout: 10000 }).then(() => true, () => false)
    if (!(await closed)) {
      await shot(page, 'member-save-failed')
      const msg = await page.locator('[data-test=member-dialog] .el-form-item__error, [data-test=member-form-error]').allTextContents()
      assert.fail(`member not saved: ${msg.join(' | ')}`)
    }
    assert.equal(await memberTotal(page, `org=${branch.id}&status=all`), before + 1)
    await shot(page, 'member-saved')
  })

  it('previews an import with two bad rows and writes nothing', async () => {
    const branch = await findOrg(page, '支部', 'branch')
    const before = await memberTotal(page)
    const header = '姓名,性别,民族,出生日期,公民身份号码,学历,党员类别,党籍状态,申请入党日期,入党日期,转正日期,所在党组织'
    const ok = idNumber('210202', '19850101', '451')
    const rows = [
      `导入甲${stamp},男,汉族,1985-01-01,${ok},大学本科,正式党员,正常,2008-01-01,2010-07-01,2011-07-01,${branch.name}`,
      `导入乙${stamp},女,汉族,1986-02-02,${wrongCheck(idNumber('210202', '19860202', '462'))},大学本科,正式党员,正常,2008-01-01,2010-07-01,2011-07-01,${branch.name}`,
      `导入丙${stamp},男,火星族,1987-03-03,${idNumber('210202', '19870303', '473')},大学本科,正式党员,正常,2008-01-01,2010-07-01,2011-07-01,${branch.name}`,
    ]
    const csv = [header, ...rows].join('\r\n') + '\r\n'
    await page.goto(`${BASE}/import?org=${branch.id}`)
    await page.waitForSelector('[data-test=import-page]')
    await page.setInputFiles('[data-test=import-upload] input[type=file]', { name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
    await page.click('[data-test=import-dry-run]')
    await page.waitForSelector('[data-test=import-error-table] .el-table__body tr', { timeout: 30000 })
    const lines = await page.locator('[data-test=import-error-table] .el-table__body tr').allTextContents()
    const rowNos = new Set(lines.map((l) => l.trim().match(/^\d+/)?.[0]))
    assert.ok(rowNos.has('3') && rowNos.has('4'), `error rows: ${lines.join(' | ')}`)
    assert.equal(rowNos.size, 2)
    assert.match(await page.textContent('[data-test=count-invalid]'), /2/)
    assert.equal(await memberTotal(page), before, 'a dry run wrote members')
    await shot(page, 'import-errors')
  })

  it('switches to English and back', async () => {
    await page.click('[data-test=lang-en]')
    await page.waitForFunction(() => document.querySelector('[data-test=main-nav]')?.textContent?.includes('Dashboard'))
    await page.reload()
    await page.waitForSelector('[data-test=main-nav]')
    assert.match(await page.textContent('[data-test=main-nav]'), /Members/)
    await page.click('[data-test=nav-dashboard]')
    await page.waitForSelector('[data-test=chart-sex] canvas')
    await page.waitForTimeout(1200)
    await shot(page, 'english')
    await page.click('[data-test=lang-zh-CN]')
    await page.waitForFunction(() => document.querySelector('[data-test=main-nav]')?.textContent?.includes('统计概览'))
    await shot(page, 'chinese-again')
  })
})

describe('branch secretary', () => {
  it('sees only their branch, and no member of another branch by URL', async () => {
    await cityPage()
    const sp = await newPage(browser)
    await loginConsole(sp, SECRETARY)
    const me = await api(sp, '/auth/me')
    const grant = me.body.user.grants.find((g) => g.role === 'secretary')
    assert.ok(grant?.org_id, 'the secretary has no grant')
    const mine = await api(page, `/orgs/${grant.org_id}`)
    const siblings = (await api(page, `/orgs?parent=${mine.body.parent_id}`)).body.items.filter((o) => o.id !== grant.org_id)
    assert.ok(siblings.length > 0, 'the branch has no sibling to compare with')
    const other = siblings[0]

    const roots = await sp.locator('[data-test=org-tree] .el-tree > .el-tree-node').allTextContents()
    assert.equal(roots.length, 1)
    assert.match(roots[0], new RegExp(mine.body.name))
    const treeText = await sp.textContent('[data-test=org-tree]')
    assert.ok(!treeText.includes(other.name), 'another branch shows in the tree')
    await sp.fill(input('org-search'), other.name)
    await sp.waitForTimeout(800)
    assert.equal(await sp.locator('[data-test=org-search-result]').count(), 0)
    await shot(sp, 'secretary-tree')

    // A member outside the secretary's subtree: from a sibling branch if one has members, else any.
    let foreign = null
    for (const o of siblings) {
      foreign = (await api(page, `/members?org=${o.id}&size=1&status=all`)).body.items[0] ?? null
      if (foreign) break
    }
    if (!foreign) {
      for (const m of (await api(page, '/members?size=50&status=all')).body.items) {
        const o = await api(page, `/orgs/${m.org_id}`)
        if (!o.body.path.includes(`/${grant.org_id}/`)) { foreign = m; break }
      }
    }
    assert.ok(foreign, 'no member outside the secretary scope to try')
    await sp.goto(`${BASE}/members/${foreign.id}?org=${grant.org_id}`)
    await sp.waitForSelector('[data-test=member-not-found]')
    assert.ok(!(await sp.textContent('body')).includes(foreign.id_number), 'the foreign member leaked')
    await shot(sp, 'secretary-foreign-member')
    await sp.goto(`${BASE}/dashboard?org=${other.id}`)
    await sp.waitForSelector('[data-test=org-error]')
    await sp.context().close()
  })
})
