package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dangjian/internal/service/auth"
	"dangjian/internal/store"
)

// testClock is a movable clock for the auth service.
type testClock struct {
	base   time.Time
	offset atomic.Int64
}

func (c *testClock) now() time.Time      { return c.base.Add(time.Duration(c.offset.Load())) }
func (c *testClock) add(d time.Duration) { c.offset.Add(int64(d)) }
func useClock(w *world) *testClock {
	c := &testClock{base: time.Now().UTC()}
	w.app.Auth.Now = c.now
	return c
}
func decodeInto(t *testing.T, body string, v any) { t.Helper(); json.Unmarshal([]byte(body), v) }

// loginAs logs in and returns the response, the body and the session cookie (if any).
func (w *world) loginAs(user, password string) (*http.Response, string, string) {
	res, body := w.do("", http.MethodPost, "/api/v1/auth/login", map[string]string{"username": user, "password": password})
	for _, c := range res.Cookies() {
		if c.Name == "dj_session" {
			return res, body, c.Value
		}
	}
	return res, body, ""
}

// TestForcedPasswordChange: an account created by the system administrator, and one whose
// password was reset, can do nothing but change it; the change follows the policy.
func TestForcedPasswordChange(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		res, body := w.do("admin", http.MethodPost, "/api/v1/users", map[string]any{"username": "newbie", "password": "Start#2026"})
		if res.StatusCode != 201 || !strings.Contains(body, `"must_change_password":true`) {
			t.Fatalf("create: %d %s", res.StatusCode, body)
		}
		var created struct{ User struct{ ID int64 } }
		decodeInto(t, body, &created)
		id := itoa(created.User.ID)
		if res, body := w.do("secadmin", http.MethodPost, "/api/v1/users/"+id+"/grants", map[string]any{"role": "staff", "org_id": "{org:A}"}); res.StatusCode != 201 {
			t.Fatalf("grant: %d %s", res.StatusCode, body)
		}
		res, body, cookie := w.loginAs("newbie", "Start#2026")
		if res.StatusCode != 200 || !strings.Contains(body, `"must_change_password":true`) {
			t.Fatalf("login: %d %s", res.StatusCode, body)
		}
		w.cookies["newbie"] = cookie
		if res, body := w.do("newbie", http.MethodGet, "/api/v1/members", nil); res.StatusCode != 403 || !strings.Contains(body, "须先修改密码") {
			t.Fatalf("members before the change: %d %s", res.StatusCode, body)
		}
		if res, _ := w.do("newbie", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 200 {
			t.Fatalf("me before the change: %d", res.StatusCode)
		}
		change := func(current, next string) (int, string) {
			res, body := w.do("newbie", http.MethodPost, "/api/v1/auth/password", map[string]any{"current_password": current, "new_password": next})
			return res.StatusCode, body
		}
		for _, c := range []struct{ current, next, code string }{
			{"Wrong#2026", "Better#2027", "password.wrong"},
			{"Start#2026", "short", "password.too_short"},
			{"Start#2026", "alllowercase", "password.too_simple"},
			{"Start#2026", "Newbie", "password.too_short"},
			{"Start#2026", "Start#2026", "password.reused"},
		} {
			if st, body := change(c.current, c.next); st != 422 || !strings.Contains(body, c.code) {
				t.Errorf("change %q→%q: %d %s, want %s", c.current, c.next, st, body, c.code)
			}
		}
		if st, body := change("Start#2026", "Better#2027"); st != 200 || !strings.Contains(body, `"must_change_password":false`) {
			t.Fatalf("good change: %d %s", st, body)
		}
		if res, body := w.do("newbie", http.MethodGet, "/api/v1/members", nil); res.StatusCode != 200 || !strings.Contains(body, "李明") {
			t.Fatalf("members after the change: %d %s", res.StatusCode, body)
		}
		// A reset by the system administrator ends the sessions and asks for a change again.
		if res, body := w.do("admin", http.MethodPost, "/api/v1/users/"+id+"/password", map[string]any{"password": "Reset#2026"}); res.StatusCode != 204 {
			t.Fatalf("reset: %d %s", res.StatusCode, body)
		}
		if res, _ := w.do("newbie", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 401 {
			t.Fatalf("session survived the reset: %d", res.StatusCode)
		}
		res, body, w.cookies["newbie"] = w.loginAs("newbie", "Reset#2026")
		if res.StatusCode != 200 || !strings.Contains(body, `"must_change_password":true`) {
			t.Fatalf("login after reset: %d %s", res.StatusCode, body)
		}
		if st, body := change("Reset#2026", "Better#2027"); st != 422 || !strings.Contains(body, "password.reused") {
			t.Fatalf("a recent password again: %d %s", st, body)
		}
		// Only the system administrator resets passwords.
		for _, u := range []string{"secadmin", "auditor", "city", "staffA"} {
			if res, _ := w.do(u, http.MethodPost, "/api/v1/users/"+id+"/password", map[string]any{"password": "Reset#2099"}); res.StatusCode != 403 {
				t.Errorf("%s reset a password: %d", u, res.StatusCode)
			}
		}
		// Not another administrator's: acting as the security or audit administrator would undo
		// the separation. The command line (System) still can.
		for _, u := range []string{"secadmin", "auditor"} {
			target, _ := w.app.Store.GetUserByUsername(t.Context(), u)
			res, body := w.do("admin", http.MethodPost, "/api/v1/users/"+strconv.FormatInt(target.ID, 10)+"/password", map[string]any{"password": "Reset#2099"})
			if res.StatusCode != 403 || !strings.Contains(body, "dangjian user passwd") {
				t.Errorf("admin reset %s's password: %d %s", u, res.StatusCode, body)
			}
			if err := w.app.Auth.ResetPassword(t.Context(), auth.System, target.ID, "Reset#2099"); err != nil {
				t.Errorf("the command line reset %s's password: %v", u, err)
			}
		}
		entries, _, _ := w.app.Store.ListAudit(t.Context(), store.AllScope, store.AuditFilter{Username: "newbie", Limit: 50})
		actions := map[string]bool{}
		for _, e := range entries {
			actions[e.Action] = true
		}
		if !actions["login"] || !actions["password_change"] {
			t.Fatalf("audit of newbie: %v", actions)
		}
	})
}

