package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
)

// decode unmarshals a response body or fails the test.
func decode(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode %v: %s", err, body)
	}
}

type devDetail struct {
	Development struct {
		ID, Version, MemberID int64
		Stage, Status         string
	}
	Steps []struct {
		ID, Version int64
		No          int
		Attachments []struct{ ID int64 }
	}
}

// must sends a request that must answer status and returns the body.
func (w *world) must(user, method, path string, body any, status int) string {
	w.t.Helper()
	res, out := w.do(user, method, w.path(path), body)
	if res.StatusCode != status {
		w.t.Fatalf("%s %s %s: %d, want %d: %s", user, method, path, res.StatusCode, status, out)
	}
	return out
}

// attachStep uploads a file to a development step as user (an attachment of owner type
// development_step).
func (w *world) attachStep(user string, stepID int64, name string, content []byte) (int, string) {
	w.t.Helper()
	return w.attach(user, "development_step", stepID, name, content)
}

// pdf is a tiny file that sniffs as PDF.
var pdf = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// TestLifecycleScopes: a development record of A1 and a transfer from A1 to B1 are visible and
// changeable exactly by the sides they belong to, on every new endpoint.
func TestLifecycleScopes(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		G, P, U, D := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
		body := w.must("secA1", P, "/api/v1/developments", map[string]any{"org_id": "{org:A1}", "name": "钱申请",
			"id_number": testID(1998, 41), "ethnicity": "汉族", "applied_on": "2026-10-08"}, 201)
		var dev devDetail
		decode(t, body, &dev)
		d := fmt.Sprintf("/api/v1/developments/%d", dev.Development.ID)
		step1 := dev.Steps[0].ID
		code, fbody := w.attachStep("secA1", step1, "申请书.pdf", pdf)
		if code != 201 {
			t.Fatalf("attach: %d %s", code, fbody)
		}
		var file struct{ ID int64 }
		decode(t, fbody, &file)
		f := fmt.Sprintf("/api/v1/attachments/%d", file.ID)
		files := fmt.Sprintf("/api/v1/attachments?owner_type=development_step&owner_id=%d", step1)

		tb := w.must("staffA", P, "/api/v1/transfers", map[string]any{"member_id": "{member:a2}", "kind": "internal",
			"to_org_id": "{org:B1}", "reason": "工作调动", "dues_paid_until": "2026-11"}, 201)
		var tr struct{ ID, Version int64 }
		decode(t, tb, &tr)
		x := fmt.Sprintf("/api/v1/transfers/%d", tr.ID)
		stepBody := map[string]any{"done_on": "2026-10-20", "persons": "支部书记", "version": dev.Development.Version}
		status := map[string]any{"kind": "lost_contact", "effective_on": "2026-06-01", "reason": "外出务工，联系不上", "version": 1}

		run(t, w, []scenario{
			// Anonymous callers get nothing.
			{"", G, "/api/v1/developments", nil, 401, nil, []string{"钱申请"}},
			{"", G, d, nil, 401, nil, []string{"钱申请"}},
			{"", P, d + "/steps/2", stepBody, 401, nil, nil},
			{"", G, f, nil, 401, nil, []string{"PDF"}},
			{"", G, files, nil, 401, nil, []string{"申请书"}},
			{"", G, "/api/v1/transfers", nil, 401, nil, nil},
			{"", G, x, nil, 401, nil, nil},
			{"", G, x + "/letter", nil, 401, nil, nil},
			{"", G, "/api/v1/transfers/destinations?q=组织", nil, 401, nil, nil},
			{"", P, "/api/v1/members/{member:a1}/status", status, 401, nil, nil},
			{"", G, "/api/v1/members/{member:a1}/status-changes", nil, 401, nil, nil},

			// The other district sees none of A's development work.
			{"staffB", G, "/api/v1/developments", nil, 200, []string{`"total":0`}, []string{"钱申请"}},
			{"staffB", G, "/api/v1/developments?org={org:A}", nil, 404, nil, []string{"钱申请"}},
			{"staffB", G, d, nil, 404, nil, []string{"钱申请"}},
			{"staffB", P, d + "/steps/2", stepBody, 404, nil, nil},
			{"staffB", U, d, map[string]any{"name": "改名", "version": dev.Development.Version}, 404, nil, nil},
			{"staffB", P, d + "/stop", map[string]any{"reason": "withdrew", "on": "2026-11-01", "version": dev.Development.Version}, 404, nil, nil},
			{"staffB", D, d + "?version=1", nil, 404, nil, nil},
			{"staffB", G, f, nil, 404, nil, []string{"PDF"}},
			{"staffB", G, files, nil, 404, nil, []string{"申请书"}},
			{"staffB", D, f, nil, 404, nil, nil},
			{"staffB", P, "/api/v1/members/{member:a1}/status", status, 404, nil, nil},
			{"staffB", G, "/api/v1/members/{member:a1}/status-changes", nil, 404, nil, nil},
			// … but the receiving side of the transfer sees it, and may not approve it.
			{"staffB", G, "/api/v1/transfers?direction=in", nil, 200, []string{"王芳", `"total":1`}, nil},
			{"staffB", G, "/api/v1/transfers?org={org:B}&direction=in", nil, 200, []string{"王芳", `"total":1`}, nil},
			{"staffB", G, "/api/v1/transfers?org={org:B}&direction=out", nil, 200, []string{`"total":0`}, []string{"王芳"}},
			{"staffA", G, "/api/v1/transfers?org={org:A}&direction=out", nil, 200, []string{"王芳", `"total":1`}, nil},
			{"staffB", G, x, nil, 200, []string{"王芳", "组织A1"}, nil},
			{"staffB", P, x + "/approve", map[string]any{"version": tr.Version}, 403, nil, nil},
			{"staffB", P, x + "/cancel", map[string]any{"version": tr.Version}, 403, nil, nil},
			{"staffB", G, x + "/letter", nil, 422, nil, nil}, // no letter before the approval

			// Members and auditors have no development or transfer work.
			{"memberA1", G, "/api/v1/developments", nil, 404, nil, []string{"钱申请"}},
			{"memberA1", G, d, nil, 404, nil, []string{"钱申请"}},
			{"memberA1", G, f, nil, 404, nil, nil},
			{"memberA1", G, files, nil, 404, nil, []string{"申请书"}},
			{"auditorA", G, f, nil, 404, nil, []string{"PDF"}},
			{"memberA1", G, "/api/v1/transfers", nil, 404, nil, []string{"王芳"}},
			{"memberA1", G, x, nil, 404, nil, []string{"王芳"}},
			{"memberA1", G, "/api/v1/transfers/destinations?q=组织", nil, 403, nil, []string{"组织B1"}},
			{"memberA1", P, "/api/v1/members/{member:a1}/status", status, 404, nil, nil},
			{"auditorA", G, "/api/v1/developments", nil, 404, nil, []string{"钱申请"}},
			{"auditorA", G, x, nil, 404, nil, []string{"王芳"}},

			{"staffB", U, fmt.Sprintf("%s/steps/%d", d, step1), map[string]any{"persons": "x", "version": 1}, 404, nil, nil},
			{"staffB", D, fmt.Sprintf("%s/steps/%d?version=1", d, step1), nil, 404, nil, nil},
			{"staffB", P, x + "/reissue", map[string]any{"version": tr.Version}, 403, nil, nil},
			{"staffB", P, x + "/receipt", map[string]any{"version": tr.Version}, 403, nil, nil},
			{"staffA", P, x + "/return", map[string]any{"version": tr.Version, "note": "x"}, 403, nil, nil},
			{"staffA", P, "/api/v1/transfers/incoming", map[string]any{"member": map[string]any{"org_id": "{org:B1}", "name": "外来",
				"id_number": testID(1990, 61), "category": "full"}, "external_org": "外地", "letter_no": "1", "issued_on": "2026-11-01"}, 422, []string{"org_id"}, nil},
			{"", U, fmt.Sprintf("%s/steps/%d", d, step1), map[string]any{"version": 1}, 401, nil, nil},
			{"", D, fmt.Sprintf("%s/steps/%d?version=1", d, step1), nil, 401, nil, nil},
			{"", P, "/api/v1/transfers", map[string]any{"member_id": "{member:a1}", "kind": "internal"}, 401, nil, nil},
			{"", P, "/api/v1/transfers/incoming", map[string]any{"member": map[string]any{}}, 401, nil, nil},
			{"", P, x + "/approve", map[string]any{"version": 1}, 401, nil, nil},
			{"", P, x + "/accept", map[string]any{"version": 1}, 401, nil, nil},
			{"", G, "/api/v1/developments/export", nil, 401, nil, nil},
			{"", G, "/api/v1/transfers/export", nil, 401, nil, nil},
			{"memberA1", G, "/api/v1/transfers/export", nil, 404, nil, []string{"王芳"}},
			{"staffB", G, "/api/v1/transfers/export?org={org:A}", nil, 404, nil, []string{"王芳"}},
			{"staffA", G, "/api/v1/transfers/export?org={org:A}&format=csv", nil, 200, []string{"王芳", "组织B1", "待审批"}, nil},
			{"staffB", G, "/api/v1/transfers/export?org={org:B}&format=csv&direction=in", nil, 200, []string{"王芳"}, nil},
			{"memberA1", P, "/api/v1/transfers", map[string]any{"member_id": "{member:a1}", "kind": "internal", "to_org_id": "{org:B1}", "reason": "x"}, 422, []string{"member_id"}, nil},
			{"memberA1", P, "/api/v1/developments", map[string]any{"org_id": "{org:A1}", "name": "x", "id_number": testID(1999, 62), "applied_on": "2026-10-08"}, 422, []string{"org_id"}, nil},

			// The own subtree.
			{"secA1", G, "/api/v1/developments", nil, 200, []string{"钱申请", `"total":1`}, nil},
			{"secA1", G, "/api/v1/developments?stage=applicant", nil, 200, []string{"钱申请"}, nil},
			{"secA1", G, "/api/v1/developments?stage=activist", nil, 200, []string{`"total":0`}, nil},
			{"secA1", G, d, nil, 200, []string{"钱申请", `"plan"`, `"next_step":2`}, nil},
			{"secA1", G, f, nil, 200, []string{"%PDF-"}, nil},
			{"secA1", G, files, nil, 200, []string{"申请书.pdf", `"content_type":"application/pdf"`}, nil},
			{"secA1", G, d, nil, 200, []string{`"attachments":[{`, "申请书.pdf"}, nil},
			{"city", G, f, nil, 200, []string{"%PDF-"}, nil},
			{"staffA", G, "/api/v1/developments?org={org:A}", nil, 200, []string{"钱申请"}, nil},
			{"city", G, "/api/v1/developments?org={org:city}", nil, 200, []string{"钱申请"}, nil},
			{"admin", G, "/api/v1/developments?org={org:city}", nil, 404, nil, []string{"钱申请"}},
			{"staffA", G, "/api/v1/transfers?direction=out", nil, 200, []string{"王芳"}, nil},
			{"secA1", G, x, nil, 200, []string{"王芳"}, nil},
			{"staffA", G, "/api/v1/transfers/destinations?q=组织B", nil, 200, []string{"组织B1", `"parents":["组织city","组织B"]`}, []string{"陈静", "members"}},
			{"staffA", G, "/api/v1/members/{member:a1}/status-changes", nil, 200, []string{`"items":[]`}, nil},
		})
		// The caller of the receiving side accepts, not the sender.
		ab := w.must("staffA", P, x+"/approve", map[string]any{"version": tr.Version}, 200)
		var issued struct {
			Version    int64
			LetterNo   string `json:"letter_no"`
			ValidUntil string `json:"valid_until"`
		}
		decode(t, ab, &issued)
		today := model.DateOf(time.Now())
		if issued.LetterNo != fmt.Sprintf("%d-00001", today.Year()) || issued.ValidUntil != today.AddMonths(3).String() {
			t.Fatalf("letter: %+v", issued)
		}
		run(t, w, []scenario{
			{"staffA", P, x + "/accept", map[string]any{"version": issued.Version}, 403, nil, nil},
			{"memberA1", G, x + "/letter", nil, 404, nil, []string{"王芳"}},
			{"staffB", G, x + "/letter", nil, 200, []string{"中国共产党党员组织关系介绍信", "第 " + issued.LetterNo + " 号", "王芳", "组织B1", "回执", "存根"}, nil},
			{"staffA", G, x + "/letter", nil, 200, []string{"2026年11月", today.Time().Format("2006年1月2日")}, nil},
			{"staffB", G, "/api/v1/members/{member:a2}", nil, 404, nil, []string{"王芳"}},
			{"staffB", P, x + "/accept", map[string]any{"version": issued.Version}, 200, []string{`"status":"completed"`}, nil},
			{"staffB", G, "/api/v1/members/{member:a2}", nil, 200, []string{"王芳", "组织B1"}, nil},
			{"staffA", G, "/api/v1/members/{member:a2}", nil, 404, nil, []string{"王芳"}},
			{"staffB", G, "/api/v1/orgs/{org:B}/stats", nil, 200, []string{`"members":3`}, nil},
			{"staffA", G, "/api/v1/orgs/{org:A}/stats", nil, 200, []string{`"members":2`}, nil},
			// The member's history shows the move.
			{"staffB", G, "/api/v1/members/{member:a2}/history", nil, 200, []string{`"action":"transfer_in"`}, nil},
		})
		// The file endpoint sends documents as attachments, never inline.
		res, _ := w.do("secA1", G, f, nil)
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
			res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("file headers: %v", res.Header)
		}
		if diffs, err := w.app.Store.VerifyStats(t.Context()); err != nil || len(diffs) > 0 {
			t.Fatalf("rollup after the lifecycle: %v %+v", err, diffs)
		}
	})
}

