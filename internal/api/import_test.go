package api_test

import (
	"bytes"
	"dangjian/internal/model"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// upload posts a file to /api/v1/import/{kind} as user and returns the finished job's body.
func (w *world) upload(user, kind, name string, content []byte, query string) (int, string) {
	w.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, w.srv.URL+"/api/v1/import/"+kind+query, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: "dj_session", Value: w.cookies[user]})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 202 {
		return res.StatusCode, string(b)
	}
	var job struct {
		JobID int64 `json:"job_id"`
	}
	json.Unmarshal(b, &job)
	return 202, waitJob(w.t, w, user, job.JobID)
}

type importResult struct {
	Result struct {
		DryRun                                              bool `json:"dry_run"`
		Rows, Created, Updated, Unchanged, Invalid, Written int
		Errors                                              []struct {
			Row     int
			Column  string
			Message string
		}
	}
	ID int64
}

func parseJob(t *testing.T, body string) importResult {
	var r importResult
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("job body: %v %s", err, body)
	}
	return r
}

func memberCSV(w *world, rows ...string) []byte {
	return []byte("大连市XX党委党员名册\n\n姓名,性别,公民身份号码,民族,党员类别,所在党组织,入党日期\n" + w.ids(strings.Join(rows, "\n")) + "\n")
}

func TestImportAllOrNothingThenPartial(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		good1 := "孙丽,女," + testID(1980, 12) + ",汉族,正式党员,组织A1,2005年7月1日"
		good2 := "周伟,男," + testID(1981, 13) + ",满族,预备党员,C-A1,2026/1/5"
		bad1 := "吴刚,男,110105194912310021,汉族,正式党员,组织A1,2005-07-01"       // wrong check digit
		bad2 := "郑爽,女," + testID(1982, 14) + ",汉族,正式党员,组织B1,2005-07-01" // outside A's scope
		csv := memberCSV(w, good1, bad1, good2, bad2)

		// Dry run: counts, errors, nothing written.
		status, body := w.upload("staffA", "members", "名册.csv", csv, "?dry_run=true")
		r := parseJob(t, body)
		if status != 202 || !r.Result.DryRun || r.Result.Created != 2 || r.Result.Invalid != 2 || r.Result.Written != 0 {
			t.Fatalf("dry run: %d %s", status, body)
		}
		// Default: a file with errors writes nothing; both bad rows are named with their row.
		_, body = w.upload("staffA", "members", "名册.csv", csv, "")
		r = parseJob(t, body)
		if r.Result.Written != 0 || len(r.Result.Errors) != 2 || r.Result.Errors[0].Row != 5 || r.Result.Errors[1].Row != 7 {
			t.Fatalf("all-or-nothing: %s", body)
		}
		if !strings.Contains(body, "校验位") || !strings.Contains(body, "组织B1") {
			t.Fatalf("errors must explain the check digit and the unknown organisation: %s", body)
		}
		if _, b := w.do("staffA", http.MethodGet, w.path("/api/v1/members?org={org:A}"), nil); !strings.Contains(b, `"total":3`) {
			t.Fatalf("a refused import wrote rows: %s", b)
		}
		// The error report downloads as xlsx with both rows.
		res, rep := w.do("staffA", http.MethodGet, fmt.Sprintf("/api/v1/jobs/%d/errors.xlsx", r.ID), nil)
		if res.StatusCode != 200 {
			t.Fatalf("errors.xlsx: %d %s", res.StatusCode, rep)
		}
		f, err := excelize.OpenReader(strings.NewReader(rep))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(f.GetSheetName(0))
		if len(rows) != 3 || rows[0][0] != "行号" || rows[1][0] != "5" {
			t.Fatalf("report rows: %v", rows)
		}
		// Another district cannot read the job.
		if res, _ := w.do("staffB", http.MethodGet, fmt.Sprintf("/api/v1/jobs/%d", r.ID), nil); res.StatusCode != 404 {
			t.Fatalf("staffB reads staffA's job: %d", res.StatusCode)
		}
		// Partial: the two valid rows go in.
		_, body = w.upload("staffA", "members", "名册.csv", csv, "?partial=true")
		if r = parseJob(t, body); r.Result.Written != 2 || r.Result.Created != 2 {
			t.Fatalf("partial: %s", body)
		}
		// Re-importing updates, never duplicates.
		_, body = w.upload("staffA", "members", "名册.csv", memberCSV(w, strings.Replace(good1, "孙丽", "孙莉", 1), good2), "")
		if r = parseJob(t, body); r.Result.Updated != 1 || r.Result.Unchanged != 1 || r.Result.Created != 0 {
			t.Fatalf("re-import: %s", body)
		}
		if _, b := w.do("staffA", http.MethodGet, w.path("/api/v1/members?org={org:A}"), nil); !strings.Contains(b, `"total":5`) || !strings.Contains(b, "孙莉") {
			t.Fatalf("after re-import: %s", b)
		}
		if diffs, err := w.app.Store.VerifyStats(t.Context()); err != nil || len(diffs) > 0 {
			t.Fatalf("rollup after imports: %v %+v", err, diffs)
		}
	})
}

