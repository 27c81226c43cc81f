package store_test

import (
	"context"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// Development records count by stage on their organisation and every ancestor; verify finds a
// broken counter and rebuild repairs it; a subtree move carries the counts.
func TestDevelopmentRollup(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		var d *model.Development
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for i, st := range []model.Stage{model.StageApplicant, model.StageActivist, model.StageActivist} {
				d = &model.Development{OrgID: orgs["A1"].ID, OrgPath: orgs["A1"].Path, Name: "甲", Sex: model.Male, IDNumber: "x" + string(rune('0'+i)),
					Stage: st, Status: model.DevActive, Round: 1}
				if err := tx.InsertDevelopment(ctx, d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		c := counts(t, s, orgs["city"])
		if c["development.stage.applicant"] != 1 || c["development.stage.activist"] != 2 {
			t.Fatalf("city counts: %v", c)
		}
		// Completing a record moves it to "full"; stopping one takes it out.
		err = s.InTx(ctx, func(tx *store.Tx) error {
			done := *d
			done.Stage, done.Status = model.StageFull, model.DevCompleted
			return tx.UpdateDevelopment(ctx, d, &done)
		})
		if err != nil {
			t.Fatal(err)
		}
		c = counts(t, s, orgs["A"])
		if c["development.stage.activist"] != 1 || c["development.stage.full"] != 1 {
			t.Fatalf("after completion: %v", c)
		}
		verify(t, s)
		// Letter numbers count from 1 per named sequence.
		for want := int64(1); want <= 2; want++ {
			var got int64
			if err := s.InTx(ctx, func(tx *store.Tx) (err error) { got, err = tx.NextSequence(ctx, "letter:2026"); return err }); err != nil || got != want {
				t.Fatalf("sequence: %d %v, want %d", got, err, want)
			}
		}
		// Break a counter: verify reports it, rebuild repairs it.
		if err := s.InTx(ctx, func(tx *store.Tx) error {
			return tx.BreakCounterForTest(ctx, orgs["city"].ID, "development.stage.activist", 5)
		}); err != nil {
			t.Fatal(err)
		}
		diffs, err := s.VerifyStats(ctx)
		if err != nil || len(diffs) != 1 || diffs[0].Metric != "development.stage.activist" || diffs[0].Expected != 1 {
			t.Fatalf("verify: %v %+v", err, diffs)
		}
		if _, err := s.RebuildStats(ctx); err != nil {
			t.Fatal(err)
		}
		verify(t, s)
		// Moving A1 under B moves its development counts from A to B.
		err = s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.MoveOrg(ctx, orgs["A1"], orgs["B"])
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if c := counts(t, s, orgs["B"]); c["development.stage.full"] != 1 || c["development.stage.applicant"] != 1 {
			t.Fatalf("B after the move: %v", c)
		}
		if c := counts(t, s, orgs["A"]); c["development.stage.full"] != 0 {
			t.Fatalf("A after the move: %v", c)
		}
		verify(t, s)
	})
}
