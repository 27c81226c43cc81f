import { describe, expect, it } from 'vitest'
import { alertTarget, summarize } from './links'

describe('alert links', () => {
  it('opens the record to act on', () => {
    expect(alertTarget({ kind: 'development.talk_due', subject_type: 'development', subject_id: 7, org_id: 3 }, 1)).toEqual({ name: 'development', params: { id: 7 }, query: { org: '1' } })
    expect(alertTarget({ kind: 'transfer.letter_expiring', subject_type: 'transfer', subject_id: 9, org_id: 3 })).toEqual({ name: 'transfers', query: { org: '3', id: '9' } })
    expect(alertTarget({ kind: 'member.lost_contact_review', subject_type: 'member_status', subject_id: 5, org_id: 3 }, 1)).toEqual({ name: 'member', params: { id: 5 }, query: { org: '3' } })
    expect(alertTarget({ kind: 'orglife.no_org_life_6m', subject_type: 'member', subject_id: 5, org_id: 3 })).toEqual({ name: 'member', params: { id: 5 }, query: { org: '3' } })
    expect(alertTarget({ kind: 'orglife.missed.branch_assembly', subject_type: 'org', subject_id: 4, org_id: 4, due_on: '2026-09-30' })).toEqual({ name: 'life-compliance', query: { org: '4', month: '2026-09' } })
    expect(alertTarget({ kind: 'directive.overdue', subject_type: 'directive_target', subject_id: 8, org_id: 4, params: { Directive: '12' } })).toEqual({ name: 'life-directives', query: { org: '4', open: '12' } })
    expect(alertTarget({ kind: 'term.expired', subject_type: 'org', subject_id: 4, org_id: 4 })).toEqual({ name: 'life-committees', query: { org: '4' } })
    expect(alertTarget({ kind: 'x.unknown', subject_type: 'meeting', subject_id: 2, org_id: 4 })).toEqual({ name: 'dashboard', query: { org: '4' } })
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
