package development_test

import (
	"context"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/development"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// One applicant through the five stages: the stage, the rollup of every ancestor, the register
// and what is due next follow each step.
func TestWalkThroughTheFiveStages(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		applied := model.NewDate(2023, 1, 10)
		dates := plan(applied)
		d := f.must(t, applied)
		if d.Development.NextStep != 2 || d.Development.NextDue != applied.AddMonths(1) {
			t.Fatalf("after the application: next %d due %s, want step 2 due %s", d.Development.NextStep, d.Development.NextDue, applied.AddMonths(1))
		}
		expect := map[int]model.Stage{1: model.StageApplicant, 3: model.StageActivist, 7: model.StageCandidate, 17: model.StageProbationary, 24: model.StageFull}
		current := model.StageApplicant
		for no := 2; no <= 25; no++ {
			var err error
			d, err = f.record(d, f.valid(no, dates[no]))
			if err != nil {
				t.Fatalf("step %d: %v", no, err)
			}
			if st, ok := expect[no]; ok {
				current = st
			}
			if d.Development.Stage != current {
				t.Fatalf("after step %d: stage %s, want %s", no, d.Development.Stage, current)
			}
			for _, key := range []string{"branch", "community", "street", "district", "city"} {
				c := stage(t, s, f.orgs[key])
				for _, st := range model.Stages {
					want := int64(0)
					if st == current {
						want = 1
					}
					if c[string(st)] != want {
						t.Fatalf("after step %d: %s counts %d in %s, want %d", no, key, c[string(st)], st, want)
					}
				}
			}
			switch no {
			case 7:
				if d.Development.StageSince != dates[7] {
					t.Fatalf("candidate since %s, want %s", d.Development.StageSince, dates[7])
				}
			case 15:
				// Approval is due three months after the meeting, even before the upper talk.
				if d.Development.NextStep != 17 || d.Development.NextDue != dates[15].AddMonths(3) {
					t.Fatalf("after the meeting: next %d due %s", d.Development.NextStep, d.Development.NextDue)
				}
			case 17:
				m, err := f.members.Get(ctx, auth.System, d.Development.MemberID)
				if err != nil {
					t.Fatalf("admission did not register the member: %v", err)
				}
				if m.Category != model.Probationary || m.AdmittedOn != dates[15] || m.AppliedOn != applied || m.IDNumber != d.Development.IDNumber {
					t.Fatalf("admitted member: %+v", m)
				}
				if d.Development.ProbationEnd != dates[15].AddMonths(12) {
					t.Fatalf("probation ends %s, want %s", d.Development.ProbationEnd, dates[15].AddMonths(12))
				}
				if d.Development.NextStep != 22 || d.Development.NextDue != d.Development.ProbationEnd {
					t.Fatalf("after admission: next %d due %s, want the application at the end of probation", d.Development.NextStep, d.Development.NextDue)
				}
			case 24:
				m, err := f.members.Get(ctx, auth.System, d.Development.MemberID)
				if err != nil {
					t.Fatal(err)
				}
				if m.Category != model.Full || m.FullOn != dates[15].AddMonths(12) {
					t.Fatalf("converted member: category %s full on %s", m.Category, m.FullOn)
				}
				if d.Development.Status != model.DevCompleted {
					t.Fatalf("status %s after conversion", d.Development.Status)
				}
			}
			verify(t, s)
		}
		if len(d.Steps) != 25 {
			t.Fatalf("%d steps recorded", len(d.Steps))
		}
		counts, _ := s.OrgCounts(ctx, f.orgs["branch"].ID)
		if counts["member.category.full"] != 11 {
			t.Fatalf("the branch has %d full members after the conversion, want 11", counts["member.category.full"])
		}
	})
}

