package development_test

import (
	"context"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/development"
	"dangjian/internal/service/member"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// boundary is one rule case: a record walked to step step-1 (from an application on applied),
// then step step recorded with the input change makes from the valid one.
type boundary struct {
	name    string
	applied model.Date
	step    int
	change  func(f *fixture, d *development.Detail, in *development.StepInput)
	want    string // the error code, "" when the step must pass
}

// at moves the step's date to n days after (before, when negative) the date of step `from`
// moved by months.
func at(from, months, days int) func(f *fixture, d *development.Detail, in *development.StepInput) {
	return func(f *fixture, d *development.Detail, in *development.StepInput) {
		in.DoneOn = doneOn(d, from).AddMonths(months).AddDate(0, 0, days)
	}
}

func doneOn(d *development.Detail, no int) model.Date {
	var out model.Date
	for _, s := range d.Steps {
		if s.No == no {
			out = s.DoneOn
		}
	}
	return out
}

func runBoundaries(t *testing.T, cases []boundary) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		for _, c := range cases {
			applied := c.applied
			if applied.IsZero() {
				applied = model.NewDate(2023, 1, 10)
			}
			d := f.must(t, applied)
			d = f.walk(t, d, 2, c.step-1)
			in := f.valid(c.step, plan(applied)[c.step])
			if c.change != nil {
				c.change(f, d, &in)
			}
			_, err := f.record(d, in)
			if got := codeOf(err); got != c.want {
				t.Errorf("%s: step %d on %s: got %q, want %q (%v)", c.name, c.step, in.DoneOn, got, c.want, err)
			}
		}
		verify(t, s)
	})
}

func TestMinimumAge(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		birth := model.NewDate(2000, 3, 1)
		for _, c := range []struct {
			applied model.Date
			want    string
		}{
			{model.NewDate(2018, 2, 28), "development.rule.min_age"}, // the day before the 18th birthday
			{model.NewDate(2018, 3, 1), ""},                          // on it
			{model.NewDate(2018, 3, 2), ""},                          // the day after
		} {
			_, err := f.applicant(t, birth, c.applied)
			if got := codeOf(err); got != c.want {
				t.Errorf("applied %s: got %q, want %q (%v)", c.applied, got, c.want, err)
			}
		}
	})
}

func TestTimeLimits(t *testing.T) {
	leap := model.NewDate(2024, 1, 31) // one month later is 29 February 2024
	withReason := func(f *fixture, d *development.Detail, in *development.StepInput) {
		in.Data.SpecialReason = "上级党委集中审批"
	}
	both := func(a, b func(*fixture, *development.Detail, *development.StepInput)) func(*fixture, *development.Detail, *development.StepInput) {
		return func(f *fixture, d *development.Detail, in *development.StepInput) { a(f, d, in); b(f, d, in) }
	}
	runBoundaries(t, []boundary{
		// Talk within one month of the application (细则 Art. 7).
		{"talk the day before the limit", leap, 2, at(1, 1, -1), ""},
		{"talk on the limit", leap, 2, at(1, 1, 0), ""},
		{"talk the day after the limit", leap, 2, at(1, 1, 1), "development.rule.within"},
		// At least one year as an activist before becoming a candidate (Art. 13).
		{"candidate the day before a year", model.Date{}, 7, at(3, 12, -1), "development.rule.min_period"},
		{"candidate on the year", model.Date{}, 7, at(3, 12, 0), ""},
		{"candidate the day after", model.Date{}, 7, at(3, 12, 1), ""},
		// Approval within 3 months of the branch meeting; up to 6 with a reason (Art. 24).
		{"approval the day before 3 months", model.Date{}, 17, at(15, 3, -1), ""},
		{"approval on 3 months", model.Date{}, 17, at(15, 3, 0), ""},
		{"approval the day after 3 months, no reason", model.Date{}, 17, at(15, 3, 1), "development.rule.special_reason"},
		{"approval the day after 3 months, with a reason", model.Date{}, 17, both(at(15, 3, 1), withReason), ""},
		{"approval the day before 6 months", model.Date{}, 17, both(at(15, 6, -1), withReason), ""},
		{"approval on 6 months", model.Date{}, 17, both(at(15, 6, 0), withReason), ""},
		{"approval the day after 6 months", model.Date{}, 17, both(at(15, 6, 1), withReason), "development.rule.within_max"},
		// Probation of 12 months from the branch meeting: the conversion meeting not earlier (Art. 32).
		{"conversion meeting the day before probation ends", model.Date{}, 23, at(15, 12, -1), "development.rule.probation_not_over"},
		{"conversion meeting the day probation ends", model.Date{}, 23, at(15, 12, 0), ""},
		{"conversion meeting the day after", model.Date{}, 23, at(15, 12, 1), ""},
		// Conversion approval within 3 months of the meeting (Art. 33).
		{"conversion approval the day before 3 months", model.Date{}, 24, at(23, 3, -1), ""},
		{"conversion approval on 3 months", model.Date{}, 24, at(23, 3, 0), ""},
		{"conversion approval the day after 3 months", model.Date{}, 24, at(23, 3, 1), "development.rule.within"},
		// Order: a step before its prerequisite's date.
		{"activist before the talk", model.Date{}, 3, at(2, 0, -1), "development.step_before_required"},
	})
}