// TestLockout: five consecutive failures lock the account for 15 minutes, even for the right
// password; the lockout is audited and ends on time.
func TestLockout(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		clock := useClock(w)
		for i := 1; i <= 4; i++ {
			if res, body, _ := w.loginAs("staffB", "wrong"); res.StatusCode != 401 || !strings.Contains(body, "用户名或密码错误") {
				t.Fatalf("failure %d: %d %s", i, res.StatusCode, body)
			}
		}
		// A success before the fifth failure resets the count.
		if res, _, _ := w.loginAs("staffB", testPassword); res.StatusCode != 200 {
			t.Fatalf("login after 4 failures: %d", res.StatusCode)
		}
		for i := 1; i <= 4; i++ {
			w.loginAs("staffB", "wrong")
		}
		res, body, _ := w.loginAs("staffB", "wrong")
		if res.StatusCode != 401 || !strings.Contains(body, "账号已锁定") {
			t.Fatalf("fifth failure: %d %s", res.StatusCode, body)
		}
		if res, body, _ := w.loginAs("staffB", testPassword); res.StatusCode != 401 || !strings.Contains(body, "15 分钟") {
			t.Fatalf("right password while locked: %d %s", res.StatusCode, body)
		}
		clock.add(15*time.Minute - time.Second)
		if res, _, _ := w.loginAs("staffB", testPassword); res.StatusCode != 401 {
			t.Fatalf("login one second before the lockout ends: %d", res.StatusCode)
		}
		clock.add(time.Second)
		if res, body, _ := w.loginAs("staffB", testPassword); res.StatusCode != 200 {
			t.Fatalf("login when the lockout ends: %d %s", res.StatusCode, body)
		}
		// 9 wrong passwords and 2 refusals while locked; 3 logins (with the one of the fixture).
		entries, _, _ := w.app.Store.ListAudit(t.Context(), store.AllScope, store.AuditFilter{Username: "staffB", Limit: 100})
		count := map[string]int{}
		for _, e := range entries {
			count[e.Action]++
		}
		if count["login_failed"] != 11 || count["lockout"] != 1 || count["login"] != 3 {
			t.Fatalf("audit of the lockout: %v", count)
		}
		// An unknown user's failures are recorded too, under the name tried.
		w.loginAs("nobody", "x")
		if e, _, _ := w.app.Store.ListAudit(t.Context(), store.AllScope, store.AuditFilter{Username: "nobody", Action: "login_failed", Limit: 5}); len(e) != 1 {
			t.Fatalf("failed login of an unknown user not audited: %v", e)
		}
	})
}

