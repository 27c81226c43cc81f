package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/sheet"
)

var (
	testRules = rules.MustDefault()
	testToday = model.NewDate(2025, 6, 1)
)

// testID returns a valid ID number born on birth ("YYYYMMDD"); seq's last digit sets the sex.
func testID(birth, seq string) string {
	s := "210202" + birth + seq
	return s + string(model.IDCheckDigit(s))
}

// idWithX returns a valid ID number born on birth whose check character is X.
func idWithX(t *testing.T, birth string) string {
	for n := 100; n < 1000; n++ {
		s := "210202" + birth + itoa3(n)
		if model.IDCheckDigit(s) == 'X' {
			return s + "X"
		}
	}
	t.Fatal("no ID number with X")
	return ""
}

func itoa3(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

// memberHeader is the header of a sheet with every member column, in template order.
func memberHeader(t testing.TB) sheet.Header {
	return headerOf(t, MemberColumns)
}

func headerOf(t testing.TB, cols []sheet.Column) sheet.Header {
	t.Helper()
	r := sheet.NewCSVReader(strings.NewReader(strings.Join(headers(cols, false), ",") + "\n"))
	h, err := sheet.FindHeader(r, cols, 0)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// cellsOf lays out values by column key in the order of cols.
func cellsOf(cols []sheet.Column, values map[string]string) []string {
	return inOrder(cols, values)
}

// goodMember are the cells of a valid member row.
func goodMember() map[string]string {
	return map[string]string{
		"name": "张三", "sex": "男", "ethnicity": "汉族", "birth_date": "1985-03-04", "id_number": testID("19850304", "123"),
		"category": "正式党员", "status": "正常", "applied_on": "2005-03-01", "admitted_on": "2006-07-01", "full_on": "2007-07-01",
		"org": "第一党支部",
	}
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