func TestStepRules(t *testing.T) {
	no := false
	sponsors := func(n int) func(*fixture, *development.Detail, *development.StepInput) {
		return func(f *fixture, d *development.Detail, in *development.StepInput) {
			in.Data.Sponsors = nil
			for i := 0; i < n; i++ {
				in.Data.Sponsors = append(in.Data.Sponsors, model.PersonRef{MemberID: f.full[i].ID})
			}
		}
	}
	introducers := func(n int) func(*fixture, *development.Detail, *development.StepInput) {
		return func(f *fixture, d *development.Detail, in *development.StepInput) {
			in.Data.Introducers = nil
			for i := 0; i < n; i++ {
				in.Data.Introducers = append(in.Data.Introducers, model.PersonRef{MemberID: f.full[i].ID})
			}
		}
	}
	training := func(days, hours float64) func(*fixture, *development.Detail, *development.StepInput) {
		return func(f *fixture, d *development.Detail, in *development.StepInput) {
			in.Data.TrainingDays, in.Data.TrainingHours = days, hours
		}
	}
	vote := func(v model.Vote) func(*fixture, *development.Detail, *development.StepInput) {
		return func(f *fixture, d *development.Detail, in *development.StepInput) { in.Data.Vote = &v }
	}
	acting := func(key string) func(*fixture, *development.Detail, *development.StepInput) {
		return func(f *fixture, d *development.Detail, in *development.StepInput) {
			in.ActingOrgID = 0
			if key != "" {
				in.ActingOrgID = f.orgs[key].ID
			}
		}
	}
	extend := func(months int) func(*fixture, *development.Detail, *development.StepInput) {
		return func(f *fixture, d *development.Detail, in *development.StepInput) {
			in.Data.Outcome, in.Data.ExtensionMonths = model.OutcomeExtend, months
		}
	}
	notice := func(startDays, endDays int) func(*fixture, *development.Detail, *development.StepInput) {
		return func(f *fixture, d *development.Detail, in *development.StepInput) {
			in.Data.NoticeStart, in.Data.NoticeEnd = in.DoneOn.AddDate(0, 0, startDays), in.DoneOn.AddDate(0, 0, endDays)
		}
	}
	runBoundaries(t, []boundary{
		{"no sponsor", model.Date{}, 5, sponsors(0), "development.rule.sponsors"},
		{"one sponsor", model.Date{}, 5, sponsors(1), ""},
		{"two sponsors", model.Date{}, 5, sponsors(2), ""},
		{"three sponsors", model.Date{}, 5, sponsors(3), "development.rule.sponsors"},
		// Exactly two introducers who are full members (Art. 14).
		{"one introducer", model.Date{}, 9, introducers(1), "development.rule.introducers"},
		{"two introducers", model.Date{}, 9, introducers(2), ""},
		{"three introducers", model.Date{}, 9, introducers(3), "development.rule.introducers"},
		{"the same introducer twice", model.Date{}, 9, func(f *fixture, d *development.Detail, in *development.StepInput) {
			in.Data.Introducers = []model.PersonRef{{MemberID: f.full[0].ID}, {MemberID: f.full[0].ID}}
		}, "development.rule.person_twice"},
		// Training of at least 3 days or 24 hours (Art. 17).
		{"training 2.5 days, 23.5 hours", model.Date{}, 11, training(2.5, 23.5), "development.rule.training"},
		{"training 3 days", model.Date{}, 11, training(3, 0), ""},
		{"training 24 hours", model.Date{}, 11, training(0, 24), ""},
		{"training 3.5 days", model.Date{}, 11, training(3.5, 0), ""},
		{"training 25 hours", model.Date{}, 11, training(0, 25), ""},
		// Political review must conclude and pass (Art. 16).
		{"review failed", model.Date{}, 10, func(f *fixture, d *development.Detail, in *development.StepInput) { in.Data.ReviewPassed = &no }, "development.rule.review_failed"},
		{"review without conclusion", model.Date{}, 10, func(f *fixture, d *development.Detail, in *development.StepInput) { in.Data.Conclusion = "" }, "development.rule.review_conclusion"},
		// Branch meeting: "for" more than half of the 10 entitled; more than half present.
		{"5 of 10 for", model.Date{}, 15, vote(model.Vote{Entitled: 10, Present: 8, For: 5, Against: 3}), "development.rule.vote_majority"},
		{"6 of 10 for", model.Date{}, 15, vote(model.Vote{Entitled: 10, Present: 8, For: 6, Against: 2}), ""},
		{"7 of 10 for", model.Date{}, 15, vote(model.Vote{Entitled: 10, Present: 8, For: 7, Against: 1}), ""},
		{"5 for and 1 written", model.Date{}, 15, vote(model.Vote{Entitled: 10, Present: 6, For: 5, Against: 1, WrittenFor: 1}), ""},
		{"4 for and 1 written", model.Date{}, 15, vote(model.Vote{Entitled: 10, Present: 6, For: 4, Against: 2, WrittenFor: 1}), "development.rule.vote_majority"},
		{"5 of 10 present", model.Date{}, 15, vote(model.Vote{Entitled: 10, Present: 5, For: 5, WrittenFor: 1}), "development.rule.vote_quorum"},
		{"6 of 10 present", model.Date{}, 15, vote(model.Vote{Entitled: 10, Present: 6, For: 6}), ""},
		{"more votes than present", model.Date{}, 15, vote(model.Vote{Entitled: 10, Present: 6, For: 6, Against: 1}), "development.vote_sum"},
		{"explicit entitled 12 of 10 full members", model.Date{}, 15, vote(model.Vote{Entitled: 12, Present: 8, For: 7}), "development.vote_entitled_max"},
		{"explicit entitled 9 (one without rights), 5 for", model.Date{}, 15, vote(model.Vote{Entitled: 9, Present: 8, For: 5, Against: 3}), ""},
		{"explicit entitled 9, 4 for", model.Date{}, 15, vote(model.Vote{Entitled: 9, Present: 8, For: 4, Against: 4}), "development.rule.vote_majority"},
		// Approval only by a committee with approval authority above the record (Art. 26).
		{"approved by the branch", model.Date{}, 17, acting("branch"), "development.rule.no_approval_authority"},
		{"approved by a community committee", model.Date{}, 17, acting("community"), "development.rule.no_approval_authority"},
		{"approved by the street committee", model.Date{}, 17, acting("street"), ""},
		{"approved by the district committee", model.Date{}, 17, acting("district"), ""},
		{"approved by a temporary branch", model.Date{}, 17, acting("temp"), "development.acting_org_not_above"},
		{"approved by nobody", model.Date{}, 17, acting(""), "development.rule.approver_required"},
		{"pre-reviewed by the community committee", model.Date{}, 13, acting("community"), "development.rule.no_approval_authority"},
		// Extension once, by 6 to 12 months (Art. 32).
		{"extension of 5 months", model.Date{}, 23, extend(5), "development.rule.extension_length"},
		{"extension of 6 months", model.Date{}, 23, extend(6), ""},
		{"extension of 12 months", model.Date{}, 23, extend(12), ""},
		{"extension of 13 months", model.Date{}, 23, extend(13), "development.rule.extension_length"},
		// Public notice recorded with its period, over before the step.
		{"notice ends after the step", model.Date{}, 7, notice(-3, 1), "development.notice_after_step"},
		{"notice ends on the step", model.Date{}, 7, notice(-7, 0), ""},
		{"notice ends before it starts", model.Date{}, 7, notice(-3, -5), "development.notice_period"},
		// Prerequisites.
		{"meeting without the application form", model.Date{}, 14, func(f *fixture, d *development.Detail, in *development.StepInput) {
			in.No, in.Data.Vote = 15, &model.Vote{Entitled: 10, Present: 8, For: 6}
		}, "development.step_requires"},
	})
}

