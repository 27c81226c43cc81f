package imports_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/imports"
	"dangjian/internal/service/org"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

var today = model.NewDate(2025, 6, 1)

// city is a store with two districts of two branches each, a staff principal of district A
// and two registered members: one in A1, one in B1.
type city struct {
	s         *store.Store
	svc       *imports.Service
	staffA    *auth.Principal
	inA, inB  *model.Member
	branchIDs map[string]int64
}

func newCity(t *testing.T, engine string) *city {
	t.Helper()
	ctx := context.Background()
	s := storetest.Open(t, engine)
	rs := rules.MustDefault()
	orgs := org.New(s, rs)
	mk := func(parent int64, name, code string, typ model.OrgType) *model.Org {
		o, _, err := orgs.Create(ctx, auth.System, org.Input{ParentID: parent, Name: name, Type: typ, Code: code})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	root := mk(0, "市委", "ROOT", model.MunicipalCommittee)
	c := &city{s: s, branchIDs: map[string]int64{}}
	var a *model.Org
	for _, d := range []string{"A", "B"} {
		dist := mk(root.ID, "区委"+d, d, model.DistrictCommittee)
		if d == "A" {
			a = dist
		}
		for i := 1; i <= 2; i++ {
			code := fmt.Sprint(d, i)
			c.branchIDs[code] = mk(dist.ID, "支部"+code, code, model.Branch).ID
		}
	}
	c.staffA = &auth.Principal{Username: "staffA", Grants: []model.Grant{{Role: model.RoleStaff, OrgID: a.ID, OrgPath: a.Path}}}
	c.svc = imports.New(s, rs, orgs)
	c.svc.Today = func() model.Date { return today }
	// Two registered members, through an import of the system principal.
	res := c.importCSV(t, auth.System, imports.Options{}, header+"\n"+row(1, "A1", "")+"\n"+row(2, "B1", ""))
	if res.Created != 2 {
		t.Fatalf("setup: %+v", res)
	}
	byNumber, err := s.MembersByIDNumber(ctx, []string{idNumber(1), idNumber(2)})
	if err != nil {
		t.Fatal(err)
	}
	c.inA, c.inB = byNumber[idNumber(1)], byNumber[idNumber(2)]
	return c
}

const header = "姓名,性别,公民身份号码,民族,学历,党员类别,党籍状态,入党日期,联系电话,党组织编码"

// idNumber returns the valid ID number of person i (born 1950-01-01 plus i days).
func idNumber(i int) string {
	d := model.NewDate(1950, 1, 1).AddDate(0, 0, i)
	base := fmt.Sprintf("210202%04d%02d%02d%03d", d.Year(), d.Time().Month(), d.Time().Day(), i%1000)
	return base + string(model.IDCheckDigit(base))
}

// row is a valid CSV row of person i in branch code; edu, when set, replaces the education.
func row(i int, branch, edu string) string {
	if edu == "" {
		edu = []string{"大学本科", "研究生", "高中", ""}[i%4]
	}
	category := []string{"正式党员", "预备党员"}[i%2]
	status := []string{"正常", "流动党员", "正常", "已死亡", "出国（境）保留党籍"}[i%5]
	return fmt.Sprintf("党员%d,,%s,汉族,%s,%s,%s,1990-07-01,139%08d,%s", i, idNumber(i), edu, category, status, i, branch)
}

func (c *city) importCSV(t *testing.T, p *auth.Principal, opt imports.Options, content string) *imports.Result {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.csv")
	if err := os.WriteFile(path, []byte(content+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := c.svc.ImportMembers(context.Background(), p, path, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// members returns every member, without the fields a load sets (id, times, version).
func (c *city) members(t *testing.T) map[string]model.Member {
	t.Helper()
	out := map[string]model.Member{}
	err := c.s.EachMember(context.Background(), store.AllScope, store.MemberFilter{}, func(m *model.Member) error {
		v := *m
		v.ID, v.CreatedAt, v.UpdatedAt = 0, time.Time{}, time.Time{}
		out[v.IDNumber] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bigFile is an import of staffA: 40 new members in A1 and A2, an update of inA, an
// unchanged copy of row 2 (of B1, so refused: outside A), a wrong check digit and a number
// repeated within the file.
func bigFile(c *city) (string, []int) {
	rows := []string{header}
	for i := 10; i < 50; i++ {
		rows = append(rows, row(i, []string{"A1", "A2"}[i%2], ""))
	}
	rows = append(rows, row(1, "A1", "高中")) // update (row 42)
	rows = append(rows, row(2, "A1", ""))   // elsewhere (row 43)
	bad := strings.Replace(row(60, "A1", ""), idNumber(60), idNumber(60)[:17]+"0", 1)
	if idNumber(60)[17] == '0' {
		bad = strings.Replace(row(60, "A1", ""), idNumber(60), idNumber(60)[:17]+"1", 1)
	}
	rows = append(rows, bad)               // check digit (row 44)
	rows = append(rows, row(10, "A2", "")) // duplicate of row 2 (row 45)
	return strings.Join(rows, "\n"), []int{43, 44, 45}
}

func TestImportMembersBulkAndRowByRowAgree(t *testing.T) {
	for _, engine := range engines() {
		t.Run(engine, func(t *testing.T) {
			var results []*imports.Result
			var stored []map[string]model.Member
			for _, bulk := range []bool{false, true} {
				c := newCity(t, engine)
				if bulk {
					c.svc.BulkMinRows = 1 // the file holds more rows than the table: indexes deferred on SQLite
				}
				content, badRows := bigFile(c)
				// All or nothing: the errors are reported, nothing is written.
				before := c.members(t)
				res := c.importCSV(t, c.staffA, imports.Options{}, content)
				if res.Written != 0 || res.Invalid != 3 || res.Created != 40 || res.Updated != 1 {
					t.Fatalf("all or nothing: %+v", res)
				}
				if got := errorRows(res); !reflect.DeepEqual(got, badRows) {
					t.Fatalf("error rows %v, want %v: %+v", got, badRows, res.Errors)
				}
				if !reflect.DeepEqual(c.members(t), before) {
					t.Fatal("a refused import changed members")
				}
				// A dry run reports the same and writes nothing either.
				dry := c.importCSV(t, c.staffA, imports.Options{DryRun: true, Partial: true}, content)
				if dry.Written != 0 || dry.Created != 40 || dry.Updated != 1 || dry.Invalid != 3 || !reflect.DeepEqual(c.members(t), before) {
					t.Fatalf("dry run: %+v", dry)
				}
				// Partial: the valid rows go in.
				res = c.importCSV(t, c.staffA, imports.Options{Partial: true}, content)
				if res.Written != 41 || res.Created != 40 || res.Updated != 1 || !reflect.DeepEqual(errorRows(res), badRows) {
					t.Fatalf("partial: %+v", res)
				}
				if diffs, err := c.s.VerifyStats(context.Background()); err != nil || len(diffs) > 0 {
					t.Fatalf("rollup after the import: %v %+v", err, diffs)
				}
				// Importing the same file again changes nothing.
				again := c.importCSV(t, c.staffA, imports.Options{Partial: true}, content)
				if again.Created != 0 || again.Updated != 0 || again.Unchanged != 41 {
					t.Fatalf("re-import: %+v", again)
				}
				res.Seconds = 0
				results, stored = append(results, res), append(stored, c.members(t))
			}
			if !reflect.DeepEqual(results[0], results[1]) {
				t.Errorf("results differ:\n%+v\n%+v", results[0], results[1])
			}
			if !reflect.DeepEqual(stored[0], stored[1]) || len(stored[0]) != 42 {
				t.Errorf("stored members differ (%d and %d)", len(stored[0]), len(stored[1]))
			}
			if m := stored[1][idNumber(1)]; m.Education != model.EduHighSchool {
				t.Errorf("update not applied: %+v", m)
			}
		})
	}
}

func errorRows(res *imports.Result) []int {
	var out []int
	for _, e := range res.Errors {
		out = append(out, e.Row)
	}
	return out
}

func engines() []string {
	if os.Getenv(storetest.PGEnv) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}
