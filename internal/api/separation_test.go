package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// newAccount has the system administrator create an account without grants and returns its id.
func (w *world) newAccount(t *testing.T, username string) string {
	t.Helper()
	res, body := w.do("admin", http.MethodPost, "/api/v1/users", map[string]any{"username": username, "password": testPassword})
	if res.StatusCode != 201 {
		t.Fatalf("create %s: %d %s", username, res.StatusCode, body)
	}
	var u struct{ User struct{ ID int64 } }
	decode(t, body, &u)
	return itoa(u.User.ID)
}

// userID returns the id of a fixture user.
func (w *world) userID(t *testing.T, name string) string {
	t.Helper()
	u, err := w.app.Store.GetUserByUsername(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return itoa(u.ID)
}

// TestThreeAdminSeparation (三员分立): the system administrator manages accounts and sees no
// business data; the security administrator grants (never to themselves) and sees no business
// data; the audit administrator reads the audit log and changes nothing; no account holds an
// administrative role together with another role.
func TestThreeAdminSeparation(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		G, P, D := http.MethodGet, http.MethodPost, http.MethodDelete
		fresh := w.newAccount(t, "fresh")
		fresh2 := w.newAccount(t, "fresh2")
		admin, secadmin, staffA := w.userID(t, "admin"), w.userID(t, "secadmin"), w.userID(t, "staffA")
		grant := func(role, org string) map[string]any {
			b := map[string]any{"role": role}
			if org != "" {
				b["org_id"] = "{org:" + org + "}"
			}
			return b
		}
		run(t, w, []scenario{
			// The system administrator: accounts yes, grants and business data no.
			{"admin", G, "/api/v1/users", nil, 200, []string{`"username":"fresh"`, `"username":"staffB"`}, nil},
			{"admin", P, "/api/v1/users/" + fresh + "/grants", grant("staff", "A"), 403, nil, nil},
			{"admin", G, "/api/v1/members", nil, 200, []string{`"total":0`}, []string{"李明", "陈静"}},
			{"admin", G, "/api/v1/members/{member:a1}", nil, 404, nil, []string{"李明"}},
			{"admin", G, "/api/v1/orgs", nil, 200, []string{`"items":[]`}, []string{"组织city"}},
			{"admin", G, "/api/v1/orgs/{org:city}/stats", nil, 404, nil, nil},
			{"admin", G, "/api/v1/members/export?format=csv", nil, 200, nil, []string{"李明"}},
			{"admin", G, "/api/v1/audit", nil, 403, nil, nil},
			{"admin", P, "/api/v1/members", map[string]any{"org_id": "{org:A1}", "name": "x"}, 422, nil, nil},

			// The security administrator: grants in scope, never to themselves; no accounts, no data.
			{"secadmin", P, "/api/v1/users", map[string]any{"username": "x", "password": testPassword}, 403, nil, nil},
			{"secadmin", P, "/api/v1/users/" + secadmin + "/grants", grant("staff", "A"), 403, []string{"不能给自己的账号授权"}, nil},
			{"secadmin", P, "/api/v1/users/" + secadmin + "/grants", grant("auditor", ""), 403, nil, nil},
			{"secadmin", P, "/api/v1/users/" + fresh + "/grants", grant("staff", "A"), 201, []string{`"role":"staff"`, "组织A"}, nil},
			{"secadmin", P, "/api/v1/users/" + fresh + "/grants", grant("auditor", ""), 422, []string{"grant.separation"}, nil},
			{"secadmin", P, "/api/v1/users/" + admin + "/grants", grant("secretary", "A1"), 422, []string{"grant.separation"}, nil},
			{"secadmin", P, "/api/v1/users/" + staffA + "/grants", grant("secadmin", ""), 422, []string{"grant.separation"}, nil},
			{"secadmin", P, "/api/v1/users/" + fresh2 + "/grants", grant("admin", "A"), 422, []string{"grant.admin_whole_tree"}, nil},
			{"secadmin", P, "/api/v1/users/" + fresh2 + "/grants", grant("staff", ""), 422, []string{"org_id"}, nil},
			{"secadmin", G, "/api/v1/orgs", nil, 200, []string{"组织city"}, nil},
			{"secadmin", G, "/api/v1/orgs/{org:city}/stats", nil, 404, nil, nil},
			{"secadmin", G, "/api/v1/members", nil, 200, []string{`"total":0`}, []string{"李明"}},
			{"secadmin", G, "/api/v1/audit", nil, 403, nil, nil},
			{"secadmin", P, "/api/v1/users/" + staffA + "/password", map[string]any{"password": "Other#2026"}, 403, nil, nil},

			// A security administrator of A grants in A only, and no administrative role.
			{"secadminA", G, "/api/v1/users", nil, 200, []string{`"username":"staffA"`, `"username":"fresh2"`}, []string{`"username":"staffB"`, `"username":"admin"`}},
			{"secadminA", P, "/api/v1/users/" + fresh2 + "/grants", grant("staff", "B"), 422, []string{"org_id"}, nil},
			{"secadminA", P, "/api/v1/users/" + fresh2 + "/grants", grant("auditor", "A"), 403, nil, nil},
			{"secadminA", P, "/api/v1/users/" + w.userID(t, "staffB") + "/grants", grant("staff", "A1"), 404, nil, nil},
			{"secadminA", G, "/api/v1/orgs", nil, 200, []string{"组织A"}, []string{"组织B", "组织city"}},

			// Members are linked by their citizen ID number, found within the grant scope only.
			{"secadminA", P, "/api/v1/users/" + fresh2 + "/grants", map[string]any{"role": "member", "id_number": w.members["b1"].IDNumber}, 422, []string{"grant.member_not_found"}, nil},
			{"secadminA", P, "/api/v1/users/" + fresh2 + "/grants", map[string]any{"role": "member", "id_number": w.members["a2"].IDNumber}, 201, []string{`"role":"member"`, "组织A1"}, nil},

			// The audit administrator reads the whole log and changes nothing.
			{"auditor", G, "/api/v1/audit?action=grant", nil, 200, []string{`"action":"grant"`, `"username":"secadmin"`, `"entity_id":` + fresh + `,`}, nil},
			{"auditor", G, "/api/v1/audit?entity=member", nil, 200, []string{"李明", "陈静"}, nil},
			{"auditor", G, "/api/v1/members", nil, 200, []string{`"total":0`}, []string{"李明"}},
			{"auditor", G, "/api/v1/users", nil, 403, nil, nil},
			{"auditor", P, "/api/v1/users", map[string]any{"username": "y", "password": testPassword}, 403, nil, nil},
			{"auditor", P, "/api/v1/users/" + fresh2 + "/grants", grant("staff", "A"), 403, nil, nil},
			{"auditor", D, "/api/v1/members/{member:a1}?version=1", nil, 404, nil, nil},
			{"auditorA", G, "/api/v1/audit?action=login", nil, 200, []string{`"total":0`}, []string{"staffB"}},
		})
		// A grant given by the security administrator can be taken back by them, not by the
		// grantee's peers or the system administrator.
		u, _ := w.app.Store.GetUserByUsername(t.Context(), "fresh")
		path := "/api/v1/users/" + fresh + "/grants/" + itoa(u.Grants[0].ID)
		for _, who := range []string{"admin", "auditor", "city", "staffA"} {
			if res, _ := w.do(who, D, path, nil); res.StatusCode != 403 && res.StatusCode != 404 {
				t.Errorf("%s revoked a grant: %d", who, res.StatusCode)
			}
		}
		if res, body := w.do("secadmin", D, path, nil); res.StatusCode != 204 {
			t.Fatalf("revoke: %d %s", res.StatusCode, body)
		}
		if res, body := w.do("secadmin", G, "/api/v1/audit", nil); res.StatusCode != 403 || strings.Contains(body, "revoke") {
			t.Fatalf("the security administrator read the audit log: %d", res.StatusCode)
		}
		if res, body := w.do("auditor", G, "/api/v1/audit?action=revoke", nil); res.StatusCode != 200 || !strings.Contains(body, `"username":"secadmin"`) {
			t.Fatalf("the revocation is not in the audit log: %d %s", res.StatusCode, body)
		}
	})
}

