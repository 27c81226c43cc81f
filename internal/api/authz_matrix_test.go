package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/development"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/imports"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/org"
)

// The authorization matrix: for every route of the API (enumerated from its OpenAPI document,
// so that a new route without an entry fails TestAuthorizationMatrix), every principal and
// both sides of the tree — side A, where the scoped principals have their grants ("own"), and
// side B ("other") — it asserts allowed or denied, and that a denied call shows nothing of the
// side's data; anonymous calls are 401; state-changing calls from another site are 403.
//
// ADDING A ROUTE: add one line to matrix, keyed by the route's operation id, e.g.
//
//	"list-transfers": {method: G, path: "/transfers?org={org}", own: business, other: city, marker: true},
//
// own and other name the principals allowed on side A and on side B (space-separated fixture
// users, or the sets below); everyone else must be denied. Placeholders in path and body:
//
//	{org} the side's branch (A1 / B1)           {district} the side's district (A / B)
//	{member} the side's member (李明 / 陈静)       {new-member} a fresh member in {org}
//	{new-org} a fresh party group under {org}    {new-branch} a fresh branch under {district}
//	{user} a fresh account, secretary of {org}   {grant} that account's grant
//	{session} a session of {user}                {my-session} another session of the caller (side B: of staffB)
//	{job} an import job of staffA (side B: of staffB)
//	{id-number} a fresh valid citizen ID number  {n} a number unique to the request
//
// Organisational life, each object made once per side in {org} (for reads) or fresh per call
// (new-…, for writes): {meeting}/{new-meeting} a meeting starting now (its sign-in open), with
// {sign-code}/{new-sign-code}; {directive}/{new-directive} issued by {district} to its branches;
// {document}/{new-document}; {study-session}/{new-study-session}; {plan}/{new-plan};
// {course}/{new-course}; {post}/{new-post} a committee post; {election} an election and
// {new-election}/{secretaried-election}/{reported-election} fresh ones (recorded; with its
// secretary; reported); {attachment}/{new-attachment} a file of the meeting.
//
// Member lifecycle: {development}/{new-development} an applicant's record in {org} (with
// {version}, and its first step {step}/{step-version});
// {transfer}/{new-transfer} a requested transfer of a fresh member of {org} to a fresh branch
// of {district}, {issued-transfer} one whose letter is issued, {returned-transfer} one returned,
// {outgoing-transfer} an issued one out of the system; {org-name} the side's branch name.
//
// marker: the answer names the side's object (the org, member or user): an allowed call shows
// it, a denied one must not — a 200 list without it counts as denied.

// Principals of the matrix; the scoped ones have their grants on side A.
var matrixUsers = []string{"admin", "secadmin", "secadminA", "auditor", "auditorA", "city", "staffA", "secA1", "memberA1"}

// Sets of principals.
const (
	all        = "*" // every logged-in principal
	none       = ""
	city       = "city"
	business   = "city staffA secA1 memberA1" // business data readers
	writers    = "city staffA secA1"          // business data writers
	managers   = "city staffA"                // restructure organisations
	directory  = "city staffA secA1 memberA1 secadmin secadminA"
	grantersA  = "secadmin secadminA"
	wholeTrees = "admin secadmin auditor city" // principals whose scope has no side
)

const (
	G = http.MethodGet
	P = http.MethodPost
	U = http.MethodPut
	D = http.MethodDelete
)

// entry is what the matrix says of one route.
type entry struct {
	method, path string
	body         any
	own, other   string
	marker       bool
	// public: anonymous callers are served too (the login).
	public bool
	// ok is the status of an allowed call when it is not 2xx (a change of password sent with a
	// wrong current password reaches the handler and answers 422).
	ok int
	// fresh: the call uses a new session of the caller (it ends the session: logout).
	fresh bool
	// upload: the body is a members CSV with one row in {org}, sent as multipart "file".
	upload bool
	// job: the route starts a job whose result says what was done: allowed means the row was
	// taken, denied that it was refused (or the call itself was).
	job bool
	// attach: the body is a small text file, sent as multipart "file".
	attach bool
}

