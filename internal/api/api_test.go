package api_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestLoginLogout(t *testing.T) {
	w := newWorld(t, "sqlite")
	res, body := w.do("", http.MethodPost, "/api/v1/auth/login", map[string]string{"username": "staffA", "password": "wrong"})
	if res.StatusCode != 401 || !strings.Contains(body, "用户名或密码错误") {
		t.Fatalf("wrong password: %d %s", res.StatusCode, body)
	}
	res, body = w.do("staffA", http.MethodGet, "/api/v1/auth/me", nil)
	if res.StatusCode != 200 || !strings.Contains(body, `"username":"staffA"`) || !strings.Contains(body, `"role":"staff"`) {
		t.Fatalf("me: %d %s", res.StatusCode, body)
	}
	if strings.Contains(body, "argon2") {
		t.Fatalf("me leaks the password hash: %s", body)
	}
	if res, _ := w.do("staffA", http.MethodPost, "/api/v1/auth/logout", nil); res.StatusCode != 204 && res.StatusCode != 200 {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if res, _ := w.do("staffA", http.MethodGet, "/api/v1/auth/me", nil); res.StatusCode != 401 {
		t.Fatalf("session still valid after logout: %d", res.StatusCode)
	}
}

func TestMemberValidationMessages(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		bad := map[string]any{"org_id": "{org:A1}", "name": "周杰", "id_number": "110105194912310021",
			"category": "full", "status": "normal", "ethnicity": "汉族"}
		res, body := w.do("staffA", http.MethodPost, "/api/v1/members", bad)
		if res.StatusCode != 422 {
			t.Fatalf("wrong check digit accepted: %d %s", res.StatusCode, body)
		}
		var e struct {
			Status int
			Errors []struct{ Field, Code, Message string }
		}
		json.Unmarshal([]byte(body), &e)
		found := false
		for _, fe := range e.Errors {
			found = found || fe.Field == "id_number" && fe.Code == "id_number.check_digit" && strings.Contains(fe.Message, "校验位错误（应为 X）")
		}
		if !found {
			t.Fatalf("want a Chinese check-digit error on id_number: %s", body)
		}
		_, body = w.do("staffA", http.MethodPost, "/api/v1/members", bad, "Accept-Language", "en-US,en;q=0.8")
		if !strings.Contains(strings.ToLower(body), "check") {
			t.Fatalf("want an English message: %s", body)
		}
		good := bad
		good["id_number"] = "11010519491231002X"
		res, body = w.do("staffA", http.MethodPost, "/api/v1/members", good)
		if res.StatusCode != 201 || !strings.Contains(body, `"birth_date":"1949-12-31"`) || !strings.Contains(body, `"sex":"female"`) {
			t.Fatalf("valid member: %d %s", res.StatusCode, body)
		}
		res, body = w.do("staffA", http.MethodPost, "/api/v1/members", good)
		if res.StatusCode != 422 || !strings.Contains(body, "member.id_taken") {
			t.Fatalf("duplicate ID number: %d %s", res.StatusCode, body)
		}
		// A stale version is a conflict, never a silent overwrite.
		edit := map[string]any{"name": "李明明", "id_number": w.members["a1"].IDNumber, "category": "full", "version": 99}
		if res, body := w.do("staffA", http.MethodPut, w.path("/api/v1/members/{member:a1}"), edit); res.StatusCode != 409 {
			t.Fatalf("stale version: %d %s", res.StatusCode, body)
		}
		edit["version"] = 1
		if res, body := w.do("staffA", http.MethodPut, w.path("/api/v1/members/{member:a1}"), edit); res.StatusCode != 200 || !strings.Contains(body, `"version":2`) {
			t.Fatalf("edit: %d %s", res.StatusCode, body)
		}
		res, body = w.do("staffA", http.MethodGet, w.path("/api/v1/members/{member:a1}/history"), nil)
		if res.StatusCode != 200 || !strings.Contains(body, `"action":"update"`) || !strings.Contains(body, "李明明") {
			t.Fatalf("history: %d %s", res.StatusCode, body)
		}
	})
}