// An extension opens a second conversion round; a second extension is refused; conversion then
// dates from the extended end.
func TestProbationExtension(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		d := f.walk(t, f.must(t, model.NewDate(2022, 1, 10)), 2, 22)
		end := d.Development.ProbationEnd
		in := f.valid(23, end)
		in.Data.Outcome, in.Data.ExtensionMonths = model.OutcomeExtend, 6
		d, err := f.record(d, in)
		if err != nil {
			t.Fatal(err)
		}
		if d, err = f.record(d, f.valid(24, end.AddMonths(1))); err != nil {
			t.Fatal(err)
		}
		if d.Development.Round != 2 || d.Development.Extensions != 1 || d.Development.ProbationEnd != end.AddMonths(6) {
			t.Fatalf("after the extension: round %d, %d extensions, ends %s", d.Development.Round, d.Development.Extensions, d.Development.ProbationEnd)
		}
		if d.Development.Stage != model.StageProbationary || d.Development.Status != model.DevActive {
			t.Fatalf("after the extension: %s %s", d.Development.Stage, d.Development.Status)
		}
		newEnd := d.Development.ProbationEnd
		if d, err = f.record(d, f.valid(22, newEnd.AddDate(0, 0, -3))); err != nil {
			t.Fatalf("second round application: %v", err)
		}
		again := f.valid(23, newEnd)
		again.Data.Outcome, again.Data.ExtensionMonths = model.OutcomeExtend, 6
		if _, err := f.record(d, again); codeOf(err) != "development.rule.extended_once" {
			t.Fatalf("a second extension: %v", err)
		}
		if _, err := f.record(d, f.valid(23, newEnd.AddDate(0, 0, -1))); codeOf(err) != "development.rule.probation_not_over" {
			t.Fatalf("meeting before the extended end: %v", err)
		}
		if d, err = f.record(d, f.valid(23, newEnd)); err != nil {
			t.Fatal(err)
		}
		if d, err = f.record(d, f.valid(24, newEnd.AddMonths(1))); err != nil {
			t.Fatal(err)
		}
		m, _ := f.members.Get(ctx, auth.System, d.Development.MemberID)
		if m.Category != model.Full || m.FullOn != newEnd {
			t.Fatalf("after the extended probation: %s from %s, want full from %s", m.Category, m.FullOn, newEnd)
		}
		verify(t, s)
	})
}

// Cancelling the probation takes the member out of the register with the exit type, through
// the conversion decision or by stopping the record.
func TestProbationCancelled(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		d := f.walk(t, f.must(t, model.NewDate(2022, 1, 10)), 2, 22)
		in := f.valid(23, d.Development.ProbationEnd)
		in.Data.Outcome = model.OutcomeCancel
		in.Notes = "预备期间表现不合格"
		d, err := f.record(d, in)
		if err != nil {
			t.Fatal(err)
		}
		if d, err = f.record(d, f.valid(24, d.Development.ProbationEnd.AddMonths(1))); err != nil {
			t.Fatal(err)
		}
		m, _ := f.members.Get(ctx, auth.System, d.Development.MemberID)
		if m.Status != model.StatusExited || m.ExitType != model.ExitProbationCancelled {
			t.Fatalf("member after cancellation: %s %s", m.Status, m.ExitType)
		}
		if d.Development.Status != model.DevStopped || d.Development.StopReason != model.StopProbationCancelled {
			t.Fatalf("record after cancellation: %s %s", d.Development.Status, d.Development.StopReason)
		}
		if c := stage(t, s, f.orgs["branch"]); c["probationary"] != 0 || c["full"] != 0 {
			t.Fatalf("stage counts after cancellation: %v", c)
		}
		// Stopping a probationary record needs the approval.
		d2 := f.walk(t, f.must(t, model.NewDate(2022, 1, 10)), 2, 18)
		stop := development.StopInput{Reason: model.StopProbationCancelled, On: model.NewDate(2024, 1, 1), Note: "严重违纪", Version: d2.Development.Version}
		if _, err := f.svc.Stop(ctx, auth.System, d2.Development.ID, stop); codeOf(err) != "development.cancel_needs_approval" {
			t.Fatalf("cancelled without approval: %v", err)
		}
		stop.ApprovalOrg, stop.ApprovedOn = "街道党工委", model.NewDate(2024, 1, 1)
		if _, err := f.svc.Stop(ctx, auth.System, d2.Development.ID, stop); err != nil {
			t.Fatal(err)
		}
		m2, _ := f.members.Get(ctx, auth.System, d2.Development.MemberID)
		if m2.Status != model.StatusExited || m2.ExitType != model.ExitProbationCancelled {
			t.Fatalf("member after stop: %s %s", m2.Status, m2.ExitType)
		}
		verify(t, s)
	})
}