func TestExportRoundTripAndTemplates(t *testing.T) {
	w := newWorld(t, "sqlite")
	// By default an export masks the ID numbers and phones; a masked file does not import.
	res, body := w.do("staffA", http.MethodGet, w.path("/api/v1/members/export?org={org:A}&format=csv"), nil)
	if res.StatusCode != 200 || !strings.Contains(body, "李明") || strings.Contains(body, w.members["a1"].IDNumber) ||
		!strings.Contains(body, model.MaskIDNumber(w.members["a1"].IDNumber)) || strings.Contains(body, w.members["a1"].Phone) {
		t.Fatalf("masked csv export: %d %q", res.StatusCode, body)
	}
	_, job := w.upload("staffA", "members", "export.csv", []byte(body), "?dry_run=true")
	if r := parseJob(t, job); r.Result.Invalid != 3 || !strings.Contains(job, "import.masked") || strings.Contains(job, w.members["a1"].IDNumber) {
		t.Fatalf("re-import of a masked export: %s", job)
	}
	// With full personal data (audited) it round-trips.
	res, body = w.do("staffA", http.MethodGet, w.path("/api/v1/members/export?org={org:A}&format=csv&unmasked=true"), nil)
	if res.StatusCode != 200 || !strings.HasPrefix(body, "\ufeff") || !strings.Contains(body, "李明") || strings.Contains(body, "陈静") ||
		!strings.Contains(body, w.members["a1"].IDNumber) {
		t.Fatalf("csv export: %d %q", res.StatusCode, body)
	}
	if res, _ := w.do("auditorA", http.MethodGet, "/api/v1/members/export?unmasked=true", nil); res.StatusCode != 403 {
		t.Fatalf("an unmasked export by a role that may not see personal data: %d", res.StatusCode)
	}
	if res, _ := w.do("staffA", http.MethodGet, w.path("/api/v1/members/export?org={org:B}"), nil); res.StatusCode != 404 {
		t.Fatalf("export of another district: %d", res.StatusCode)
	}
	// The export imports back unchanged.
	_, job = w.upload("staffA", "members", "export.csv", []byte(body), "")
	if r := parseJob(t, job); r.Result.Unchanged != 3 || r.Result.Invalid != 0 {
		t.Fatalf("re-import of an export: %s", job)
	}
	res, x := w.do("staffA", http.MethodGet, w.path("/api/v1/orgs/export?org={org:A}"), nil)
	if res.StatusCode != 200 || !strings.HasPrefix(x, "PK") {
		t.Fatalf("orgs xlsx export: %d", res.StatusCode)
	}
	if res, _ := w.do("staffA", http.MethodGet, w.path("/api/v1/orgs/export?org={org:B}"), nil); res.StatusCode != 404 {
		t.Fatalf("orgs export of another district: %d", res.StatusCode)
	}
	for _, kind := range []string{"members", "orgs"} {
		res, tpl := w.do("staffA", http.MethodGet, "/api/v1/import/templates/"+kind+"?format=csv", nil)
		if res.StatusCode != 200 || !strings.Contains(tpl, "党组织") {
			t.Fatalf("%s template: %d %s", kind, res.StatusCode, tpl)
		}
	}
	if res, _ := w.do("", http.MethodGet, "/api/v1/import/templates/members", nil); res.StatusCode != 401 {
		t.Fatalf("anonymous template: %d", res.StatusCode)
	}
}

func TestImportOrgs(t *testing.T) {
	w := newWorld(t, "sqlite")
	csv := w.ids("党组织名称,组织类别,上级党组织,组织编码,单位类型\n" +
		"甲社区党委,党委,组织A,S-1,社区\n" +
		"甲社区第一党支部,党支部,S-1,S-1-1,社区\n" +
		"乙支部,党支部,组织B,S-2,社区\n")
	_, body := w.upload("staffA", "orgs", "orgs.csv", []byte(csv), "?partial=true")
	r := parseJob(t, body)
	if r.Result.Created != 2 || r.Result.Invalid != 1 || r.Result.Errors[0].Row != 4 {
		t.Fatalf("org import: %s", body)
	}
	if _, b := w.do("staffA", http.MethodGet, "/api/v1/orgs?q=甲社区", nil); !strings.Contains(b, "甲社区第一党支部") {
		t.Fatalf("imported orgs not found: %s", b)
	}
}
