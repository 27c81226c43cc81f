// Hand-written API shapes matching docs/api.md and the json tags of internal/model. When
// src/api/schema.d.ts has been generated (npm run gen:types), it is the reference for drift.

export type ISODate = string // "2006-01-02" or "" when unset
export type ISODateTime = string

export type Sex = 'male' | 'female'
export type Category = 'probationary' | 'full'
export type Status =
  | 'normal' | 'mobile' | 'abroad' | 'lost_contact' | 'suspended'
  | 'transferred_out' | 'exited' | 'deceased'
export type ExitType =
  | 'expelled' | 'withdrew' | 'advised_out' | 'removed_after_refusing'
  | 'self_lapse' | 'probation_cancelled' | 'not_recognised'
export type Education =
  | 'postgraduate' | 'undergraduate' | 'junior_college' | 'secondary_vocational'
  | 'high_school' | 'junior_high_or_below'
export type Degree = '' | 'bachelor' | 'master' | 'doctor'
export type OrgType =
  | 'municipal_committee' | 'district_committee' | 'county_committee' | 'primary_committee'
  | 'working_committee' | 'leading_group' | 'general_branch' | 'branch' | 'joint_branch'
  | 'temporary_branch' | 'party_group'
export type UnitType =
  | 'village' | 'community' | 'township' | 'street' | 'government_organ' | 'public_institution'
  | 'state_enterprise' | 'collective_enterprise' | 'non_public_enterprise'
  | 'social_organisation' | 'other'
export type Role = 'admin' | 'secadmin' | 'auditor' | 'staff' | 'secretary' | 'member'
/** The three administrators (三员): they see no business data and hold no other role. */
export const ADMIN_ROLES: Role[] = ['admin', 'secadmin', 'auditor']
export const BUSINESS_ROLES: Role[] = ['staff', 'secretary', 'member']
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed'

export interface FieldError { field: string; code: string; message: string }
export interface ErrorBody { status: number; message: string; errors?: FieldError[] | null }

export interface List<T> { items: T[]; total: number }
export interface Ref { id: number; name: string }

export interface Grant {
  id: number
  user_id: number
  role: Role
  org_id?: number
  org_path?: string
  org_name?: string
}

export interface User {
  id: number
  username: string
  display_name?: string
  member_id?: number
  disabled: boolean
  grants: Grant[] | null
  /** A new account, or one whose password was reset: a new password first. */
  must_change_password: boolean
  failed_logins: number
  locked_until?: ISODateTime
  password_changed_at?: ISODateTime
  version: number
  created_at: ISODateTime
}

/** What a new password must meet. */
export interface PasswordPolicy { min_length: number; min_classes: number; history: number }

/** The logged-in user and what the console may offer them. */
export interface Me { user: User; may_unmask: boolean; password_policy: PasswordPolicy }

/** A login session (the token itself never leaves the cookie). */
export interface Session {
  id: number
  user_id: number
  created_at: ISODateTime
  last_seen: ISODateTime
  expires_at: ISODateTime
  ip: string
  user_agent: string
  current: boolean
}

/** A member's ID number and phone in full (POST /members/{id}/reveal, audited). */
export interface Personal { id_number: string; phone: string }

export interface AuditProblem { kind: 'edited' | 'deleted' | 'reordered'; id: number; to_id?: number; was_id?: number }
export interface AuditReport {
  base_id: number
  base_hash: string
  entries: number
  first_id: number
  last_id: number
  last_hash: string
  problems: AuditProblem[] | null
}

export interface Org {
  id: number
  parent_id?: number
  depth: number
  path: string
  name: string
  short_name?: string
  type: OrgType
  has_committee: boolean
  unit_type?: UnitType | ''
  unit_name?: string
  industry?: string
  code?: string
  unit_code?: string
  address?: string
  phone?: string
  founded_on: ISODate
  dissolved_on: ISODate
  term_start: ISODate
  term_years?: number
  term_end?: ISODate
  term_expired: boolean
  child_count: number
  ancestors?: Ref[] | null
  version: number
  created_at: ISODateTime
  updated_at: ISODateTime
}

