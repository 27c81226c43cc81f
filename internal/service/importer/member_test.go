package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"dangjian/internal/model"
	"dangjian/internal/service/member"
	"dangjian/internal/service/sheet"
)

// readMembers reads a member file and returns its rows and errors.
func readMembers(t *testing.T, path string) ([]*MemberRow, []RowError) {
	t.Helper()
	r, err := sheet.OpenFile(path)
	must(t, err)
	defer r.Close()
	var rows []*MemberRow
	var all []RowError
	must(t, ReadMembers(r, testRules, testToday, func(mr *MemberRow, es []RowError) error {
		rows = append(rows, mr)
		all = append(all, es...)
		return nil
	}))
	return rows, all
}

func TestRealisticXLSX(t *testing.T) {
	xID := idWithX(t, "19900615")
	f := excelize.NewFile()
	s := "Sheet1"
	must(t, f.SetCellValue(s, "A1", "大连市XX党委党员名册"))
	must(t, f.MergeCell(s, "A1", "M1"))
	must(t, f.SetSheetRow(s, "A3", &[]any{"序号", "姓名*", "性别", "民族", "出生日期", "身份证号（必填）", "学历", "学位",
		"联系电话", "人员类别 *", "党籍状态", "入党日期", "转正日期", "所在党组织", "备注"}))
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	must(t, f.SetSheetRow(s, "A4", &[]any{1, "张  三", "男", "汉", "1985年3月4日", testID("19850304", "123"), "本科", "学士",
		"138 0013 8000", "正式党员", "正常", "2006/7/1", day(2007, 7, 1), "第一党支部", "支部书记"}))
	must(t, f.SetSheetRow(s, "A5", &[]any{2, "李四", "女", "回族", "1985/3/4", testID("19850304", "124"), "大专", "无",
		"0411-84123456", "预备", "流动党员", day(2024, 12, 1), "", "第二党支部"}))
	// Row 6 left blank.
	must(t, f.SetSheetRow(s, "A7", &[]any{3, "王五", "", "满族", day(1990, 6, 15), strings.ToLower(xID), "硕士研究生", "硕士",
		"", "正式", "出国（境）保留党籍", day(2015, 6, 1), day(2016, 6, 1), "第一党支部"}))
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(t, err)
	must(t, f.SetCellStyle(s, "E7", "E7", dateStyle))
	must(t, f.SetCellStyle(s, "L5", "M7", dateStyle))
	path := filepath.Join(t.TempDir(), "名册.xlsx")
	must(t, f.SaveAs(path))

	rows, errs := readMembers(t, path)
	if len(errs) != 0 {
		t.Fatalf("errors: %+v", errs)
	}
	if len(rows) != 3 || rows[0].Row != 4 || rows[1].Row != 5 || rows[2].Row != 7 {
		t.Fatalf("rows %+v", rows)
	}
	a, b, c := rows[0].Member, rows[1].Member, rows[2].Member
	check := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	check("name with spaces", a.Name, "张三")
	check("ethnicity 汉", a.Ethnicity, "汉族")
	check("1985年3月4日", a.BirthDate.String(), "1985-03-04")
	check("phone", a.Phone, "13800138000")
	check("education", a.Education, model.EduUndergraduate)
	check("degree", a.Degree, model.DegreeBachelor)
	check("typed date", a.AdmittedOn.String(), "2006-07-01")
	check("date cell", a.FullOn.String(), "2007-07-01")
	check("org", rows[0].OrgRef, "第一党支部")
	check("category", a.Category, model.Full)
	check("initials", a.NameInitials != "", true)
	check("1985/3/4", b.BirthDate.String(), "1985-03-04")
	check("sex", b.Sex, model.Female)
	check("预备", b.Category, model.Probationary)
	check("流动党员", b.Status, model.StatusMobile)
	check("大专", b.Education, model.EduJuniorCollege)
	check("无", b.Degree, model.DegreeNone)
	check("date cell", b.AdmittedOn.String(), "2024-12-01")
	check("birth date cell", c.BirthDate.String(), "1990-06-15")
	info, _ := model.ParseIDNumber(xID)
	check("sex from ID", c.Sex, info.Sex)
	check("x upper-cased", c.IDNumber, xID)
	check("出国（境）", c.Status, model.StatusAbroad)
	check("硕士研究生", c.Education, model.EduPostgraduate)
}

