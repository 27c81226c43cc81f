import { apiUrl, http, type Query } from './http'
import type { AuditEntry, List, Member, MemberFilter, MemberInput, MemberQuery, StatusChange, StatusInput } from './types'

const q = (f: MemberFilter | MemberQuery): Query => ({ ...f })

export const membersApi = {
  list: (query: MemberQuery, signal?: AbortSignal) => http.get<List<Member>>('/members', q(query), signal),
  get: (id: number) => http.get<Member>(`/members/${id}`),
  history: (id: number) => http.get<List<AuditEntry>>(`/members/${id}/history`).then((r) => r.items),
  create: (input: MemberInput) => http.post<Member>('/members', input),
  update: (id: number, input: MemberInput) => http.put<Member>(`/members/${id}`, input),
  remove: (id: number, version: number) => http.del(`/members/${id}`, { version }),
  changeStatus: (id: number, input: StatusInput) => http.post<{ member: Member; change: StatusChange }>(`/members/${id}/status`, input),
  statusChanges: (id: number) => http.get<List<StatusChange>>(`/members/${id}/status-changes`).then((r) => r.items),
  /** The export of the current filter (no paging), as a link the browser downloads. */
  exportUrl: (filter: MemberFilter, format: 'xlsx' | 'csv' = 'xlsx') => apiUrl('/members/export', { format, ...q(filter) }),
}
