package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/model"
)

func TestDevelopmentStepsAreComplete(t *testing.T) {
	s, err := Load("", model.NewDate(2026, 12, 1))
	if err != nil {
		t.Fatal(err)
	}
	d := s.Development
	if len(d.Steps) != 25 || len(d.Stages) != 5 {
		t.Fatalf("%d steps, %d stages; want 25 and 5", len(d.Steps), len(d.Stages))
	}
	enters := map[int]model.Stage{}
	for _, st := range d.Steps {
		if st.Zh == "" || st.En == "" || st.Article == "" || st.Actor == "" || st.ActorZh == "" {
			t.Errorf("step %d lacks a name, article or actor: %+v", st.No, st)
		}
		if st.Enters != "" {
			enters[st.No] = st.Enters
		}
	}
	want := map[int]model.Stage{1: model.StageApplicant, 3: model.StageActivist, 7: model.StageCandidate, 17: model.StageProbationary, 24: model.StageFull}
	for no, st := range want {
		if enters[no] != st {
			t.Errorf("step %d enters %q, want %q", no, enters[no], st)
		}
	}
	if len(enters) != len(want) {
		t.Errorf("stage entries %v, want %v", enters, want)
	}
	if d.Step(2).WithinMonths != 1 || d.Step(7).MinMonths != 12 || d.Step(17).WithinMonths != 3 || d.Step(17).MaxMonths != 6 || d.Step(24).WithinMonths != 3 {
		t.Fatal("time limits of steps 2, 7, 17, 24 are not the 2014 ones")
	}
	if d.MinAge != 18 || d.Introducers != 2 || d.TrainingMinDays != 3 || d.TrainingMinHours != 24 || d.ProbationMonths != 12 ||
		d.ExtensionMinMonths != 6 || d.ExtensionMaxMonths != 12 || d.ExtensionsMax != 1 {
		t.Fatalf("thresholds: %+v", d)
	}
	if s.Lifecycle.LetterValidMonths != 3 || s.Lifecycle.LostContactSuspensionMonths != 6 || s.Lifecycle.SuspensionRemovalMonths != 24 {
		t.Fatalf("lifecycle: %+v", s.Lifecycle)
	}
	if d.Step(0) != nil || d.Step(26) != nil {
		t.Fatal("Step outside 1..25 must be nil")
	}
}

func TestApprovalAuthority(t *testing.T) {
	s := MustDefault()
	d := &s.Development
	street := &model.Org{Type: model.PrimaryCommittee, UnitType: model.UnitStreet}
	enterprise := &model.Org{Type: model.PrimaryCommittee, UnitType: model.UnitNonPublicEnterprise}
	cases := []struct {
		name      string
		org       *model.Org
		ancestors []*model.Org
		want      bool
	}{
		{"district committee", &model.Org{Type: model.DistrictCommittee}, nil, true},
		{"street primary committee", street, nil, true},
		{"enterprise committee under a district", enterprise, []*model.Org{{Type: model.DistrictCommittee}}, true},
		{"enterprise committee under a street committee", enterprise, []*model.Org{{Type: model.DistrictCommittee}, street}, false},
		{"community committee", &model.Org{Type: model.PrimaryCommittee, UnitType: model.UnitCommunity}, nil, false},
		{"village committee", &model.Org{Type: model.PrimaryCommittee, UnitType: model.UnitVillage}, nil, false},
		{"branch", &model.Org{Type: model.Branch}, nil, false},
		{"general branch", &model.Org{Type: model.GeneralBranch}, nil, false},
		{"temporary branch", &model.Org{Type: model.TemporaryBranch}, nil, false},
		{"dissolved committee", &model.Org{Type: model.DistrictCommittee, DissolvedOn: model.NewDate(2020, 1, 1)}, nil, false},
	}
	for _, c := range cases {
		if got := d.CanApprove(c.org, c.ancestors); got != c.want {
			t.Errorf("%s: CanApprove = %v, want %v", c.name, got, c.want)
		}
	}
}

// A later revision (the possible 2026 one) is added as data: steps taken before its effective
// date keep the 2014 rules, later ones get the new article numbers and limits.
func TestDevelopmentRevisionByStepDate(t *testing.T) {
	base, err := os.ReadFile("data/development.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rev := strings.Replace(string(base), `"2014-implementation-rules"`, `"2026-revision"`, 1)
	rev = strings.Replace(rev, `effective_from: "2014-06-10"`, `effective_from: "2026-06-01"`, 1)
	rev = strings.Replace(rev, `article: "24", confidence: S, requires: [16], after: 15, within_months: 3`, `article: "25", confidence: U, requires: [16], after: 15, within_months: 2`, 1)
	f := filepath.Join(t.TempDir(), "local.yaml")
	body := "development:\n" + indent(rev)
	if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(f, model.NewDate(2026, 12, 1))
	if err != nil {
		t.Fatal(err)
	}
	if s.Development.Version != "2026-revision" {
		t.Fatalf("in force: %s", s.Development.Version)
	}
	old := s.DevelopmentOn(model.NewDate(2026, 5, 31))
	cur := s.DevelopmentOn(model.NewDate(2026, 6, 1))
	if old.Version != "2014-implementation-rules" || old.Step(17).Article != "24" || old.Step(17).WithinMonths != 3 {
		t.Fatalf("the day before the revision: %s art. %s within %d", old.Version, old.Step(17).Article, old.Step(17).WithinMonths)
	}
	if cur.Version != "2026-revision" || cur.Step(17).Article != "25" || cur.Step(17).WithinMonths != 2 {
		t.Fatalf("the day of the revision: %s art. %s within %d", cur.Version, cur.Step(17).Article, cur.Step(17).WithinMonths)
	}
	if early := s.DevelopmentOn(model.NewDate(2001, 1, 1)); early.Version != "2014-implementation-rules" {
		t.Fatalf("before every version: %s", early.Version)
	}
}

func TestBrokenDevelopmentOverrideIsRefused(t *testing.T) {
	f := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(f, []byte(`development:
  - version: "broken"
    effective_from: "2020-01-01"
    steps:
      - {no: 1, stage: applicant, enters: applicant, zh: a, en: a}
      - {no: 3, stage: applicant, zh: b, en: b}
`), 0o600)
	if _, err := Load(f, model.NewDate(2026, 1, 1)); err == nil || !strings.Contains(err.Error(), "numbered") {
		t.Fatalf("misnumbered steps were accepted: %v", err)
	}
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}
