import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, http, queryString, setApiLanguage, setUnauthorizedHandler } from './http'

function reply(status: number, body: unknown) {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
}

afterEach(() => {
  vi.unstubAllGlobals()
  setUnauthorizedHandler(null)
  setApiLanguage('zh-CN')
})

describe('http', () => {
  it('sends Accept-Language, JSON and the query', async () => {
    const f = reply(200, { items: [], total: 0 })
    vi.stubGlobal('fetch', f)
    setApiLanguage('en')
    await http.get('/members', { org: 3, q: '', sex: 'female', page: undefined })
    const [url, init] = f.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/members?org=3&sex=female')
    expect((init.headers as Record<string, string>)['Accept-Language']).toBe('en')
    expect(init.credentials).toBe('same-origin')
  })

  it('maps the error shape to ApiError with field errors', async () => {
    vi.stubGlobal('fetch', reply(422, { status: 422, message: '数据有误', errors: [{ field: 'id_number', code: 'id_number.check_digit', message: '公民身份号码校验位错误' }] }))
    const e = await http.post('/members', {}).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    const err = e as ApiError
    expect(err.status).toBe(422)
    expect(err.message).toBe('数据有误')
    expect(err.fieldErrors()).toEqual({ id_number: '公民身份号码校验位错误' })
  })

  it('copes with a body that is not JSON', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('oops', { status: 502, statusText: 'Bad Gateway' })))
    const e = (await http.get('/x').catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(502)
    expect(e.errors).toEqual([])
  })

  it('calls the 401 handler outside /auth', async () => {
    vi.stubGlobal('fetch', reply(401, { status: 401, message: '请先登录' }))
    const h = vi.fn()
    setUnauthorizedHandler(h)
    await http.get('/orgs').catch(() => undefined)
    await http.get('/auth/me').catch(() => undefined)
    expect(h).toHaveBeenCalledTimes(1)
  })

  it('answers undefined for 204', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })))
    await expect(http.del('/members/1', { version: 2 })).resolves.toBeUndefined()
  })

  it('builds query strings without empty values', () => {
    expect(queryString({ a: 1, b: '', c: null, d: false })).toBe('?a=1&d=false')
    expect(queryString({})).toBe('')
  })
})
