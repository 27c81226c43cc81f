import { apiUrl, http } from './http'
import type { JobStarted, List, Org, OrgInput, OrgSaved, Stats } from './types'

export const orgsApi = {
  roots: () => http.get<List<Org>>('/orgs').then((r) => r.items),
  children: (parent: number, includeDissolved = false) =>
    http.get<List<Org>>('/orgs', { parent, include_dissolved: includeDissolved || undefined }).then((r) => r.items),
  search: (q: string) => http.get<List<Org>>('/orgs', { q }).then((r) => r.items),
  get: (id: number) => http.get<Org>(`/orgs/${id}`),
  create: (input: OrgInput) => http.post<OrgSaved>('/orgs', input),
  update: (id: number, input: OrgInput) => http.put<OrgSaved>(`/orgs/${id}`, input),
  move: (id: number, parentId: number, version: number) =>
    http.post<JobStarted>(`/orgs/${id}/move`, { parent_id: parentId, version }),
  dissolve: (id: number, dissolvedOn: string, version: number) =>
    http.post<Org>(`/orgs/${id}/dissolve`, { dissolved_on: dissolvedOn, version }),
  stats: (id: number) => http.get<Stats>(`/orgs/${id}/stats`),
  exportUrl: (org: number, format: 'xlsx' | 'csv' = 'xlsx') => apiUrl('/orgs/export', { org, format }),
}