/** The editable part of an organisation (POST /orgs, PUT /orgs/{id}). */
export interface OrgInput {
  parent_id?: number
  name: string
  short_name?: string
  type: OrgType | ''
  has_committee: boolean
  unit_type?: UnitType | ''
  unit_name?: string
  industry?: string
  code?: string
  unit_code?: string
  address?: string
  phone?: string
  founded_on?: ISODate
  term_start?: ISODate
  term_years?: number
  version?: number
}

export interface OrgSaved { org: Org; warnings: FieldError[] | null }

export interface Member {
  id: number
  org_id: number
  org_name?: string
  name: string
  name_initials?: string
  sex: Sex
  ethnicity: string
  birth_date: ISODate
  id_number: string
  native_place?: string
  education?: Education | ''
  degree?: Degree
  occupation?: string
  work_unit?: string
  work_post?: string
  phone?: string
  address?: string
  category: Category
  status: Status
  exit_type?: ExitType | ''
  applied_on: ISODate
  admitted_on: ISODate
  full_on: ISODate
  party_posts?: string
  card_no?: string
  version: number
  created_at: ISODateTime
  updated_at: ISODateTime
}

/** A member as the API takes it (POST /members, PUT /members/{id}). */
export type MemberInput = Omit<Member, 'id' | 'org_name' | 'name_initials' | 'version' | 'created_at' | 'updated_at' | 'sex' | 'category' | 'status'> & {
  sex: Sex | ''
  category: Category | ''
  status: Status | ''
  version?: number
}

export interface MemberFilter {
  org?: number
  q?: string
  category?: Category | ''
  status?: string
  sex?: Sex | ''
  education?: string
  ethnicity?: string
  age_band?: string
}

export interface MemberQuery extends MemberFilter {
  sort?: string
  page?: number
  size?: number
}

export interface AgeBand { name: string; min: number; max: number }
export interface Industry { code: string; name: string }

export interface OrgRules {
  version: string
  effective_from: string
  source: string
  branch_min_full_members: number
  branch_advised_max_members: number
  committee_required_at_full: number
  joint_branch_max_units: number
  general_branch_advised_members: number
  primary_committee_advised_members: number
  term_years_by_unit_type: Record<string, number>
  term_years_by_org_type: Record<string, number>
}

export interface MemberRules {
  version: string
  effective_from: string
  source: string
  min_age: number
  age_bands: AgeBand[]
}

export interface Codes {
  abroad_purposes: AbroadPurpose[]
  development_rules: DevelopmentRules
  lifecycle_rules: LifecycleRules
  stages: Stage[]
  stop_reasons: StopReason[]
  status_change_kinds: StatusChangeKind[]
  status_transitions: Record<string, Status[] | null>
  transfer_statuses: TransferStatus[]
  org_types: OrgType[]
  unit_types: UnitType[]
  statuses: Status[]
  categories: Category[]
  educations: Education[]
  exit_types: ExitType[]
  roles: Role[]
  ethnicities: string[]
  age_bands: AgeBand[]
  key_industries: Industry[]
  org_rules: OrgRules
  member_rules: MemberRules
  meeting_types: import('./orglife-types').MeetingType[]
  orglife_rules: import('./orglife-types').OrgLifeRules
  attachments: AttachmentLimits
}

/** What an upload may be: the accepted extensions (the server checks the content) and the size limit. */
export interface AttachmentLimits {
  extensions: string[] | null
  max_bytes: number
}

export type Counts = Record<string, number>

export interface Stats {
  org_id: number
  members: number
  orgs: number
  branches_below_min: number
  term_expired: number
  direct_members: number
  direct_full: number
  below_min: boolean
  /** The names of the age bands in force, in order. */
  age_bands: string[] | null
  by_category: Counts
  by_status: Counts
  by_sex: Counts
  by_age_band: Counts
  by_education: Counts
  by_ethnicity: Counts
  by_org_type: Counts
  /** Running development records by stage; "full" counts completed ones. */
  by_stage: Counts
}

export interface ImportRowError { row: number; column: string; value: string; message: string }

export interface ImportResult {
  dry_run: boolean
  created: number
  updated: number
  unchanged: number
  invalid: number
  written: number
  errors: ImportRowError[] | null
}

export interface Job<R = unknown> {
  id: number
  kind: string
  status: JobStatus
  done: number
  total: number
  result?: R
  error?: string
  user_id?: number
  created_at: ISODateTime
  updated_at: ISODateTime
}

