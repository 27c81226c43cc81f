package member_test

import (
	"context"
	"fmt"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/member"
	"dangjian/internal/service/org"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

var today = model.NewDate(2026, 12, 1)

type fixture struct {
	s      *store.Store
	svc    *member.Service
	branch *model.Org
	seq    int
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	rs, err := rules.Load("", today)
	if err != nil {
		t.Fatal(err)
	}
	os := org.New(s, rs)
	os.Today = func() model.Date { return today }
	ctx := context.Background()
	city, _, err := os.Create(ctx, auth.System, org.Input{Name: "市委", Type: model.MunicipalCommittee})
	if err != nil {
		t.Fatal(err)
	}
	branch, _, err := os.Create(ctx, auth.System, org.Input{ParentID: city.ID, Name: "支部", Type: model.Branch})
	if err != nil {
		t.Fatal(err)
	}
	svc := member.New(s, rs)
	svc.Today = os.Today
	return &fixture{s: s, svc: svc, branch: branch}
}

func (f *fixture) member(t *testing.T, cat model.Category) *model.Member {
	t.Helper()
	f.seq++
	base := fmt.Sprintf("21020219800301%03d", f.seq)
	m := &model.Member{OrgID: f.branch.ID, Name: "党员", IDNumber: base + string(model.IDCheckDigit(base)), Category: cat,
		Status: model.StatusNormal, AdmittedOn: model.NewDate(2010, 1, 1)}
	if _, err := f.svc.Create(context.Background(), auth.System, m); err != nil {
		t.Fatal(err)
	}
	return m
}

// change applies a change to m and returns m as it is now.
func (f *fixture) change(t *testing.T, m *model.Member, in member.StatusInput) (*model.Member, error) {
	t.Helper()
	cur, err := f.svc.Get(context.Background(), auth.System, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	in.Version = cur.Version
	out, _, err := f.svc.ChangeStatus(context.Background(), auth.System, m.ID, in)
	return out, err
}

func code(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errs.As(err); ok {
		if len(e.Fields) > 0 {
			return e.Fields[0].Code
		}
		return e.Code
	}
	return err.Error()
}

var approval = member.StatusInput{ApprovalOrg: "街道党工委", ApprovedOn: model.NewDate(2026, 11, 1), ApprovalRef: "党发〔2026〕1号"}

func with(base member.StatusInput, kind model.StatusChangeKind, on model.Date, reason string) member.StatusInput {
	base.Kind, base.EffectiveOn, base.Reason = kind, on, reason
	if base.ApprovedOn.After(on) {
		base.ApprovedOn = on
	}
	return base
}

// Suspension of a lost-contact member only after 6 months out of contact; removal of a
// suspended member as self-lapse only after 2 years (rules.md 2.4.1–2.4.2).
func TestStatusTimers(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		lost := model.NewDate(2023, 8, 31) // 6 months later: 29 February 2024
		for _, c := range []struct {
			name string
			on   model.Date
			want string
		}{
			{"the day before 6 months", model.NewDate(2024, 2, 28), "member.rule.lost_contact_period"},
			{"on 6 months", model.NewDate(2024, 2, 29), ""},
			{"the day after", model.NewDate(2024, 3, 1), ""},
		} {
			m := f.member(t, model.Full)
			if _, err := f.change(t, m, with(member.StatusInput{}, model.ChangeLostContact, lost, "外出务工失联")); err != nil {
				t.Fatal(err)
			}
			got, err := f.change(t, m, with(approval, model.ChangeSuspension, c.on, "失联满6个月"))
			if code(err) != c.want {
				t.Errorf("suspension %s: %q, want %q", c.name, code(err), c.want)
			}
			if err == nil && got.Status != model.StatusSuspended {
				t.Errorf("suspension %s: status %s", c.name, got.Status)
			}
		}
		suspended := model.NewDate(2024, 3, 1)
		for _, c := range []struct {
			name string
			on   model.Date
			want string
		}{
			{"the day before 2 years", model.NewDate(2026, 2, 28), "member.rule.suspension_period"},
			{"on 2 years", model.NewDate(2026, 3, 1), ""},
			{"the day after", model.NewDate(2026, 3, 2), ""},
		} {
			m := f.member(t, model.Full)
			f.change(t, m, with(member.StatusInput{}, model.ChangeLostContact, lost, "失联"))
			if _, err := f.change(t, m, with(approval, model.ChangeSuspension, suspended, "失联满6个月")); err != nil {
				t.Fatal(err)
			}
			in := with(approval, model.ChangeExit, c.on, "停止党籍满2年仍无法联系")
			in.ExitType = model.ExitSelfLapse
			got, err := f.change(t, m, in)
			if code(err) != c.want {
				t.Errorf("removal %s: %q, want %q", c.name, code(err), c.want)
			}
			if err == nil && (got.Status != model.StatusExited || got.ExitType != model.ExitSelfLapse) {
				t.Errorf("removal %s: %s %s", c.name, got.Status, got.ExitType)
			}
		}
		// Studying abroad: 5 years before a suspension; settling abroad: none.
		study := model.NewDate(2020, 9, 1)
		for _, c := range []struct {
			purpose model.AbroadPurpose
			on      model.Date
			want    string
		}{
			{model.AbroadStudy, model.NewDate(2025, 8, 31), "member.rule.abroad_study_period"},
			{model.AbroadStudy, model.NewDate(2025, 9, 1), ""},
			{model.AbroadSettle, model.NewDate(2021, 1, 1), ""},
		} {
			m := f.member(t, model.Full)
			in := with(member.StatusInput{}, model.ChangeAbroad, study, "")
			in.Country, in.Purpose = "英国", c.purpose
			if _, err := f.change(t, m, in); err != nil {
				t.Fatal(err)
			}
			if _, err := f.change(t, m, with(approval, model.ChangeSuspension, c.on, "出国未归")); code(err) != c.want {
				t.Errorf("abroad (%s) suspension on %s: %q, want %q", c.purpose, c.on, code(err), c.want)
			}
		}
		diffs, err := s.VerifyStats(context.Background())
		if err != nil || len(diffs) > 0 {
			t.Fatalf("rollup: %v %+v", err, diffs)
		}
	})
}