func TestGBKCSV(t *testing.T) {
	text := "党员信息表\r\n\r\n姓名,性别,公民身份号码,党员类别,入党日期,所在党组织\r\n" +
		"赵六,女," + testID("19700101", "002") + ",正式党员,1995.7.1,机关第一党支部\r\n" +
		"钱七,男," + testID("19800202", "011") + ",预备党员,2024年12月1日,机关第一党支部\r\n"
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	must(t, err)
	rows, errs := readMembers(t, writeFile(t, "members.csv", b))
	if len(errs) != 0 || len(rows) != 2 {
		t.Fatalf("rows %d, errors %+v", len(rows), errs)
	}
	if m := rows[0].Member; m.Name != "赵六" || m.Sex != model.Female || m.AdmittedOn.String() != "1995-07-01" || rows[0].OrgRef != "机关第一党支部" || rows[0].Row != 4 {
		t.Errorf("row 1: %+v", m)
	}
	if m := rows[1].Member; m.Name != "钱七" || m.Category != model.Probationary || m.AdmittedOn.String() != "2024-12-01" || m.BirthDate.String() != "1980-02-02" {
		t.Errorf("row 2: %+v", m)
	}
}

// memberErrorCases each break one rule, named by the code and column expected.
var memberErrorCases = []struct {
	change map[string]string
	column string
	code   string
}{
	{map[string]string{"name": ""}, "姓名", "required"},
	{map[string]string{"name": strings.Repeat("张", 51)}, "姓名", "too_long"},
	{map[string]string{"sex": "未知"}, "性别", "import.invalid_choice"},
	{map[string]string{"birth_date": "三月四日"}, "出生日期", "invalid_date"},
	{map[string]string{"birth_date": "1985-02-30"}, "出生日期", "date.impossible"},
	{map[string]string{"birth_date": "03/04/85"}, "出生日期", "date.ambiguous"},
	{map[string]string{"birth_date": "1985-03-05"}, "出生日期", "id_number.birth_mismatch"},
	{map[string]string{"id_number": ""}, "公民身份号码", "required"},
	{map[string]string{"id_number": "21020219850304"}, "公民身份号码", "id_number.length"},
	{map[string]string{"id_number": "2102021985030412A4"}, "公民身份号码", "id_number.characters"},
	{map[string]string{"id_number": testID("19851304", "123"), "birth_date": ""}, "公民身份号码", "id_number.birth_date"},
	{map[string]string{"id_number": "210202198503041230"}, "公民身份号码", "id_number.check_digit"},
	{map[string]string{"id_number": "2.10202198503041E+17"}, "公民身份号码", "id_number.scientific"},
	{map[string]string{"sex": "女"}, "性别", "id_number.sex_mismatch"},
	{map[string]string{"ethnicity": "火星族"}, "民族", "member.ethnicity"},
	{map[string]string{"education": "幼儿园"}, "学历", "import.invalid_choice"},
	{map[string]string{"degree": "院士"}, "学位", "import.invalid_choice"},
	{map[string]string{"category": ""}, "党员类别", "required"},
	{map[string]string{"category": "积极分子"}, "党员类别", "import.invalid_choice"},
	{map[string]string{"status": "退休"}, "党籍状态", "import.invalid_choice"},
	{map[string]string{"status": "已出党"}, "出党方式", "required"},
	{map[string]string{"exit_type": "劝退"}, "出党方式", "member.exit_type_unexpected"},
	{map[string]string{"status": "已出党", "exit_type": "除名"}, "出党方式", "import.invalid_choice"},
	{map[string]string{"full_on": "2030-01-01"}, "转正日期", "date.future"},
	{map[string]string{"admitted_on": "2005-01-01"}, "入党日期", "member.admitted_before_applied"},
	{map[string]string{"full_on": "2006-01-01"}, "转正日期", "member.full_before_admitted"},
	{map[string]string{"applied_on": "", "admitted_on": "2003-03-03"}, "入党日期", "member.too_young"},
	{map[string]string{"applied_on": "2003-03-03"}, "申请入党日期", "member.too_young_applied"},
	{map[string]string{"phone": "1380013800"}, "联系电话", "member.phone"},
	{map[string]string{"address": strings.Repeat("路", 201)}, "家庭住址", "too_long"},
}

