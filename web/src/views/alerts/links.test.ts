import { describe, expect, it } from 'vitest'
import { alertTarget, summarize } from './links'

describe('alert links', () => {
  it('opens the record to act on', () => {
    expect(alertTarget({ subject_type: 'development', subject_id: 7, org_id: 3 }, 1)).toEqual({ name: 'development', params: { id: 7 }, query: { org: '1' } })
    expect(alertTarget({ subject_type: 'transfer', subject_id: 9, org_id: 3 })).toEqual({ name: 'transfers', query: { org: '3', id: '9' } })
    expect(alertTarget({ subject_type: 'member_status', subject_id: 5, org_id: 3 }, 1)).toEqual({ name: 'member', params: { id: 5 }, query: { org: '3' } })
    expect(alertTarget({ subject_type: 'meeting', subject_id: 2, org_id: 4 })).toEqual({ name: 'dashboard', query: { org: '4' } })
  })
  it('sums severities per kind, overdue first', () => {
    const s = summarize([
      { kind: 'a', severity: 'warning', count: 5, label: 'A' },
      { kind: 'b', severity: 'overdue', count: 1, label: 'B' },
      { kind: 'a', severity: 'overdue', count: 2, label: 'A' },
    ])
    expect(s).toEqual([{ kind: 'a', label: 'A', count: 7, overdue: 2 }, { kind: 'b', label: 'B', count: 1, overdue: 1 }])
  })
})
