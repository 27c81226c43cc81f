import { apiUrl, http, type Query } from './http'
import type { DevelopmentDetail, DevelopmentQuery, Development, List, Personal, PersonInput, StepInput, StopReason } from './types'

const q = (f: DevelopmentQuery): Query => ({ ...f })

export const developmentApi = {
  list: (query: DevelopmentQuery, signal?: AbortSignal) => http.get<List<Development>>('/developments', q(query), signal),
  get: (id: number) => http.get<DevelopmentDetail>(`/developments/${id}`),
  /** The applicant's full ID number and phone (roles that may see them); the view is audited. */
  reveal: (id: number) => http.post<Personal>(`/developments/${id}/reveal`),
  create: (orgId: number, person: PersonInput, appliedOn: string, persons?: string, notes?: string) =>
    http.post<DevelopmentDetail>('/developments', { org_id: orgId, ...person, applied_on: appliedOn, persons, notes }),
  update: (id: number, person: PersonInput, version: number) => http.put<DevelopmentDetail>(`/developments/${id}`, { ...person, version }),
  remove: (id: number, version: number) => http.del(`/developments/${id}`, { version }),
  recordStep: (id: number, no: number, input: StepInput) => http.post<DevelopmentDetail>(`/developments/${id}/steps/${no}`, input),
  updateStep: (id: number, stepId: number, input: StepInput) => http.put<DevelopmentDetail>(`/developments/${id}/steps/${stepId}`, input),
  deleteStep: (id: number, stepId: number, version: number) => http.del<DevelopmentDetail>(`/developments/${id}/steps/${stepId}`, { version }),
  stop: (id: number, body: { reason: StopReason; on: string; note?: string; approval_org?: string; approved_on?: string; approval_ref?: string; version: number }) =>
    http.post<DevelopmentDetail>(`/developments/${id}/stop`, body),
  /** ID numbers and phones masked unless unmasked (roles that may see them; audited). */
  exportUrl: (query: DevelopmentQuery, format: 'xlsx' | 'csv' = 'xlsx', unmasked = false) =>
    apiUrl('/developments/export', { format, ...q({ ...query, page: undefined, size: undefined }), unmasked: unmasked || undefined }),
}