func TestMemberErrorCodes(t *testing.T) {
	h := memberHeader(t)
	for _, tc := range memberErrorCases {
		values := goodMember()
		for k, v := range tc.change {
			values[k] = v
		}
		mr, errs := ParseMemberRow(9, cellsOf(MemberColumns, values), h, testRules, testToday)
		if mr == nil || len(errs) != 1 || errs[0].Code != tc.code || errs[0].Column != tc.column || errs[0].Row != 9 {
			t.Errorf("%v: got %+v, want %s on %s", tc.change, errs, tc.code, tc.column)
		}
	}
	if mr, errs := ParseMemberRow(9, cellsOf(MemberColumns, goodMember()), h, testRules, testToday); len(errs) != 0 || mr.Member.Name != "张三" {
		t.Errorf("the good row: %+v", errs)
	}
	if mr, errs := ParseMemberRow(9, []string{"", " ", "\u3000"}, h, testRules, testToday); mr != nil || errs != nil {
		t.Errorf("blank row: %v %v", mr, errs)
	}
}

// The column of an error is the header as the file writes it; an ID number it quotes is masked
// (import errors are kept with the job, and personal data is stored encrypted only).
func TestRowErrorUsesWrittenHeader(t *testing.T) {
	r := sheet.NewCSVReader(strings.NewReader("Name,Sex,ID Number*,category\n张三,,123,正式\n"))
	var got []RowError
	must(t, ReadMembers(r, testRules, testToday, func(_ *MemberRow, es []RowError) error { got = append(got, es...); return nil }))
	if len(got) != 1 || got[0].Column != "ID Number*" || got[0].Value != "*23" || got[0].Code != "id_number.length" || got[0].Row != 2 {
		t.Fatalf("%+v", got)
	}
}

func TestDuplicateIDInFile(t *testing.T) {
	id := testID("19850304", "123")
	text := fmt.Sprintf("姓名,公民身份号码,党员类别\n张三,%s,正式\n李四,%s,正式\n\n张三,%s,正式\n", id, testID("19860101", "123"), strings.ToLower(id))
	var got []RowError
	must(t, ReadMembers(sheet.NewCSVReader(strings.NewReader(text)), testRules, testToday,
		func(_ *MemberRow, es []RowError) error { got = append(got, es...); return nil }))
	if len(got) != 1 || got[0].Code != "import.duplicate_id" || got[0].Row != 5 || got[0].Params["Row"] != 2 {
		t.Fatalf("%+v", got)
	}
}

// An error on a date cell shows the date, not Excel's day number.
func TestErrorShowsDateOfSerial(t *testing.T) {
	values := goodMember()
	values["birth_date"] = "31111" // 1985-03-05, against an ID number born 1985-03-04
	_, errs := ParseMemberRow(2, cellsOf(MemberColumns, values), memberHeader(t), testRules, testToday)
	if len(errs) != 1 || errs[0].Code != "id_number.birth_mismatch" || errs[0].Value != "1985-03-05" {
		t.Fatalf("%+v", errs)
	}
}