// TestAuditVerifyEndpoint: the whole-tree audit administrator verifies the chain; nobody else.
func TestAuditVerifyEndpoint(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		res, body := w.do("auditor", http.MethodGet, "/api/v1/audit/verify", nil)
		if res.StatusCode != 200 || !strings.Contains(body, `"problems":[]`) || !strings.Contains(body, `"first_id":1`) {
			t.Fatalf("verify: %d %s", res.StatusCode, body)
		}
		for _, u := range []string{"auditorA", "admin", "secadmin", "city", ""} {
			if res, _ := w.do(u, http.MethodGet, "/api/v1/audit/verify", nil); res.StatusCode != 403 && res.StatusCode != 401 {
				t.Errorf("%q verified the chain: %d", u, res.StatusCode)
			}
		}
		// Logins, logouts, exports are in the log, with the client address.
		w.do("staffA", http.MethodGet, "/api/v1/members/export?format=csv", nil)
		w.do("staffB", http.MethodPost, "/api/v1/auth/logout", nil)
		for _, q := range []string{"action=login&username=staffA", "action=export&entity=member", "action=logout&username=staffB"} {
			if res, body := w.do("auditor", http.MethodGet, "/api/v1/audit?"+q, nil); res.StatusCode != 200 || strings.Contains(body, `"total":0`) ||
				!strings.Contains(body, `"ip":"127.0.0.1"`) {
				t.Errorf("audit %s: %d %s", q, res.StatusCode, body)
			}
		}
	})
}
