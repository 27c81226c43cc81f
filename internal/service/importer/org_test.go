package importer

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/sheet"
)

func goodOrg() map[string]string {
	return map[string]string{
		"name": "机关第一党支部", "short_name": "机关一支部", "type": "党支部", "parent": "DL-001", "code": "DL-001-01",
		"has_committee": "是", "unit_type": "机关", "unit_name": "大连市XX局", "founded_on": "2010年7月1日",
		"term_start": "2023/5/1", "term_years": "3年", "phone": "0411-84123456",
	}
}

var orgErrorCases = []struct {
	change map[string]string
	column string
	code   string
}{
	{map[string]string{"name": ""}, "党组织名称", "required"},
	{map[string]string{"name": strings.Repeat("党", 101)}, "党组织名称", "too_long"},
	{map[string]string{"type": ""}, "组织类别", "required"},
	{map[string]string{"type": "团支部"}, "组织类别", "import.invalid_choice"},
	{map[string]string{"parent": ""}, "上级党组织", "required"},
	{map[string]string{"has_committee": "也许"}, "是否设支委会", "import.invalid_choice"},
	{map[string]string{"unit_type": "外企"}, "单位类型", "import.invalid_choice"},
	{map[string]string{"founded_on": "2030-01-01"}, "成立日期", "date.future"},
	{map[string]string{"term_start": "2023-02-29"}, "本届任期开始", "date.impossible"},
	{map[string]string{"term_years": "11"}, "任期年限", "org.term_years"},
	{map[string]string{"term_years": "三年"}, "任期年限", "import.not_number"},
	{map[string]string{"phone": "84-1234"}, "联系电话", "member.phone"},
}

func TestOrgErrorCodes(t *testing.T) {
	h := headerOf(t, OrgColumns)
	for _, tc := range orgErrorCases {
		values := goodOrg()
		for k, v := range tc.change {
			values[k] = v
		}
		or, errs := ParseOrgRow(4, cellsOf(OrgColumns, values), h, testRules, testToday)
		if or == nil || len(errs) != 1 || errs[0].Code != tc.code || errs[0].Column != tc.column || errs[0].Row != 4 {
			t.Errorf("%v: got %+v, want %s on %s", tc.change, errs, tc.code, tc.column)
		}
	}
}

func TestParseOrgRow(t *testing.T) {
	h := headerOf(t, OrgColumns)
	or, errs := ParseOrgRow(4, cellsOf(OrgColumns, goodOrg()), h, testRules, testToday)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	o := or.Org
	if o.Type != model.Branch || !o.HasCommittee || o.UnitType != model.UnitGovernmentOrgan || o.TermYears != 3 ||
		o.FoundedOn.String() != "2010-07-01" || o.TermStart.String() != "2023-05-01" || or.ParentRef != "DL-001" {
		t.Errorf("%+v", o)
	}
	if e := or.ParentError("not_found", nil); e.Column != "上级党组织" || e.Value != "DL-001" || e.Row != 4 {
		t.Errorf("%+v", e)
	}
	// A term start without its length takes the rules' default; an xlsx number cell reads "5".
	values := goodOrg()
	values["term_years"], values["unit_type"], values["type"] = "", "社区", "党委"
	or, errs = ParseOrgRow(5, cellsOf(OrgColumns, values), h, testRules, testToday)
	if len(errs) != 0 || or.Org.TermYears != 5 || or.Org.Type != model.PrimaryCommittee {
		t.Errorf("default term: %+v %+v", or.Org, errs)
	}
}

func TestDuplicateOrgsInFile(t *testing.T) {
	text := "党组织名称,组织类别,上级党组织,组织编码\n" +
		"第一党支部,党支部,甲党委,A1\n第一党支部,党支部,乙党委,B1\n第二党支部,党支部,甲党委,A1\n第一党支部,支部,甲党委,\n"
	var got []RowError
	must(t, ReadOrgs(sheet.NewCSVReader(strings.NewReader(text)), testRules, testToday,
		func(_ *OrgRow, es []RowError) error { got = append(got, es...); return nil }))
	want := []RowError{
		{Row: 4, Column: "组织编码", Value: "A1", Code: "import.duplicate_org", Params: map[string]any{"Row": 2}},
		{Row: 5, Column: "党组织名称", Value: "第一党支部", Code: "import.duplicate_org", Params: map[string]any{"Row": 2}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v", got)
	}
}

func TestOrgRoundTrip(t *testing.T) {
	parent := &model.Org{Name: "XX党委", Code: "DL-001"}
	o := &model.Org{Name: "XX社区党委第一党支部", ShortName: "一支部", Type: model.JointBranch, HasCommittee: true,
		UnitType: model.UnitNonPublicEnterprise, UnitName: "大连XX科技有限公司", Industry: "软件和信息技术服务业",
		Code: "DL-001-07", UnitCode: "91210200MA0QXXXX1A", Address: "大连市高新区", Phone: "13800138000",
		FoundedOn: model.NewDate(2019, 1, 1), TermStart: model.NewDate(2022, 1, 1), TermYears: 3}
	var buf bytes.Buffer
	w, err := sheet.NewXLSXWriter(&buf, "党组织")
	must(t, err)
	must(t, WriteOrgExportHeader(w))
	must(t, w.WriteRow(OrgExportRow(o, parent)))
	noCode := *parent
	noCode.Code = ""
	must(t, w.WriteRow(OrgExportRow(&model.Org{Name: "XX党委第二党支部", Type: model.Branch}, &noCode)))
	must(t, w.Close())
	r, err := sheet.OpenFile(writeFile(t, "orgs.xlsx", buf.Bytes()))
	must(t, err)
	defer r.Close()
	var rows []*OrgRow
	must(t, ReadOrgs(r, testRules, testToday, func(or *OrgRow, es []RowError) error {
		if len(es) > 0 {
			t.Errorf("row %d: %+v", or.Row, es)
		}
		rows = append(rows, or)
		return nil
	}))
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	if !reflect.DeepEqual(*rows[0].Org, *o) || rows[0].ParentRef != "DL-001" {
		t.Errorf("\n got %+v\nwant %+v", *rows[0].Org, *o)
	}
	if rows[1].ParentRef != "XX党委" || rows[1].Org.HasCommittee {
		t.Errorf("second row %+v %q", rows[1].Org, rows[1].ParentRef)
	}
}
