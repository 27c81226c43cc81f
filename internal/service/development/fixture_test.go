package development_test

import (
	"context"
	"fmt"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/development"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/member"
	"dangjian/internal/service/org"
	"dangjian/internal/store"
)

// today is the fixed "now" of these tests.
var today = model.NewDate(2026, 12, 1)

// fixture is a small tree with a branch of ten full members:
//
//	city ─ district ─ street (primary committee of a street) ─ community (committee of a community) ─ branch
//	                                                         └ temp (temporary branch)
type fixture struct {
	s       *store.Store
	svc     *development.Service
	members *member.Service
	orgs    map[string]*model.Org
	full    []*model.Member
	seq     int
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	rs, err := rules.Load("", today)
	if err != nil {
		t.Fatal(err)
	}
	os := org.New(s, rs)
	os.Today = func() model.Date { return today }
	ms := member.New(s, rs)
	ms.Today = os.Today
	svc := development.New(s, rs)
	svc.Today = os.Today
	f := &fixture{s: s, svc: svc, members: ms, orgs: map[string]*model.Org{}}
	mk := func(key, parent string, typ model.OrgType, unit model.UnitType) {
		var pid int64
		if parent != "" {
			pid = f.orgs[parent].ID
		}
		o, _, err := os.Create(ctx, auth.System, org.Input{ParentID: pid, Name: key, Type: typ, UnitType: unit})
		if err != nil {
			t.Fatalf("org %s: %v", key, err)
		}
		f.orgs[key] = o
	}
	mk("city", "", model.MunicipalCommittee, "")
	mk("district", "city", model.DistrictCommittee, "")
	mk("street", "district", model.PrimaryCommittee, model.UnitStreet)
	mk("community", "street", model.PrimaryCommittee, model.UnitCommunity)
	mk("branch", "community", model.Branch, model.UnitCommunity)
	mk("temp", "street", model.TemporaryBranch, "")
	for i := 0; i < 10; i++ {
		m := &model.Member{OrgID: f.orgs["branch"].ID, Name: fmt.Sprintf("党员%d", i), IDNumber: f.nextID(1970),
			Category: model.Full, Status: model.StatusNormal, AdmittedOn: model.NewDate(2000, 7, 1), FullOn: model.NewDate(2001, 7, 1)}
		if _, err := ms.Create(ctx, auth.System, m); err != nil {
			t.Fatal(err)
		}
		f.full = append(f.full, m)
	}
	return f
}

// nextID returns a fresh valid ID number of someone born on 1 March of year.
func (f *fixture) nextID(year int) string {
	f.seq++
	base := fmt.Sprintf("210202%04d0301%03d", year, f.seq%1000)
	return base + string(model.IDCheckDigit(base))
}

// applicant opens a record for someone born on birth who applied on applied.
func (f *fixture) applicant(t *testing.T, birth, applied model.Date) (*development.Detail, error) {
	t.Helper()
	f.seq++
	base := fmt.Sprintf("210202%s%03d", birth.Time().Format("20060102"), f.seq%1000)
	id := base + string(model.IDCheckDigit(base))
	return f.svc.Create(context.Background(), auth.System, development.CreateInput{OrgID: f.orgs["branch"].ID,
		Person: development.Person{Name: "申请人", IDNumber: id, Ethnicity: "汉族", Education: model.EduUndergraduate, Phone: "13900001111"},
		Step1:  development.StepInput{DoneOn: applied, Persons: "本人"}})
}

// must opens a record of someone born in 1995 who applied on applied.
func (f *fixture) must(t *testing.T, applied model.Date) *development.Detail {
	t.Helper()
	d, err := f.applicant(t, model.NewDate(1995, 5, 5), applied)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// valid returns the input of step no on date on that passes every check.
func (f *fixture) valid(no int, on model.Date) development.StepInput {
	in := development.StepInput{No: no, DoneOn: on, Persons: "经办人"}
	yes := true
	switch no {
	case 5:
		in.Data.Sponsors = []model.PersonRef{{MemberID: f.full[0].ID}, {MemberID: f.full[1].ID}}
	case 9:
		in.Data.Introducers = []model.PersonRef{{MemberID: f.full[0].ID}, {MemberID: f.full[1].ID}}
	case 10:
		in.Data.ReviewPassed, in.Data.Conclusion = &yes, "政治审查合格"
	case 11:
		in.Data.TrainingDays = 3
	case 13, 17, 24:
		in.ActingOrgID = f.orgs["street"].ID
	case 15:
		in.Data.Vote = &model.Vote{Entitled: 10, Present: 8, For: 6, Against: 1, Abstain: 1}
	case 23:
		in.Data.Vote = &model.Vote{Entitled: 10, Present: 8, For: 7, Against: 1}
		in.Data.Outcome = model.OutcomeConvert
	}
	return in
}

// plan gives a passing date to every step after an application on applied.
func plan(applied model.Date) map[int]model.Date {
	m := applied.AddMonths
	dates := map[int]model.Date{1: applied, 2: applied.AddDate(0, 0, 10), 3: m(1), 4: m(1).AddDate(0, 0, 1),
		5: m(1).AddDate(0, 0, 2), 6: m(7), 7: m(13), 8: m(13).AddDate(0, 0, 1), 9: m(13).AddDate(0, 0, 2),
		10: m(13).AddDate(0, 0, 3), 11: m(13).AddDate(0, 0, 4), 12: m(14), 13: m(14).AddDate(0, 0, 5),
		14: m(14).AddDate(0, 0, 10), 15: m(15), 16: m(15).AddDate(0, 0, 10), 17: m(16), 18: m(16).AddDate(0, 0, 3),
		19: m(16).AddDate(0, 0, 4), 20: m(16).AddDate(0, 0, 5), 21: m(20), 22: m(27).AddDate(0, 0, -5), 23: m(27),
		24: m(28), 25: m(28).AddDate(0, 0, 1)}
	return dates
}

// walk records steps from..to with the plan's dates and valid inputs.
func (f *fixture) walk(t *testing.T, d *development.Detail, from, to int) *development.Detail {
	t.Helper()
	dates := plan(d.Development.AppliedOn)
	for no := from; no <= to; no++ {
		var err error
		d, err = f.svc.RecordStep(context.Background(), auth.System, d.Development.ID, d.Development.Version, f.valid(no, dates[no]))
		if err != nil {
			t.Fatalf("step %d on %s: %v", no, dates[no], err)
		}
	}
	return d
}

// record tries step in on d.
func (f *fixture) record(d *development.Detail, in development.StepInput) (*development.Detail, error) {
	return f.svc.RecordStep(context.Background(), auth.System, d.Development.ID, d.Development.Version, in)
}

// codeOf returns the code of the first field error of err ("" for nil, the error text for
// other errors).
func codeOf(err error) string {
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

func verify(t *testing.T, s *store.Store) {
	t.Helper()
	diffs, err := s.VerifyStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) > 0 {
		t.Fatalf("rollup differs from a recount: %+v", diffs)
	}
}

func stage(t *testing.T, s *store.Store, o *model.Org) map[string]int64 {
	t.Helper()
	c, err := s.OrgCounts(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, st := range model.Stages {
		out[string(st)] = c[model.MetricDevelopmentStagePrefix+string(st)]
	}
	return out
}

// hasCode reports whether err carries code on field.
func hasCode(err error, field, code string) bool {
	e, ok := errs.As(err)
	if !ok {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}
