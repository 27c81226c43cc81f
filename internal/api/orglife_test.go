package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/committee"
	"dangjian/internal/service/directive"
	"dangjian/internal/service/meeting"
	"dangjian/internal/service/org"
	"dangjian/internal/store"
)

func cst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.Local)
}

// TestMeetingAttendanceQuorumAndSignIn: an assembly draws the branch's members (full members
// vote), the quorum is more than half of them, and a member signs in with the code only inside
// the window (from two hours before the start until the end) and only when expected.
func TestMeetingAttendanceQuorumAndSignIn(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		start := time.Now().Add(3 * time.Hour).Truncate(time.Minute)
		body := map[string]any{"org_id": "{org:A1}", "type": "branch_assembly", "topic": "讨论发展党员",
			"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(90 * time.Minute).Format(time.RFC3339), "place": "会议室"}
		res := w.call("secA1", http.MethodPost, "/api/v1/meetings", body, 201)
		m := res["meeting"].(map[string]any)
		id, code := int64(m["id"].(float64)), m["sign_code"].(string)
		if num(res, "meeting", "voting_expected") != 3 || num(res, "quorum", "needed") != 2 || len(code) != meeting.SignCodeLength {
			t.Fatalf("assembly of A1: %v", res)
		}
		// The secretary marks one present: no quorum; two: quorum.
		mark := func(version int64, marks ...map[string]any) map[string]any {
			return w.call("secA1", http.MethodPut, fmt.Sprintf("/api/v1/meetings/%d/attendance", id), map[string]any{"version": version, "marks": marks}, 200)
		}
		res = mark(1, map[string]any{"member_id": "{member:a2}", "status": "present"},
			map[string]any{"member_id": "{member:a3}", "status": "absent", "reason": "sick"})
		if res["quorum"].(map[string]any)["met"] != false {
			t.Fatalf("1 of 3 is no quorum: %v", res["quorum"])
		}
		if res, body := w.do("secA1", http.MethodPut, w.path(fmt.Sprintf("/api/v1/meetings/%d/attendance", id)),
			map[string]any{"version": 2, "marks": []any{map[string]any{"member_id": "{member:a3}", "status": "absent", "reason": "flu"}}}); res.StatusCode != 422 || !strings.Contains(body, "marks.0.reason") {
			t.Fatalf("an absence reason outside the code list: %d %s", res.StatusCode, body)
		}
		// Sign-in: not yet open 2 h 1 min before the start, open at 2 h, closed a minute after the end.
		svc := w.app.Meetings
		defer func() { svc.Now = time.Now }()
		svc.Now = func() time.Time { return start.Add(-121 * time.Minute) }
		if res, body := w.do("memberA1", http.MethodPost, "/api/v1/signin/"+code, nil); res.StatusCode != 422 || !strings.Contains(body, "签到尚未开始") {
			t.Fatalf("sign-in before the window: %d %s", res.StatusCode, body)
		}
		svc.Now = func() time.Time { return start.Add(90*time.Minute + time.Minute) }
		if res, body := w.do("memberA1", http.MethodPost, "/api/v1/signin/"+code, nil); res.StatusCode != 422 || !strings.Contains(body, "签到已关闭") {
			t.Fatalf("sign-in after the end: %d %s", res.StatusCode, body)
		}
		svc.Now = func() time.Time { return start.Add(90 * time.Minute) }
		lower := strings.ToLower(code[:5]) + "-" + strings.ToLower(code[5:])
		res = w.call("memberA1", http.MethodPost, "/api/v1/signin/"+lower, nil, 200)
		if res["status"] != "present" {
			t.Fatalf("sign-in at the end minute: %v", res)
		}
		res = w.call("secA1", http.MethodGet, fmt.Sprintf("/api/v1/meetings/%d", id), nil, 200)
		if num(res, "meeting", "present") != 2 || res["quorum"].(map[string]any)["met"] != true {
			t.Fatalf("two of three present is a quorum: %v", res["quorum"])
		}
		at := res["attendance"].([]any)
		signedByCode := false
		for _, a := range at {
			a := a.(map[string]any)
			if a["member_name"] == "李明" && a["method"] == "code" {
				signedByCode = true
			}
		}
		if !signedByCode {
			t.Fatalf("李明 signed in by code: %v", at)
		}
		svc.Now = func() time.Time { return start.Add(-120 * time.Minute) }
		preview := w.call("memberA1", http.MethodGet, "/api/v1/signin/"+code, nil, 200)
		if preview["open"] != true || strings.Contains(fmt.Sprint(preview), code) {
			t.Fatalf("preview at the opening minute: %v", preview)
		}
		// Taken off the list, the member can no longer use the code.
		version := num(res, "meeting", "version")
		w.call("secA1", http.MethodPut, fmt.Sprintf("/api/v1/meetings/%d/attendance", id), map[string]any{"version": version, "marks": []any{},
			"remove": []any{"{member:a1}"}}, 200)
		if res, body := w.do("memberA1", http.MethodPost, "/api/v1/signin/"+code, nil); res.StatusCode != 404 || !strings.Contains(body, "签到码无效") {
			t.Fatalf("not expected: %d %s", res.StatusCode, body)
		}
		// A committee meeting needs the committee recorded.
		cm := map[string]any{"org_id": "{org:A1}", "type": "committee_meeting", "topic": "支委会",
			"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(time.Hour).Format(time.RFC3339)}
		if res, body := w.do("secA1", http.MethodPost, "/api/v1/meetings", cm); res.StatusCode != 422 || !strings.Contains(body, "meeting.no_committee") {
			t.Fatalf("committee meeting without a committee: %d %s", res.StatusCode, body)
		}
		// A meeting cannot be held in the future, nor end before it starts.
		bad := map[string]any{"org_id": "{org:A1}", "type": "theme_day", "topic": "x", "status": "held",
			"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(-time.Hour).Format(time.RFC3339)}
		if res, body := w.do("secA1", http.MethodPost, "/api/v1/meetings", bad); res.StatusCode != 422 || !strings.Contains(body, "ends_at") {
			t.Fatalf("end before start: %d %s", res.StatusCode, body)
		}
		bad["ends_at"] = start.Add(time.Hour).Format(time.RFC3339)
		if res, body := w.do("secA1", http.MethodPost, "/api/v1/meetings", bad); res.StatusCode != 422 || !strings.Contains(body, "meeting.held_in_future") {
			t.Fatalf("held in the future: %d %s", res.StatusCode, body)
		}
	})
}

// addBranches adds n more branches under A (A2, A3 ...).
func addBranches(t *testing.T, w *world, n int) {
	t.Helper()
	for i := 2; i < 2+n; i++ {
		key := fmt.Sprintf("A%d", i)
		o, _, err := w.app.Orgs.Create(context.Background(), auth.System, org.Input{ParentID: w.orgs["A"].ID, Name: "组织" + key, Type: model.Branch})
		if err != nil {
			t.Fatal(err)
		}
		w.orgs[key] = o
	}
}

// TestDirectiveCompletion: a district issues to its branches, two answer, and the completion is
// 2 of 3 with the third overdue; answers on the deadline day are on time, later ones late.
func TestDirectiveCompletion(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		addBranches(t, w, 2)
		svc := w.app.Directives
		defer func() { svc.Now = time.Now }()
		deadline := model.NewDate(2026, 7, 10)
		svc.Now = func() time.Time { return cst(2026, 7, 1, 9, 0) }
		res := w.call("staffA", http.MethodPost, "/api/v1/directives", map[string]any{"org_id": "{org:A}", "title": "传达市委全会精神",
			"content": "各支部召开专题会议传达学习", "deadline": deadline.String(), "targeting": "by_type", "target_types": []string{"branch"}}, 201)
		id := num(res, "directive", "id")
		if num(res, "directive", "targets") != 3 {
			t.Fatalf("targets: %v", res)
		}
		// On the deadline day: on time, by a linked meeting of the branch.
		svc.Now = func() time.Time { return cst(2026, 7, 10, 23, 0) }
		w.app.Meetings.Now = svc.Now
		defer func() { w.app.Meetings.Now = time.Now }()
		m, err := w.app.Meetings.Create(context.Background(), auth.System, meeting.Input{OrgID: w.orgs["A1"].ID, Type: model.SpecialConference,
			Topic: "专题会议传达全会精神", Status: model.MeetingHeld, StartsAt: cst(2026, 7, 10, 9, 0), EndsAt: cst(2026, 7, 10, 11, 0)})
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/directives/%d", id)
		if res, body := w.do("secA1", http.MethodPost, w.path(path+"/answers"), map[string]any{"org_id": "{org:A1}", "kind": "meeting", "meeting_id": 999999}); res.StatusCode != 422 || !strings.Contains(body, "meeting_id") {
			t.Fatalf("a meeting of another organisation: %d %s", res.StatusCode, body)
		}
		ans := w.call("secA1", http.MethodPost, path+"/answers", map[string]any{"org_id": "{org:A1}", "kind": "meeting", "meeting_id": m.ID}, 200)
		if ans["late"] != false {
			t.Fatalf("answered on the deadline day is on time: %v", ans)
		}
		if res, body := w.do("secA1", http.MethodDelete, w.path(fmt.Sprintf("/api/v1/meetings/%d?version=%d", m.ID, m.Version)), nil); res.StatusCode != 422 || !strings.Contains(body, "meeting.answers_directive") {
			t.Fatalf("the answering meeting cannot be deleted: %d %s", res.StatusCode, body)
		}
		// The day after: overdue for the others; A2 answers late by report.
		svc.Now = func() time.Time { return cst(2026, 7, 11, 8, 0) }
		ans = w.call("staffA", http.MethodPost, path+"/answers", map[string]any{"org_id": "{org:A2}", "kind": "report", "report": "已组织学习"}, 200)
		if ans["late"] != true {
			t.Fatalf("answered the day after the deadline is late: %v", ans)
		}
		c := w.call("staffA", http.MethodGet, path+"/completion", nil, 200)
		total := c["total"].(map[string]any)
		if total["targets"].(float64) != 3 || total["answered"].(float64) != 2 || total["late"].(float64) != 1 || total["overdue"].(float64) != 1 {
			t.Fatalf("completion at A: %v", total)
		}
		if len(c["children"].([]any)) != 3 {
			t.Fatalf("per child: %v", c["children"])
		}
		over := w.call("staffA", http.MethodGet, path+"/targets?state=overdue", nil, 200)
		if num(over, "total") != 1 || !strings.Contains(fmt.Sprint(over), "组织A3") {
			t.Fatalf("overdue list: %v", over)
		}
		r := w.call("staffA", http.MethodPost, path+"/remind", map[string]any{}, 200)
		if num(r, "reminded") != 1 {
			t.Fatalf("reminded: %v", r)
		}
		// The day before the deadline nothing is overdue.
		svc.Now = func() time.Time { return cst(2026, 7, 10, 8, 0) }
		c = w.call("staffA", http.MethodGet, path+"/completion", nil, 200)
		if c["total"].(map[string]any)["overdue"].(float64) != 0 {
			t.Fatalf("not overdue on the deadline day: %v", c["total"])
		}
		// The district sees it in the alerts of A3, with the reminder.
		alerts, err := directive.Alerts{Directives: svc}.Generate(context.Background(), model.NewDate(2026, 7, 11))
		if err != nil || len(alerts) != 1 || alerts[0].OrgID != w.orgs["A3"].ID || alerts[0].Kind != directive.KindOverdue || alerts[0].Params["Reminders"] != "1" {
			t.Fatalf("overdue alerts: %+v %v", alerts, err)
		}
		if soon, _ := (directive.Alerts{Directives: svc}).Generate(context.Background(), model.NewDate(2026, 7, 7)); len(soon) != 1 || soon[0].Kind != directive.KindDueSoon {
			t.Fatalf("due-soon three days before: %+v", soon)
		}
		if none, _ := (directive.Alerts{Directives: svc}).Generate(context.Background(), model.NewDate(2026, 7, 6)); len(none) != 0 {
			t.Fatalf("four days before: %+v", none)
		}
		// Export (xlsx, csv) on the day after the deadline.
		svc.Now = func() time.Time { return cst(2026, 7, 11, 8, 0) }
		res2, body := w.do("staffA", http.MethodGet, path+"/export", nil)
		if res2.StatusCode != 200 || !strings.HasPrefix(body, "PK") {
			t.Fatalf("export: %d", res2.StatusCode)
		}
		res2, body = w.do("staffA", http.MethodGet, path+"/export?format=csv", nil)
		if res2.StatusCode != 200 || !strings.Contains(body, "组织A3") || !strings.Contains(body, "逾期未回复") {
			t.Fatalf("csv export: %d %s", res2.StatusCode, body)
		}
		if diffs, err := w.app.Store.VerifyStats(context.Background()); err != nil || len(diffs) > 0 {
			t.Fatalf("verify: %v %+v", err, diffs)
		}
	})
}

