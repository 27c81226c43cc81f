package transfer_test

import (
	"context"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/transfer"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

func TestTransferAlerts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		_, internal := f.issued(t, model.NewDate(2026, 5, 31)) // valid until 31 August
		m := f.member(t)
		f.svc.Today = func() model.Date { return model.NewDate(2026, 5, 31) }
		out, err := f.svc.Request(ctx, f.staffA, transfer.RequestInput{MemberID: m.ID, Kind: model.TransferOutgoing, ExternalOrg: "外地党委", Reason: "调动"})
		if err != nil {
			t.Fatal(err)
		}
		if out, err = f.svc.Approve(ctx, f.staffA, out.ID, transfer.IssueInput{Version: out.Version, IssuedOn: model.NewDate(2026, 5, 31)}); err != nil {
			t.Fatal(err)
		}
		f.svc.Today = func() model.Date { return today }
		until := model.NewDate(2026, 8, 31)
		for _, c := range []struct {
			day      model.Date
			severity model.AlertSeverity
		}{
			{until.AddDate(0, 0, -15), ""},
			{until.AddDate(0, 0, -14), model.AlertWarning},
			{until, model.AlertWarning},
			{until.AddDate(0, 0, 1), model.AlertOverdue},
		} {
			alerts, err := transfer.Alerts{Transfers: f.svc}.Generate(ctx, c.day)
			if err != nil {
				t.Fatal(err)
			}
			if c.severity == "" {
				if len(alerts) != 0 {
					t.Errorf("%s: %d alerts, want none", c.day, len(alerts))
				}
				continue
			}
			if len(alerts) != 2 {
				t.Fatalf("%s: %d alerts, want 2", c.day, len(alerts))
			}
			for _, a := range alerts {
				if a.Severity != c.severity || a.DueOn != until {
					t.Errorf("%s: %+v", c.day, a)
				}
				switch a.SubjectID {
				case internal.ID:
					if a.Kind != transfer.KindLetterExpiring || a.OrgID != f.orgs["B1"].ID {
						t.Errorf("internal letter alert goes to the receiving side: %+v", a)
					}
				case out.ID:
					if a.Kind != transfer.KindReceiptOutstanding || a.OrgID != f.orgs["A1"].ID {
						t.Errorf("receipt alert goes to the sending side: %+v", a)
					}
				}
			}
		}
	})
}
