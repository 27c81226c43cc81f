package alert_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/alert"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

type fakeGenerator struct {
	kinds  []string
	alerts []model.Alert
	err    error
}

func (g *fakeGenerator) Kinds() []string { return g.kinds }
func (g *fakeGenerator) Generate(context.Context, model.Date) ([]model.Alert, error) {
	return g.alerts, g.err
}

// TestRunIsolatesGenerators checks that a failing or misbehaving generator keeps its previous
// alerts and does not stop the others.
func TestRunIsolatesGenerators(t *testing.T) {
	s := storetest.Open(t, "sqlite")
	ctx := context.Background()
	var root model.Org
	if err := s.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.NextOrgIDs(ctx, 1)
		root = model.Org{ID: id, Name: "市委", Type: model.MunicipalCommittee, Path: model.ChildPath("", id)}
		if err == nil {
			err = tx.InsertOrg(ctx, &root)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	mk := func(kind string, subject int64) model.Alert {
		return model.Alert{Kind: kind, Severity: model.AlertWarning, OrgID: root.ID, OrgPath: root.Path,
			SubjectType: "org", SubjectID: subject}
	}
	good := &fakeGenerator{kinds: []string{"a.good"}, alerts: []model.Alert{mk("a.good", 1)}}
	flaky := &fakeGenerator{kinds: []string{"b.flaky"}, alerts: []model.Alert{mk("b.flaky", 1), mk("b.flaky", 2)}}
	svc := alert.New(s)
	svc.Register(good)
	svc.Register(flaky)
	if res, err := svc.Run(ctx, model.NewDate(2026, 12, 1)); err != nil || res.Open != 3 || res.Raised != 3 {
		t.Fatalf("first run: %+v %v", res, err)
	}
	flaky.alerts, flaky.err = nil, errors.New("boom")
	good.alerts = nil
	res, err := svc.Run(ctx, model.NewDate(2026, 12, 2))
	if err == nil || !strings.Contains(err.Error(), "boom") || res.Cleared != 1 {
		t.Fatalf("failing generator must be reported and the other must still run: %+v %v", res, err)
	}
	flaky.err, flaky.alerts = nil, []model.Alert{mk("a.good", 9)}
	if _, err := svc.Run(ctx, model.NewDate(2026, 12, 3)); err == nil || !strings.Contains(err.Error(), "foreign kind") {
		t.Fatalf("a generator must not write another's kind: %v", err)
	}
	counts, err := s.CountAlerts(ctx, store.AllScope, store.AlertFilter{})
	if err != nil || len(counts) != 1 || counts[0].Kind != "b.flaky" || counts[0].Count != 2 {
		t.Fatalf("the failed generator's alerts stay as they were: %+v %v", counts, err)
	}
	defer func() {
		if recover() == nil {
			t.Error("registering a kind twice must panic")
		}
	}()
	svc.Register(&fakeGenerator{kinds: []string{"a.good"}})
}
