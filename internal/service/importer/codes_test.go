package importer

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"dangjian/internal/i18n"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/sheet"
)

// fileErrorCases are files that fail as a whole, with the code expected.
var fileErrorCases = []struct {
	name, text, code string
}{
	{"empty.csv", "\n\n", "import.empty"},
	{"title.csv", "党员名册\n\n序号,备注\n1,2\n", "import.no_header"},
	{"missing.csv", "姓名,公民身份号码,性别\n", "import.missing_columns"},
	{"broken.xlsx", "PK not a zip", "import.bad_file"},
	{"old.xls", "", "import.unsupported_format"},
}

func TestFileErrors(t *testing.T) {
	for _, tc := range fileErrorCases {
		code := fileErrorCode(t, tc.name, tc.text)
		if code != tc.code {
			t.Errorf("%s: %q, want %s", tc.name, code, tc.code)
		}
	}
}

func fileErrorCode(t *testing.T, name, text string) string {
	t.Helper()
	path := writeFile(t, name, []byte(text))
	r, err := sheet.OpenFile(path)
	if err == nil {
		defer r.Close()
		if filepath.Ext(name) == ".csv" {
			err = ReadMembers(r, testRules, testToday, func(*MemberRow, []RowError) error { return nil })
		}
	}
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: %v is not a domain error", name, err)
	}
	return e.Code
}

// Every code an import can produce has a Chinese and an English message.
func TestEveryCodeHasMessages(t *testing.T) {
	codes := map[string]bool{"import.duplicate_id": true, "import.duplicate_org": true,
		"report.row": true, "report.column": true, "report.value": true, "report.reason": true}
	for _, c := range memberErrorCases {
		codes[c.code] = true
	}
	for _, c := range orgErrorCases {
		codes[c.code] = true
	}
	for _, c := range fileErrorCases {
		codes[c.code] = true
	}
	zh, en := i18n.For("zh-CN"), i18n.For("en")
	params := map[string]any{"Value": "v", "Allowed": "是、否", "Row": 3, "Rows": 10, "Columns": "姓名", "Name": "a.xls",
		"Detail": "zip", "Min": 18, "Max": 50, "Expected": "X"}
	for code := range codes {
		z, e := zh.T(code, params), en.T(code, params)
		if z == code || !hasHan(z) || strings.Contains(z, "no value") {
			t.Errorf("%s: Chinese %q", code, z)
		}
		if e == code || strings.Contains(e, "no value") || hasHan(strings.NewReplacer("是、否", "", "姓名", "", "2024年1月2日", "", "汉族", "", "回族", "").Replace(e)) {
			t.Errorf("%s: English %q", code, e)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