// TestStudyNoOneOmitted: targets by role (32 h, 56 h for the committee) at the boundary, the
// report of members short of them with reasons, and a remedial session closing a gap.
func TestStudyNoOneOmitted(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		if _, err := w.app.Committees.AddPost(ctx, auth.System, committee.PostInput{OrgID: w.orgs["A1"].ID, MemberID: w.members["a1"].ID,
			Post: model.PostSecretary, TermStart: model.NewDate(2024, 1, 5)}); err != nil {
			t.Fatal(err)
		}
		session := func(title string, hours float64, remedial bool, members ...string) int64 {
			body := map[string]any{"org_id": "{org:A1}", "title": title, "held_on": "2026-03-06", "hours": hours, "remedial": remedial}
			if len(members) > 0 {
				var ids []any
				for _, m := range members {
					ids = append(ids, "{member:"+m+"}")
				}
				body["member_ids"] = ids
			}
			return num(w.call("secA1", http.MethodPost, "/api/v1/study/sessions", body, 201), "session", "id")
		}
		mark := func(id int64, version int64, marks ...map[string]any) {
			w.call("secA1", http.MethodPut, fmt.Sprintf("/api/v1/study/sessions/%d/records", id), map[string]any{"version": version, "marks": marks}, 200)
		}
		s1, s2 := session("周五集中学习", 24, false), session("周六集中学习", 8, false)
		mark(s1, 1, map[string]any{"member_id": "{member:a1}", "status": "present"}, map[string]any{"member_id": "{member:a2}", "status": "present"},
			map[string]any{"member_id": "{member:a3}", "status": "absent", "reason": "sick"})
		// a2 gets 7.9 of 8 hours: 31.9, one tenth short of 32.
		mark(s2, 1, map[string]any{"member_id": "{member:a1}", "status": "present"}, map[string]any{"member_id": "{member:a2}", "status": "present", "hours": 7.9},
			map[string]any{"member_id": "{member:a3}", "status": "absent", "reason": "leave"})
		rep := w.call("staffA", http.MethodGet, "/api/v1/study/report?org={org:A1}&year=2026&below=true", nil, 200)
		text := fmt.Sprint(rep)
		if num(rep, "total") != 3 || !strings.Contains(text, "王芳") || num(rep, "summary", "below") != 3 {
			t.Fatalf("31.9 h and 32 h targets, 56 h for the secretary: %v", rep)
		}
		items := rep["items"].([]any)
		for _, it := range items {
			it := it.(map[string]any)
			switch it["member_name"] {
			case "李明":
				if it["target"].(float64) != 56 || it["role"] != "committee" || it["gap"].(float64) != 24 {
					t.Fatalf("secretary: %v", it)
				}
			case "赵强":
				r := it["reasons"].(map[string]any)
				if r["sick"].(float64) != 1 || r["leave"].(float64) != 1 || it["hours"].(float64) != 0 {
					t.Fatalf("absences by reason: %v", it)
				}
			}
		}
		// A remedial 0.1 h for 王芳 closes her gap: 32.0 is on target.
		rem := session("补学", 0.1, true, "a2")
		mark(rem, 1, map[string]any{"member_id": "{member:a2}", "status": "present"})
		rep = w.call("staffA", http.MethodGet, "/api/v1/study/report?org={org:A1}&year=2026&below=true", nil, 200)
		if num(rep, "total") != 2 || strings.Contains(fmt.Sprint(rep["items"]), "王芳") || num(rep, "summary", "remedial") != 1 {
			t.Fatalf("after the remedial session: %v", rep)
		}
		if res, body := w.do("staffA", http.MethodGet, w.path("/api/v1/study/report/export?org={org:A1}&year=2026&format=csv"), nil); res.StatusCode != 200 || !strings.Contains(body, "赵强") || !strings.Contains(body, "病假") {
			t.Fatalf("export: %d %s", res.StatusCode, body)
		}
		mine := w.call("memberA1", http.MethodGet, "/api/v1/me/study?year=2026", nil, 200)
		if mine["hours"].(float64) != 32 || mine["target"].(float64) != 56 {
			t.Fatalf("my study: %v", mine)
		}
		if res, body := w.do("secA1", http.MethodPost, w.path("/api/v1/study/sessions"), map[string]any{"org_id": "{org:A1}", "title": "x", "held_on": "2026-03-06", "hours": 25}); res.StatusCode != 422 || !strings.Contains(body, "hours") {
			t.Fatalf("a 25-hour session: %d %s", res.StatusCode, body)
		}
		if diffs, err := w.app.Store.VerifyStats(ctx); err != nil || len(diffs) > 0 {
			t.Fatalf("verify: %v %+v", err, diffs)
		}
	})
}

