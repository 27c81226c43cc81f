// Hand-written API shapes of organisational life (meetings, compliance, study, directives,
// committees and elections), matching the json tags of internal/model and internal/api.
import type { Attachment, FieldError, ISODate, ISODateTime, OrgType } from './types'

export type MeetingType =
  | 'branch_assembly' | 'committee_meeting' | 'group_meeting' | 'lecture' | 'theme_day' | 'org_life_meeting'
  | 'democratic_life_meeting' | 'study_group' | 'standing_committee' | 'plenary_session' | 'special_conference'
export type MeetingStatus = 'planned' | 'held' | 'cancelled'
export type AttendanceStatus = 'expected' | 'present' | 'absent'
export type PeriodKind = 'month' | 'quarter' | 'year'

export interface MeetingRequirement {
  meeting_type: MeetingType
  org_types: OrgType[] | null
  with_committee: boolean
  period: PeriodKind
  times: number
  rule: string
}

export interface ElectionRules {
  voter_statuses: string[] | null
  quorum_more_than: number[] | null
  candidate_margin_percent: number
  winner_more_than: number[] | null
}

export interface OrgLifeRules {
  version: string
  effective_from: string
  source: string
  requirements: MeetingRequirement[] | null
  quorum: Record<string, string> | null
  quorum_more_than: number[] | null
  expected_statuses: string[] | null
  voting_statuses: string[] | null
  signin_opens_minutes_before: number
  signin_grace_minutes: number
  no_org_life_months: number
  absence_reasons: string[] | null
  study_target_hours: Record<string, number> | null
  term_alert_months: number
  committee_posts: string[] | null
  election: ElectionRules
  directive_due_soon_days: number
}

export interface Meeting {
  id: number
  org_id: number
  org_name?: string
  type: MeetingType
  topic: string
  status: MeetingStatus
  starts_at: ISODateTime
  ends_at: ISODateTime
  held_on: ISODate
  place?: string
  host?: string
  recorder?: string
  minutes?: string
  decisions?: string
  expected: number
  present: number
  absent: number
  voting_expected: number
  voting_present: number
  sign_code?: string
  sign_expires_at?: ISODateTime
  created_by?: number
  version: number
  created_at: ISODateTime
  updated_at: ISODateTime
}

export interface MeetingInput {
  org_id?: number
  type: MeetingType | ''
  topic: string
  status: MeetingStatus
  starts_at: string
  ends_at: string
  place?: string
  host?: string
  recorder?: string
  minutes?: string
  decisions?: string
  version?: number
}

export interface Attendance {
  meeting_id: number
  member_id: number
  member_name: string
  org_name?: string
  status: AttendanceStatus
  reason?: string
  note?: string
  voting: boolean
  method?: string
  signed_at?: ISODateTime
  held_on: ISODate
}

export interface Quorum { applies: boolean; base?: string; voting: number; present: number; needed: number; met: boolean }

export type { Attachment } from './types'

export interface MeetingDetail {
  meeting: Meeting
  attendance: Attendance[] | null
  quorum: Quorum
  attachments: Attachment[] | null
  can_write: boolean
}

export interface AttendanceMark { member_id: number; status: AttendanceStatus; reason?: string; note?: string; voting?: boolean }

export interface SignInState { meeting: Meeting; status: AttendanceStatus; open: boolean; opens: ISODateTime; closes: ISODateTime }

export interface MyMeeting { meeting: Meeting; status: AttendanceStatus; reason?: string; signed_at?: ISODateTime; signin_open: boolean }

export interface ComplianceFigure { meeting_type: MeetingType; period: string; ended: boolean; required: number; met: number; missed: number }
export interface ComplianceRow { org_id: number; org_name: string; org_type: OrgType; figures: ComplianceFigure[] | null }
export interface Compliance { month: string; requirements: MeetingRequirement[] | null; total: ComplianceRow; children: ComplianceRow[] | null }
export interface Missed { org: import('./types').Org; held: number; required: number }
export interface MissedList { period: string; items: Missed[] | null; total: number }

