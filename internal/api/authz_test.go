package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// scenario is one request by one principal with what must and must not appear in the answer.
type scenario struct {
	user    string
	method  string
	path    string
	body    any
	status  int
	want    []string
	notWant []string
}

func run(t *testing.T, w *world, cases []scenario) {
	t.Helper()
	for _, c := range cases {
		res, body := w.do(c.user, c.method, w.path(c.path), c.body)
		name := c.user + " " + c.method + " " + c.path
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d: %s", name, res.StatusCode, c.status, body)
			continue
		}
		for _, s := range c.want {
			if !strings.Contains(body, w.path(s)) {
				t.Errorf("%s: body lacks %q: %s", name, s, body)
			}
		}
		for _, s := range c.notWant {
			if strings.Contains(body, w.path(s)) {
				t.Errorf("%s: body must not contain %q: %s", name, s, body)
			}
		}
	}
}

// TestScopeIsolation proves that a user of one district cannot list, read, change, export or
// count anything in another, and that every role sees exactly its own part.
func TestScopeIsolation(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		G, P, D, U := http.MethodGet, http.MethodPost, http.MethodDelete, http.MethodPut
		edit := map[string]any{"name": "改名", "version": 1, "org_id": 0}
		run(t, w, []scenario{
			// Anonymous callers get nothing.
			{"", G, "/api/v1/auth/me", nil, 401, nil, nil},
			{"", G, "/api/v1/orgs", nil, 401, nil, []string{"组织"}},
			{"", G, "/api/v1/members", nil, 401, nil, []string{"李明"}},
			{"", G, "/api/v1/orgs/{org:city}/stats", nil, 401, nil, nil},
			{"", G, "/api/v1/audit", nil, 401, nil, nil},

			// District A staff: A's subtree only.
			{"staffA", G, "/api/v1/orgs", nil, 200, []string{"组织A"}, []string{"组织B", "组织city"}},
			{"staffA", G, "/api/v1/orgs?parent={org:A}", nil, 200, []string{"组织A1"}, nil},
			{"staffA", G, "/api/v1/orgs?parent={org:B}", nil, 404, nil, []string{"组织B1"}},
			{"staffA", G, "/api/v1/orgs?parent={org:city}", nil, 404, nil, []string{"组织B"}},
			{"staffA", G, "/api/v1/orgs?q=组织", nil, 200, []string{"组织A1"}, []string{"组织B", "组织city"}},
			{"staffA", G, "/api/v1/orgs/{org:B1}", nil, 404, nil, []string{"组织B1"}},
			{"staffA", G, "/api/v1/orgs/{org:B}/stats", nil, 404, nil, []string{"members"}},
			{"staffA", G, "/api/v1/orgs/{org:city}/stats", nil, 404, nil, []string{"members"}},
			{"staffA", G, "/api/v1/orgs/{org:A}/stats", nil, 200, []string{`"members":3`}, nil},
			{"staffA", G, "/api/v1/members", nil, 200, []string{"李明", `"total":3`}, []string{"陈静", "刘洋"}},
			{"staffA", G, "/api/v1/members?org={org:B}", nil, 404, nil, []string{"陈静"}},
			{"staffA", G, "/api/v1/members?q=陈静", nil, 200, []string{`"total":0`}, []string{"陈静"}},
			{"staffA", G, "/api/v1/members/{member:b1}", nil, 404, nil, []string{"陈静"}},
			{"staffA", G, "/api/v1/members/{member:b1}/history", nil, 404, nil, []string{"陈静"}},
			{"staffA", U, "/api/v1/members/{member:b1}", edit, 404, nil, nil},
			{"staffA", D, "/api/v1/members/{member:b1}?version=1", nil, 404, nil, nil},
			{"staffA", P, "/api/v1/members", map[string]any{"org_id": "{org:B1}", "name": "x"}, 422, nil, nil},
			{"staffA", P, "/api/v1/orgs", map[string]any{"parent_id": "{org:B}", "name": "x", "type": "branch"}, 422, []string{"parent_id"}, nil},
			{"staffA", U, "/api/v1/orgs/{org:B1}", map[string]any{"name": "x", "type": "branch", "version": 1}, 404, nil, nil},
			{"staffA", P, "/api/v1/orgs/{org:B1}/move", map[string]any{"parent_id": "{org:A}", "version": 1}, 404, nil, nil},
			{"staffA", P, "/api/v1/orgs/{org:B1}/dissolve", map[string]any{"version": 1}, 404, nil, nil},
			{"staffA", G, "/api/v1/audit", nil, 403, nil, nil},

			// District B staff mirrors A.
			{"staffB", G, "/api/v1/members", nil, 200, []string{"陈静", `"total":2`}, []string{"李明"}},
			{"staffB", G, "/api/v1/members/{member:a1}", nil, 404, nil, []string{"李明"}},

			// Branch secretary of A1: the branch, not the district above it.
			{"secA1", G, "/api/v1/orgs", nil, 200, []string{"组织A1"}, []string{"组织B", `"name":"组织A"`}},
			{"secA1", G, "/api/v1/orgs/{org:A}", nil, 404, nil, nil},
			{"secA1", G, "/api/v1/members", nil, 200, []string{`"total":3`}, []string{"陈静"}},
			{"secA1", P, "/api/v1/orgs/{org:A1g}/move", map[string]any{"parent_id": "{org:A1}", "version": 1}, 404, nil, nil},

			// A member sees themself only.
			{"memberA1", G, "/api/v1/members/{member:a1}", nil, 200, []string{"李明"}, nil},
			{"memberA1", G, "/api/v1/members/{member:a2}", nil, 404, nil, []string{"王芳"}},
			{"memberA1", G, "/api/v1/members", nil, 200, []string{`"total":1`, "李明"}, []string{"王芳", "陈静"}},
			{"memberA1", G, "/api/v1/orgs/{org:A1}/stats", nil, 404, nil, nil},
			{"memberA1", G, "/api/v1/orgs/{org:A1}", nil, 200, []string{"组织A1"}, nil},
			{"memberA1", G, "/api/v1/orgs/{org:A}", nil, 404, nil, nil},
			{"memberA1", U, "/api/v1/members/{member:a1}", edit, 404, nil, nil},
			{"memberA1", G, "/api/v1/users", nil, 403, nil, nil},

			// The auditor of A reads A's audit trail, and no business data.
			{"auditorA", G, "/api/v1/audit?entity=member", nil, 200, []string{"李明"}, []string{"陈静"}},
			{"auditorA", G, "/api/v1/members", nil, 200, []string{`"total":0`}, []string{"李明"}},

			// Business users do not manage accounts (三员分立: that is the administrators' work).
			{"staffA", G, "/api/v1/users", nil, 403, nil, []string{"secA1"}},
			{"staffA", P, "/api/v1/users", map[string]any{"username": "x1", "password": testPassword}, 403, nil, nil},

			// The city's staff see the whole city.
			{"city", G, "/api/v1/orgs", nil, 200, []string{"组织city"}, nil},
			{"city", G, "/api/v1/orgs/{org:city}/stats", nil, 200, []string{`"members":5`, `"orgs":6`}, nil},
			{"city", G, "/api/v1/members?org={org:B}", nil, 200, []string{"陈静", `"total":2`}, []string{"李明"}},
		})
	})
}
