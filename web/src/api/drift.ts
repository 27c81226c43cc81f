// Compile-time drift check between the hand-written types (types.ts) and the types generated
// from the server's OpenAPI document (schema.d.ts, `npm run gen:types`): the field names must
// match. A renamed or added field fails `npm run build` (vue-tsc) until types.ts follows.
import type { components } from './schema'
import type * as T from './types'
import type * as L from './orglife-types'

type S = components['schemas']
type Same<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : { onlyHere: Exclude<A, B>; onlyInSchema: Exclude<B, A> }
type Check<X extends true> = X

export type DriftChecks = [
  Check<Same<keyof T.Member, keyof S['Member']>>,
  Check<Same<keyof T.Org, keyof S['OrgView']>>,
  Check<Same<keyof T.User, keyof S['User']>>,
  Check<Same<keyof T.Grant, keyof S['Grant']>>,
  Check<Same<keyof T.AuditEntry, keyof S['AuditEntry']>>,
  Check<Same<keyof T.Stats, keyof S['StatsOutBody']>>,
  Check<Same<keyof T.Codes, keyof S['CodesBody']>>,
  Check<Same<keyof T.FieldError, keyof S['FieldError']>>,
  Check<Same<keyof T.OrgSaved, keyof S['OrgSaveOutBody']>>,
  Check<Same<keyof T.AgeBand, keyof S['AgeBand']>>,
  // Organisational life.
  Check<Same<keyof L.Meeting, keyof S['Meeting']>>,
  Check<Same<keyof L.Attendance, keyof S['Attendance']>>,
  Check<Same<keyof L.MeetingDetail, keyof S['MeetingDetail']>>,
  Check<Same<keyof L.Quorum, keyof S['Quorum']>>,
  Check<Same<keyof L.Attachment, keyof S['Attachment']>>,
  Check<Same<keyof L.SignInState, keyof S['SignInState']>>,
  Check<Same<keyof L.MyMeeting, keyof S['MyMeeting']>>,
  Check<Same<keyof L.Compliance, keyof S['Compliance']>>,
  Check<Same<keyof L.ComplianceRow, keyof S['ComplianceRow']>>,
  Check<Same<keyof L.ComplianceFigure, keyof S['ComplianceFigure']>>,
  Check<Same<keyof L.MeetingRequirement, keyof S['MeetingRequirement']>>,
  Check<Same<keyof L.OrgLifeRules, keyof S['OrgLifeRules']>>,
  Check<Same<keyof L.StudyPlan, keyof S['StudyPlan']>>,
  Check<Same<keyof L.StudyCourse, keyof S['CourseView']>>,
  Check<Same<keyof L.StudySession, keyof S['SessionView']>>,
  Check<Same<keyof L.StudyRecord, keyof S['RecordView']>>,
  Check<Same<keyof L.StudyStanding, keyof S['StandingView']>>,
  Check<Same<keyof L.StudyDocument, keyof S['Document']>>,
  Check<Same<keyof L.Acknowledgement, keyof S['Acknowledgement']>>,
  Check<Same<keyof L.MyDocument, keyof S['MyDocument']>>,
  Check<Same<keyof L.Directive, keyof S['Directive']>>,
  Check<Same<keyof L.DirectiveCounts, keyof S['DirectiveCounts']>>,
  Check<Same<keyof L.Completion, keyof S['Completion']>>,
  Check<Same<keyof L.DirectiveTarget, keyof S['TargetView']>>,
  Check<Same<keyof L.CommitteeMember, keyof S['CommitteeMember']>>,
  Check<Same<keyof L.Election, keyof S['Election']>>,
  Check<Same<keyof L.Candidate, keyof S['Candidate']>>,
  Check<Same<keyof T.Development, keyof S['Development']>>,
  Check<Same<keyof T.DevelopmentStep, keyof S['DevelopmentStep']>>,
  Check<Same<keyof T.DevelopmentDetail, keyof S['Detail']>>,
  Check<Same<keyof T.PlannedStep, keyof S['PlannedStep']>>,
  Check<Same<keyof T.StepData, keyof S['StepData']>>,
  Check<Same<keyof T.Vote, keyof S['Vote']>>,
  Check<Same<keyof T.AttachmentLimits, keyof S['AttachmentLimits']>>,
  Check<Same<keyof T.Step, keyof S['Step']>>,
  Check<Same<keyof T.DevelopmentRules, keyof S['DevelopmentRules']>>,
  Check<Same<keyof T.LifecycleRules, keyof S['LifecycleRules']>>,
  Check<Same<keyof T.StatusChange, keyof S['StatusChange']>>,
  Check<Same<keyof T.Transfer, keyof S['Transfer']>>,
  Check<Same<keyof T.Destination, keyof S['Destination']>>,
  Check<Same<keyof T.Alert, keyof S['Alert']>>,
  Check<Same<keyof T.AlertCount, keyof S['AlertCountView']>>,
  // Security.
  Check<Same<keyof T.Session, keyof S['Session']>>,
  Check<Same<keyof T.Me, keyof S['UserBody']>>,
  Check<Same<keyof T.Personal, keyof S['Personal']>>,
  Check<Same<keyof T.AuditReport, keyof S['Report']>>,
]