// TestElectionRestartsTerm: an invalid election is refused with the rule; a valid one seats the
// committee, restarts the term (clearing the expired mark and its count), the committee elects
// the secretary, the branch reports upward and the district approves.
func TestElectionRestartsTerm(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		a1 := w.orgs["A1"]
		if _, _, err := w.app.Orgs.Update(ctx, auth.System, a1.ID, a1.Version, org.Input{Name: a1.Name, Type: a1.Type, Code: a1.Code,
			TermStart: model.NewDate(2020, 5, 1), TermYears: 3}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.Orgs.SweepTerms(ctx); err != nil {
			t.Fatal(err)
		}
		if s := w.call("staffA", http.MethodGet, "/api/v1/orgs/{org:A}/stats", nil, 200); num(s, "term_expired") != 1 {
			t.Fatalf("expired before the election: %v", s)
		}
		if terms := w.call("staffA", http.MethodGet, "/api/v1/terms?org={org:A}&state=expired", nil, 200); num(terms, "total") != 1 {
			t.Fatalf("expired list: %v", terms)
		}
		today := model.DateOf(time.Now()).String()
		el := map[string]any{"org_id": "{org:A1}", "held_on": today, "seats": 1, "present": 2,
			"candidates": []any{map[string]any{"member_id": "{member:a2}", "votes": 2}, map[string]any{"member_id": "{member:a3}", "votes": 0}}}
		if res, body := w.do("secA1", http.MethodPost, "/api/v1/elections", el); res.StatusCode != 422 || !strings.Contains(body, "election.quorum") || !strings.Contains(body, "未超过应到 3 人的 4/5") {
			t.Fatalf("2 of 3 present: %d %s", res.StatusCode, body)
		}
		if res, body := w.do("secA1", http.MethodPost, "/api/v1/elections", el, "Accept-Language", "en"); res.StatusCode != 422 || !strings.Contains(body, "2 present is not more than 4/5 of the 3 entitled") {
			t.Fatalf("the English message: %d %s", res.StatusCode, body)
		}
		el["present"] = 3
		el["candidates"] = []any{map[string]any{"member_id": "{member:a2}", "votes": 3}}
		if res, body := w.do("secA1", http.MethodPost, "/api/v1/elections", el); res.StatusCode != 422 || !strings.Contains(body, "election.too_few_candidates") {
			t.Fatalf("one candidate for one seat: %d %s", res.StatusCode, body)
		}
		el["candidates"] = []any{map[string]any{"member_id": "{member:a2}", "votes": 3}, map[string]any{"member_id": "{member:b1}", "votes": 0}}
		if res, body := w.do("secA1", http.MethodPost, "/api/v1/elections", el); res.StatusCode != 422 || !strings.Contains(body, "election.candidate_not_voter") {
			t.Fatalf("a candidate of another branch: %d %s", res.StatusCode, body)
		}
		el["candidates"] = []any{map[string]any{"member_id": "{member:a2}", "votes": 3}, map[string]any{"member_id": "{member:a3}", "votes": 1}}
		res := w.call("secA1", http.MethodPost, "/api/v1/elections", el, 201)
		e := res["election"].(map[string]any)
		if e["entitled"].(float64) != 3 || e["valid"] != true || !strings.Contains(fmt.Sprint(e["candidates"]), "elected:true") {
			t.Fatalf("election: %v", e)
		}
		if s := w.call("staffA", http.MethodGet, "/api/v1/orgs/{org:A}/stats", nil, 200); num(s, "term_expired") != 0 {
			t.Fatalf("the election clears the expired count: %v", s)
		}
		o := w.call("staffA", http.MethodGet, "/api/v1/orgs/{org:A1}", nil, 200)
		if o["term_start"] != today || o["term_expired"] != false || o["term_years"].(float64) != 3 {
			t.Fatalf("term restarted: %v", o)
		}
		id, version := num(res, "election", "id"), num(res, "election", "version")
		path := fmt.Sprintf("/api/v1/elections/%d", id)
		if res, body := w.do("secA1", http.MethodPost, w.path(path+"/report"), map[string]any{"version": version}); res.StatusCode != 422 || !strings.Contains(body, "election.no_secretary") {
			t.Fatalf("report before the secretary: %d %s", res.StatusCode, body)
		}
		if res, body := w.do("secA1", http.MethodPost, w.path(path+"/secretary"), map[string]any{"version": version, "secretary_id": "{member:a3}"}); res.StatusCode != 422 {
			t.Fatalf("a secretary not elected: %d %s", res.StatusCode, body)
		}
		res = w.call("secA1", http.MethodPost, path+"/secretary", map[string]any{"version": version, "secretary_id": "{member:a2}"}, 200)
		version = num(res, "election", "version")
		committeeNow := w.call("secA1", http.MethodGet, "/api/v1/orgs/{org:A1}/committee", nil, 200)
		if !strings.Contains(fmt.Sprint(committeeNow["members"]), "post:secretary") || !strings.Contains(fmt.Sprint(committeeNow["members"]), "王芳") {
			t.Fatalf("committee after the secretary: %v", committeeNow["members"])
		}
		res = w.call("secA1", http.MethodPost, path+"/report", map[string]any{"version": version}, 200)
		version = num(res, "election", "version")
		if res, _ := w.do("secA1", http.MethodPost, w.path(path+"/approve"), map[string]any{"version": version}); res.StatusCode != 403 {
			t.Fatalf("the branch approves its own election: %d", res.StatusCode)
		}
		rec := w.call("staffA", http.MethodGet, "/api/v1/elections?org={org:A}&below=true&status=reported", nil, 200)
		if num(rec, "total") != 1 {
			t.Fatalf("reports received by the district: %v", rec)
		}
		res = w.call("staffA", http.MethodPost, path+"/approve", map[string]any{"version": version}, 200)
		if res["election"].(map[string]any)["status"] != "approved" {
			t.Fatalf("approved: %v", res)
		}
		if diffs, err := w.app.Store.VerifyStats(ctx); err != nil || len(diffs) > 0 {
			t.Fatalf("verify: %v %+v", err, diffs)
		}
	})
}

