import { http, type Query } from './http'
import type { Alert, AlertCount, AlertQuery, List } from './types'

export const alertsApi = {
  list: (query: AlertQuery, signal?: AbortSignal) => http.get<List<Alert>>('/alerts', { ...query } as Query, signal),
  summary: (org?: number) => http.get<{ items: AlertCount[] | null }>('/alerts/summary', { org }).then((r) => r.items ?? []),
  run: () => http.post<{ open: number; raised: number; cleared: number }>('/alerts/run'),
}
