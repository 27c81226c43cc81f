package development_test

import (
	"context"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/development"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// alertOn runs the generator on day and returns the alert about record id, if any.
func alertOn(t *testing.T, f *fixture, day model.Date, id int64) *model.Alert {
	t.Helper()
	alerts, err := development.Alerts{Dev: f.svc}.Generate(context.Background(), day)
	if err != nil {
		t.Fatal(err)
	}
	for i := range alerts {
		if alerts[i].SubjectID == id {
			return &alerts[i]
		}
	}
	return nil
}

// Deadlines raise a warning from 14 days before (the rules' lead days) and are overdue the day
// after; each kind follows the step that is due.
func TestDevelopmentAlerts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		applied := model.NewDate(2024, 1, 31)
		d := f.must(t, applied)
		due := model.NewDate(2024, 2, 29)
		for _, c := range []struct {
			day      model.Date
			severity model.AlertSeverity // "" for no alert
		}{
			{due.AddDate(0, 0, -15), ""},
			{due.AddDate(0, 0, -14), model.AlertWarning},
			{due, model.AlertWarning},
			{due.AddDate(0, 0, 1), model.AlertOverdue},
		} {
			a := alertOn(t, f, c.day, d.Development.ID)
			switch {
			case c.severity == "" && a != nil:
				t.Errorf("%s: unexpected alert %+v", c.day, a)
			case c.severity != "" && (a == nil || a.Severity != c.severity || a.Kind != development.KindTalkDue || a.DueOn != due):
				t.Errorf("%s: alert %+v, want %s talk_due due %s", c.day, a, c.severity, due)
			}
		}
		if a := alertOn(t, f, due, d.Development.ID); a == nil || a.OrgID != f.orgs["branch"].ID || a.SubjectType != "development" || a.Params["Name"] != "申请人" {
			t.Fatalf("alert fields: %+v", a)
		}
		// After the talk nothing is due until the approval three months after the meeting.
		d = f.walk(t, d, 2, 2)
		if a := alertOn(t, f, due.AddDate(0, 0, 1), d.Development.ID); a != nil {
			t.Fatalf("alert after the talk: %+v", a)
		}
		d = f.walk(t, d, 3, 15)
		meeting := plan(applied)[15]
		if a := alertOn(t, f, meeting.AddMonths(3), d.Development.ID); a == nil || a.Kind != development.KindApprovalDue || a.DueOn != meeting.AddMonths(3) {
			t.Fatalf("approval alert: %+v", a)
		}
		d = f.walk(t, d, 16, 21)
		end := d.Development.ProbationEnd
		if a := alertOn(t, f, end.AddDate(0, 0, -14), d.Development.ID); a == nil || a.Kind != development.KindProbationEnds || a.Params["ProbationEnd"] != end.String() {
			t.Fatalf("probation alert: %+v", a)
		}
		d = f.walk(t, d, 22, 23)
		if a := alertOn(t, f, plan(applied)[23].AddMonths(3).AddDate(0, 0, 1), d.Development.ID); a == nil || a.Kind != development.KindConversionApprovalDue || a.Severity != model.AlertOverdue {
			t.Fatalf("conversion approval alert: %+v", a)
		}
		d = f.walk(t, d, 24, 24)
		if a := alertOn(t, f, today, d.Development.ID); a != nil {
			t.Fatalf("alert after the conversion: %+v", a)
		}
	})
}