// TestSessionTimeouts: a session ends after 30 idle minutes and 12 hours after login.
func TestSessionTimeouts(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		clock := useClock(w)
		_, _, w.cookies["idle1"] = w.loginAs("staffA", testPassword)
		_, _, w.cookies["idle2"] = w.loginAs("staffA", testPassword)
		clock.add(30*time.Minute - time.Second)
		if res, _ := w.do("idle1", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 200 {
			t.Fatalf("alive after 29:59 idle: %d", res.StatusCode)
		}
		clock.add(time.Second)
		if res, _ := w.do("idle2", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 401 {
			t.Fatalf("alive after 30:00 idle: %d", res.StatusCode)
		}
		// The request at 29:59 was activity: that session lives on.
		if res, _ := w.do("idle1", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 200 {
			t.Fatalf("an active session ended: %d", res.StatusCode)
		}
		clock.add(30 * time.Minute)
		if res, _ := w.do("idle1", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 401 {
			t.Fatalf("alive after 30 more idle minutes: %d", res.StatusCode)
		}
		_, _, w.cookies["busy"] = w.loginAs("staffA", testPassword)
		for elapsed := time.Duration(0); elapsed < 12*time.Hour-20*time.Minute; elapsed += 20 * time.Minute {
			clock.add(20 * time.Minute)
			if res, _ := w.do("busy", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 200 {
				t.Fatalf("busy session ended after %v: %d", elapsed+20*time.Minute, res.StatusCode)
			}
		}
		clock.add(20*time.Minute + time.Second) // 12 h and a second after login
		if res, _ := w.do("busy", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 401 {
			t.Fatalf("session alive after 12 hours: %d", res.StatusCode)
		}
	})
}

// TestSessionsEndedByTheirUserAndTheAdministrator.
func TestSessionsEndedByTheirUserAndTheAdministrator(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		_, _, w.cookies["laptop"] = w.loginAs("staffA", testPassword)
		_, _, w.cookies["phone"] = w.loginAs("staffA", testPassword)
		res, body := w.do("laptop", http.MethodGet, "/api/v1/auth/sessions", nil)
		var list struct {
			Items []struct {
				ID      int64
				Current bool
				IP      string
			}
		}
		decodeInto(t, body, &list)
		if res.StatusCode != 200 || len(list.Items) != 3 || !strings.Contains(body, `"ip":"127.0.0.1"`) {
			t.Fatalf("my sessions: %d %s", res.StatusCode, body)
		}
		var current, other int64
		for _, s := range list.Items {
			if s.Current {
				current = s.ID
			} else if other == 0 {
				other = s.ID
			}
		}
		if current == 0 || other == 0 {
			t.Fatalf("current session not marked: %s", body)
		}
		if res, _ := w.do("laptop", http.MethodDelete, "/api/v1/auth/sessions/"+itoa(current), nil); res.StatusCode != 422 {
			t.Fatalf("ending the current session by id: %d", res.StatusCode)
		}
		// Another user's session is not found among one's own.
		_, body = w.do("staffB", http.MethodGet, "/api/v1/auth/sessions", nil)
		var theirs struct{ Items []struct{ ID int64 } }
		decodeInto(t, body, &theirs)
		if res, _ := w.do("laptop", http.MethodDelete, "/api/v1/auth/sessions/"+itoa(theirs.Items[0].ID), nil); res.StatusCode != 404 {
			t.Fatalf("ended another user's session: %d", res.StatusCode)
		}
		if res, _ := w.do("staffB", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 200 {
			t.Fatal("staffB lost its session")
		}
		if res, _ := w.do("laptop", http.MethodDelete, "/api/v1/auth/sessions/"+itoa(other), nil); res.StatusCode != 204 {
			t.Fatalf("end my other session: %d", res.StatusCode)
		}
		alive := 0
		for _, c := range []string{"staffA", "phone"} {
			if res, _ := w.do(c, http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode == 200 {
				alive++
			}
		}
		if alive != 1 {
			t.Fatalf("%d of the two other sessions alive after ending one", alive)
		}
		// The system administrator sees and ends anyone's sessions; nobody else does.
		var staffA struct{ User struct{ ID int64 } }
		_, body = w.do("laptop", http.MethodGet, "/api/v1/auth/me", nil)
		decodeInto(t, body, &staffA)
		uid := itoa(staffA.User.ID)
		for _, u := range []string{"secadmin", "auditor", "city", "staffB"} {
			if res, _ := w.do(u, http.MethodGet, "/api/v1/users/"+uid+"/sessions", nil); res.StatusCode != 404 {
				t.Errorf("%s lists another user's sessions: %d", u, res.StatusCode)
			}
			if res, _ := w.do(u, http.MethodDelete, "/api/v1/users/"+uid+"/sessions", nil); res.StatusCode != 403 {
				t.Errorf("%s ended another user's sessions: %d", u, res.StatusCode)
			}
		}
		if res, body := w.do("admin", http.MethodGet, "/api/v1/users/"+uid+"/sessions", nil); res.StatusCode != 200 || !strings.Contains(body, `"total":2`) {
			t.Fatalf("admin lists sessions: %d %s", res.StatusCode, body)
		}
		if res, body := w.do("admin", http.MethodDelete, "/api/v1/users/"+uid+"/sessions", nil); res.StatusCode != 200 || !strings.Contains(body, `"ended":2`) {
			t.Fatalf("admin ends sessions: %d %s", res.StatusCode, body)
		}
		if res, _ := w.do("laptop", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 401 {
			t.Fatalf("session alive after the administrator ended it: %d", res.StatusCode)
		}
	})
}

// TestRateLimits: login attempts and requests without a session are limited per client
// address; logged-in requests and static assets are not.
func TestRateLimits(t *testing.T) {
	w := newWorld(t, "sqlite")
	w.app.Rules.Security.LoginRatePerMinute = 3
	w.app.Rules.Security.AnonymousRatePerMinute = 5
	srv := httptest.NewServer(w.app.Handler(nil, false, "test"))
	defer srv.Close()
	w.srv = srv
	for i := 1; i <= 3; i++ {
		if res, _, _ := w.loginAs("staffA", "wrong"); res.StatusCode != 401 {
			t.Fatalf("login %d: %d", i, res.StatusCode)
		}
	}
	res, body, _ := w.loginAs("staffA", testPassword)
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "请求过于频繁") {
		t.Fatalf("fourth login within a minute: %d %q %s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	for i := 1; i <= 10; i++ {
		if res, _ := w.do("staffA", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 200 {
			t.Fatalf("logged-in request %d limited: %d", i, res.StatusCode)
		}
	}
	for i := 1; i <= 5; i++ {
		if res, _ := w.do("", http.MethodGet, "/healthz", nil); res.StatusCode != 200 {
			t.Fatalf("anonymous request %d of 5 limited: %d", i, res.StatusCode)
		}
	}
	if res, _ := w.do("", http.MethodGet, "/api/v1/openapi.json", nil); res.StatusCode != 429 {
		t.Fatalf("sixth anonymous request within a minute: %d", res.StatusCode)
	}
	if res, _ := w.do("", http.MethodGet, "/assets/app.js", nil); res.StatusCode == 429 {
		t.Fatal("a static asset was limited")
	}
}

// TestLockoutRevealsNoAccount: a name that is no account is answered exactly as an account with
// a wrong password — the same status and message at every attempt, locked at the same failure
// for the same minutes, unlocked at the same second — and each attempt costs one argon2 check
// either way; only the audit log tells them apart.
func TestLockoutRevealsNoAccount(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		clock := useClock(w)
		checks := 0
		verify := w.app.Auth.Verify
		w.app.Auth.Verify = func(hash, password string) bool { checks++; return verify(hash, password) }
		type answer struct {
			status int
			body   string
		}
		try := func(name, password string) answer {
			t.Helper()
			before := checks
			res, body, _ := w.loginAs(name, password)
			if checks != before+1 {
				t.Fatalf("%s: %d password checks, want 1", name, checks-before)
			}
			return answer{res.StatusCode, body}
		}
		same := func(step string, password string) answer {
			t.Helper()
			known, unknown := try("staffB", password), try("nobody-at-all", password)
			if known != unknown {
				t.Fatalf("%s: the account answers %v, the unknown name %v", step, known, unknown)
			}
			return known
		}
		for i := 1; i <= 4; i++ {
			if a := same(fmt.Sprintf("failure %d", i), "wrong"); a.status != 401 || !strings.Contains(a.body, "用户名或密码错误") {
				t.Fatalf("failure %d: %v", i, a)
			}
		}
		if a := same("fifth failure", "wrong"); a.status != 401 || !strings.Contains(a.body, "账号已锁定") || !strings.Contains(a.body, "15 分钟") {
			t.Fatalf("fifth failure: %v", a)
		}
		clock.add(5 * time.Minute)
		if a := same("while locked", "wrong"); !strings.Contains(a.body, "10 分钟") {
			t.Fatalf("while locked: %v", a)
		}
		clock.add(10*time.Minute - time.Second)
		if a := same("one second before the end", "wrong"); !strings.Contains(a.body, "账号已锁定") {
			t.Fatalf("one second before the end: %v", a)
		}
		// When the lockout ends the count starts again: four more failures are plain failures.
		clock.add(time.Second)
		for i := 1; i <= 4; i++ {
			if a := same(fmt.Sprintf("failure %d after the lockout", i), "wrong"); !strings.Contains(a.body, "用户名或密码错误") {
				t.Fatalf("failure %d after the lockout: %v", i, a)
			}
		}
		if a := same("fifth failure again", "wrong"); !strings.Contains(a.body, "账号已锁定") {
			t.Fatalf("fifth failure again: %v", a)
		}
		// The account's right password while locked is refused like any password for the name.
		if a := same("the right password while locked", testPassword); !strings.Contains(a.body, "账号已锁定") {
			t.Fatalf("the right password while locked: %v", a)
		}
		// The audit log names the reason, which the caller never sees.
		entries, _, _ := w.app.Store.ListAudit(t.Context(), store.AllScope, store.AuditFilter{Username: "nobody-at-all", Limit: 100})
		count := map[string]int{}
		for _, e := range entries {
			count[e.Action]++
		}
		if count["login_failed"] != 13 || count["lockout"] != 2 {
			t.Fatalf("audit of the unknown name: %v", count)
		}
	})
}
