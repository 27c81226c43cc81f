import { apiUrl, http, type Query } from './http'
import type { Destination, List, MemberInput, Transfer, TransferKind, TransferQuery } from './types'

const q = (f: TransferQuery): Query => ({ ...f })

export interface TransferRequest {
  member_id: number
  kind: TransferKind
  to_org_id?: number
  external_org?: string
  reason: string
  dues_paid_until?: string
}

export interface IncomingLetter {
  member: Partial<MemberInput> & { org_id: number }
  external_org: string
  letter_no: string
  issued_on: string
  valid_until?: string
  dues_paid_until?: string
  received_on?: string
}

export const transfersApi = {
  list: (query: TransferQuery, signal?: AbortSignal) => http.get<List<Transfer>>('/transfers', q(query), signal),
  get: (id: number) => http.get<Transfer>(`/transfers/${id}`),
  request: (body: TransferRequest) => http.post<Transfer>('/transfers', body),
  incoming: (body: IncomingLetter) => http.post<Transfer>('/transfers/incoming', body),
  approve: (id: number, version: number, issuedOn?: string, validUntil?: string) =>
    http.post<Transfer>(`/transfers/${id}/approve`, { version, issued_on: issuedOn || undefined, valid_until: validUntil || undefined }),
  reissue: (id: number, version: number) => http.post<Transfer>(`/transfers/${id}/reissue`, { version }),
  accept: (id: number, version: number, on?: string, note?: string) => http.post<Transfer>(`/transfers/${id}/accept`, { version, on: on || undefined, note }),
  giveBack: (id: number, version: number, note: string, on?: string) => http.post<Transfer>(`/transfers/${id}/return`, { version, note, on: on || undefined }),
  receipt: (id: number, version: number, on?: string, note?: string) => http.post<Transfer>(`/transfers/${id}/receipt`, { version, on: on || undefined, note }),
  cancel: (id: number, version: number) => http.post<Transfer>(`/transfers/${id}/cancel`, { version }),
  destinations: (text: string) => http.get<{ items: Destination[] | null }>('/transfers/destinations', { q: text }).then((r) => r.items ?? []),
  letterUrl: (id: number) => apiUrl(`/transfers/${id}/letter`),
  exportUrl: (query: TransferQuery, format: 'xlsx' | 'csv' = 'xlsx') => apiUrl('/transfers/export', { format, ...q({ ...query, page: undefined, size: undefined }) }),
}
