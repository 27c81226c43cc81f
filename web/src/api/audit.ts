import { http } from './http'
import type { AuditEntry, AuditQuery, AuditReport, List } from './types'

export const auditApi = {
  list: (query: AuditQuery) => http.get<List<AuditEntry>>('/audit', { ...query }),
  /** Checks the hash chain of the whole log (whole-tree audit administrators). */
  verify: () => http.get<AuditReport>('/audit/verify'),
}
