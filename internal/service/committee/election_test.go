package committee

import (
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/rules"
)

func codes(t Tally) []string {
	var out []string
	for _, e := range t.Errors {
		out = append(out, e.Code)
	}
	return out
}

func has(list []string, code string) bool {
	for _, c := range list {
		if c == code {
			return true
		}
	}
	return false
}

func cands(votes ...int) []model.Candidate {
	out := make([]model.Candidate, len(votes))
	for i, v := range votes {
		out[i] = model.Candidate{MemberID: int64(i + 1), Votes: v}
	}
	return out
}

// TestElectionQuorumBoundary: voters present must be more than 4/5 of those entitled
// (rules §1.6.5): 40 of 50 is exactly 4/5 and fails, 41 passes.
func TestElectionQuorumBoundary(t *testing.T) {
	r := &rules.MustDefault().OrgLife.Election
	for present, ok := range map[int]bool{39: false, 40: false, 41: true, 50: true} {
		tally := Count(r, 1, 50, present, cands(present, 0))
		if has(codes(tally), "election.quorum") == ok {
			t.Errorf("%d of 50 present: errors %v, quorum met should be %v", present, codes(tally), ok)
		}
	}
	if tally := Count(r, 1, 50, 51, cands(1, 0)); !has(codes(tally), "election.present_range") {
		t.Error("more present than entitled must be refused")
	}
}

// TestElectionCandidateMargin: candidates at least seats × 1.2 rounded up (rules §1.6.4).
func TestElectionCandidateMargin(t *testing.T) {
	r := &rules.MustDefault().OrgLife.Election
	cases := []struct {
		seats, candidates int
		ok                bool
	}{{5, 5, false}, {5, 6, true}, {5, 7, true}, {3, 3, false}, {3, 4, true}, {7, 8, false}, {7, 9, true}}
	for _, c := range cases {
		votes := make([]int, c.candidates)
		for i := range votes {
			votes[i] = 50 - i
		}
		tally := Count(r, c.seats, 50, 50, cands(votes...))
		if has(codes(tally), "election.too_few_candidates") == c.ok {
			t.Errorf("%d candidates for %d seats: %v, want ok=%v", c.candidates, c.seats, codes(tally), c.ok)
		}
	}
}

// TestElectionWinnerMajority: elected with "for" votes above half of the voters present
// (rules §1.6.6): with 41 present, 20 votes fail, 21 pass (and 20.5 is the half).
func TestElectionWinnerMajority(t *testing.T) {
	r := &rules.MustDefault().OrgLife.Election
	tally := Count(r, 2, 50, 41, cands(21, 20, 3))
	if len(tally.Errors) > 0 || len(tally.Elected) != 1 || tally.Elected[0] != 1 {
		t.Fatalf("41 present, votes 21/20/3: elected %v errors %v, want only the first", tally.Elected, codes(tally))
	}
	if len(tally.Warnings) != 1 || tally.Warnings[0].Code != "election.shortfall" {
		t.Fatalf("one of two seats filled must warn of the shortfall: %v", tally.Warnings)
	}
	// 40 present (of 45): 20 votes is exactly half and fails, 21 passes.
	if got := Count(r, 1, 45, 40, cands(20, 19)); !has(codes(got), "election.no_winner") {
		t.Fatalf("nobody above half: %v", codes(got))
	}
	if got := Count(r, 1, 45, 40, cands(21, 19)); len(got.Elected) != 1 || len(got.Errors) > 0 {
		t.Fatalf("21 of 40 is above half: %v %v", got.Elected, codes(got))
	}
	// More winners than seats: the most-voted take them; a tie for the last seat is refused.
	got := Count(r, 2, 50, 45, cands(40, 30, 35))
	if len(got.Elected) != 2 || got.Elected[0] != 1 || got.Elected[1] != 3 {
		t.Fatalf("top two by votes: %v %v", got.Elected, codes(got))
	}
	if got := Count(r, 2, 50, 45, cands(40, 30, 30)); !has(codes(got), "election.tie") {
		t.Fatalf("a tie for the last seat: %v", codes(got))
	}
	if got := Count(r, 1, 50, 45, cands(46, 1)); !has(codes(got), "election.votes_range") {
		t.Fatal("more votes than voters present must be refused")
	}
}
