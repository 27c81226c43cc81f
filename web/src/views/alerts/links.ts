import type { RouteLocationRaw } from 'vue-router'
import type { Alert } from '@/api/types'

/** The page of the record an alert asks to act on; null when the console has none for it. */
export function alertTarget(a: Pick<Alert, 'kind' | 'subject_type' | 'subject_id' | 'org_id' | 'due_on' | 'params'>, org?: string | number): RouteLocationRaw | null {
  const query = { org: String(org ?? a.org_id) }
  // Organisational life (docs/api.md): compliance by month, directives, committees and terms.
  const own = { org: String(a.org_id) }
  if (a.kind.startsWith('orglife.missed.')) return { name: 'life-compliance', query: { ...own, ...(a.due_on ? { month: a.due_on.slice(0, 7) } : {}) } }
  if (a.kind.startsWith('directive.')) return { name: 'life-directives', query: { ...own, ...(a.params?.Directive ? { open: a.params.Directive } : {}) } }
  if (a.kind.startsWith('term.')) return { name: 'life-committees', query: own }
  switch (a.subject_type) {
    case 'development':
      return { name: 'development', params: { id: a.subject_id }, query }
    case 'transfer':
      return { name: 'transfers', query: { ...query, id: String(a.subject_id) } }
    case 'member':
    case 'member_status':
      return { name: 'member', params: { id: a.subject_id }, query: { org: String(a.org_id) } }
    case 'org':
      return { name: 'dashboard', query: { org: String(a.subject_id) } }
  }
  return { name: 'dashboard', query: { org: String(a.org_id) } }
}

/** Severities, most urgent first. */
export const SEVERITY_ORDER = ['overdue', 'warning', 'info'] as const

/** Counts by kind (all severities together), most urgent first, for the summary. */
export function summarize(items: { kind: string; severity: string; count: number; label: string }[]) {
  const by = new Map<string, { kind: string; label: string; count: number; overdue: number }>()
  for (const c of items) {
    const e = by.get(c.kind) ?? { kind: c.kind, label: c.label, count: 0, overdue: 0 }
    e.count += c.count
    if (c.severity === 'overdue') e.overdue += c.count
    by.set(c.kind, e)
  }
  return [...by.values()].sort((a, b) => b.overdue - a.overdue || b.count - a.count || a.kind.localeCompare(b.kind))
}
