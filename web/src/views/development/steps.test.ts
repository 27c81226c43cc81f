import { describe, expect, it } from 'vitest'
import type { Step } from '@/api/types'
import { dueClass, fieldsOf, isLate, pipelineTotal, stepBody } from './steps'

const step = (over: Partial<Step>): Step => ({ no: 1, stage: 'applicant', zh: '', en: '', actor_zh: '', actor: '', article: '', confidence: 'S', ...over })

describe('development step forms', () => {
  it('asks for what the rules check', () => {
    expect(fieldsOf(step({ no: 9, checks: ['introducers'] })).introducers).toBe(true)
    expect(fieldsOf(step({ no: 15, checks: ['branch_vote'] })).vote).toBe(true)
    const approval = fieldsOf(step({ no: 17, checks: ['approval_authority'], within_months: 3, max_months: 6 }))
    expect(approval.approver && approval.specialReason).toBe(true)
    expect(fieldsOf(step({ no: 2 })).vote).toBe(false)
  })
  it('sends only the data a step takes', () => {
    const body = stepBody(step({ no: 11, checks: ['training'] }), {
      done_on: '2026-01-02', version: 3,
      data: { training_days: '3' as unknown as number, vote: { entitled: 1, present: 1, for: 1, against: 0, abstain: 0, written_for: 0 }, sponsors: [] },
    }, 3)
    expect(body.data).toEqual({ training_days: 3, training_hours: 0 })
    expect(body.version).toBe(3)
  })
  it('marks deadlines', () => {
    expect(dueClass('2026-01-10', '2026-01-11', 14)).toBe('overdue')
    expect(dueClass('2026-01-10', '2026-01-10', 14)).toBe('soon')
    expect(dueClass('2026-01-24', '2026-01-10', 14)).toBe('soon')
    expect(dueClass('2026-01-25', '2026-01-10', 14)).toBe('')
    expect(isLate('2026-03-02', '2026-03-01')).toBe(true)
    expect(isLate('2026-03-01', '2026-03-01')).toBe(false)
  })
})

describe('the pipeline total', () => {
  it('adds the counts of every stage, and only of stages', () => {
    const stages = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const
    expect(pipelineTotal({ applicant: 4, activist: 3, candidate: 2, probationary: 1, full: 7, 'dev.other': 100 }, stages)).toBe(17)
    expect(pipelineTotal({ applicant: 2 }, stages)).toBe(2)
    expect(pipelineTotal(undefined, stages)).toBe(0)
  })
})