// TestTermAlertBoundaries: a term ending exactly three months from today is expiring, one day
// later is not yet; an ended term is expired once the sweep has marked it.
func TestTermAlertBoundaries(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		today := model.DateOf(time.Now())
		set := func(key string, start model.Date, years int) {
			o := w.orgs[key]
			cur, err := w.app.Orgs.Get(ctx, auth.System, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := w.app.Orgs.Update(ctx, auth.System, o.ID, cur.Version, org.Input{Name: cur.Name, Type: cur.Type, Code: cur.Code,
				TermStart: start, TermYears: years}); err != nil {
				t.Fatal(err)
			}
		}
		three := today.AddDate(0, 3, 0)
		set("A1", three.AddDate(-3, 0, 0), 3)                 // ends in exactly three months
		set("B1", three.AddDate(-3, 0, 1), 3)                 // ends three months and a day from today
		set("A", today.AddDate(-5, 0, -1), 5)                 // ended yesterday
		set("B", today.AddDate(-5, 0, 0), 5)                  // ends today: still running
		if _, err := w.app.Orgs.SweepTerms(ctx); err != nil { // the daily sweep marks A
			t.Fatal(err)
		}
		alerts, err := committee.TermAlerts{Committees: w.app.Committees}.Generate(ctx, today)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, a := range alerts {
			for k, o := range w.orgs {
				if o.ID == a.OrgID {
					got[k] = a.Kind
				}
			}
		}
		want := map[string]string{"A1": committee.KindTermExpiring, "A": committee.KindTermExpired, "B": committee.KindTermExpiring}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
		if _, ok := got["B1"]; ok {
			t.Errorf("B1 ends three months and a day from today: no alert yet (%v)", got)
		}
		list := w.call("city", http.MethodGet, "/api/v1/terms?org={org:city}&state=expiring", nil, 200)
		if num(list, "total") != 2 {
			t.Fatalf("expiring list: %v", list)
		}
	})
}