// Each change checks its transition, the fields its kind needs and its approval, records
// history and keeps the rollup right.
func TestStatusChanges(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		m := f.member(t, model.Full)
		on := model.NewDate(2026, 5, 1)
		mobile := with(member.StatusInput{}, model.ChangeMobile, on, "外出务工")
		if _, err := f.change(t, m, mobile); code(err) != "required" {
			t.Fatalf("mobile without destination and card: %v", err)
		}
		mobile.Destination, mobile.CardNo, mobile.ContactOrg = "广东省深圳市", "LD2026001", "深圳市某流动党员党支部"
		got, err := f.change(t, m, mobile)
		if err != nil || got.Status != model.StatusMobile {
			t.Fatalf("mobile: %v %v", err, got)
		}
		if _, err := f.change(t, m, mobile); code(err) != "member.status_change_from" {
			t.Fatalf("mobile twice: %v", err)
		}
		if _, err := f.change(t, m, with(member.StatusInput{}, model.ChangeSuspension, on, "x")); code(err) != "required" {
			t.Fatalf("suspension without approval: %v", err)
		}
		if _, err := f.change(t, m, with(member.StatusInput{}, model.ChangeMobileReturn, on.AddDate(0, 1, 0), "")); err != nil {
			t.Fatal(err)
		}
		if _, err := f.change(t, m, with(member.StatusInput{}, model.ChangeDeath, today.AddDate(0, 0, 1), "")); code(err) != "date.future" {
			t.Fatalf("death tomorrow: %v", err)
		}
		exit := with(approval, model.ChangeExit, model.NewDate(2026, 10, 1), "本人要求退党")
		if _, err := f.change(t, m, exit); code(err) != "required" {
			t.Fatalf("exit without type: %v", err)
		}
		exit.ExitType = model.ExitWithdrew
		exit.ApprovedOn = model.NewDate(2026, 10, 2)
		if _, err := f.change(t, m, exit); code(err) != "member.exit_before_approval" {
			t.Fatalf("exit before its approval: %v", err)
		}
		exit.ApprovedOn = exit.EffectiveOn
		if got, err = f.change(t, m, exit); err != nil || got.Status != model.StatusExited || got.ExitType != model.ExitWithdrew {
			t.Fatalf("exit: %v %+v", err, got)
		}
		counts, _ := s.OrgCounts(ctx, f.branch.ID)
		if counts[model.MetricMembers] != 0 {
			t.Fatalf("an exited member still counts: %v", counts)
		}
		history, err := f.svc.StatusChanges(ctx, auth.System, m.ID)
		if err != nil || len(history) != 3 || history[0].Kind != model.ChangeExit || history[2].Kind != model.ChangeMobile ||
			history[2].CardNo != "LD2026001" || history[0].ApprovalRef != "党发〔2026〕1号" {
			t.Fatalf("history: %v %+v", err, history)
		}
		// Probation cancellation only for probationary members; restoration after suspension.
		p := f.member(t, model.Full)
		cancel := with(approval, model.ChangeExit, model.NewDate(2026, 11, 1), "不合格")
		cancel.ExitType = model.ExitProbationCancelled
		if _, err := f.change(t, p, cancel); code(err) != "member.not_probationary" {
			t.Fatalf("cancelling a full member's probation: %v", err)
		}
		f.change(t, p, with(member.StatusInput{}, model.ChangeLostContact, model.NewDate(2025, 1, 1), "失联"))
		if _, err := f.change(t, p, with(approval, model.ChangeSuspension, model.NewDate(2025, 8, 1), "失联满6个月")); err != nil {
			t.Fatal(err)
		}
		if got, err = f.change(t, p, with(approval, model.ChangeRestoration, model.NewDate(2026, 11, 1), "重新取得联系")); err != nil || got.Status != model.StatusNormal {
			t.Fatalf("restoration: %v %v", err, got)
		}
		// A stale version is a conflict.
		cur, _ := f.svc.Get(ctx, auth.System, p.ID)
		in := with(member.StatusInput{}, model.ChangeDeath, model.NewDate(2026, 11, 20), "")
		in.Version = cur.Version - 1
		if _, _, err := f.svc.ChangeStatus(ctx, auth.System, p.ID, in); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("stale version: %v", err)
		}
		diffs, _ := s.VerifyStats(ctx)
		if len(diffs) > 0 {
			t.Fatalf("rollup: %+v", diffs)
		}
	})
}

