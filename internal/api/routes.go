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
	huma.Register(api, op(http.MethodPost, "/members", "create-member", "Register a member", created), s.createMember)
	huma.Register(api, op(http.MethodPut, "/members/{id}", "update-member", "Edit a member"), s.updateMember)
	huma.Register(api, op(http.MethodDelete, "/members/{id}", "delete-member", "Remove a record entered by mistake", noContent), s.deleteMember)

	huma.Register(api, op(http.MethodGet, "/import/templates/{kind}", "import-template", "The import template (Chinese headers)"), s.importTemplate)
	huma.Register(api, op(http.MethodPost, "/import/{kind}", "import", "Import members or orgs from CSV/xlsx (job)", accepted, func(o *huma.Operation) {
		o.MaxBodyBytes = maxUpload
	}), s.importFile)
	huma.Register(api, op(http.MethodGet, "/jobs/{id}", "get-job", "A job's status and progress"), s.getJob)
	huma.Register(api, op(http.MethodGet, "/jobs/{id}/errors.xlsx", "job-errors", "An import's row error report (xlsx)"), s.jobErrors)

	huma.Register(api, op(http.MethodGet, "/users", "list-users", "Users in the caller's scope"), s.listUsers)
	huma.Register(api, op(http.MethodPost, "/users", "create-user", "Create a user with one role grant", created), s.createUser)
	huma.Register(api, op(http.MethodPost, "/users/{id}/grants", "add-grant", "Grant a role", created), s.addGrant)
	huma.Register(api, op(http.MethodDelete, "/users/{id}/grants/{grant_id}", "remove-grant", "Revoke a grant", noContent), s.removeGrant)
	huma.Register(api, op(http.MethodPost, "/users/{id}/password", "set-password", "Set a user's password", noContent), s.setPassword)

	huma.Register(api, op(http.MethodGet, "/alerts", "list-alerts", "Alerts to act on under a subtree, most urgent first"), s.listAlerts)
	huma.Register(api, op(http.MethodGet, "/alerts/summary", "alert-summary", "Alert counts by kind and severity under a subtree"), s.alertSummary)
	huma.Register(api, op(http.MethodPost, "/alerts/run", "run-alerts", "Recompute every alert now (staff, administrators)"), s.runAlerts)

	huma.Register(api, op(http.MethodGet, "/audit", "list-audit", "The audit log (auditors, administrators)"), s.listAudit)
}

// op describes one operation under /api/v1.
func op(method, path, id, summary string, opts ...func(*huma.Operation)) huma.Operation {
	o := huma.Operation{OperationID: id, Method: method, Path: "/api/v1" + path, Summary: summary}
	for _, f := range opts {
		f(&o)
	}
	return o
}
