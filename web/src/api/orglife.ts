import { apiUrl, http, type Query } from './http'
import type { List, Org } from './types'
import type {
  Acknowledgement, Attachment, AttendanceMark, Completion, Compliance, CommitteeMember, Directive, DirectiveDetail,
  DirectiveInput, DirectiveTarget, DocumentDetail, ElectionInput, ElectionSaved, Election, Meeting, MeetingDetail,
  MeetingInput, MissedList, MyDocument, MyMeeting, MyStudy, SessionDetail, SignInState, StudyCourse, StudyDocument,
  StudyMark, StudyPlan, StudyReport, StudySession, StudySessionInput, TargetState,
} from './orglife-types'

export interface MeetingQuery { org?: number; type?: string; status?: string; from?: string; to?: string; page?: number; size?: number }

export const meetingsApi = {
  list: (q: MeetingQuery) => http.get<List<Meeting>>('/meetings', q as Query),
  /** The filtered list, every page, as a workbook (audited). */
  exportUrl: (q: MeetingQuery, format: 'xlsx' | 'csv' = 'xlsx') => apiUrl('/meetings/export', { ...q, page: undefined, size: undefined, format } as Query),
  get: (id: number) => http.get<MeetingDetail>(`/meetings/${id}`),
  create: (input: MeetingInput) => http.post<MeetingDetail>('/meetings', input),
  update: (id: number, input: MeetingInput) => http.put<MeetingDetail>(`/meetings/${id}`, input),
  remove: (id: number, version: number) => http.del(`/meetings/${id}`, { version }),
  attendance: (id: number, version: number, marks: AttendanceMark[], remove: number[] = []) =>
    http.put<MeetingDetail>(`/meetings/${id}/attendance`, { version, marks, remove }),
  newCode: (id: number, version: number) => http.post<MeetingDetail>(`/meetings/${id}/sign-code`, { version }),
  signInPreview: (code: string) => http.get<SignInState>(`/signin/${encodeURIComponent(code)}`),
  signIn: (code: string) => http.post<SignInState>(`/signin/${encodeURIComponent(code)}`),
  mine: () => http.get<List<MyMeeting>>('/me/meetings').then((r) => r.items),
  compliance: (org: number, month?: string) => http.get<Compliance>('/compliance', { org, month }),
  missed: (org: number, meetingType: string, month: string | undefined, page: number, size: number) =>
    http.get<MissedList>('/compliance/missed', { org, meeting_type: meetingType, month, page, size }),
  complianceExportUrl: (org: number, month?: string) => apiUrl('/compliance/export', { org, month }),
}

export const studyApi = {
  plans: (org: number, year?: number) => http.get<List<StudyPlan>>('/study/plans', { org, year }).then((r) => r.items),
  createPlan: (b: Partial<StudyPlan>) => http.post<StudyPlan>('/study/plans', b),
  updatePlan: (id: number, b: Partial<StudyPlan>) => http.put<StudyPlan>(`/study/plans/${id}`, b),
  removePlan: (id: number, version: number) => http.del(`/study/plans/${id}`, { version }),
  courses: (org: number, page: number, size: number) => http.get<List<StudyCourse>>('/study/courses', { org, page, size }),
  createCourse: (b: Partial<StudyCourse>) => http.post<StudyCourse>('/study/courses', b),
  updateCourse: (id: number, b: Partial<StudyCourse>) => http.put<StudyCourse>(`/study/courses/${id}`, b),
  removeCourse: (id: number, version: number) => http.del(`/study/courses/${id}`, { version }),
  sessions: (org: number, year: number | undefined, remedial: string | undefined, page: number, size: number) =>
    http.get<List<StudySession>>('/study/sessions', { org, year, remedial, page, size }),
  session: (id: number) => http.get<SessionDetail>(`/study/sessions/${id}`),
  createSession: (b: StudySessionInput) => http.post<SessionDetail>('/study/sessions', b),
  updateSession: (id: number, b: StudySessionInput) => http.put<SessionDetail>(`/study/sessions/${id}`, b),
  removeSession: (id: number, version: number) => http.del(`/study/sessions/${id}`, { version }),
  records: (id: number, version: number, marks: StudyMark[]) => http.put<SessionDetail>(`/study/sessions/${id}/records`, { version, marks }),
  report: (org: number, year: number, below: boolean, page: number, size: number) =>
    http.get<StudyReport>('/study/report', { org, year, below: below || undefined, page, size }),
  reportExportUrl: (org: number, year: number, below: boolean) => apiUrl('/study/report/export', { org, year, below: below || undefined }),
  mine: (year?: number) => http.get<MyStudy>('/me/study', { year }),
  documents: (org: number, page: number, size: number) => http.get<List<StudyDocument>>('/documents', { org, page, size }),
  document: (id: number) => http.get<DocumentDetail>(`/documents/${id}`),
  issueDocument: (b: { org_id: number; title: string; content?: string; due_on?: string }) => http.post<DocumentDetail>('/documents', b),
  removeDocument: (id: number, version: number) => http.del(`/documents/${id}`, { version }),
  acks: (id: number, acked: boolean | undefined, page: number, size: number) =>
    http.get<List<Acknowledgement>>(`/documents/${id}/acks`, { acked: acked === undefined ? undefined : String(acked), page, size }),
  acknowledge: (id: number) => http.post<DocumentDetail>(`/documents/${id}/ack`),
  myDocuments: (all = false) => http.get<List<MyDocument>>('/me/documents', { all: all || undefined }).then((r) => r.items),
}

