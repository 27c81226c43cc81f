import type { PlannedStep, Stage, Step, StepData, StepInput } from '@/api/types'

/** The fields a step's form shows besides date, acting organisation, persons and notes. */
export interface StepFields {
  method: boolean
  sponsors: boolean
  introducers: boolean
  notice: boolean
  review: boolean
  training: boolean
  vote: boolean
  outcome: boolean
  /** The acting organisation must be an upper committee with approval authority. */
  approver: boolean
  /** A late date may pass with a special reason, up to an absolute limit. */
  specialReason: boolean
}

/** What a step asks for, from the checks the rules data gives it. */
export function fieldsOf(step: Step): StepFields {
  const has = (c: string) => (step.checks ?? []).includes(c)
  return {
    method: step.no === 3,
    sponsors: has('sponsors'),
    introducers: has('introducers'),
    notice: has('notice'),
    review: has('political_review'),
    training: has('training'),
    vote: has('branch_vote'),
    outcome: has('conversion_outcome'),
    approver: has('approval_authority'),
    specialReason: (step.max_months ?? 0) > 0,
  }
}

/** The steps grouped by stage, in the rules' order. */
export function byStage(steps: Step[], stages: Stage[]): { stage: Stage; steps: Step[] }[] {
  return stages.map((stage) => ({ stage, steps: steps.filter((s) => s.stage === stage) }))
}

/** Whether a planned step's date lies past its deadline (dates as YYYY-MM-DD compare as text). */
export function isLate(day: string, due: string): boolean {
  return !!day && !!due && day > due
}

/** Days from today until day (negative when past). */
export function daysUntil(day: string, today: string): number {
  const a = Date.parse(`${today}T00:00:00Z`)
  const b = Date.parse(`${day}T00:00:00Z`)
  return Math.round((b - a) / 86400000)
}

/** The severity class of a due date: overdue, soon (within lead days) or ''. */
export function dueClass(due: string, today: string, leadDays: number): 'overdue' | 'soon' | '' {
  if (!due) return ''
  const d = daysUntil(due, today)
  if (d < 0) return 'overdue'
  return d <= leadDays ? 'soon' : ''
}

/** The body of a step from the form, leaving out what the step does not ask for. */
export function stepBody(step: Step, form: StepInput & { data: StepData }, version: number): StepInput {
  const f = fieldsOf(step)
  const d = form.data
  const data: StepData = {}
  if (f.method && d.method) data.method = d.method
  if (f.sponsors) data.sponsors = d.sponsors ?? []
  if (f.introducers) data.introducers = d.introducers ?? []
  if (f.notice && (d.notice_start || d.notice_end)) {
    data.notice_start = d.notice_start
    data.notice_end = d.notice_end
  }
  if (f.review) {
    data.review_passed = d.review_passed
    data.conclusion = d.conclusion
  }
  if (f.training) {
    data.training_days = Number(d.training_days) || 0
    data.training_hours = Number(d.training_hours) || 0
  }
  if (f.vote && d.vote) data.vote = { ...d.vote, entitled: Number(d.vote.entitled) || 0 }
  if (f.outcome) {
    data.outcome = d.outcome
    if (d.outcome === 'extend') data.extension_months = Number(d.extension_months) || 0
  }
  if (f.specialReason && d.special_reason) data.special_reason = d.special_reason
  return { done_on: form.done_on, acting_org_id: f.approver || form.acting_org_id ? form.acting_org_id : undefined, persons: form.persons, notes: form.notes, data, version }
}

/** The planned state of step no in its current round. */
export function planOf(plan: PlannedStep[] | null | undefined, no: number): PlannedStep | undefined {
  return (plan ?? []).find((p) => p.no === no)
}

/** The pipeline's total for a subtree: every record in a stage (running ones by their stage,
 *  completed ones as full members), from the rollup's counts by stage. Stopped records are in
 *  no stage. */
export function pipelineTotal(byStage: Record<string, number> | undefined | null, stages: readonly Stage[]): number {
  return stages.reduce((n, s) => n + (byStage?.[s] ?? 0), 0)
}