var matrix = map[string]entry{
	"login":           {method: P, path: "/auth/login", body: map[string]any{"username": "staffB", "password": testPassword}, own: all, other: all, public: true},
	"logout":          {method: P, path: "/auth/logout", own: all, other: all, fresh: true},
	"me":              {method: G, path: "/auth/me", own: all, other: all},
	"change-password": {method: P, path: "/auth/password", body: map[string]any{"current_password": "not it", "new_password": "Another#2026"}, own: all, other: all, ok: 422},
	"my-sessions":     {method: G, path: "/auth/sessions", own: all, other: all},
	"end-my-session":  {method: D, path: "/auth/sessions/{my-session}", own: all, other: none},
	"codes":           {method: G, path: "/meta/codes", own: all, other: all},

	"list-orgs":    {method: G, path: "/orgs?parent={district}", own: "city staffA secadmin secadminA", other: "city secadmin", marker: true},
	"export-orgs":  {method: G, path: "/orgs/export?org={district}&format=csv", own: managers, other: city, marker: true},
	"get-org":      {method: G, path: "/orgs/{org}", own: directory, other: "city secadmin", marker: true},
	"create-org":   {method: P, path: "/orgs", body: map[string]any{"parent_id": "{district}", "name": "新支部{n}", "type": "branch"}, own: managers, other: city},
	"update-org":   {method: U, path: "/orgs/{new-org}", body: map[string]any{"name": "改名{n}", "type": "party_group", "version": 1}, own: writers, other: city},
	"move-org":     {method: P, path: "/orgs/{new-branch}/move", body: map[string]any{"parent_id": "{district}", "version": 1}, own: managers, other: city},
	"dissolve-org": {method: P, path: "/orgs/{new-org}/dissolve", body: map[string]any{"version": 1}, own: managers, other: city},
	"org-stats":    {method: G, path: "/orgs/{org}/stats", own: writers, other: city},

	"list-members":   {method: G, path: "/members?org={org}", own: business, other: city, marker: true},
	"export-members": {method: G, path: "/members/export?org={org}&format=csv", own: business, other: city, marker: true},
	"get-member":     {method: G, path: "/members/{member}", own: business, other: city, marker: true},
	"member-history": {method: G, path: "/members/{member}/history", own: business, other: city, marker: true},
	"reveal-member":  {method: P, path: "/members/{member}/reveal", own: business, other: city},
	"create-member": {method: P, path: "/members", body: map[string]any{"org_id": "{org}", "name": "新党员", "id_number": "{id-number}",
		"category": "full", "status": "normal", "ethnicity": "汉族", "admitted_on": "2000-07-01"}, own: writers, other: city},
	"update-member": {method: U, path: "/members/{new-member}", body: map[string]any{"name": "改名", "id_number": "{id-number}",
		"category": "full", "status": "normal", "ethnicity": "汉族", "admitted_on": "2000-07-01", "version": 1}, own: writers, other: city},
	"delete-member": {method: D, path: "/members/{new-member}?version=1", own: writers, other: city},

	"import-template": {method: G, path: "/import/templates/members?format=csv", own: all, other: all},
	"import":          {method: P, path: "/import/members?dry_run=true", upload: true, job: true, own: writers, other: city},
	"get-job":         {method: G, path: "/jobs/{job}", own: "staffA", other: none, marker: true},
	"job-errors":      {method: G, path: "/jobs/{job}/errors.xlsx", own: "staffA", other: none},

	"list-users":        {method: G, path: "/users", own: "admin secadmin secadminA", other: "admin secadmin", marker: true},
	"create-user":       {method: P, path: "/users", body: map[string]any{"username": "u{n}", "password": testPassword}, own: "admin", other: "admin"},
	"add-grant":         {method: P, path: "/users/{user}/grants", body: map[string]any{"role": "staff", "org_id": "{org}"}, own: grantersA, other: "secadmin"},
	"remove-grant":      {method: D, path: "/users/{user}/grants/{grant}", own: grantersA, other: "secadmin"},
	"reset-password":    {method: P, path: "/users/{user}/password", body: map[string]any{"password": "Reset#2026x"}, own: "admin", other: "admin"},
	"unlock-user":       {method: P, path: "/users/{user}/unlock", own: "admin", other: "admin"},
	"user-sessions":     {method: G, path: "/users/{user}/sessions", own: "admin", other: "admin"},
	"end-user-sessions": {method: D, path: "/users/{user}/sessions", own: "admin", other: "admin"},
	"end-user-session":  {method: D, path: "/users/{user}/sessions/{session}", own: "admin", other: "admin"},

	"list-audit":   {method: G, path: "/audit?entity=member&entity_id={member}", own: "auditor auditorA", other: "auditor", marker: true},
	"verify-audit": {method: G, path: "/audit/verify", own: "auditor", other: "auditor"},

	"list-alerts":   {method: G, path: "/alerts?org={org}", own: business, other: city},
	"alert-summary": {method: G, path: "/alerts/summary?org={org}", own: business, other: city},
	"run-alerts":    {method: P, path: "/alerts/run", own: "admin city staffA", other: "admin city staffA"},
	// Organisational life.
	"list-meetings":     {method: G, path: "/meetings?org={org}&size=200", own: writers, other: city, marker: true},
	"export-meetings":   {method: G, path: "/meetings/export?org={org}&format=csv", own: writers, other: city, marker: true},
	"create-meeting":    {method: P, path: "/meetings", body: map[string]any{"org_id": "{org}", "type": "theme_day", "topic": "会议{n}", "starts_at": "2030-01-01T09:00:00+08:00", "ends_at": "2030-01-01T10:00:00+08:00"}, own: writers, other: city},
	"get-meeting":       {method: G, path: "/meetings/{meeting}", own: writers, other: city, marker: true},
	"update-meeting":    {method: U, path: "/meetings/{new-meeting}", body: map[string]any{"type": "theme_day", "topic": "改{n}", "starts_at": "2030-01-01T09:00:00+08:00", "ends_at": "2030-01-01T10:00:00+08:00", "version": 1}, own: writers, other: city},
	"delete-meeting":    {method: D, path: "/meetings/{new-meeting}?version=1", own: writers, other: city},
	"mark-attendance":   {method: U, path: "/meetings/{new-meeting}/attendance", body: map[string]any{"version": 1, "marks": []any{}}, own: writers, other: city},
	"new-sign-code":     {method: P, path: "/meetings/{new-meeting}/sign-code", body: map[string]any{"version": 1}, own: writers, other: city},
	"signin-preview":    {method: G, path: "/signin/{sign-code}", own: "memberA1", other: none, marker: true},
	"signin":            {method: P, path: "/signin/{new-sign-code}", own: "memberA1", other: none},
	"my-meetings":       {method: G, path: "/me/meetings", own: "memberA1", other: none, marker: true},
	"compliance":        {method: G, path: "/compliance?org={district}", own: managers, other: city, marker: true},
	"compliance-missed": {method: G, path: "/compliance/missed?org={district}&meeting_type=theme_day", own: managers, other: city},
	"export-compliance": {method: G, path: "/compliance/export?org={district}&format=csv", own: managers, other: city, marker: true},

	"list-study-plans":     {method: G, path: "/study/plans?org={org}", own: writers, other: city, marker: true},
	"create-study-plan":    {method: P, path: "/study/plans", body: map[string]any{"org_id": "{org}", "year": 2026, "title": "计划{n}"}, own: writers, other: city},
	"update-study-plan":    {method: U, path: "/study/plans/{new-plan}", body: map[string]any{"year": 2026, "title": "改{n}", "version": 1}, own: writers, other: city},
	"delete-study-plan":    {method: D, path: "/study/plans/{new-plan}?version=1", own: writers, other: city},
	"list-study-courses":   {method: G, path: "/study/courses?org={org}", own: writers, other: city, marker: true},
	"create-study-course":  {method: P, path: "/study/courses", body: map[string]any{"org_id": "{org}", "kind": "course", "title": "课程{n}"}, own: writers, other: city},
	"update-study-course":  {method: U, path: "/study/courses/{new-course}", body: map[string]any{"kind": "course", "title": "改{n}", "version": 1}, own: writers, other: city},
	"delete-study-course":  {method: D, path: "/study/courses/{new-course}?version=1", own: writers, other: city},
	"list-study-sessions":  {method: G, path: "/study/sessions?org={org}", own: writers, other: city, marker: true},
	"create-study-session": {method: P, path: "/study/sessions", body: map[string]any{"org_id": "{org}", "title": "学习{n}", "held_on": "{today}", "hours": 20}, own: writers, other: city},
	"get-study-session":    {method: G, path: "/study/sessions/{study-session}", own: writers, other: city, marker: true},
	"update-study-session": {method: U, path: "/study/sessions/{new-study-session}", body: map[string]any{"title": "改{n}", "held_on": "{today}", "hours": 20, "version": 1}, own: writers, other: city},
	"delete-study-session": {method: D, path: "/study/sessions/{new-study-session}?version=1", own: writers, other: city},
	"mark-study-records":   {method: U, path: "/study/sessions/{new-study-session}/records", body: map[string]any{"version": 1, "marks": []any{}}, own: writers, other: city},
	"study-report":         {method: G, path: "/study/report?org={org}", own: writers, other: city, marker: true},
	"export-study-report":  {method: G, path: "/study/report/export?org={org}&format=csv", own: writers, other: city, marker: true},
	"my-study":             {method: G, path: "/me/study", own: "memberA1", other: "memberA1"},

	"list-documents":       {method: G, path: "/documents?org={org}", own: writers, other: city, marker: true},
	"create-document":      {method: P, path: "/documents", body: map[string]any{"org_id": "{org}", "title": "材料{n}"}, own: writers, other: city},
	"get-document":         {method: G, path: "/documents/{document}", own: business, other: city, marker: true},
	"delete-document":      {method: D, path: "/documents/{new-document}?version=1", own: writers, other: city},
	"document-acks":        {method: G, path: "/documents/{document}/acks", own: writers, other: city, marker: true},
	"acknowledge-document": {method: P, path: "/documents/{new-document}/ack", own: "memberA1", other: none},
	"my-documents":         {method: G, path: "/me/documents", own: "memberA1", other: none, marker: true},

	"list-directives":      {method: G, path: "/directives?org={district}", own: managers, other: city, marker: true},
	"create-directive":     {method: P, path: "/directives", body: map[string]any{"org_id": "{district}", "title": "指示{n}", "deadline": "2030-01-01", "targeting": "descendants"}, own: managers, other: city},
	"get-directive":        {method: G, path: "/directives/{directive}", own: writers, other: city, marker: true},
	"directive-completion": {method: G, path: "/directives/{directive}/completion?org={org}", own: writers, other: city, marker: true},
	"directive-targets":    {method: G, path: "/directives/{directive}/targets", own: writers, other: city, marker: true},
	"answer-directive":     {method: P, path: "/directives/{new-directive}/answers", body: map[string]any{"org_id": "{org}", "kind": "report", "report": "已传达"}, own: writers, other: city},
	"remind-directive":     {method: P, path: "/directives/{new-directive}/remind", body: map[string]any{}, own: managers, other: city},
	"export-directive":     {method: G, path: "/directives/{directive}/export?format=csv", own: writers, other: city, marker: true},

	"get-committee":           {method: G, path: "/orgs/{org}/committee?all=true", own: writers, other: city, marker: true},
	"create-committee-member": {method: P, path: "/committee-members", body: map[string]any{"org_id": "{org}", "member_id": "{new-member}", "post": "member", "term_start": "2024-01-01"}, own: writers, other: city},
	"update-committee-member": {method: U, path: "/committee-members/{new-post}", body: map[string]any{"post": "member", "term_start": "2024-02-01", "version": 1}, own: writers, other: city},
	"delete-committee-member": {method: D, path: "/committee-members/{new-post}?version=1", own: writers, other: city},
	"list-terms":              {method: G, path: "/terms?org={district}&state=expiring", own: managers, other: city},
	"export-terms":            {method: G, path: "/terms/export?org={district}&state=expiring&format=csv", own: managers, other: city},
	"list-elections":          {method: G, path: "/elections?org={org}", own: writers, other: city, marker: true},
	"create-election":         {method: P, path: "/elections", body: "{election-body}", own: writers, other: city},
	"get-election":            {method: G, path: "/elections/{election}", own: business, other: city, marker: true},
	"elect-secretary":         {method: P, path: "/elections/{new-election}/secretary", body: map[string]any{"version": "{version}", "secretary_id": "{elected}"}, own: writers, other: city},
	"report-election":         {method: P, path: "/elections/{secretaried-election}/report", body: map[string]any{"version": "{version}"}, own: writers, other: city},
	"approve-election":        {method: P, path: "/elections/{reported-election}/approve", body: map[string]any{"version": "{version}"}, own: managers, other: city},

	"list-attachments":    {method: G, path: "/attachments?owner_type=meeting&owner_id={meeting}", own: writers, other: city, marker: true},
	"upload-attachment":   {method: P, path: "/attachments?owner_type=meeting&owner_id={new-meeting}", attach: true, own: writers, other: city},
	"download-attachment": {method: G, path: "/attachments/{attachment}", own: writers, other: city, marker: true},
	"delete-attachment":   {method: D, path: "/attachments/{new-attachment}", own: writers, other: city},

	// Member lifecycle: development records, status changes, transfers.
	"list-developments":   {method: G, path: "/developments?org={org}", own: writers, other: city, marker: true},
	"create-development":  {method: P, path: "/developments", body: map[string]any{"org_id": "{org}", "name": "申请人{n}", "id_number": "{id-number}", "ethnicity": "汉族", "applied_on": "{today}"}, own: writers, other: city},
	"export-developments": {method: G, path: "/developments/export?org={org}&format=csv", own: writers, other: city, marker: true},
	"get-development":     {method: G, path: "/developments/{development}", own: writers, other: city, marker: true},
	"reveal-development":  {method: P, path: "/developments/{development}/reveal", own: writers, other: city},
	"update-development":  {method: U, path: "/developments/{new-development}", body: map[string]any{"name": "改名{n}", "id_number": "{dev-id-number}", "sex": "{dev-sex}", "ethnicity": "汉族", "version": "{version}"}, own: writers, other: city},
	"delete-development":  {method: D, path: "/developments/{new-development}?version={version}", own: writers, other: city},
	"record-step":         {method: P, path: "/developments/{new-development}/steps/2", body: map[string]any{"done_on": "{today}", "persons": "支部书记", "version": "{version}"}, own: writers, other: city},
	"update-step":         {method: U, path: "/developments/{new-development}/steps/{step}", body: map[string]any{"persons": "改", "version": "{step-version}"}, own: writers, other: city},
	"delete-step":         {method: D, path: "/developments/{new-development}/steps/{step2}?version={step2-version}", own: writers, other: city},
	"stop-development":    {method: P, path: "/developments/{new-development}/stop", body: map[string]any{"reason": "withdrew", "on": "{today}", "version": "{version}"}, own: writers, other: city},

	"change-member-status":  {method: P, path: "/members/{new-member}/status", body: map[string]any{"kind": "lost_contact", "effective_on": "{today}", "reason": "联系不上", "version": 1}, own: writers, other: city},
	"member-status-changes": {method: G, path: "/members/{member}/status-changes", own: business, other: city},

	"list-transfers":        {method: G, path: "/transfers?org={district}", own: managers, other: city, marker: true},
	"request-transfer":      {method: P, path: "/transfers", body: map[string]any{"member_id": "{new-member}", "kind": "internal", "to_org_id": "{new-branch}", "reason": "工作调动", "dues_paid_until": "2026-11"}, own: writers, other: city},
	"transfer-destinations": {method: G, path: "/transfers/destinations?q={org-name}", own: writers, other: writers, marker: true},
	"export-transfers":      {method: G, path: "/transfers/export?org={district}&format=csv", own: managers, other: city, marker: true},
	"incoming-transfer": {method: P, path: "/transfers/incoming", body: map[string]any{"member": map[string]any{"org_id": "{org}", "name": "外来{n}", "id_number": "{id-number}",
		"category": "full", "ethnicity": "汉族", "admitted_on": "2000-07-01", "full_on": "2001-07-01"}, "external_org": "外地党委", "letter_no": "L{n}", "issued_on": "{today}"}, own: writers, other: city},
	"get-transfer":     {method: G, path: "/transfers/{transfer}", own: writers, other: city, marker: true},
	"approve-transfer": {method: P, path: "/transfers/{new-transfer}/approve", body: map[string]any{"version": "{version}"}, own: writers, other: city},
	"cancel-transfer":  {method: P, path: "/transfers/{new-transfer}/cancel", body: map[string]any{"version": "{version}"}, own: writers, other: city},
	"transfer-letter":  {method: G, path: "/transfers/{issued-transfer}/letter", own: writers, other: city, marker: true},
	"accept-transfer":  {method: P, path: "/transfers/{issued-transfer}/accept", body: map[string]any{"version": "{version}"}, own: managers, other: city},
	"return-transfer":  {method: P, path: "/transfers/{issued-transfer}/return", body: map[string]any{"version": "{version}", "note": "信息不全"}, own: managers, other: city},
	"record-receipt":   {method: P, path: "/transfers/{outgoing-transfer}/receipt", body: map[string]any{"version": "{version}"}, own: writers, other: city},
	"reissue-transfer": {method: P, path: "/transfers/{returned-transfer}/reissue", body: map[string]any{"version": "{version}"}, own: writers, other: city},
}

