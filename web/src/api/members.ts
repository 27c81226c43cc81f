import { apiUrl, http, type Query } from './http'
import type { AuditEntry, List, Member, MemberFilter, MemberInput, MemberQuery, Personal, StatusChange, StatusInput } from './types'

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
  /** The member's full ID number and phone (roles that may see them); the view is audited. */
  reveal: (id: number) => http.post<Personal>(`/members/${id}/reveal`),
  /** The export of the current filter (no paging), as a link the browser downloads; ID numbers
   * and phones masked unless unmasked (roles that may see them; audited). */
  exportUrl: (filter: MemberFilter, format: 'xlsx' | 'csv' = 'xlsx', unmasked = false) =>
    apiUrl('/members/export', { format, ...q(filter), unmasked: unmasked || undefined }),
}