// A step entered by mistake is deleted and the stage follows; steps others rely on, and those
// that changed the register, stay.
func TestDeleteStepAndStop(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		d := f.walk(t, f.must(t, model.NewDate(2023, 1, 10)), 2, 3)
		if d.Development.Stage != model.StageActivist {
			t.Fatal(d.Development.Stage)
		}
		var talk, activist *model.DevelopmentStep
		for _, st := range d.Steps {
			switch st.No {
			case 2:
				talk = st
			case 3:
				activist = st
			}
		}
		if _, err := f.svc.DeleteStep(ctx, auth.System, d.Development.ID, talk.ID, talk.Version); codeOf(err) != "development.step_needed" {
			t.Fatalf("deleted a step another relies on: %v", err)
		}
		d, err := f.svc.DeleteStep(ctx, auth.System, d.Development.ID, activist.ID, activist.Version)
		if err != nil {
			t.Fatal(err)
		}
		if d.Development.Stage != model.StageApplicant {
			t.Fatalf("stage after deleting step 3: %s", d.Development.Stage)
		}
		if c := stage(t, s, f.orgs["city"]); c["applicant"] != 1 || c["activist"] != 0 {
			t.Fatalf("counts after deleting step 3: %v", c)
		}
		d, err = f.svc.Stop(ctx, auth.System, d.Development.ID, development.StopInput{Reason: model.StopWithdrew, On: model.NewDate(2023, 6, 1), Version: d.Development.Version})
		if err != nil {
			t.Fatal(err)
		}
		if c := stage(t, s, f.orgs["city"]); c["applicant"] != 0 {
			t.Fatalf("a stopped record still counts: %v", c)
		}
		if _, err := f.record(d, f.valid(3, model.NewDate(2023, 7, 1))); codeOf(err) != "development.not_running" {
			t.Fatalf("a step on a stopped record: %v", err)
		}
		// The person may apply again; a second running record is refused.
		again, err := f.svc.Create(ctx, auth.System, development.CreateInput{OrgID: f.orgs["branch"].ID,
			Person: development.Person{Name: d.Development.Name, IDNumber: d.Development.IDNumber}, Step1: development.StepInput{DoneOn: model.NewDate(2024, 1, 1)}})
		if err != nil {
			t.Fatalf("applying again after withdrawing: %v", err)
		}
		_, err = f.svc.Create(ctx, auth.System, development.CreateInput{OrgID: f.orgs["branch"].ID,
			Person: development.Person{Name: d.Development.Name, IDNumber: again.Development.IDNumber}, Step1: development.StepInput{DoneOn: model.NewDate(2024, 2, 1)}})
		if codeOf(err) != "development.already_running" {
			t.Fatalf("a second running record: %v", err)
		}
		// A member of the register cannot open a record.
		_, err = f.svc.Create(ctx, auth.System, development.CreateInput{OrgID: f.orgs["branch"].ID,
			Person: development.Person{Name: "党员0", IDNumber: f.full[0].IDNumber}, Step1: development.StepInput{DoneOn: model.NewDate(2024, 2, 1)}})
		if codeOf(err) != "development.already_member" {
			t.Fatalf("a member opened a record: %v", err)
		}
		// An invalid ID number is refused as the register refuses it.
		_, err = f.svc.Create(ctx, auth.System, development.CreateInput{OrgID: f.orgs["branch"].ID,
			Person: development.Person{Name: "乙", IDNumber: "210202199503011230"}, Step1: development.StepInput{DoneOn: model.NewDate(2024, 2, 1)}})
		if !hasCode(err, "id_number", "id_number.check_digit") {
			t.Fatalf("bad ID number: %v", err)
		}
		verify(t, s)
	})
}