// TestAttachmentChecks: the documents of a development step are type-checked by content and
// size-limited (the configured limit).
func TestAttachmentChecks(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		body := w.must("secA1", http.MethodPost, "/api/v1/developments", map[string]any{"org_id": "{org:A1}", "name": "孙申请",
			"id_number": testID(1999, 43), "applied_on": "2026-10-08"}, 201)
		var dev devDetail
		decode(t, body, &dev)
		step := dev.Steps[0].ID
		w.app.Attachments.MaxBytes = 1024
		for _, c := range []struct {
			name    string
			content []byte
			status  int
			want    string
		}{
			{"申请书.pdf", pdf, 201, `"content_type":"application/pdf"`},
			{"照片.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...), 201, `"image/png"`},
			{"伪装.pdf", []byte("<html><script>alert(1)</script></html>"), 422, "只接受"},
			{"改名.png", pdf, 422, "只接受"},
			{"大文件.pdf", append(append([]byte{}, pdf...), make([]byte, 2048)...), 422, "不能超过 1 KB"},
			{"空.pdf", nil, 422, "文件为空"},
			{"页面.txt", []byte("<html><script>alert(1)</script></html>"), 422, "只接受"},
			{"程序.exe", []byte("MZ\x90\x00"), 422, "只接受"},
		} {
			code, out := w.attachStep("secA1", step, c.name, c.content)
			if code != c.status || !strings.Contains(out, c.want) {
				t.Errorf("%s: %d %s, want %d with %q", c.name, code, out, c.status, c.want)
			}
		}
		if code, _ := w.attachStep("staffB", step, "x.pdf", pdf); code != 404 {
			t.Errorf("another district attached a file: %d", code)
		}
		if code, _ := w.attachStep("memberA1", step, "x.pdf", pdf); code != 404 {
			t.Errorf("a member attached a file: %d", code)
		}
		if code, _ := w.attachStep("", step, "x.pdf", pdf); code != 401 {
			t.Errorf("anonymous attached a file: %d", code)
		}
		if code, _ := w.attachStep("secA1", 999999, "x.pdf", pdf); code != 404 {
			t.Errorf("a file attached to a step that does not exist: %d", code)
		}
	})
}

