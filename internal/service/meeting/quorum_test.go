package meeting

import (
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/rules"
)

// TestQuorumBoundaries: an assembly needs more than half of its voting members present
// (rules §4.1), a committee meeting more than half of the committee (§4.2).
func TestQuorumBoundaries(t *testing.T) {
	s := &Service{Rules: rules.MustDefault()}
	cases := []struct {
		typ             model.MeetingType
		voting, present int
		applies, met    bool
		needed          int
	}{
		{model.BranchAssembly, 10, 5, true, false, 6},
		{model.BranchAssembly, 10, 6, true, true, 6},
		{model.BranchAssembly, 7, 3, true, false, 4},
		{model.BranchAssembly, 7, 4, true, true, 4},
		{model.CommitteeMeeting, 5, 2, true, false, 3},
		{model.CommitteeMeeting, 5, 3, true, true, 3},
		{model.BranchAssembly, 0, 0, true, false, 1},
		{model.ThemeDay, 10, 1, false, false, 0},
	}
	for _, c := range cases {
		q := s.QuorumOf(&model.Meeting{Type: c.typ, VotingExpected: c.voting, VotingPresent: c.present})
		if q.Applies != c.applies || q.Met != c.met || q.Needed != c.needed {
			t.Errorf("%s %d of %d: %+v, want applies=%v met=%v needed=%d", c.typ, c.present, c.voting, q, c.applies, c.met, c.needed)
		}
	}
}

func TestSignCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := newSignCode()
		if len(c) != SignCodeLength || strings.ContainsAny(c, "01ILO") || seen[c] {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	if NormalizeCode(" abcde-fghjk ") != "ABCDEFGHJK" {
		t.Fatal("typed codes are upper-cased without dashes and spaces")
	}
}
