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
export type Role = 'admin' | 'staff' | 'secretary' | 'member' | 'auditor'
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
  version: number
  created_at: ISODateTime
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

export interface NewUser {
  username: string
  password: string
  display_name?: string
  role: Role | ''
  org_id?: number
  member_id?: number
}
