package sheet

import (
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/service/errs"
)

var testColumns = []Column{
	{Key: "name", Aliases: []string{"姓名", "name"}, Required: true},
	{Key: "id_number", Aliases: []string{"公民身份号码", "身份证号", "id_number"}, Required: true},
	{Key: "category", Aliases: []string{"党员类别", "人员类别", "category"}, Required: true},
	{Key: "sex", Aliases: []string{"性别", "sex"}},
	{Key: "birth_date", Aliases: []string{"出生日期", "birth_date"}},
}

func header(t *testing.T, csvText string, maxScan int) (Header, error) {
	t.Helper()
	return FindHeader(NewCSVReader(strings.NewReader(csvText)), testColumns, maxScan)
}

func TestFindHeader(t *testing.T) {
	h, err := header(t, "大连市XX党委党员名册\n\n序号,  姓名 *,性别（必填）,身份证号,备注,ＣＡＴＥＧＯＲＹ,姓名\n1,张三\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	if h.Row != 3 {
		t.Errorf("header row %d", h.Row)
	}
	want := map[string]int{"name": 1, "sex": 2, "id_number": 3, "category": 5}
	if len(h.Index) != len(want) {
		t.Errorf("index %v", h.Index)
	}
	for k, i := range want {
		if h.Index[k] != i {
			t.Errorf("index[%s] = %d, want %d", k, h.Index[k], i)
		}
	}
	if h.Title("name") != "姓名 *" || h.Title("id_number") != "身份证号" || h.Title("birth_date") != "出生日期" || h.Title("x") != "x" {
		t.Errorf("titles %v", h.Titles)
	}
	cells := []string{"1", " 张三 ", "男"}
	if v, ok := h.Cell(cells, "name"); !ok || v != "张三" {
		t.Errorf("Cell(name) = %q %v", v, ok)
	}
	if v, ok := h.Cell(cells, "id_number"); !ok || v != "" {
		t.Errorf("Cell past the row's end = %q %v", v, ok)
	}
	if _, ok := h.Cell(cells, "birth_date"); ok {
		t.Error("absent column reported present")
	}
}

func TestFindHeaderEnglishAndMarks(t *testing.T) {
	h, err := header(t, "*Name,ID_Number（必填）,Category*,Birth Date\n", 5)
	if err != nil {
		t.Fatal(err)
	}
	if h.Row != 1 || h.Index["name"] != 0 || h.Index["id_number"] != 1 || h.Index["category"] != 2 || h.Index["birth_date"] != 3 {
		t.Errorf("%+v", h)
	}
}

func TestFindHeaderErrors(t *testing.T) {
	for _, tc := range []struct{ text, code, detail string }{
		{"姓名,身份证号,性别\n张三\n", "import.missing_columns", "党员类别"},
		{"姓名,性别\n", "import.no_header", "姓名、公民身份号码、党员类别"},
		{"title\n\n\n\n姓名,身份证号,党员类别\n", "import.no_header", "姓名、公民身份号码、党员类别"},
		{"a,b\nc,d\n", "import.no_header", ""},
		{"\n,,\n", "import.empty", ""},
		{"", "import.empty", ""},
	} {
		_, err := header(t, tc.text, 4)
		if err == nil || !strings.Contains(err.Error(), tc.code) {
			t.Errorf("%q: err %v, want %s", tc.text, err, tc.code)
			continue
		}
		if tc.detail != "" {
			e := asErr(t, err)
			if !strings.Contains(e, tc.detail) {
				t.Errorf("%q: %s does not name %s", tc.text, e, tc.detail)
			}
		}
	}
}

func TestNormalizeHeader(t *testing.T) {
	for in, want := range map[string]string{
		" 姓名* ": "姓名", "＊姓名": "姓名", "公民身份号码（必填）": "公民身份号码", "Birth_Date": "birthdate",
		"出生\n日期": "出生日期", "ＩＤ　Ｎｕｍｂｅｒ": "idnumber", "姓名（必填）*": "姓名",
	} {
		if got := NormalizeHeader(in); got != want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

// asErr renders an error's code and params.
func asErr(t *testing.T, err error) string {
	t.Helper()
	e, ok := errs.As(err)
	if !ok {
		t.Fatalf("%v is not a domain error", err)
	}
	return fmt.Sprint(e.Code, e.Params)
}
