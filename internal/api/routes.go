package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// routes registers every API operation. Keep this the only place routes are added: the
// authorization tests enumerate it.
func (s *server) routes(api huma.API) {
	created := func(op *huma.Operation) { op.DefaultStatus = http.StatusCreated }
	accepted := func(op *huma.Operation) { op.DefaultStatus = http.StatusAccepted }
	noContent := func(op *huma.Operation) { op.DefaultStatus = http.StatusNoContent }

	huma.Register(api, op(http.MethodPost, "/auth/login", "login", "Log in; sets the session cookie"), s.login)
	huma.Register(api, op(http.MethodPost, "/auth/logout", "logout", "End the session"), s.logout)
	huma.Register(api, op(http.MethodGet, "/auth/me", "me", "The logged-in user"), s.me)
	huma.Register(api, op(http.MethodPost, "/auth/password", "change-password", "Change one's own password (also the forced change at first login)"), s.changePassword)
	huma.Register(api, op(http.MethodGet, "/auth/sessions", "my-sessions", "One's own live sessions"), s.mySessions)
	huma.Register(api, op(http.MethodDelete, "/auth/sessions/{id}", "end-my-session", "End one of one's own other sessions", noContent), s.endMySession)
	huma.Register(api, op(http.MethodGet, "/meta/codes", "codes", "Enumerations, code lists and the rules in force"), s.codes)

	huma.Register(api, op(http.MethodGet, "/orgs", "list-orgs", "Visible root organisations, children of ?parent, or a search by ?q"), s.listOrgs)
	huma.Register(api, op(http.MethodGet, "/orgs/export", "export-orgs", "Export a subtree's organisations (xlsx or csv)"), s.exportOrgs)
	huma.Register(api, op(http.MethodGet, "/orgs/{id}", "get-org", "One organisation"), s.getOrg)
	huma.Register(api, op(http.MethodPost, "/orgs", "create-org", "Create an organisation", created), s.createOrg)
	huma.Register(api, op(http.MethodPut, "/orgs/{id}", "update-org", "Edit an organisation"), s.updateOrg)
	huma.Register(api, op(http.MethodPost, "/orgs/{id}/move", "move-org", "Move a subtree under another parent (job)", accepted), s.moveOrg)
	huma.Register(api, op(http.MethodPost, "/orgs/{id}/dissolve", "dissolve-org", "Dissolve an organisation without members"), s.dissolveOrg)
	huma.Register(api, op(http.MethodGet, "/orgs/{id}/stats", "org-stats", "The subtree's statistics (rollup)"), s.orgStats)

	huma.Register(api, op(http.MethodGet, "/members", "list-members", "Members of a subtree, filtered, paged"), s.listMembers)
	huma.Register(api, op(http.MethodGet, "/members/export", "export-members", "Export the filtered members (xlsx or csv)"), s.exportMembers)
	huma.Register(api, op(http.MethodGet, "/members/{id}", "get-member", "One member"), s.getMember)
	huma.Register(api, op(http.MethodGet, "/members/{id}/history", "member-history", "A member's change history"), s.memberHistory)
	huma.Register(api, op(http.MethodPost, "/members/{id}/reveal", "reveal-member", "A member's full ID number and phone (audited; roles that may see them)"), s.revealMember)
	huma.Register(api, op(http.MethodPost, "/members", "create-member", "Register a member", created), s.createMember)
	huma.Register(api, op(http.MethodPut, "/members/{id}", "update-member", "Edit a member"), s.updateMember)
	huma.Register(api, op(http.MethodDelete, "/members/{id}", "delete-member", "Remove a record entered by mistake", noContent), s.deleteMember)

	huma.Register(api, op(http.MethodPost, "/members/{id}/status", "change-member-status", "Record a status change (mobile, lost contact, suspension, restoration, abroad, exit, death, intra-party probation)"), s.changeStatus)
	huma.Register(api, op(http.MethodGet, "/members/{id}/status-changes", "member-status-changes", "A member's recorded status changes, newest first"), s.statusChanges)

	huma.Register(api, op(http.MethodGet, "/developments", "list-developments", "Development records of a subtree, by stage, paged"), s.listDevelopments)
	huma.Register(api, op(http.MethodGet, "/developments/export", "export-developments", "Export the filtered development records with their step dates (xlsx or csv)"), s.exportDevelopments)
	huma.Register(api, op(http.MethodGet, "/developments/{id}", "get-development", "A development record with its steps and plan"), s.getDevelopment)
	huma.Register(api, op(http.MethodPost, "/developments/{id}/reveal", "reveal-development", "An applicant's full ID number and phone (audited; roles that may see them)"), s.revealDevelopment)
	huma.Register(api, op(http.MethodPost, "/developments", "create-development", "Open a development record with the written application (step 1)", created), s.createDevelopment)
	huma.Register(api, op(http.MethodPut, "/developments/{id}", "update-development", "Edit the person of a record not yet admitted"), s.updateDevelopment)
	huma.Register(api, op(http.MethodDelete, "/developments/{id}", "delete-development", "Remove a record entered by mistake (before admission)", noContent), s.deleteDevelopment)
	huma.Register(api, op(http.MethodPost, "/developments/{id}/steps/{no}", "record-step", "Record step no of a record"), s.recordStep)
	huma.Register(api, op(http.MethodPut, "/developments/{id}/steps/{step_id}", "update-step", "Correct the acting organisation, persons and notes of a recorded step"), s.updateStep)
	huma.Register(api, op(http.MethodDelete, "/developments/{id}/steps/{step_id}", "delete-step", "Delete a step entered by mistake"), s.deleteStep)
	huma.Register(api, op(http.MethodPost, "/developments/{id}/stop", "stop-development", "End a record before full membership"), s.stopDevelopment)

	huma.Register(api, op(http.MethodGet, "/transfers", "list-transfers", "Transfers sent from or received into a subtree"), s.listTransfers)
	huma.Register(api, op(http.MethodGet, "/transfers/export", "export-transfers", "Export the filtered transfers (xlsx or csv)"), s.exportTransfers)
	huma.Register(api, op(http.MethodGet, "/transfers/destinations", "transfer-destinations", "Receiving organisations by name (names only)"), s.transferDestinations)
	huma.Register(api, op(http.MethodGet, "/transfers/{id}", "get-transfer", "One transfer"), s.getTransfer)
	huma.Register(api, op(http.MethodGet, "/transfers/{id}/letter", "transfer-letter", "The print-ready introduction letter (HTML)"), s.transferLetter)
	huma.Register(api, op(http.MethodPost, "/transfers", "request-transfer", "Request the transfer of a member", created), s.requestTransfer)
	huma.Register(api, op(http.MethodPost, "/transfers/incoming", "incoming-transfer", "Register a member arriving with a letter from outside", created), s.incomingTransfer)
	huma.Register(api, op(http.MethodPost, "/transfers/{id}/approve", "approve-transfer", "The sending side approves and issues the letter"), s.approveTransfer)
	huma.Register(api, op(http.MethodPost, "/transfers/{id}/reissue", "reissue-transfer", "Issue a returned or expired letter again"), s.reissueTransfer)
	huma.Register(api, op(http.MethodPost, "/transfers/{id}/accept", "accept-transfer", "The receiving side accepts: the member moves"), s.acceptTransfer)
	huma.Register(api, op(http.MethodPost, "/transfers/{id}/return", "return-transfer", "The receiving side returns the letter with a reason"), s.returnTransfer)
	huma.Register(api, op(http.MethodPost, "/transfers/{id}/receipt", "record-receipt", "Record the receipt of an outgoing letter: the member is transferred out"), s.receiptTransfer)
	huma.Register(api, op(http.MethodPost, "/transfers/{id}/cancel", "cancel-transfer", "The sending side withdraws the transfer"), s.cancelTransfer)

	huma.Register(api, op(http.MethodGet, "/import/templates/{kind}", "import-template", "The import template (Chinese headers)"), s.importTemplate)
	huma.Register(api, op(http.MethodPost, "/import/{kind}", "import", "Import members, orgs or development records from CSV/xlsx (job)", accepted, func(o *huma.Operation) {
		o.MaxBodyBytes = maxUpload
	}), s.importFile)
	huma.Register(api, op(http.MethodGet, "/jobs/{id}", "get-job", "A job's status and progress"), s.getJob)
	huma.Register(api, op(http.MethodGet, "/jobs/{id}/errors.xlsx", "job-errors", "An import's row error report (xlsx)"), s.jobErrors)

	huma.Register(api, op(http.MethodGet, "/users", "list-users", "Users in the caller's scope"), s.listUsers)
	huma.Register(api, op(http.MethodPost, "/users", "create-user", "Create a user with one role grant", created), s.createUser)
	huma.Register(api, op(http.MethodPost, "/users/{id}/grants", "add-grant", "Grant a role", created), s.addGrant)
	huma.Register(api, op(http.MethodDelete, "/users/{id}/grants/{grant_id}", "remove-grant", "Revoke a grant", noContent), s.removeGrant)
	huma.Register(api, op(http.MethodPost, "/users/{id}/password", "reset-password", "Reset a user's password (changed at their next login)", noContent), s.resetPassword)
	huma.Register(api, op(http.MethodPost, "/users/{id}/unlock", "unlock-user", "Clear a lockout after failed logins", noContent), s.unlockUser)
	huma.Register(api, op(http.MethodGet, "/users/{id}/sessions", "user-sessions", "A user's live sessions"), s.userSessions)
	huma.Register(api, op(http.MethodDelete, "/users/{id}/sessions", "end-user-sessions", "End every session of a user"), s.endUserSessions)
	huma.Register(api, op(http.MethodDelete, "/users/{id}/sessions/{session_id}", "end-user-session", "End one session of a user", noContent), s.endUserSession)

	huma.Register(api, op(http.MethodGet, "/alerts", "list-alerts", "Alerts to act on under a subtree, most urgent first"), s.listAlerts)
	huma.Register(api, op(http.MethodGet, "/alerts/summary", "alert-summary", "Alert counts by kind and severity under a subtree"), s.alertSummary)
	huma.Register(api, op(http.MethodPost, "/alerts/run", "run-alerts", "Recompute every alert now (staff, administrators)"), s.runAlerts)

	// Organisational life: meetings, attendance and sign-in, compliance (meetings.go).
	huma.Register(api, op(http.MethodGet, "/meetings", "list-meetings", "Meetings of a subtree, newest first"), s.listMeetings)
	huma.Register(api, op(http.MethodGet, "/meetings/export", "export-meetings", "Export the filtered meetings with their attendance and quorum (xlsx or csv; audited)"), s.exportMeetings)
	huma.Register(api, op(http.MethodPost, "/meetings", "create-meeting", "Plan or record a meeting; expected attendees are drawn from the organisation", created), s.createMeeting)
	huma.Register(api, op(http.MethodGet, "/meetings/{id}", "get-meeting", "A meeting with attendance, quorum and attachments"), s.getMeeting)
	huma.Register(api, op(http.MethodPut, "/meetings/{id}", "update-meeting", "Edit a meeting (minutes, decisions, status)"), s.updateMeeting)
	huma.Register(api, op(http.MethodDelete, "/meetings/{id}", "delete-meeting", "Remove a meeting entered by mistake", noContent), s.deleteMeeting)
	huma.Register(api, op(http.MethodPut, "/meetings/{id}/attendance", "mark-attendance", "Mark attendance and absences with reasons"), s.markAttendance)
	huma.Register(api, op(http.MethodPost, "/meetings/{id}/sign-code", "new-sign-code", "Replace the meeting's sign-in code"), s.newSignCode)
	huma.Register(api, op(http.MethodGet, "/signin/{code}", "signin-preview", "The meeting of a sign-in code, for the member opening it"), s.signInPreview)
	huma.Register(api, op(http.MethodPost, "/signin/{code}", "signin", "Sign the logged-in member in to the meeting of a code"), s.signIn)
	huma.Register(api, op(http.MethodGet, "/me/meetings", "my-meetings", "The meetings the logged-in member is expected at"), s.myMeetings)
	huma.Register(api, op(http.MethodGet, "/compliance", "compliance", "Held versus required meetings for a subtree and its children (rollup)"), s.compliance)
	huma.Register(api, op(http.MethodGet, "/compliance/missed", "compliance-missed", "Organisations that held fewer meetings of a type than required"), s.complianceMissed)
	huma.Register(api, op(http.MethodGet, "/compliance/export", "export-compliance", "Export compliance per organisation (xlsx or csv)"), s.exportCompliance)

	// Study (study.go).
	huma.Register(api, op(http.MethodGet, "/study/plans", "list-study-plans", "Study plans of a subtree"), s.listStudyPlans)
	huma.Register(api, op(http.MethodPost, "/study/plans", "create-study-plan", "Add a study plan", created), s.createStudyPlan)
	huma.Register(api, op(http.MethodPut, "/study/plans/{id}", "update-study-plan", "Edit a study plan"), s.updateStudyPlan)
	huma.Register(api, op(http.MethodDelete, "/study/plans/{id}", "delete-study-plan", "Remove a study plan", noContent), s.deleteStudyPlan)
	huma.Register(api, op(http.MethodGet, "/study/courses", "list-study-courses", "Courses and materials of a subtree"), s.listStudyCourses)
	huma.Register(api, op(http.MethodPost, "/study/courses", "create-study-course", "Add a course or material", created), s.createStudyCourse)
	huma.Register(api, op(http.MethodPut, "/study/courses/{id}", "update-study-course", "Edit a course or material"), s.updateStudyCourse)
	huma.Register(api, op(http.MethodDelete, "/study/courses/{id}", "delete-study-course", "Remove a course or material", noContent), s.deleteStudyCourse)
	huma.Register(api, op(http.MethodGet, "/study/sessions", "list-study-sessions", "Study sessions of a subtree"), s.listStudySessions)
	huma.Register(api, op(http.MethodPost, "/study/sessions", "create-study-session", "Record a study session (remedial: for given members)", created), s.createStudySession)
	huma.Register(api, op(http.MethodGet, "/study/sessions/{id}", "get-study-session", "A study session with its records"), s.getStudySession)
	huma.Register(api, op(http.MethodPut, "/study/sessions/{id}", "update-study-session", "Edit a study session"), s.updateStudySession)
	huma.Register(api, op(http.MethodDelete, "/study/sessions/{id}", "delete-study-session", "Remove a study session and its hours", noContent), s.deleteStudySession)
	huma.Register(api, op(http.MethodPut, "/study/sessions/{id}/records", "mark-study-records", "Mark attendance and hours at a session"), s.markStudyRecords)
	huma.Register(api, op(http.MethodGet, "/study/report", "study-report", "Members' study hours against their targets ('no one omitted' with below=true)"), s.studyReport)
	huma.Register(api, op(http.MethodGet, "/study/report/export", "export-study-report", "Export the study-hours report (xlsx or csv)"), s.exportStudyReport)
	huma.Register(api, op(http.MethodGet, "/me/study", "my-study", "The logged-in member's study hours of a year"), s.myStudy)
	huma.Register(api, op(http.MethodGet, "/documents", "list-documents", "Documents to acknowledge issued in a subtree"), s.listDocuments)
	huma.Register(api, op(http.MethodPost, "/documents", "create-document", "Issue a document every member must acknowledge", created), s.createDocument)
	huma.Register(api, op(http.MethodGet, "/documents/{id}", "get-document", "A document"), s.getDocument)
	huma.Register(api, op(http.MethodDelete, "/documents/{id}", "delete-document", "Remove a document issued by mistake", noContent), s.deleteDocument)
	huma.Register(api, op(http.MethodGet, "/documents/{id}/acks", "document-acks", "Who has and has not acknowledged a document"), s.documentAcks)
	huma.Register(api, op(http.MethodPost, "/documents/{id}/ack", "acknowledge-document", "The logged-in member acknowledges a document"), s.acknowledgeDocument)
	huma.Register(api, op(http.MethodGet, "/me/documents", "my-documents", "Documents the logged-in member must acknowledge"), s.myDocuments)

	// Directives conveyed down the tree (directives.go).
	huma.Register(api, op(http.MethodGet, "/directives", "list-directives", "Directives issued in or received by a subtree"), s.listDirectives)
	huma.Register(api, op(http.MethodPost, "/directives", "create-directive", "Issue a directive to descendant organisations", created), s.createDirective)
	huma.Register(api, op(http.MethodGet, "/directives/{id}", "get-directive", "A directive"), s.getDirective)
	huma.Register(api, op(http.MethodGet, "/directives/{id}/completion", "directive-completion", "Completion per child organisation (rollup)"), s.directiveCompletion)
	huma.Register(api, op(http.MethodGet, "/directives/{id}/targets", "directive-targets", "Target organisations and their answers (answered, pending, overdue, late)"), s.directiveTargets)
	huma.Register(api, op(http.MethodPost, "/directives/{id}/answers", "answer-directive", "Record a target organisation's answer"), s.answerDirective)
	huma.Register(api, op(http.MethodPost, "/directives/{id}/remind", "remind-directive", "Remind the unanswered targets"), s.remindDirective)
	huma.Register(api, op(http.MethodGet, "/directives/{id}/export", "export-directive", "Export the targets and answers (xlsx or csv)"), s.exportDirective)

	// Committees, terms and elections (committees.go).
	huma.Register(api, op(http.MethodGet, "/orgs/{id}/committee", "get-committee", "An organisation's committee and term"), s.getCommittee)
	huma.Register(api, op(http.MethodPost, "/committee-members", "create-committee-member", "Record a committee post holder", created), s.createCommitteeMember)
	huma.Register(api, op(http.MethodPut, "/committee-members/{id}", "update-committee-member", "Change a post or end it"), s.updateCommitteeMember)
	huma.Register(api, op(http.MethodDelete, "/committee-members/{id}", "delete-committee-member", "Remove a post holder entered by mistake", noContent), s.deleteCommitteeMember)
	huma.Register(api, op(http.MethodGet, "/terms", "list-terms", "Organisations whose committee term is expiring or expired"), s.listTerms)
	huma.Register(api, op(http.MethodGet, "/terms/export", "export-terms", "Export the expiring or expired terms (xlsx or csv)"), s.exportTerms)
	huma.Register(api, op(http.MethodGet, "/elections", "list-elections", "Election records of a subtree"), s.listElections)
	huma.Register(api, op(http.MethodPost, "/elections", "create-election", "Record a re-election validated against the rules", created), s.createElection)
	huma.Register(api, op(http.MethodGet, "/elections/{id}", "get-election", "An election record"), s.getElection)
	huma.Register(api, op(http.MethodPost, "/elections/{id}/secretary", "elect-secretary", "Record the secretary the new committee elected"), s.electSecretary)
	huma.Register(api, op(http.MethodPost, "/elections/{id}/report", "report-election", "Report the election to the upper organisation"), s.reportElection)
	huma.Register(api, op(http.MethodPost, "/elections/{id}/approve", "approve-election", "The upper organisation approves a reported election"), s.approveElection)

	// Attachments of meetings, directives, answers, courses, documents and development steps
	// (attachments.go).
	huma.Register(api, op(http.MethodGet, "/attachments", "list-attachments", "The files of a meeting, directive, answer, course, document or development step"), s.listAttachments)
	huma.Register(api, op(http.MethodPost, "/attachments", "upload-attachment", "Attach a file (multipart 'file'; accepted kinds recognised by content, size-limited)", created, func(o *huma.Operation) {
		o.MaxBodyBytes = s.attachmentMaxBytes() + uploadOverhead
	}), s.uploadAttachment)
	huma.Register(api, op(http.MethodGet, "/attachments/{id}", "download-attachment", "Download an attachment"), s.downloadAttachment)
	huma.Register(api, op(http.MethodDelete, "/attachments/{id}", "delete-attachment", "Remove an attachment", noContent), s.deleteAttachment)

	huma.Register(api, op(http.MethodGet, "/audit", "list-audit", "The audit log (audit administrators)"), s.listAudit)
	huma.Register(api, op(http.MethodGet, "/audit/verify", "verify-audit", "Verify the audit log's hash chain (whole-tree audit administrators)"), s.verifyAudit)
}

// MaxBodyBytes bounds a JSON request body (the import upload has its own, larger limit):
// a bigger body is refused with 413 before it is read.
const MaxBodyBytes = 64 << 10

// op describes one operation under /api/v1.
func op(method, path, id, summary string, opts ...func(*huma.Operation)) huma.Operation {
	o := huma.Operation{OperationID: id, Method: method, Path: "/api/v1" + path, Summary: summary, MaxBodyBytes: MaxBodyBytes}
	for _, f := range opts {
		f(&o)
	}
	return o
}
