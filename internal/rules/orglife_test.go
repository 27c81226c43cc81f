package rules

import (
	"os"
	"path/filepath"
	"testing"

	"dangjian/internal/model"
)

func TestOrgLifeRulesInForce(t *testing.T) {
	s, err := Load("", model.NewDate(2026, 3, 1))
	if err != nil {
		t.Fatal(err)
	}
	r := &s.OrgLife
	cases := []struct {
		org       model.OrgType
		committee bool
		meeting   model.MeetingType
		period    model.PeriodKind
		ok        bool
	}{
		{model.Branch, false, model.BranchAssembly, model.PeriodQuarter, true},
		{model.Branch, true, model.CommitteeMeeting, model.PeriodMonth, true},
		{model.Branch, false, model.CommitteeMeeting, "", false}, // no committee, no committee meeting
		{model.PartyGroup, false, model.GroupMeeting, model.PeriodMonth, true},
		{model.Branch, false, model.Lecture, model.PeriodQuarter, true},
		{model.JointBranch, false, model.ThemeDay, model.PeriodMonth, true},
		{model.TemporaryBranch, false, model.OrgLifeMeeting, model.PeriodYear, true},
		{model.PrimaryCommittee, true, model.BranchAssembly, "", false},
		{model.DistrictCommittee, true, model.SpecialConference, "", false},
	}
	for _, c := range cases {
		p, times, ok := r.Requirement(c.org, c.committee, c.meeting)
		if ok != c.ok || p != c.period || (ok && times != 1) {
			t.Errorf("%s/%v/%s: got %s×%d %v, want %s %v", c.org, c.committee, c.meeting, p, times, ok, c.period, c.ok)
		}
	}
	if r.StudyTarget(false) != 320 || r.StudyTarget(true) != 560 {
		t.Fatalf("study targets %d %d, want 32 h and 56 h", r.StudyTarget(false), r.StudyTarget(true))
	}
	if !r.Voting(model.Full, model.StatusNormal) || r.Voting(model.Probationary, model.StatusNormal) || r.Voting(model.Full, model.StatusMobile) {
		t.Fatal("voting: full members in good standing only")
	}
	if !r.Expected(model.StatusMobile) || r.Expected(model.StatusAbroad) {
		t.Fatal("expected statuses")
	}
	if r.Quorum[model.BranchAssembly] != QuorumVotingMembers || r.Quorum[model.CommitteeMeeting] != QuorumCommitteeMembers {
		t.Fatalf("quorum bases: %v", r.Quorum)
	}
}

// TestRatioBoundaries checks "more than half" and "more than four fifths" exactly at, one
// below and one above the threshold.
func TestRatioBoundaries(t *testing.T) {
	half, fourFifths := Ratio{1, 2}, Ratio{4, 5}
	cases := []struct {
		r           Ratio
		part, whole int
		want        bool
	}{
		{half, 5, 10, false}, {half, 6, 10, true}, {half, 4, 10, false},
		{half, 4, 7, true}, {half, 3, 7, false}, // 3.5 is the half of 7
		{half, 0, 0, false},
		{fourFifths, 40, 50, false}, {fourFifths, 41, 50, true}, {fourFifths, 39, 50, false},
		{fourFifths, 9, 11, true}, {fourFifths, 8, 11, false}, // 8.8 is four fifths of 11
		{Ratio{1, 0}, 5, 1, false},
	}
	for _, c := range cases {
		if got := c.r.ExceededBy(c.part, c.whole); got != c.want {
			t.Errorf("%d/%d > %d/%d: got %v, want %v", c.part, c.whole, c.r[0], c.r[1], got, c.want)
		}
	}
}

// TestMinCandidates checks the 20% margin rounded up (rules §1.6.4).
func TestMinCandidates(t *testing.T) {
	e := ElectionRules{CandidateMarginPercent: 20}
	for seats, want := range map[int]int{1: 2, 3: 4, 4: 5, 5: 6, 7: 9, 10: 12, 11: 14, 0: 0} {
		if got := e.MinCandidates(seats); got != want {
			t.Errorf("%d seats: %d candidates at least, want %d", seats, got, want)
		}
	}
}

func TestOrgLifeOverrideIsChecked(t *testing.T) {
	f := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(f, []byte(`orglife:
  - version: "2026-typo"
    effective_from: "2026-01-01"
    requirements:
      - {meeting_type: branch_assembley, org_types: [branch], period: quarter, times: 1}
`), 0o600)
	if _, err := Load(f, model.NewDate(2026, 6, 1)); err == nil {
		t.Fatal("an override with an unknown meeting type was accepted")
	}
}