// Introducers may not be under intra-party probation (留党察看) on the day they are named, nor
// probationary members.
func TestIntroducerOnPartyProbation(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		d := f.walk(t, f.must(t, model.NewDate(2023, 1, 10)), 2, 8)
		day := plan(d.Development.AppliedOn)[9]
		// Member 2 is under probation until the day of step 9 (ending that day: free again),
		// member 3 until the day after.
		for i, until := range map[int]model.Date{2: day, 3: day.AddDate(0, 0, 1)} {
			m, err := f.members.Get(ctx, auth.System, f.full[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.members.ChangeStatus(ctx, auth.System, m.ID, member.StatusInput{Kind: model.ChangePartyProbation,
				EffectiveOn: day.AddDate(-1, 0, 0), Until: until, Reason: "违纪", Version: m.Version}); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			who  int
			want string
		}{{2, ""}, {3, "development.rule.introducer_on_probation"}} {
			in := f.valid(9, day)
			in.Data.Introducers = []model.PersonRef{{MemberID: f.full[0].ID}, {MemberID: f.full[c.who].ID}}
			d2 := f.walk(t, f.must(t, model.NewDate(2023, 1, 10)), 2, 8)
			if _, err := f.record(d2, in); codeOf(err) != c.want {
				t.Errorf("introducer %d: got %q, want %q (%v)", c.who, codeOf(err), c.want, err)
			}
		}
		// A probationary member cannot introduce.
		prob := &model.Member{OrgID: f.orgs["branch"].ID, Name: "预备", IDNumber: f.nextID(1990), Category: model.Probationary,
			Status: model.StatusNormal, AdmittedOn: model.NewDate(2026, 1, 1)}
		if _, err := f.members.Create(ctx, auth.System, prob); err != nil {
			t.Fatal(err)
		}
		in := f.valid(9, day)
		in.Data.Introducers = []model.PersonRef{{MemberID: f.full[0].ID}, {MemberID: prob.ID}}
		if _, err := f.record(d, in); codeOf(err) != "development.rule.not_full_member" {
			t.Errorf("probationary introducer: %v", err)
		}
	})
}

