// Shared helpers of the browser tests: Debian's Chromium driven by playwright-core.
import { mkdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const BASE = (process.env.DANGJIAN_URL ?? 'http://127.0.0.1:8091').replace(/\/$/, '')
// The first-run logins (scripts/e2e.sh has changed their first passwords): CITY is the city's
// organisation-department staff (business pages); ADMIN, SECADMIN and AUDITOR are the three
// administrators (accounts; grants; audit log).
const who = (name, user) => ({ user: process.env[`DANGJIAN_${name}_USER`] ?? user, password: process.env[`DANGJIAN_${name}_PASSWORD`] ?? '' })
export const CITY = who('CITY', 'city')
export const ADMIN = who('ADMIN', 'admin')
export const SECADMIN = who('SECADMIN', 'secadmin')
export const AUDITOR = who('AUDITOR', 'auditor')
export const SECRETARY = who('SECRETARY', 'secretary')
// STAFF is one district's organisation-department staff; MEMBER a member of SECRETARY's branch.
export const STAFF = who('STAFF', 'district')
export const MEMBER = who('MEMBER', 'member')
// A login without its password fails every test file at once, with the reason, instead of
// skipping the tests that need it.
for (const [name, l] of Object.entries({ CITY, ADMIN, SECADMIN, AUDITOR, SECRETARY, STAFF, MEMBER })) {
  if (!l.password) throw new Error(`DANGJIAN_${name}_PASSWORD is not set: run the browser tests with scripts/e2e.sh (make e2e)`)
}
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const here = dirname(fileURLToPath(import.meta.url))
// Screenshots are named after the test file (scripts/e2e.sh clears them before a run).
export const SHOTS = join(here, 'screenshots')
mkdirSync(SHOTS, { recursive: true })
const filePrefix = basename(process.argv[1] ?? 'e2e').replace(/\.test\.mjs$/, '')

export const DESKTOP = { width: 1366, height: 768 }
export const PHONE = { width: 390, height: 844 }

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  })
}

/** A new context and page; the language is preset (localStorage) unless keepLocale. */
export async function newPage(browser, { viewport = DESKTOP, locale = 'zh-CN', isMobile = false } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile, hasTouch: isMobile, deviceScaleFactor: 1 })
  await context.addInitScript((l) => {
    if (!sessionStorage.getItem('dj.e2e.init')) {
      sessionStorage.setItem('dj.e2e.init', '1')
      localStorage.setItem('dj.locale', l)
    }
  }, locale)
  const page = await context.newPage()
  page.setDefaultTimeout(15000)
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.jsErrors = errors
  // Content-Security-Policy violations show as console errors ("Refused to …").
  const csp = []
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) csp.push(m.text()) })
  page.cspViolations = csp
  return page
}

let shotNo = 0
/** Saves a numbered screenshot of the page under e2e/screenshots/. */
export async function shot(page, name) {
  shotNo++
  const file = join(SHOTS, `${filePrefix}-${String(shotNo).padStart(2, '0')}-${name}.png`)
  await page.screenshot({ path: file, fullPage: false })
  return file
}

/** The native input of an Element Plus input carrying data-test=name (el-input puts it on the <input>). */
export const input = (name) => `input[data-test=${name}], [data-test=${name}] input`

export async function login(page, who) {
  await page.goto(`${BASE}/login`)
  await page.fill(input('login-username'), who.user)
  await page.fill(input('login-password'), who.password)
  await page.click('[data-test=login-submit]')
}

/** Logs in and waits for the console (the org tree and the dashboard) to show. */
export async function loginConsole(page, who) {
  await login(page, who)
  await page.waitForSelector('[data-test=dashboard]')
  await page.waitForSelector('[data-test=org-tree] .el-tree-node')
}

/** Calls the API from inside the page (with its session cookie). */
export async function api(page, path, init = {}) {
  return page.evaluate(
    async ({ path, init }) => {
      const r = await fetch(`/api/v1${path}`, { credentials: 'same-origin', ...init, headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) } })
      const text = await r.text()
      let body = null
      try { body = text ? JSON.parse(text) : null } catch { body = text }
      return { status: r.status, body }
    },
    { path, init },
  )
}

/** How many pixels of a canvas are not (near) background: a drawn chart has many. */
export async function paintedPixels(page, selector) {
  return page.$eval(selector, (el) => {
    const canvas = el.querySelector('canvas')
    if (!canvas) return 0
    const ctx = canvas.getContext('2d')
    if (!ctx) return 0
    const { width, height } = canvas
    const data = ctx.getImageData(0, 0, width, height).data
    let n = 0
    for (let i = 0; i < data.length; i += 16) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]]
      if (a > 0 && !(r > 245 && g > 245 && b > 245)) n++
    }
    return n
  })
}

/** A valid citizen ID number (GB 11643) for a birth date and serial. */
export function idNumber(region, yyyymmdd, serial3) {
  const first17 = `${region}${yyyymmdd}${serial3}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]
  return first17 + '10X98765432'[sum % 11]
}

/** The same ID number with a wrong check character. */
export function wrongCheck(id) {
  const c = id[17]
  return id.slice(0, 17) + (c === '0' ? '1' : '0')
}