export interface StudyPlan { id: number; org_id: number; org_name?: string; year: number; title: string; description?: string; version: number; created_at: ISODateTime }
export interface StudyCourse {
  id: number; org_id: number; org_name?: string; kind: 'course' | 'material'; title: string; summary?: string
  hours: number; link?: string; version: number; created_at: ISODateTime
}
export interface StudySession {
  id: number; org_id: number; org_name?: string; plan_id?: number; course_id?: number; title: string; held_on: ISODate
  hours: number; remedial: boolean; place?: string; expected: number; present: number; version: number; created_at: ISODateTime
}
export interface StudyRecord {
  session_id: number; member_id: number; member_name: string; status: AttendanceStatus; reason?: string
  hours: number; held_on: ISODate; title?: string; remedial: boolean
}
export interface SessionDetail { session: StudySession; records: StudyRecord[] | null }
export interface StudySessionInput {
  org_id?: number; plan_id?: number; course_id?: number; title: string; held_on: ISODate; hours: number
  remedial: boolean; place?: string; member_ids?: number[]; version?: number
}
export interface StudyMark { member_id: number; status: AttendanceStatus; reason?: string; hours?: number }
export interface StudyStanding {
  member_id: number; member_name: string; org_id: number; org_name?: string; status: string; role: string
  hours: number; target: number; remedial: number; gap: number; reasons: Record<string, number> | null
}
export interface StudySummary { members: number; below: number; no_hours: number; remedial: number }
export interface StudyReport { year: number; summary: StudySummary; items: StudyStanding[] | null; total: number }
export interface MyStudy { year: number; role: string; hours: number; target: number; remedial: number; records: StudyRecord[] | null }

export interface StudyDocument {
  id: number; org_id: number; org_name?: string; title: string; content: string; issued_on: ISODate; due_on: ISODate
  targets: number; acked: number; created_by?: number; version: number; created_at: ISODateTime
}
export interface DocumentDetail { document: StudyDocument; attachments: Attachment[] | null }
export interface Acknowledgement { document_id: number; member_id: number; member_name: string; org_name?: string; acked_at?: ISODateTime }
export interface MyDocument { document: StudyDocument; acked: boolean; acked_at?: string }

export type Targeting = 'descendants' | 'by_type' | 'by_depth'
export interface Directive {
  id: number; org_id: number; org_name?: string; title: string; content: string; issued_on: ISODate; deadline: ISODate
  targeting: Targeting; target_types?: OrgType[] | null; target_depth?: number; targets: number; created_by?: number
  version: number; created_at: ISODateTime
}
export interface DirectiveInput {
  org_id: number; title: string; content?: string; issued_on?: ISODate; deadline: ISODate; targeting: Targeting
  target_types?: OrgType[]; target_depth?: number
}
export interface DirectiveDetail { directive: Directive; attachments: Attachment[] | null; can_write: boolean }
export interface DirectiveCounts { org_id: number; org_name?: string; targets: number; answered: number; late: number; overdue: number }
export interface Completion { directive: Directive; deadline: ISODate; overdue: boolean; total: DirectiveCounts; children: DirectiveCounts[] | null }
export interface DirectiveTarget {
  id: number; directive_id: number; org_id: number; org_name?: string; answered_at?: ISODateTime; answered_on: ISODate
  kind?: 'meeting' | 'report' | ''; meeting_id?: number; report?: string; answered_by?: string; late: boolean
  reminders: number; reminded_at?: ISODateTime; can_answer: boolean
}
export type TargetState = '' | 'answered' | 'pending' | 'overdue' | 'late'

export interface CommitteeMember {
  id: number; org_id: number; member_id: number; name: string; post: string; term_start: ISODate; left_on: ISODate
  election_id?: number; version: number; created_at: ISODateTime
}
export interface Candidate { member_id: number; name: string; votes: number; elected: boolean; post?: string }
export interface Election {
  id: number; org_id: number; org_name?: string; held_on: ISODate; seats: number; entitled: number; present: number
  excluded: { member_id: number; reason: string }[] | null; candidates: Candidate[] | null; term_years: number; valid: boolean
  secretary_id?: number; secretary_name?: string; secretary_on: ISODate; status: 'recorded' | 'reported' | 'approved'
  reported_on: ISODate; approved_on: ISODate; note?: string; version: number; created_at: ISODateTime
}
export interface ElectionSaved { election: Election; warnings: FieldError[] | null }
export interface ElectionInput {
  org_id: number; held_on: ISODate; seats: number; present: number; excluded?: { member_id: number; reason: string }[]
  candidates: { member_id: number; votes: number }[]; term_years?: number; note?: string
}