// side is one half of the fixture's tree with the objects the placeholders name.
type side struct {
	name, org, district, member, user string
}

var sides = []side{{"own", "A1", "A", "a1", "secA1"}, {"other", "B1", "B", "b1", "staffB"}}

// matrixRun holds the per-test state: a counter for unique names and the jobs of each side.
type matrixRun struct {
	t    *testing.T
	w    *world
	n    atomic.Int64
	jobs map[string]int64
	life map[string]*lifeObjects
	// dev and transfer are the lifecycle objects of each side, made at first use.
	dev      map[string]*development.Detail
	transfer map[string]*model.Transfer
}

func allowed(set, user string) bool {
	if set == all {
		return user != ""
	}
	for _, u := range strings.Fields(set) {
		if u == user {
			return true
		}
	}
	return false
}

// TestAuthorizationMatrix walks every route × principal × side.
func TestAuthorizationMatrix(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		if _, err := w.app.Alerts.Run(ctx, w.app.Alerts.Today()); err != nil {
			t.Fatal(err)
		}
		m := &matrixRun{t: t, w: w, jobs: map[string]int64{}, life: map[string]*lifeObjects{}, dev: map[string]*development.Detail{},
			transfer: map[string]*model.Transfer{}}
		m.jobs["own"] = m.importJob("staffA")
		m.jobs["other"] = m.importJob("staffB")
		for _, sd := range sides {
			m.life[sd.name] = m.lifeOf(t, sd, 0)
		}
		seen := map[string]bool{}
		doc := w.routes.OpenAPI()
		var paths []string
		for p := range doc.Paths {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, path := range paths {
			item := doc.Paths[path]
			for _, mo := range []struct {
				method string
				op     *huma.Operation
			}{{G, item.Get}, {P, item.Post}, {U, item.Put}, {D, item.Delete}, {http.MethodPatch, item.Patch}} {
				if mo.op == nil {
					continue
				}
				mo := struct{ method, id string }{mo.method, mo.op.OperationID}
				seen[mo.id] = true
				e, found := matrix[mo.id]
				if !found {
					t.Errorf("route %s %s (operation %q) has no entry in the authorization matrix: add one line to matrix in "+
						"internal/api/authz_matrix_test.go, e.g.\n\t%q: {method: %s, path: %q, own: writers, other: city},",
						mo.method, path, mo.id, mo.id, methodConst(mo.method), strings.TrimPrefix(path, "/api/v1"))
					continue
				}
				t.Run(mo.id, func(t *testing.T) { m.check(t, mo.method, path, e) })
			}
		}
		for id := range matrix {
			if !seen[id] {
				t.Errorf("the authorization matrix has an entry for %q, which is not a route (renamed or removed?)", id)
			}
		}
	})
}