export interface JobStarted { job_id: number }

export interface AuditEntry {
  id: number
  at: ISODateTime
  user_id?: number
  username?: string
  action: string
  entity: string
  entity_id?: number
  org_path?: string
  before?: string
  after?: string
  request_id?: string
  ip?: string
  prev_hash?: string
  hash?: string
}

export interface AuditQuery {
  entity?: string
  entity_id?: number
  username?: string
  action?: string
  from?: string
  to?: string
  page?: number
  size?: number
}

/** A new account (POST /users, the system administrator): grants are the security administrator's. */
export interface NewUser {
  username: string
  password: string
  display_name?: string
}

// ---- Member lifecycle: development, transfers, status changes, alerts ----

export type Stage = 'applicant' | 'activist' | 'candidate' | 'probationary' | 'full'
export type DevelopmentStatus = 'active' | 'completed' | 'stopped'
export type StopReason = 'withdrew' | 'not_qualified' | 'moved_away' | 'probation_cancelled' | 'deceased' | 'other'
export type ConversionOutcome = 'convert' | 'extend' | 'cancel'
export type PlanState = 'done' | 'available' | 'waiting' | 'closed'
export type StatusChangeKind =
  | 'mobile' | 'mobile_return' | 'lost_contact' | 'contact_restored' | 'suspension' | 'restoration'
  | 'abroad' | 'abroad_return' | 'exit' | 'death' | 'party_probation'
export type AbroadPurpose = 'study' | 'work' | 'settle' | 'other'
export type TransferKind = 'internal' | 'outgoing' | 'incoming'
export type TransferStatus = 'requested' | 'issued' | 'completed' | 'returned' | 'cancelled'
export type AlertSeverity = 'info' | 'warning' | 'overdue'

export interface StageInfo { key: Stage; zh: string; en: string }

export interface Step {
  no: number
  stage: Stage
  enters?: Stage | ''
  zh: string
  en: string
  actor_zh: string
  actor: string
  article: string
  confidence: string
  requires?: number[] | null
  after?: number
  within_months?: number
  max_months?: number
  min_months?: number
  checks?: string[] | null
  round?: boolean
}

export interface DevelopmentRules {
  version: string
  effective_from: string
  source: string
  short_name: string
  min_age: number
  sponsors_min: number
  sponsors_max: number
  introducers: number
  training_min_days: number
  training_min_hours: number
  probation_months: number
  extension_min_months: number
  extension_max_months: number
  extensions_max: number
  approval_org_types: string[] | null
  approval_excluded_unit_types: string[] | null
  approval_excluded_below_unit_types: string[] | null
  no_development_org_types: string[] | null
  notice_min_working_days: number
  alert_lead_days: number
  stages: StageInfo[] | null
  steps: Step[] | null
}

export interface LifecycleRules {
  version: string
  effective_from: string
  source: string
  letter_valid_months: number
  lost_contact_suspension_months: number
  suspension_removal_months: number
  abroad_study_suspension_months: number
  approval_required: string[] | null
  alert_lead_days: number
}

export interface Development {
  id: number
  org_id: number
  org_name?: string
  member_id?: number
  name: string
  sex: Sex | ''
  ethnicity: string
  birth_date: ISODate
  id_number: string
  native_place?: string
  education?: Education | ''
  occupation?: string
  work_unit?: string
  work_post?: string
  phone?: string
  address?: string
  stage: Stage
  status: DevelopmentStatus
  applied_on: ISODate
  stage_since: ISODate
  probation_end: ISODate
  extensions: number
  round: number
  next_step?: number
  next_due: ISODate
  next_not_before: ISODate
  stop_reason?: StopReason | ''
  stopped_on: ISODate
  stop_note?: string
  version: number
  created_at: ISODateTime
  updated_at: ISODateTime
}

export interface PersonRef { member_id: number; name?: string }

export interface Vote { entitled: number; present: number; for: number; against: number; abstain: number; written_for: number }

export interface StepData {
  method?: string
  sponsors?: PersonRef[] | null
  introducers?: PersonRef[] | null
  notice_start?: ISODate
  notice_end?: ISODate
  review_passed?: boolean
  conclusion?: string
  training_days?: number
  training_hours?: number
  vote?: Vote
  outcome?: ConversionOutcome | ''
  extension_months?: number
  special_reason?: string
}

