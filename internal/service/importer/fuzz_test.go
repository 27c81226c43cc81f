package importer

import (
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/sheet"
)

// FuzzReadMembers: any CSV file read as a member sheet either fails at its header with the
// import's own error, or yields rows numbered upwards whose errors each name a column, and
// never quotes a whole valid ID number in an error (errors are stored with the job).
func FuzzReadMembers(f *testing.F) {
	f.Add([]byte("姓名,公民身份号码,党员类别,党组织编码\n张三,11010519491231002X,正式党员,B1\n李四,123,正式党员,B1\n"))
	f.Add([]byte("\xef\xbb\xbf姓名,性别,公民身份号码,联系电话\n王五,男,210202********1234,139****0000\n"))
	f.Add([]byte("党员名册\n\n姓名,身份证号,类别\n赵六,11010519491231002X,预备\n赵六,11010519491231002X,预备\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		last := 0
		err := ReadMembers(sheet.NewCSVReader(strings.NewReader(string(b))), testRules, testToday, func(mr *MemberRow, es []RowError) error {
			if mr.Row <= last {
				t.Fatalf("row %d after %d", mr.Row, last)
			}
			last = mr.Row
			for _, e := range es {
				if e.Row != mr.Row || e.Column == "" || e.Code == "" {
					t.Fatalf("bad error %+v", e)
				}
				if _, err := model.ParseIDNumber(e.Value); err == nil {
					t.Fatalf("an error quotes the ID number %s", e.Value)
				}
			}
			return nil
		})
		if err != nil {
			if _, ok := errs.As(err); !ok {
				t.Fatalf("an error that is not the import's: %v", err)
			}
		}
	})
}

// FuzzParseOrgRow: an organisation row never panics and its errors name one column each.
func FuzzParseOrgRow(f *testing.F) {
	f.Add("中共测试支部\t党支部\tROOT\tB1\t2020-01-01")
	f.Add("\t\t\t")
	f.Add("x\t联合党支部\t\t\t45293\t5")
	h := headerOf(f, OrgColumns)
	f.Fuzz(func(t *testing.T, row string) {
		cells := strings.Split(row, "\t")
		or, es := ParseOrgRow(3, cells, h, testRules, testToday)
		if or == nil {
			if es != nil || !sheet.Blank(cells) {
				t.Fatalf("nil row for %q with errors %v", cells, es)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range es {
			if e.Row != 3 || e.Column == "" || e.Code == "" || seen[e.Column] {
				t.Fatalf("bad error %+v in %+v", e, es)
			}
			seen[e.Column] = true
		}
	})
}
