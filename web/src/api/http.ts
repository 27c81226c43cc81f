import type { ErrorBody, FieldError } from './types'

export const API_BASE = '/api/v1'

/** An API failure with the server's message and per-field errors. */
export class ApiError extends Error {
  readonly status: number
  readonly errors: FieldError[]

  constructor(status: number, message: string, errors: FieldError[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.errors = errors
  }

  /** Field errors keyed by field name (the first message of each field). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.errors) {
      if (e.field && !(e.field in out)) out[e.field] = e.message
    }
    return out
  }

  get notFound(): boolean {
    return this.status === 404
  }
}

let language = 'zh-CN'
let onUnauthorized: (() => void) | null = null

/** Sets the Accept-Language of every later call (the locale store calls this). */
export function setApiLanguage(lang: string): void {
  language = lang
}

export function apiLanguage(): string {
  return language
}

/** Registers what happens when a call answers 401 (the session ended). */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn
}

export type QueryValue = string | number | boolean | undefined | null
export type Query = Record<string, QueryValue>

/** Builds "?a=1&b=x" from the set values of q (empty strings, null and undefined left out). */
export function queryString(q?: Query): string {
  if (!q) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue
    p.append(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

export function apiUrl(path: string, q?: Query): string {
  return API_BASE + path + queryString(q)
}

interface RequestOptions {
  query?: Query
  body?: unknown
  form?: FormData
  signal?: AbortSignal
}

/** Turns a failed response into an ApiError, whatever its body. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null
  try {
    body = (await res.json()) as Partial<ErrorBody>
  } catch {
    body = null
  }
  const message = body?.message || res.statusText || `HTTP ${res.status}`
  const errors = Array.isArray(body?.errors) ? body.errors : []
  return new ApiError(body?.status ?? res.status, message, errors)
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language }
  let body: BodyInit | undefined
  if (opts.form) {
    body = opts.form
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, language.startsWith('zh') ? '无法连接服务器' : 'Cannot reach the server')
  }
  if (!res.ok) {
    const err = await toApiError(res)
    if (res.status === 401 && onUnauthorized && !path.startsWith('/auth/')) onUnauthorized()
    throw err
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body, query }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  del: <T = void>(path: string, query?: Query) => request<T>('DELETE', path, { query }),
  upload: <T>(path: string, form: FormData, query?: Query) => request<T>('POST', path, { form, query }),
}
