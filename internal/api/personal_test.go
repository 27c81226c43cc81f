package api_test

import (
	"net/http"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/store"
)

// TestMaskedListsAndAuditedReveal: lists and reads mask the ID number and phone; roles that
// may see them get them by an audited "reveal"; an edit that leaves the masked values keeps
// the stored ones.
func TestMaskedListsAndAuditedReveal(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		a1 := w.members["a1"]
		G, P, U := http.MethodGet, http.MethodPost, http.MethodPut
		masked, maskedPhone := model.MaskIDNumber(a1.IDNumber), model.MaskPhone(a1.Phone)
		run(t, w, []scenario{
			{"staffA", G, "/api/v1/members", nil, 200, []string{masked, maskedPhone}, []string{a1.IDNumber, a1.Phone}},
			{"staffA", G, "/api/v1/members/{member:a1}", nil, 200, []string{masked}, []string{a1.IDNumber, a1.Phone}},
			{"staffA", G, "/api/v1/members?q=" + a1.IDNumber[14:], nil, 200, []string{`"total":1`, "李明"}, nil},
			{"staffA", G, "/api/v1/members?q=" + a1.Phone, nil, 200, []string{`"total":1`, "李明"}, nil},
			{"staffA", P, "/api/v1/members/{member:a1}/reveal", nil, 200, []string{a1.IDNumber, a1.Phone}, nil},
			{"secA1", P, "/api/v1/members/{member:a1}/reveal", nil, 200, []string{a1.IDNumber}, nil},
			{"memberA1", P, "/api/v1/members/{member:a1}/reveal", nil, 200, []string{a1.IDNumber}, nil},
			{"memberA1", P, "/api/v1/members/{member:a2}/reveal", nil, 404, nil, []string{w.members["a2"].IDNumber}},
			{"staffB", P, "/api/v1/members/{member:a1}/reveal", nil, 404, nil, []string{a1.IDNumber}},
			{"auditorA", P, "/api/v1/members/{member:a1}/reveal", nil, 404, nil, []string{a1.IDNumber}},
			{"admin", P, "/api/v1/members/{member:a1}/reveal", nil, 404, nil, []string{a1.IDNumber}},
			{"", P, "/api/v1/members/{member:a1}/reveal", nil, 401, nil, []string{a1.IDNumber}},
			{"staffA", G, "/api/v1/auth/me", nil, 200, []string{`"may_unmask":true`}, nil},
			{"auditor", G, "/api/v1/auth/me", nil, 200, []string{`"may_unmask":false`}, nil},
			// The history shows masked values only.
			{"staffA", G, "/api/v1/members/{member:a1}/history", nil, 200, []string{masked}, []string{a1.IDNumber}},
		})
		// Every reveal is in the audit log, under the member's organisation.
		entries, _, _ := w.app.Store.ListAudit(t.Context(), store.AllScope, store.AuditFilter{Action: "reveal", Limit: 10})
		who := map[string]bool{}
		for _, e := range entries {
			who[e.Username] = e.EntityID == a1.ID && e.OrgPath == a1.OrgPath
		}
		if len(entries) != 3 || !who["staffA"] || !who["secA1"] || !who["memberA1"] {
			t.Fatalf("reveals audited: %+v", entries)
		}
		// A deployment may narrow who unmasks.
		w.app.Rules.Security.UnmaskRoles = []model.Role{model.RoleStaff}
		if res, body := w.do("secA1", P, w.path("/api/v1/members/{member:a1}/reveal"), nil); res.StatusCode != 403 || strings.Contains(body, a1.IDNumber) {
			t.Fatalf("secretary reveal when only staff may: %d %s", res.StatusCode, body)
		}
		if res, body := w.do("secA1", G, w.path("/api/v1/members/export?format=csv&unmasked=true"), nil); res.StatusCode != 403 || strings.Contains(body, a1.IDNumber) {
			t.Fatalf("secretary unmasked export when only staff may: %d", res.StatusCode)
		}
		// An edit sending back the masked values keeps the stored ones; another masked value fails.
		edit := map[string]any{"name": "李明", "id_number": masked, "phone": maskedPhone, "category": "full", "status": "normal",
			"ethnicity": "汉族", "education": "undergraduate", "admitted_on": "2000-07-01", "full_on": "2001-07-01", "version": 1}
		if res, body := w.do("staffA", U, w.path("/api/v1/members/{member:a1}"), edit); res.StatusCode != 200 || !strings.Contains(body, masked) {
			t.Fatalf("edit with masked values: %d %s", res.StatusCode, body)
		}
		got, _ := w.app.Store.GetMember(t.Context(), store.AllScope, a1.ID)
		if got.IDNumber != a1.IDNumber || got.Phone != a1.Phone {
			t.Fatalf("the masked edit changed the personal data: %s %s", got.IDNumber, got.Phone)
		}
		edit["version"], edit["id_number"] = 2, "110105********002X"
		if res, body := w.do("staffA", U, w.path("/api/v1/members/{member:a1}"), edit); res.StatusCode != 422 || !strings.Contains(body, "member.masked") {
			t.Fatalf("edit with another masked value: %d %s", res.StatusCode, body)
		}
	})
}