/** A file attached to a meeting, directive, answer, course, document or development step. */
export interface Attachment {
  id: number
  owner_type: string
  owner_id: number
  name: string
  content_type: string
  size: number
  created_by?: number
  created_at: ISODateTime
}

export interface DevelopmentStep {
  id: number
  development_id: number
  no: number
  round: number
  done_on: ISODate
  acting_org_id?: number
  acting_org_name?: string
  persons?: string
  notes?: string
  data: StepData
  attachments: Attachment[] | null
  created_by?: string
  version: number
  created_at: ISODateTime
}

export interface PlannedStep {
  no: number
  round: number
  state: PlanState
  done_on: ISODate
  due: ISODate
  not_before: ISODate
  max_due: ISODate
}

export interface DevelopmentDetail {
  development: Development
  steps: DevelopmentStep[] | null
  plan: PlannedStep[] | null
  rules_version: string
}

export interface DevelopmentQuery {
  org?: number
  stage?: Stage | ''
  status?: DevelopmentStatus | ''
  q?: string
  due_within?: number
  sort?: string
  page?: number
  size?: number
}

export interface PersonInput {
  name: string
  sex?: Sex | ''
  ethnicity?: string
  birth_date?: ISODate
  id_number: string
  native_place?: string
  education?: Education | ''
  occupation?: string
  work_unit?: string
  work_post?: string
  phone?: string
  address?: string
}

export interface StepInput {
  done_on: ISODate
  acting_org_id?: number
  persons?: string
  notes?: string
  data?: StepData
  version: number
}

export interface StatusChange {
  id: number
  member_id: number
  kind: StatusChangeKind
  from_status: Status
  to_status: Status
  effective_on: ISODate
  reason?: string
  exit_type?: ExitType | ''
  approval_org?: string
  approved_on: ISODate
  approval_ref?: string
  destination?: string
  card_no?: string
  contact_org?: string
  country?: string
  purpose?: AbroadPurpose | ''
  until: ISODate
  created_by?: string
  created_at: ISODateTime
}

export interface StatusInput {
  kind: StatusChangeKind | ''
  effective_on: ISODate
  reason?: string
  exit_type?: ExitType | ''
  approval_org?: string
  approved_on?: ISODate
  approval_ref?: string
  destination?: string
  card_no?: string
  contact_org?: string
  country?: string
  purpose?: AbroadPurpose | ''
  until?: ISODate
  version: number
}

export interface Transfer {
  id: number
  kind: TransferKind
  status: TransferStatus
  member_id: number
  member_name: string
  member_sex: Sex | ''
  member_birth_date: ISODate
  member_id_number: string
  member_category: Category | ''
  member_ethnicity?: string
  from_org_id?: number
  from_org_name?: string
  to_org_id?: number
  to_org_name?: string
  external_org?: string
  reason?: string
  dues_paid_until?: string
  requested_on: ISODate
  requested_by?: string
  approved_by?: string
  letter_no?: string
  issued_on: ISODate
  valid_until: ISODate
  completed_on: ISODate
  completed_by?: string
  receipt_note?: string
  returned_on: ISODate
  return_reason?: string
  /** What the caller may do: "sending", "receiving", "both" or "". */
  side?: 'sending' | 'receiving' | 'both' | ''
  version: number
  created_at: ISODateTime
  updated_at: ISODateTime
}

export interface TransferQuery {
  org?: number
  direction?: 'out' | 'in' | ''
  status?: TransferStatus | ''
  kind?: TransferKind | ''
  open?: boolean
  q?: string
  page?: number
  size?: number
}

export interface Destination { id: number; name: string; parents: string[] | null; type: string }

export interface Alert {
  id: number
  kind: string
  severity: AlertSeverity
  org_id: number
  org_name?: string
  subject_type: string
  subject_id: number
  due_on?: ISODate
  params?: Record<string, string>
  message: string
  raised_at: ISODateTime
}

export interface AlertCount { kind: string; severity: AlertSeverity; count: number; label: string }

export interface AlertQuery {
  org?: number
  kind?: string
  severity?: AlertSeverity | ''
  page?: number
  size?: number
}
