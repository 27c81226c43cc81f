package store_test

import (
	"context"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// TestReplaceAlerts checks that a run raises new alerts, updates changed ones without touching
// their raised time, clears vanished ones, leaves other kinds alone, and filters by scope.
func TestReplaceAlerts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := tree(t, s)
		al := func(kind string, org *model.Org, subject int64, sev model.AlertSeverity, p string) model.Alert {
			return model.Alert{Kind: kind, Severity: sev, OrgID: org.ID, OrgPath: org.Path, SubjectType: "member",
				SubjectID: subject, DueOn: model.NewDate(2026, 12, 31), Params: map[string]string{"Name": p}}
		}
		replace := func(kinds []string, alerts ...model.Alert) store.AlertSyncResult {
			t.Helper()
			var res store.AlertSyncResult
			if err := s.InTx(ctx, func(tx *store.Tx) (err error) {
				res, err = tx.ReplaceAlerts(ctx, kinds, alerts)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return res
		}
		list := func(sc store.Scope, f store.AlertFilter) []*model.Alert {
			t.Helper()
			f.Limit = 100
			items, total, err := s.ListAlerts(ctx, sc, f)
			if err != nil || int(total) != len(items) {
				t.Fatalf("list: %v (total %d, %d items)", err, total, len(items))
			}
			return items
		}
		x, y := []string{"x.one"}, []string{"y.two"}
		if r := replace(x, al("x.one", o["A1"], 1, model.AlertWarning, "甲"), al("x.one", o["B1"], 2, model.AlertWarning, "乙")); r.Raised != 2 {
			t.Fatalf("first run: %+v", r)
		}
		replace(y, al("y.two", o["A1"], 1, model.AlertInfo, "丙"))
		first := list(store.AllScope, store.AlertFilter{Kind: "x.one"})
		if len(first) != 2 || first[0].OrgName == "" || first[0].Params["Name"] == "" {
			t.Fatalf("after first run: %+v", first)
		}
		// Second run: subject 1 becomes overdue, subject 2 vanishes, subject 3 appears.
		r := replace(x, al("x.one", o["A1"], 1, model.AlertOverdue, "甲"), al("x.one", o["B1"], 3, model.AlertWarning, "丁"))
		if r != (store.AlertSyncResult{Raised: 1, Updated: 1, Cleared: 1}) {
			t.Fatalf("second run: %+v", r)
		}
		// Unchanged alerts are not rewritten.
		if r := replace(x, al("x.one", o["A1"], 1, model.AlertOverdue, "甲"), al("x.one", o["B1"], 3, model.AlertWarning, "丁")); r != (store.AlertSyncResult{}) {
			t.Fatalf("idempotent run: %+v", r)
		}
		got := list(store.AllScope, store.AlertFilter{Kind: "x."})
		if len(got) != 2 || got[0].SubjectID != 1 || got[0].Severity != model.AlertOverdue || !got[0].RaisedAt.Equal(first[0].RaisedAt) {
			t.Fatalf("after second run (overdue first, raised time kept): %+v", got)
		}
		if n := len(list(store.AllScope, store.AlertFilter{Kind: "y.two"})); n != 1 {
			t.Fatalf("other kinds must be left alone: %d", n)
		}
		// Scope: district A sees its own two alerts (x and y on A1), not B1's.
		a := list(store.SubtreeScope(o["A"].Path), store.AlertFilter{})
		if len(a) != 2 || a[0].OrgID != o["A1"].ID || a[1].OrgID != o["A1"].ID {
			t.Fatalf("scope A: %+v", a)
		}
		if n := len(list(store.SubtreeScope(o["A"].Path), store.AlertFilter{Path: o["B"].Path})); n != 0 {
			t.Fatalf("a subtree outside the scope must give nothing: %d", n)
		}
		// A subtree above the scope gives the scope's part of it; one inside it, its own part.
		if n := len(list(store.SubtreeScope(o["A1"].Path), store.AlertFilter{Path: o["A"].Path})); n != 2 {
			t.Fatalf("scope A1, subtree A: %d", n)
		}
		if n := len(list(store.Scope{Paths: []string{o["A"].Path, o["B"].Path}}, store.AlertFilter{Path: o["B1"].Path})); n != 1 {
			t.Fatalf("scope A+B, subtree B1: %d", n)
		}
		counts, err := s.CountAlerts(ctx, store.AllScope, store.AlertFilter{})
		if err != nil || len(counts) != 3 {
			t.Fatalf("counts: %v %+v", err, counts)
		}
		if r := replace(x); r.Cleared != 2 {
			t.Fatalf("empty run must clear: %+v", r)
		}
	})
}
