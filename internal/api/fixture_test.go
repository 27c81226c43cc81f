package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/app"
	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/org"
	"dangjian/internal/store/storetest"
)

// world is a small city for API tests:
//
//	city ─ A (district) ─ A1 (branch: 3 full members) ─ A1g (party group)
//	     └ B (district) ─ B1 (branch: 2 members)
//
// with the three administrators admin, secadmin and auditor (whole tree), a security and an
// audit administrator of A (secadminA, auditorA), and the business users city (staff of the
// whole city), staffA, secA1, staffB and memberA1 (self).
type world struct {
	t       testing.TB
	app     *app.App
	srv     *httptest.Server
	orgs    map[string]*model.Org
	members map[string]*model.Member
	cookies map[string]string
	// routes is the huma API served: its OpenAPI document lists every route.
	routes huma.API
}

const testPassword = "Passw0rd!x"

func init() {
	// Cheap hashes keep the suite fast; the production cost is tested in service/auth.
	auth.Argon = auth.ArgonParams{Time: 1, Memory: 1024, Threads: 1}
}

func newWorld(t testing.TB, engine string) *world {
	t.Helper()
	s := storetest.Open(t, engine)
	w := &world{t: t, orgs: map[string]*model.Org{}, members: map[string]*model.Member{}, cookies: map[string]string{}}
	a, err := app.FromStore(s, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	w.app = a
	// The suite logs in far more often than a person; the limits have their own test.
	a.Rules.Security.LoginRatePerMinute, a.Rules.Security.AnonymousRatePerMinute = 10000, 10000
	h, routes := a.HandlerAndAPI(nil, false, "", "test")
	w.srv, w.routes = httptest.NewServer(h), routes
	t.Cleanup(func() { w.srv.Close(); a.Jobs.Shutdown() })
	ctx := context.Background()
	mk := func(key, parent string, typ model.OrgType) {
		var pid int64
		if parent != "" {
			pid = w.orgs[parent].ID
		}
		o, _, err := a.Orgs.Create(ctx, auth.System, org.Input{ParentID: pid, Name: "组织" + key, Type: typ, Code: "C-" + key})
		if err != nil {
			t.Fatalf("create %s: %v", key, err)
		}
		w.orgs[key] = o
	}
	mk("city", "", model.MunicipalCommittee)
	mk("A", "city", model.DistrictCommittee)
	mk("A1", "A", model.Branch)
	mk("A1g", "A1", model.PartyGroup)
	mk("B", "city", model.DistrictCommittee)
	mk("B1", "B", model.Branch)
	for i, spec := range []struct{ key, org, name string }{
		{"a1", "A1", "李明"}, {"a2", "A1", "王芳"}, {"a3", "A1", "赵强"}, {"b1", "B1", "陈静"}, {"b2", "B1", "刘洋"},
	} {
		m := &model.Member{OrgID: w.orgs[spec.org].ID, Name: spec.name, IDNumber: testID(1970+i, i), Ethnicity: "汉族",
			Category: model.Full, Status: model.StatusNormal, Education: model.EduUndergraduate,
			AdmittedOn: model.NewDate(2000, 7, 1), FullOn: model.NewDate(2001, 7, 1), Phone: fmt.Sprintf("1390000000%d", i)}
		if _, err := a.Members.Create(ctx, auth.System, m); err != nil {
			t.Fatalf("member %s: %v", spec.key, err)
		}
		w.members[spec.key] = m
	}
	users := []struct {
		name   string
		role   model.Role
		org    string
		member string
	}{
		{"admin", model.RoleAdmin, "", ""}, {"secadmin", model.RoleSecAdmin, "", ""}, {"auditor", model.RoleAuditor, "", ""},
		{"secadminA", model.RoleSecAdmin, "A", ""}, {"auditorA", model.RoleAuditor, "A", ""},
		{"city", model.RoleStaff, "city", ""}, {"staffA", model.RoleStaff, "A", ""}, {"secA1", model.RoleSecretary, "A1", ""},
		{"staffB", model.RoleStaff, "B", ""}, {"memberA1", model.RoleMember, "A1", "a1"},
	}
	for _, u := range users {
		nu := auth.NewUser{Username: u.name, Password: testPassword, Role: u.role, Changed: true}
		if u.org != "" {
			nu.OrgID = w.orgs[u.org].ID
		}
		if u.member != "" {
			nu.MemberID = w.members[u.member].ID
		}
		if _, err := a.Auth.CreateUser(ctx, auth.System, nu); err != nil {
			t.Fatalf("user %s: %v", u.name, err)
		}
		w.cookies[u.name] = w.login(u.name, testPassword)
	}
	return w
}

// testID builds a valid ID number born on 1 March of year with sequence seq (odd → male).
func testID(year, seq int) string {
	base := fmt.Sprintf("210202%04d0301%03d", year, 100+seq)
	return base + string(model.IDCheckDigit(base))
}

func (w *world) login(user, password string) string {
	w.t.Helper()
	res, body := w.do("", http.MethodPost, "/api/v1/auth/login", map[string]string{"username": user, "password": password})
	if res.StatusCode != http.StatusOK {
		w.t.Fatalf("login %s: %d %s", user, res.StatusCode, body)
	}
	for _, c := range res.Cookies() {
		if c.Name == "dj_session" {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				w.t.Fatalf("session cookie must be HttpOnly and SameSite=Lax: %+v", c)
			}
			return c.Value
		}
	}
	w.t.Fatalf("login %s: no session cookie", user)
	return ""
}

// do sends a request as user ("" for anonymous) and returns the response and its body.
func (w *world) do(user, method, path string, body any, headers ...string) (*http.Response, string) {
	w.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader([]byte(w.ids(string(b))))
	}
	req, _ := http.NewRequest(method, w.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if user != "" {
		req.AddCookie(&http.Cookie{Name: "dj_session", Value: w.cookies[user]})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// ids replaces quoted "{org:KEY}" and "{member:KEY}" placeholders in JSON with bare ids.
func (w *world) ids(js string) string {
	for k, o := range w.orgs {
		js = strings.ReplaceAll(js, `"{org:`+k+`}"`, fmt.Sprint(o.ID))
	}
	for k, m := range w.members {
		js = strings.ReplaceAll(js, `"{member:`+k+`}"`, fmt.Sprint(m.ID))
	}
	return js
}

// path replaces {org:KEY} and {member:KEY} with ids.
func (w *world) path(p string) string {
	for k, o := range w.orgs {
		p = strings.ReplaceAll(p, "{org:"+k+"}", fmt.Sprint(o.ID))
	}
	for k, m := range w.members {
		p = strings.ReplaceAll(p, "{member:"+k+"}", fmt.Sprint(m.ID))
	}
	return p
}

// engines runs fn on a fresh world per database engine.
func engines(t *testing.T, fn func(t *testing.T, w *world)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newWorld(t, "sqlite")) })
	if os.Getenv(storetest.PGEnv) != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, newWorld(t, "postgres")) })
	}
}