// TestMeetingExport: the meeting list exports with its filters, in the caller's scope and
// language, every row and not only a page, and the export is audited.
func TestMeetingExport(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		l := newLife(t, w)
		G := http.MethodGet
		start := time.Now().Add(-50 * time.Hour).Truncate(time.Minute)
		for i := 0; i < 3; i++ {
			if _, err := w.app.Meetings.Create(context.Background(), auth.System, meeting.Input{OrgID: w.orgs["A1"].ID, Type: model.Lecture,
				Topic: fmt.Sprintf("党课%d", i), Status: model.MeetingHeld, StartsAt: start.Add(time.Duration(i) * time.Hour), EndsAt: start.Add(time.Duration(i)*time.Hour + 30*time.Minute)}); err != nil {
				t.Fatal(err)
			}
		}
		x := "/api/v1/meetings/export?format=csv&org="
		runLife(t, w, l, []scenario{
			{"", G, x + "{org:A}", nil, 401, nil, nil},
			{"staffB", G, x + "{org:A}", nil, 404, nil, []string{"主题党日A1"}},
			{"memberA1", G, x + "{org:A1}", nil, 404, nil, []string{"主题党日A1"}},
			{"staffB", G, "/api/v1/meetings/export?format=csv", nil, 200, []string{"主题党日B1"}, []string{"主题党日A1", "党课"}},
			{"staffA", G, x + "{org:A}", nil, 200, []string{"党组织,会议类型,会议主题,状态,日期", "组织A1,主题党日,主题党日A1,已召开", "党课0", "党课2", "不适用"},
				[]string{"主题党日B1"}},
			{"staffA", G, x + "{org:A}&type=lecture", nil, 200, []string{"党课1"}, []string{"主题党日A1"}},
			{"staffA", G, x + "{org:A}&type=nonsense", nil, 422, []string{"type"}, nil},
			{"staffA", G, x + "{org:A}&status=planned", nil, 200, nil, []string{"主题党日A1", "党课"}},
		})
		// Every meeting, not a page: newest first like the list.
		_, body := w.do("staffA", G, w.path(x+"{org:A1}&size=1"), nil)
		if strings.Count(body, "\n") != 5 || strings.Index(body, "党课2") > strings.Index(body, "党课0") {
			t.Fatalf("the whole list, newest first:\n%s", body)
		}
		res, body := w.do("staffA", G, w.path(x+"{org:A1}"), nil, "Accept-Language", "en")
		if res.StatusCode != 200 || !strings.Contains(body, "Organisation,Meeting type,Topic,Status") || !strings.Contains(body, "Party lecture") {
			t.Fatalf("English export: %d %s", res.StatusCode, body)
		}
		res, body = w.do("staffA", G, w.path("/api/v1/meetings/export?org={org:A1}"), nil)
		if res.StatusCode != 200 || !strings.HasPrefix(body, "PK") || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("xlsx export: %d %v", res.StatusCode, res.Header)
		}
		entries, _, _ := w.app.Store.ListAudit(t.Context(), store.AllScope, store.AuditFilter{Username: "staffA", Action: "export", Limit: 20})
		n := 0
		for _, e := range entries {
			if e.Entity == "meeting" {
				n++
			}
		}
		if n < 6 {
			t.Fatalf("meeting exports audited: %d", n)
		}
	})
}