func methodConst(m string) string {
	return map[string]string{G: "G", P: "P", U: "U", D: "D"}[m]
}

// check runs one route for every principal and side.
func (m *matrixRun) check(t *testing.T, method, template string, e entry) {
	if e.method != method {
		t.Fatalf("the entry says %s, the route is %s", e.method, method)
	}
	route := regexp.MustCompile("^" + regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(template, "[^/]+") + "$")
	for _, sd := range sides {
		for _, user := range append([]string{""}, matrixUsers...) {
			want := allowed(e.own, user)
			if sd.name == "other" {
				want = allowed(e.other, user)
			}
			if user == "" {
				want = e.public
			}
			m.one(t, sd, user, e, route, want)
		}
		if method != G {
			m.crossSite(t, sd, e, route)
		}
	}
}

// one sends the route's request for one principal on one side and checks the answer.
func (m *matrixRun) one(t *testing.T, sd side, user string, e entry, route *regexp.Regexp, want bool) {
	req := m.build(t, sd, user, e)
	if !route.MatchString(strings.SplitN(req.path, "?", 2)[0]) {
		t.Fatalf("the entry's path %s does not reach the route %s", req.path, route)
	}
	res, body := m.send(user, req, e.fresh, nil)
	name := fmt.Sprintf("%s on %s: %s %s", nameOf(user), sd.name, e.method, req.path)
	status := res.StatusCode
	if e.job && status/100 == 2 {
		if m.jobTook(t, user, body) == want {
			return
		}
		t.Errorf("%s: the job's result does not match (allowed: %v): %.300s", name, want, body)
		return
	}
	shows := req.marker != "" && strings.Contains(body, req.marker)
	switch {
	case user == "" && !e.public:
		if status != http.StatusUnauthorized || shows {
			t.Errorf("%s: anonymous answer %d (want 401): %.300s", name, status, body)
		}
	case want:
		good := status/100 == 2 || (e.ok != 0 && status == e.ok)
		if !good || (e.marker && !shows) {
			t.Errorf("%s: allowed, but answered %d (marker %q shown: %v): %.300s", name, status, req.marker, shows, body)
		}
	default:
		denied := status == 401 || status == 403 || status == 404 || status == 422
		if e.method == G && e.marker && status == 200 {
			denied = true // a list without the side's objects
		}
		if !denied || shows {
			t.Errorf("%s: must be denied, but answered %d (marker %q shown: %v): %.300s", name, status, req.marker, shows, body)
		}
	}
}

