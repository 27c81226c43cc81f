package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
)

// TestPartyProbationTakesTheVote: a full member under intra-party probation (留党察看) has no
// vote (rules §1.6.3): they drop off an election's voter roll and an assembly's voting members
// from the day it begins, and count again once it has ended.
func TestPartyProbationTakesTheVote(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		today := model.DateOf(time.Now())
		a3 := w.call("staffA", http.MethodGet, "/api/v1/members/{member:a3}", nil, 200)
		w.call("staffA", http.MethodPost, "/api/v1/members/{member:a3}/status", map[string]any{
			"kind": "party_probation", "effective_on": today.AddDate(0, 0, -10).String(), "until": today.AddDate(1, 0, 0).String(),
			"reason": "违纪处分", "approval_org": "中共组织A委员会", "approved_on": today.AddDate(0, 0, -10).String(),
			"version": a3["version"]}, 200)

		el := map[string]any{"org_id": "{org:A1}", "held_on": today.String(), "seats": 1, "present": 2,
			"candidates": []any{map[string]any{"member_id": "{member:a2}", "votes": 2}, map[string]any{"member_id": "{member:a3}", "votes": 0}}}
		if res, body := w.do("secA1", http.MethodPost, "/api/v1/elections", el); res.StatusCode != 422 || !strings.Contains(body, "election.candidate_not_voter") {
			t.Fatalf("a member under probation stands: %d %s", res.StatusCode, body)
		}
		// Before the probation began the member was a voter: an election held then has 3 entitled.
		el["held_on"] = today.AddDate(0, 0, -11).String()
		el["present"] = 3
		el["candidates"] = []any{map[string]any{"member_id": "{member:a2}", "votes": 3}, map[string]any{"member_id": "{member:a3}", "votes": 0}}
		res := w.call("secA1", http.MethodPost, "/api/v1/elections", el, 201)
		if num(res, "election", "entitled") != 3 {
			t.Fatalf("entitled before the probation: %v", res["election"])
		}

		start := time.Now().Add(3 * time.Hour).Truncate(time.Minute)
		meeting := map[string]any{"org_id": "{org:A1}", "type": "branch_assembly", "topic": "讨论发展党员",
			"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(time.Hour).Format(time.RFC3339), "place": "会议室"}
		res = w.call("secA1", http.MethodPost, "/api/v1/meetings", meeting, 201)
		if num(res, "meeting", "voting_expected") != 2 || num(res, "meeting", "expected") != 3 {
			t.Fatalf("an assembly: the member under probation attends without a vote: %v", res["meeting"])
		}
	})
}