func TestMemberOrgError(t *testing.T) {
	h := memberHeader(t)
	mr, _ := ParseMemberRow(3, cellsOf(MemberColumns, goodMember()), h, testRules, testToday)
	if e := mr.OrgError("not_found", nil); e.Row != 3 || e.Column != "所在党组织" || e.Value != "第一党支部" {
		t.Errorf("%+v", e)
	}
	values := goodMember()
	values["org"], values["org_code"] = "", " D-01 "
	mr, _ = ParseMemberRow(3, cellsOf(MemberColumns, values), h, testRules, testToday)
	if e := mr.OrgError("not_found", nil); e.Column != "党组织编码" || e.Value != "D-01" || mr.OrgCode != "D-01" {
		t.Errorf("%+v", e)
	}
}

func TestMemberRoundTrip(t *testing.T) {
	m := &model.Member{
		Name: "欧阳娜娜", Sex: model.Female, Ethnicity: "朝鲜族", BirthDate: model.NewDate(1988, 8, 8),
		IDNumber: testID("19880808", "128"), NativePlace: "辽宁大连", Education: model.EduPostgraduate, Degree: model.DegreeDoctor,
		Occupation: "教师", WorkUnit: "大连理工大学", WorkPost: "副教授", Phone: "0411-84708888-123", Address: "大连市甘井子区凌工路2号",
		Category: model.Full, Status: model.StatusExited, ExitType: model.ExitProbationCancelled,
		AppliedOn: model.NewDate(2008, 3, 1), AdmittedOn: model.NewDate(2009, 7, 1), FullOn: model.NewDate(2010, 7, 1),
		PartyPosts: "支部书记，组织委员", CardNo: "21020012345", OrgName: "化工学院第一党支部",
	}
	for _, format := range []sheet.Format{sheet.XLSX, sheet.CSV} {
		path := filepath.Join(t.TempDir(), "export."+string(format))
		out, err := os.Create(path)
		must(t, err)
		var w sheet.Writer
		if format == sheet.XLSX {
			w, err = sheet.NewXLSXWriter(out, "党员")
			must(t, err)
		} else {
			w = sheet.NewCSVWriter(out)
		}
		must(t, WriteMemberExportHeader(w))
		must(t, w.WriteRow(MemberExportRow(m, "D0001")))
		must(t, w.Close())
		must(t, out.Close())

		rows, errs := readMembers(t, path)
		if len(errs) != 0 || len(rows) != 1 {
			t.Fatalf("%s: %d rows, errors %+v", format, len(rows), errs)
		}
		got := rows[0].Member
		want := *m
		want.OrgName, want.NameInitials = "", got.NameInitials
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", format, *got, want)
		}
		if rows[0].OrgRef != m.OrgName || rows[0].OrgCode != "D0001" {
			t.Errorf("%s: org %q %q", format, rows[0].OrgRef, rows[0].OrgCode)
		}
	}
}

func FuzzParseMemberRow(f *testing.F) {
	f.Add(strings.Join(cellsOf(MemberColumns, goodMember()), "\t"))
	f.Add("张三\t男\t汉\t45293\t2.1E+17\t\t\t\t\t\t\t1\t\t预备\t已出党\t劝退\t2024年2月30日")
	f.Add("\t\t\t\t")
	h := memberHeader(f)
	f.Fuzz(func(t *testing.T, row string) {
		cells := strings.Split(row, "\t")
		mr, errs := ParseMemberRow(7, cells, h, testRules, testToday)
		if mr == nil {
			if errs != nil || !sheet.Blank(cells) {
				t.Fatalf("nil row for %q with errors %v", cells, errs)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range errs {
			if e.Row != 7 || e.Column == "" || e.Code == "" || seen[e.Column] {
				t.Fatalf("bad error %+v in %+v", e, errs)
			}
			seen[e.Column] = true
		}
		if len(errs) == 0 {
			if fe := memberValidate(mr.Member); len(fe) != 0 {
				t.Fatalf("row accepted but the member is invalid: %v", fe)
			}
		}
	})
}

func memberValidate(m *model.Member) []string {
	var out []string
	for _, fe := range member.Validate(m, testRules, testToday) {
		out = append(out, fe.Field+":"+fe.Code)
	}
	return out
}
