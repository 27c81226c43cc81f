package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/development"
	"dangjian/internal/service/transfer"
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

// TestApplicantsMaskedAndAuditedReveal: development records show applicants' ID numbers and
// phones masked (record, list, export, history), search by the last four characters, reveal
// them audited to roles that may see them, keep them when an edit sends back the masks; a
// transfer shows the member's ID number masked.
func TestApplicantsMaskedAndAuditedReveal(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		base := "21020219950505011"
		id, phone := base+string(model.IDCheckDigit(base)), "13705556789"
		d, err := w.app.Development.Create(t.Context(), auth.System, development.CreateInput{OrgID: w.orgs["A1"].ID,
			Person: development.Person{Name: "申请人甲", IDNumber: id, Phone: phone, Ethnicity: "汉族"},
			Step1:  development.StepInput{DoneOn: model.DateOf(time.Now()).AddDate(0, 0, -3)}})
		if err != nil {
			t.Fatal(err)
		}
		masked, maskedPhone := model.MaskIDNumber(id), model.MaskPhone(phone)
		rec := "/api/v1/developments/" + strconv.FormatInt(d.Development.ID, 10)
		G, P := http.MethodGet, http.MethodPost
		run(t, w, []scenario{
			{"staffA", G, "/api/v1/developments", nil, 200, []string{masked, maskedPhone}, []string{id, phone}},
			{"staffA", G, rec, nil, 200, []string{masked}, []string{id, phone}},
			{"staffA", G, "/api/v1/developments?q=" + id[14:], nil, 200, []string{`"total":1`, "申请人甲"}, nil},
			{"staffA", G, "/api/v1/developments/export?format=csv", nil, 200, []string{masked}, []string{id, phone}},
			{"staffA", G, "/api/v1/developments/export?format=csv&unmasked=true", nil, 200, []string{id, phone}, nil},
			{"staffA", P, rec + "/reveal", nil, 200, []string{id, phone}, nil},
			{"secA1", P, rec + "/reveal", nil, 200, []string{id}, nil},
			{"staffB", P, rec + "/reveal", nil, 404, nil, []string{id}},
			{"auditor", P, rec + "/reveal", nil, 404, nil, []string{id}},
			{"", P, rec + "/reveal", nil, 401, nil, []string{id}},
		})
		entries, _, _ := w.app.Store.ListAudit(t.Context(), store.AllScope, store.AuditFilter{Entity: "development", Limit: 20})
		reveals, exports := 0, 0
		for _, e := range entries {
			switch e.Action {
			case "reveal":
				reveals++
			case "export":
				exports++
			}
			if strings.Contains(string(e.Before)+string(e.After), id) || strings.Contains(string(e.Before)+string(e.After), phone) {
				t.Fatalf("the audit log holds the applicant's personal data: %+v", e)
			}
		}
		if reveals != 2 || exports != 2 {
			t.Fatalf("audited: %d reveals, %d exports (%+v)", reveals, exports, entries)
		}
		w.app.Rules.Security.UnmaskRoles = []model.Role{model.RoleStaff}
		if res, body := w.do("secA1", P, rec+"/reveal", nil); res.StatusCode != 403 || strings.Contains(body, id) {
			t.Fatalf("secretary reveal when only staff may: %d %s", res.StatusCode, body)
		}
		if res, body := w.do("secA1", G, "/api/v1/developments/export?format=csv&unmasked=true", nil); res.StatusCode != 403 || strings.Contains(body, id) {
			t.Fatalf("secretary unmasked export when only staff may: %d", res.StatusCode)
		}
		// The edit form sends back what it showed: the masks keep the stored values.
		edit := map[string]any{"name": "申请人乙", "id_number": masked, "phone": maskedPhone, "ethnicity": "汉族", "version": d.Development.Version}
		if res, body := w.do("staffA", http.MethodPut, rec, edit); res.StatusCode != 200 || !strings.Contains(body, masked) {
			t.Fatalf("edit with masked values: %d %s", res.StatusCode, body)
		}
		got, _ := w.app.Store.GetDevelopment(t.Context(), store.AllScope, d.Development.ID)
		if got.Name != "申请人乙" || got.IDNumber != id || got.Phone != phone {
			t.Fatalf("after the masked edit: %+v", got)
		}
		edit["version"], edit["phone"] = got.Version, "137****0000"
		if res, body := w.do("staffA", http.MethodPut, rec, edit); res.StatusCode != 422 || !strings.Contains(body, "member.masked") {
			t.Fatalf("edit with another masked phone: %d %s", res.StatusCode, body)
		}
		// A transfer shows the member's ID number masked.
		a1 := w.members["a1"]
		tr, err := w.app.Transfers.Request(t.Context(), auth.System, transfer.RequestInput{MemberID: a1.ID, Kind: model.TransferInternal,
			ToOrgID: w.orgs["B1"].ID, Reason: "工作调动", DuesPaidUntil: "2026-11"})
		if err != nil {
			t.Fatal(err)
		}
		run(t, w, []scenario{{"staffA", G, "/api/v1/transfers/" + strconv.FormatInt(tr.ID, 10), nil, 200,
			[]string{model.MaskIDNumber(a1.IDNumber)}, []string{a1.IDNumber}}})
	})
}