func TestOrgRulesAndStats(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		// A new branch has no members: allowed, with a warning that names the rule.
		res, body := w.do("staffA", http.MethodPost, "/api/v1/orgs", map[string]any{"parent_id": "{org:A}", "name": "新支部", "type": "branch"})
		if res.StatusCode != 201 || !strings.Contains(body, "org.branch_min_full_new") {
			t.Fatalf("create branch: %d %s", res.StatusCode, body)
		}
		// Turning a joint branch with fewer than 3 full members into a branch is refused.
		res, body = w.do("staffA", http.MethodPost, "/api/v1/orgs", map[string]any{"parent_id": "{org:A}", "name": "联合支部", "type": "joint_branch"})
		if res.StatusCode != 201 {
			t.Fatalf("create joint: %d %s", res.StatusCode, body)
		}
		var saved struct{ Org struct{ ID, Version int64 } }
		json.Unmarshal([]byte(body), &saved)
		res, body = w.do("staffA", http.MethodPut, "/api/v1/orgs/"+itoa(saved.Org.ID), map[string]any{"name": "联合支部", "type": "branch", "version": saved.Org.Version})
		if res.StatusCode != 422 || !strings.Contains(body, "org.branch_min_full") || !strings.Contains(body, "联合党支部") {
			t.Fatalf("branch below minimum must be refused: %d %s", res.StatusCode, body)
		}
		// Dissolving an organisation with members is refused.
		res, body = w.do("staffA", http.MethodPost, w.path("/api/v1/orgs/{org:A1}/dissolve"), map[string]any{"version": 1})
		if res.StatusCode != 422 || !strings.Contains(body, "org.dissolve_members") {
			t.Fatalf("dissolve with members: %d %s", res.StatusCode, body)
		}
		// Stats: the new empty branch counts below the minimum; B1 (2 full) too.
		_, body = w.do("city", http.MethodGet, w.path("/api/v1/orgs/{org:city}/stats"), nil)
		if !strings.Contains(body, `"branches_below_min":2`) {
			t.Fatalf("city stats: %s", body)
		}
		// Move A1 under B as a job; the counts follow.
		res, body = w.do("city", http.MethodPost, w.path("/api/v1/orgs/{org:A1}/move"), map[string]any{"parent_id": "{org:B}", "version": 1})
		if res.StatusCode != 202 {
			t.Fatalf("move: %d %s", res.StatusCode, body)
		}
		var job struct {
			JobID int64 `json:"job_id"`
		}
		json.Unmarshal([]byte(body), &job)
		waitJob(t, w, "city", job.JobID)
		_, body = w.do("city", http.MethodGet, w.path("/api/v1/orgs/{org:B}/stats"), nil)
		if !strings.Contains(body, `"members":5`) {
			t.Fatalf("B after move: %s", body)
		}
		if diffs, err := w.app.Store.VerifyStats(t.Context()); err != nil || len(diffs) > 0 {
			t.Fatalf("verify after API writes: %v %+v", err, diffs)
		}
		// The moved branch is now outside staff A's scope.
		if res, _ := w.do("staffA", http.MethodGet, w.path("/api/v1/orgs/{org:A1}"), nil); res.StatusCode != 404 {
			t.Fatalf("A1 still visible to A after move: %d", res.StatusCode)
		}
	})
}

func waitJob(t testing.TB, w *world, user string, id int64) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		res, body := w.do(user, http.MethodGet, "/api/v1/jobs/"+itoa(id), nil)
		if res.StatusCode != 200 {
			t.Fatalf("job %d: %d %s", id, res.StatusCode, body)
		}
		if strings.Contains(body, `"status":"succeeded"`) {
			return body
		}
		if strings.Contains(body, `"status":"failed"`) {
			t.Fatalf("job %d failed: %s", id, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %d did not finish", id)
	return ""
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCrossOriginWritesRefused(t *testing.T) {
	w := newWorld(t, "sqlite")
	res, body := w.do("staffA", http.MethodPost, "/api/v1/orgs", map[string]any{"parent_id": "{org:A}", "name": "x", "type": "branch"},
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != 403 || !strings.Contains(body, `"status":403`) {
		t.Fatalf("cross-site POST: %d %s", res.StatusCode, body)
	}
}