func TestTemporaryBranchDoesNotDevelop(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		_, err := f.svc.Create(context.Background(), auth.System, development.CreateInput{OrgID: f.orgs["temp"].ID,
			Person: development.Person{Name: "甲", IDNumber: f.nextID(1995)}, Step1: development.StepInput{DoneOn: model.NewDate(2025, 1, 1)}})
		if codeOf(err) != "development.rule.temporary_branch" {
			t.Fatalf("a temporary branch opened a record: %v", err)
		}
	})
}

// A branch secretary records the branch's steps, but not the upper committee's approval.
func TestApprovalNeedsTheApproversScope(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		d := f.walk(t, f.must(t, model.NewDate(2023, 1, 10)), 2, 16)
		sec := &auth.Principal{Username: "sec", Grants: []model.Grant{{Role: model.RoleSecretary, OrgPath: f.orgs["branch"].Path}}}
		in := f.valid(17, plan(d.Development.AppliedOn)[17])
		_, err := f.svc.RecordStep(context.Background(), sec, d.Development.ID, d.Development.Version, in)
		if codeOf(err) != "development.approver_scope" {
			t.Fatalf("a branch secretary recorded the approval: %v", err)
		}
		staff := &auth.Principal{Username: "staff", Grants: []model.Grant{{Role: model.RoleStaff, OrgPath: f.orgs["street"].Path}}}
		if _, err := f.svc.RecordStep(context.Background(), staff, d.Development.ID, d.Development.Version, in); err != nil {
			t.Fatalf("the street committee's staff could not approve: %v", err)
		}
	})
}

// Without an entitled number the vote counts the branch's full members from the register, less
// those under intra-party probation on the meeting's day.
func TestEntitledVotersFromTheRegister(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		d := f.walk(t, f.must(t, model.NewDate(2023, 1, 10)), 2, 14)
		day := plan(d.Development.AppliedOn)[15]
		m := f.full[9]
		if _, _, err := f.members.ChangeStatus(ctx, auth.System, m.ID, member.StatusInput{Kind: model.ChangePartyProbation,
			EffectiveOn: day.AddDate(0, -1, 0), Until: day.AddDate(1, 0, 0), Reason: "违纪", Version: m.Version}); err != nil {
			t.Fatal(err)
		}
		// 10 full members, one under probation: 9 entitled, 5 "for" is a majority, 4 is not.
		in := f.valid(15, day)
		in.Data.Vote = &model.Vote{Present: 8, For: 4, Against: 4}
		if _, err := f.record(d, in); codeOf(err) != "development.rule.vote_majority" {
			t.Fatalf("4 of 9: %v", err)
		}
		in.Data.Vote = &model.Vote{Present: 8, For: 5, Against: 3}
		got, err := f.record(d, in)
		if err != nil {
			t.Fatalf("5 of 9: %v", err)
		}
		for _, st := range got.Steps {
			if st.No == 15 && st.Data.Vote.Entitled != 9 {
				t.Fatalf("recorded entitled %d, want 9", st.Data.Vote.Entitled)
			}
		}
	})
}