// The status timers raise their review alerts from 14 days before the period ends.
func TestStatusAlerts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		lost := f.member(t, model.Full)
		f.change(t, lost, with(member.StatusInput{}, model.ChangeLostContact, model.NewDate(2025, 8, 31), "失联"))
		suspended := f.member(t, model.Full)
		f.change(t, suspended, with(member.StatusInput{}, model.ChangeLostContact, model.NewDate(2023, 1, 1), "失联"))
		if _, err := f.change(t, suspended, with(approval, model.ChangeSuspension, model.NewDate(2024, 3, 20), "失联满6个月")); err != nil {
			t.Fatal(err)
		}
		prob := f.member(t, model.Probationary)
		for _, c := range []struct {
			day  model.Date
			want map[string]model.AlertSeverity
		}{
			{model.NewDate(2026, 2, 13), map[string]model.AlertSeverity{}},
			{model.NewDate(2026, 2, 14), map[string]model.AlertSeverity{member.KindLostContactReview: model.AlertWarning}},
			{model.NewDate(2026, 2, 28), map[string]model.AlertSeverity{member.KindLostContactReview: model.AlertWarning}},
			{model.NewDate(2026, 3, 1), map[string]model.AlertSeverity{member.KindLostContactReview: model.AlertOverdue}},
			{model.NewDate(2026, 3, 5), map[string]model.AlertSeverity{member.KindLostContactReview: model.AlertOverdue}},
			{model.NewDate(2026, 3, 6), map[string]model.AlertSeverity{member.KindLostContactReview: model.AlertOverdue, member.KindSuspensionReview: model.AlertWarning}},
			{model.NewDate(2026, 3, 20), map[string]model.AlertSeverity{member.KindLostContactReview: model.AlertOverdue, member.KindSuspensionReview: model.AlertWarning}},
			{model.NewDate(2026, 3, 21), map[string]model.AlertSeverity{member.KindLostContactReview: model.AlertOverdue, member.KindSuspensionReview: model.AlertOverdue}},
		} {
			alerts, err := member.Alerts{Members: f.svc}.Generate(ctx, c.day)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]model.AlertSeverity{}
			for _, a := range alerts {
				if a.Kind == member.KindProbationEnds {
					if a.SubjectID != prob.ID {
						t.Errorf("probation alert for %d", a.SubjectID)
					}
					continue
				}
				if a.SubjectType != "member_status" {
					t.Errorf("subject %s", a.SubjectType)
				}
				got[a.Kind] = a.Severity
			}
			if len(got) != len(c.want) {
				t.Errorf("%s: %v, want %v", c.day, got, c.want)
				continue
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s: %s is %q, want %q", c.day, k, got[k], v)
				}
			}
		}
		// A probationary member of the register admitted on 1 January 2010 is long overdue.
		alerts, _ := member.Alerts{Members: f.svc}.Generate(ctx, today)
		found := false
		for _, a := range alerts {
			if a.Kind == member.KindProbationEnds && a.SubjectID == prob.ID && a.Severity == model.AlertOverdue && a.DueOn == model.NewDate(2011, 1, 1) {
				found = true
			}
		}
		if !found {
			t.Fatalf("no probation alert for the register's probationary member: %+v", alerts)
		}
	})
}