// crossSite sends the state-changing request from another site: refused whoever sends it.
func (m *matrixRun) crossSite(t *testing.T, sd side, e entry, route *regexp.Regexp) {
	user := "staffA"
	if fs := strings.Fields(e.own); len(fs) > 0 && e.own != all {
		user = fs[0]
	}
	req := m.build(t, sd, user, e)
	res, body := m.send(user, req, e.fresh, []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("%s %s from another site by %s: %d, want 403: %.200s", e.method, req.path, user, res.StatusCode, body)
	}
}

func nameOf(user string) string {
	if user == "" {
		return "anonymous"
	}
	return user
}

// request is a built call: its method, path, body and the marker naming the side's object.
type request struct {
	method string
	path   string
	body   []byte
	ctype  string
	marker string
}

// build replaces the placeholders, creating the fresh objects they name.
func (m *matrixRun) build(t *testing.T, sd side, user string, e entry) request {
	w := m.w
	n := m.n.Add(1)
	r := request{method: e.method}
	vals := map[string]string{
		"{org}": itoa(w.orgs[sd.org].ID), "{district}": itoa(w.orgs[sd.district].ID), "{member}": itoa(w.members[sd.member].ID),
		"{n}": itoa(n), "{id-number}": m.freshID(n), "{job}": itoa(m.jobs[sd.name]),
	}
	text := e.path
	if e.body != nil {
		b, _ := json.Marshal(e.body)
		text += "\x00" + string(b)
	}
	has := func(p string) bool { return strings.Contains(text, p) }
	switch {
	case has("{member}"):
		r.marker = w.members[sd.member].Name
	case has("{org}") && e.method == G, has("{district}") && e.method == G:
		r.marker = w.orgs[sd.org].Name
	}
	if has("{new-member}") {
		vals["{new-member}"] = itoa(m.freshMember(t, sd, n))
	}
	if has("{new-org}") {
		vals["{new-org}"] = itoa(m.freshOrg(t, sd.org, model.PartyGroup, n))
	}
	if has("{new-branch}") {
		vals["{new-branch}"] = itoa(m.freshOrg(t, sd.district, model.Branch, n))
	}
	if has("{user}") || has("{grant}") || has("{session}") {
		id, grant, session, name := m.freshUser(t, sd, n)
		vals["{user}"], vals["{grant}"], vals["{session}"] = itoa(id), itoa(grant), itoa(session)
		if e.method == G && e.marker {
			r.marker = name
		}
	}
	if e.path == "/users" && e.method == G {
		r.marker = `"username":"` + sd.user + `"`
	}
	if has("{my-session}") {
		vals["{my-session}"] = itoa(m.otherSession(t, sd, user))
	}
	if has("{job}") {
		r.marker = fmt.Sprintf(`"id":%d`, m.jobs[sd.name])
	}
	m.lifeValues(t, sd, n, text, vals, &r, e)
	m.lifecycleValues(t, sd, n, text, vals, &r, e)
	replace := func(s string) string {
		for k, v := range vals {
			if k != "{id-number}" && k != "{n}" && k != "{today}" && k != "{org-name}" && k != "{dev-id-number}" && k != "{dev-sex}" {
				s = strings.ReplaceAll(s, `"`+k+`"`, v) // an id: a bare number in JSON
			}
			s = strings.ReplaceAll(s, k, v)
		}
		return s
	}
	r.path = "/api/v1" + replace(e.path)
	switch {
	case e.attach:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		f, _ := mw.CreateFormFile("file", "纪要.txt")
		f.Write([]byte("会议纪要"))
		mw.Close()
		r.body, r.ctype = buf.Bytes(), mw.FormDataContentType()
	case e.upload:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		f, _ := mw.CreateFormFile("file", "m.csv")
		fmt.Fprintf(f, "姓名,公民身份号码,党员类别,党组织编码\n新党员,%s,正式党员,%s\n", vals["{id-number}"], w.orgs[sd.org].Code)
		mw.Close()
		r.body, r.ctype = buf.Bytes(), mw.FormDataContentType()
	case e.body == "{election-body}":
		r.body, r.ctype = []byte(vals["{election-body}"]), "application/json"
	case e.body != nil:
		b, _ := json.Marshal(e.body)
		r.body, r.ctype = []byte(replace(string(b))), "application/json"
	}
	return r
}

