import { http } from './http'
import type { AuditEntry, AuditQuery, List } from './types'

export const auditApi = {
  list: (query: AuditQuery) => http.get<List<AuditEntry>>('/audit', { ...query }),
}
