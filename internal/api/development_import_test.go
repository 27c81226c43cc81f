package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// developmentXLSX is a spreadsheet as development workers keep it: a title row, Chinese
// headers, Chinese date forms.
func developmentXLSX(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	f.SetSheetRow(sh, "A1", &[]any{"某社区党支部发展党员工作台账（2024年）"})
	f.SetSheetRow(sh, "A2", &[]any{"姓名", "性别", "公民身份号码", "民族", "所在党支部", "申请入党日期", "谈话日期",
		"确定为入党积极分子日期", "积极分子备案日期", "培养联系人", "指定培养联系人日期", "培养教育考察日期", "确定为发展对象日期"})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		f.SetSheetRow(sh, cell, &r)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDevelopmentImportAndExport(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		good := []any{"吴新", "男", testID(1996, 51), "汉族", "组织A1", "2024年1月10日", "2024年1月20日", "2024年3月1日",
			"2024-03-02", "李明、王芳", "2024/3/3", "2024年9月1日", "2025年3月1日"}
		lateTalk := []any{"郑晚", "女", testID(1996, 52), "汉族", "组织A1", "2024年1月31日", "2024年3月1日"}
		noSponsor := []any{"冯无", "男", testID(1996, 53), "汉族", "组织A1", "2024年1月10日", "2024年1月20日", "2024年3月1日",
			"2024-03-02", "查无此人", "2024/3/3"}
		elsewhere := []any{"陈外", "男", testID(1996, 55), "汉族", "组织B1", "2024年1月10日"}
		file := developmentXLSX(t, [][]any{good, lateTalk, noSponsor, elsewhere})

		// Default: all or nothing, each bad row named with the rule broken.
		_, body := w.upload("secA1", "developments", "台账.xlsx", file, "")
		r := parseJob(t, body)
		if r.Result.Written != 0 || r.Result.Created != 1 || r.Result.Invalid != 3 || len(r.Result.Errors) != 3 {
			t.Fatalf("all-or-nothing: %s", body)
		}
		want := []struct {
			row    int
			column string
			text   string
		}{{4, "谈话日期", "第7条"}, {5, "培养联系人", "查无此人"}, {6, "所在党支部", "组织B1"}}
		for i, e := range r.Result.Errors {
			if e.Row != want[i].row || e.Column != want[i].column || !strings.Contains(e.Message, want[i].text) {
				t.Errorf("error %d: %+v, want row %d column %s with %q", i, e, want[i].row, want[i].column, want[i].text)
			}
		}
		if _, b := w.do("secA1", http.MethodGet, "/api/v1/developments", nil); !strings.Contains(b, `"total":0`) {
			t.Fatalf("a refused import wrote records: %s", b)
		}
		// Partial: the valid row goes in, as a candidate with its sponsors; the refused rows
		// left nothing behind (not even their applications).
		_, body = w.upload("secA1", "developments", "台账.xlsx", file, "?partial=true")
		if r = parseJob(t, body); r.Result.Written != 1 {
			t.Fatalf("partial: %s", body)
		}
		_, b := w.do("secA1", http.MethodGet, "/api/v1/developments", nil)
		if !strings.Contains(b, `"total":1`) || !strings.Contains(b, "吴新") || !strings.Contains(b, `"stage":"candidate"`) {
			t.Fatalf("after the partial import: %s", b)
		}
		_, st := w.do("staffA", http.MethodGet, w.path("/api/v1/orgs/{org:A}/stats"), nil)
		if !strings.Contains(st, `"candidate":1`) || !strings.Contains(st, `"applicant":0`) {
			t.Fatalf("stage counts: %s", st)
		}
		// The export lists the record with its stage and steps, for the own subtree only.
		res, x := w.do("staffA", http.MethodGet, w.path("/api/v1/developments/export?org={org:A}&format=csv"), nil)
		if res.StatusCode != 200 || !strings.Contains(x, "吴新") || !strings.Contains(x, "发展对象") || !strings.Contains(x, "李明、王芳") ||
			!strings.Contains(x, "2025-03-01") || !strings.Contains(x, "第15步 支部大会讨论") {
			t.Fatalf("export: %d %s", res.StatusCode, x)
		}
		if res, _ := w.do("staffB", http.MethodGet, w.path("/api/v1/developments/export?org={org:A}"), nil); res.StatusCode != 404 {
			t.Fatalf("export of another district: %d", res.StatusCode)
		}
		res, tpl := w.do("secA1", http.MethodGet, "/api/v1/import/templates/developments?format=csv", nil)
		if res.StatusCode != 200 || !strings.Contains(tpl, "申请入党日期*") || !strings.Contains(tpl, "确定为发展对象日期") {
			t.Fatalf("template: %d %s", res.StatusCode, tpl)
		}
		if diffs, err := w.app.Store.VerifyStats(t.Context()); err != nil || len(diffs) > 0 {
			t.Fatalf("rollup after the import: %v %+v", err, diffs)
		}
	})
}