// TestRuleErrorsNameTheRule: a broken rule answers 422 with the article, in the caller's language.
func TestRuleErrorsNameTheRule(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		body := w.must("secA1", http.MethodPost, "/api/v1/developments", map[string]any{"org_id": "{org:A1}", "name": "周申请",
			"id_number": testID(1997, 45), "applied_on": "2026-01-31"}, 201)
		var dev devDetail
		decode(t, body, &dev)
		late := map[string]any{"done_on": "2026-03-01", "version": dev.Development.Version}
		path := fmt.Sprintf("/api/v1/developments/%d/steps/2", dev.Development.ID)
		res, out := w.do("secA1", http.MethodPost, path, late)
		if res.StatusCode != 422 || !strings.Contains(out, "违反《发展党员工作细则》(2014)第7条") || !strings.Contains(out, "2026-02-28") {
			t.Fatalf("late talk (zh): %d %s", res.StatusCode, out)
		}
		res, out = w.do("secA1", http.MethodPost, path, late, "Accept-Language", "en")
		if res.StatusCode != 422 || !strings.Contains(out, "Breaks art. 7 of the development rules") {
			t.Fatalf("late talk (en): %d %s", res.StatusCode, out)
		}
		young := map[string]any{"org_id": "{org:A1}", "name": "小申请", "id_number": testID(2010, 47), "applied_on": "2026-01-31"}
		res, out = w.do("secA1", http.MethodPost, "/api/v1/developments", young)
		if res.StatusCode != 422 || !strings.Contains(out, "年满18周岁") {
			t.Fatalf("too young: %d %s", res.StatusCode, out)
		}
		w.must("secA1", http.MethodPost, path, map[string]any{"done_on": "2026-02-28", "version": dev.Development.Version}, 200)
		// Stale version.
		w.must("secA1", http.MethodPost, fmt.Sprintf("/api/v1/developments/%d/steps/3", dev.Development.ID),
			map[string]any{"done_on": "2026-03-10", "version": dev.Development.Version}, 409)
	})
}