export const directivesApi = {
  list: (org: number, box: 'issued' | 'received', q: string, page: number, size: number) =>
    http.get<List<Directive>>('/directives', { org, box, q, page, size }),
  get: (id: number) => http.get<DirectiveDetail>(`/directives/${id}`),
  issue: (input: DirectiveInput) => http.post<DirectiveDetail>('/directives', input),
  completion: (id: number, org?: number) => http.get<Completion>(`/directives/${id}/completion`, { org }),
  targets: (id: number, org: number | undefined, state: TargetState, page: number, size: number) =>
    http.get<List<DirectiveTarget>>(`/directives/${id}/targets`, { org, state, page, size }),
  answer: (id: number, b: { org_id: number; kind: 'meeting' | 'report'; meeting_id?: number; report?: string }) =>
    http.post<DirectiveTarget>(`/directives/${id}/answers`, b),
  remind: (id: number, org?: number) => http.post<{ reminded: number }>(`/directives/${id}/remind`, { org_id: org }),
  exportUrl: (id: number, org?: number) => apiUrl(`/directives/${id}/export`, { org }),
}

export const committeesApi = {
  get: (org: number, all = false) => http.get<{ org: Org; members: CommitteeMember[] | null }>(`/orgs/${org}/committee`, { all: all || undefined }),
  addPost: (b: { org_id: number; member_id: number; post: string; term_start: string }) => http.post<CommitteeMember>('/committee-members', b),
  updatePost: (id: number, b: { post: string; term_start: string; left_on?: string; version: number }) => http.put<CommitteeMember>(`/committee-members/${id}`, b),
  removePost: (id: number, version: number) => http.del(`/committee-members/${id}`, { version }),
  terms: (org: number, state: 'expiring' | 'expired', page: number, size: number) => http.get<List<Org>>('/terms', { org, state, page, size }),
  termsExportUrl: (org: number, state: 'expiring' | 'expired') => apiUrl('/terms/export', { org, state }),
  elections: (org: number, status: string, below: boolean, page: number, size: number) =>
    http.get<List<Election>>('/elections', { org, status, below: below || undefined, page, size }),
  record: (b: ElectionInput) => http.post<ElectionSaved>('/elections', b),
  secretary: (id: number, version: number, secretaryId: number, posts: { member_id: number; post: string }[]) =>
    http.post<ElectionSaved>(`/elections/${id}/secretary`, { version, secretary_id: secretaryId, posts }),
  report: (id: number, version: number) => http.post<ElectionSaved>(`/elections/${id}/report`, { version }),
  approve: (id: number, version: number) => http.post<ElectionSaved>(`/elections/${id}/approve`, { version }),
}

export const attachmentsApi = {
  list: (ownerType: string, ownerId: number) => http.get<List<Attachment>>('/attachments', { owner_type: ownerType, owner_id: ownerId }).then((r) => r.items),
  upload: (ownerType: string, ownerId: number, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return http.upload<Attachment>('/attachments', form, { owner_type: ownerType, owner_id: ownerId })
  },
  url: (id: number) => apiUrl(`/attachments/${id}`),
  remove: (id: number) => http.del(`/attachments/${id}`),
}