// send sends a built request as user (with a fresh session of user when asked).
func (m *matrixRun) send(user string, r request, fresh bool, headers []string) (*http.Response, string) {
	w := m.w
	req, _ := http.NewRequest(r.method, w.srv.URL+r.path, bytes.NewReader(r.body))
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if user != "" {
		cookie := w.cookies[user]
		if fresh {
			_, _, cookie = w.loginAs(user, testPassword)
		}
		req.AddCookie(&http.Cookie{Name: "dj_session", Value: cookie})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		m.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// jobTook waits for the job of an answer and reports whether it took its one row.
func (m *matrixRun) jobTook(t *testing.T, user, body string) bool {
	var j struct {
		JobID int64 `json:"job_id"`
	}
	json.Unmarshal([]byte(body), &j)
	m.w.app.Jobs.Wait()
	res, text := m.w.do(user, G, "/api/v1/jobs/"+itoa(j.JobID), nil)
	var out struct {
		Status string
		Result imports.Result
	}
	json.Unmarshal([]byte(text), &out)
	if res.StatusCode != 200 || out.Status != "succeeded" {
		t.Fatalf("job %d: %d %s", j.JobID, res.StatusCode, text)
	}
	return out.Result.Created == 1 && out.Result.Invalid == 0
}

// freshID returns a valid citizen ID number unique to n.
func (m *matrixRun) freshID(n int64) string {
	base := fmt.Sprintf("3201021975%02d%02d%03d", 1+n%12, 1+n%28, n%1000)
	return base + string(model.IDCheckDigit(base))
}

func (m *matrixRun) freshMember(t *testing.T, sd side, n int64) int64 {
	mb := &model.Member{OrgID: m.w.orgs[sd.org].ID, Name: "临时党员", IDNumber: m.freshID(n + 500000), Ethnicity: "汉族",
		Category: model.Full, Status: model.StatusNormal, AdmittedOn: model.NewDate(2000, 7, 1)}
	if _, err := m.w.app.Members.Create(context.Background(), auth.System, mb); err != nil {
		t.Fatalf("fresh member: %v", err)
	}
	return mb.ID
}

func (m *matrixRun) freshOrg(t *testing.T, parent string, typ model.OrgType, n int64) int64 {
	o, _, err := m.w.app.Orgs.Create(context.Background(), auth.System, org.Input{ParentID: m.w.orgs[parent].ID,
		Name: fmt.Sprintf("临时组织%d", n), Type: typ})
	if err != nil {
		t.Fatalf("fresh org: %v", err)
	}
	return o.ID
}

// freshUser creates an account, secretary of the side's branch, logged in once.
func (m *matrixRun) freshUser(t *testing.T, sd side, n int64) (id, grant, session int64, name string) {
	ctx := context.Background()
	name = fmt.Sprintf("mx-%s-%d", sd.name, n)
	u, err := m.w.app.Auth.CreateUser(ctx, auth.System, auth.NewUser{Username: name, Password: testPassword,
		Role: model.RoleSecretary, OrgID: m.w.orgs[sd.org].ID, Changed: true})
	if err != nil {
		t.Fatalf("fresh user: %v", err)
	}
	if _, _, err := m.w.app.Auth.Login(ctx, name, testPassword); err != nil {
		t.Fatal(err)
	}
	list, _ := m.w.app.Store.ListSessions(ctx, u.ID, m.w.app.Auth.Now())
	return u.ID, u.Grants[0].ID, list[0].ID, name
}

// otherSession returns the id of a second session of user (own side) or of staffB (other side).
func (m *matrixRun) otherSession(t *testing.T, sd side, user string) int64 {
	ctx := context.Background()
	who := user
	if sd.name == "other" || user == "" {
		who = "staffB"
	}
	if _, _, err := m.w.app.Auth.Login(ctx, who, testPassword); err != nil {
		t.Fatal(err)
	}
	u, _ := m.w.app.Store.GetUserByUsername(ctx, who)
	list, _ := m.w.app.Store.ListSessions(ctx, u.ID, m.w.app.Auth.Now())
	return list[0].ID
}

// importJob records a finished import job of user, with one row error.
func (m *matrixRun) importJob(user string) int64 {
	ctx := context.Background()
	u, _ := m.w.app.Store.GetUserByUsername(ctx, user)
	p, _ := m.w.app.Auth.PrincipalFor(ctx, u.ID)
	j, err := m.w.app.Jobs.Start(ctx, p, "import_members_dry_run", "", func(context.Context, jobs.Progress) (any, error) {
		return &imports.Result{DryRun: true, Rows: 1, Invalid: 1, Errors: []importer.RowError{{Row: 2, Column: "姓名", Code: "required"}}}, nil
	})
	if err != nil {
		m.t.Fatal(err)
	}
	m.w.app.Jobs.Wait()
	return j.ID
}
