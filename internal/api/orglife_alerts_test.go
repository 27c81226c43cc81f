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
	"dangjian/internal/service/meeting"
)

// TestOrgLifeAlertBoundaries: the six-month rule counts from the branch's first recorded meeting
// and the member's last attendance (one day short: nothing; on the day: alert), and the
// compliance alerts judge a period only once the branch records meetings from its start.
func TestOrgLifeAlertBoundaries(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		a := w.app
		held := func(mt model.MeetingType, day model.Date, present ...string) {
			start := time.Date(day.Year(), day.Time().Month(), day.Time().Day(), 9, 0, 0, 0, time.Local)
			m, err := a.Meetings.Create(ctx, auth.System, meeting.Input{OrgID: w.orgs["A1"].ID, Type: mt, Topic: string(mt),
				Status: model.MeetingHeld, StartsAt: start, EndsAt: start.Add(time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			var marks []meeting.Mark
			for _, k := range present {
				marks = append(marks, meeting.Mark{MemberID: w.members[k].ID, Status: model.AttendancePresent})
			}
			if _, err := a.Meetings.MarkAttendance(ctx, auth.System, m.ID, m.Version, marks, nil); err != nil {
				t.Fatal(err)
			}
		}
		// A1 starts recording on 10 March 2025: 王芳 attends; 赵强 attends again in June; 李明 never.
		d0 := model.NewDate(2025, 3, 10)
		held(model.ThemeDay, d0, "a2", "a3")
		held(model.ThemeDay, model.NewDate(2025, 6, 12), "a3")
		noLife := meeting.NoOrgLifeAlerts{Meetings: a.Meetings}
		names := func(today model.Date) map[string]bool {
			alerts, err := noLife.Generate(ctx, today)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, al := range alerts {
				if al.Kind != meeting.KindNoOrgLife || al.SubjectType != "member" {
					t.Fatalf("alert %+v", al)
				}
				out[al.Params["Name"]] = true
			}
			return out
		}
		if got := names(model.NewDate(2025, 9, 9)); len(got) != 0 {
			t.Fatalf("a day short of six months since recording began: %v", got)
		}
		got := names(model.NewDate(2025, 9, 10))
		if !got["王芳"] || !got["李明"] || got["赵强"] || len(got) != 2 {
			t.Fatalf("six months to the day: %v, want 王芳 (last 2025-03-10) and 李明 (never)", got)
		}
		if got := names(model.NewDate(2025, 12, 12)); !got["赵强"] {
			t.Fatalf("赵强 six months after June: %v", got)
		}
		// B1 never recorded a meeting: its members raise nothing.
		if got := names(model.NewDate(2026, 6, 1)); got["陈静"] || got["刘洋"] {
			t.Fatalf("members of an organisation that records nothing: %v", got)
		}

		// Compliance: March is not judged (recording began on the 10th); April is, and A1 held
		// no theme day, assembly or lecture in it.
		comp := meeting.ComplianceAlerts{Meetings: a.Meetings}
		kinds := func(today model.Date) map[string]string {
			alerts, err := comp.Generate(ctx, today)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, al := range alerts {
				out[al.Kind] = al.Params["Period"]
			}
			return out
		}
		if got := kinds(model.NewDate(2025, 4, 30)); len(got) != 0 {
			t.Fatalf("March was recorded from the 10th only: %v", got)
		}
		got2 := kinds(model.NewDate(2025, 5, 1))
		if got2[meeting.KindMissedPrefix+"theme_day"] != "2025-04" || len(got2) != 1 {
			t.Fatalf("April's theme day missed: %v", got2)
		}
		if got := kinds(model.NewDate(2025, 7, 1)); got[meeting.KindMissedPrefix+"branch_assembly"] != "2025-Q2" ||
			got[meeting.KindMissedPrefix+"lecture"] != "2025-Q2" || got[meeting.KindMissedPrefix+"theme_day"] != "" {
			t.Fatalf("second quarter: %v (June had a theme day)", got)
		}
		// The compliance page reads the rollup: A1 met the theme day in June, required of 1.
		res := w.call("staffA", http.MethodGet, "/api/v1/compliance?org={org:A}&month=2025-06", nil, 200)
		figs := res["total"].(map[string]any)["figures"].([]any)
		found := false
		for _, f := range figs {
			f := f.(map[string]any)
			if f["meeting_type"] == "theme_day" {
				found = f["required"].(float64) == 1 && f["met"].(float64) == 1 && f["period"] == "2025-06"
			}
		}
		if !found {
			t.Fatalf("theme day June at A: %v", figs)
		}
		missed := w.call("staffA", http.MethodGet, "/api/v1/compliance/missed?org={org:A}&meeting_type=theme_day&month=2025-05", nil, 200)
		if num(missed, "total") != 1 || !strings.Contains(missed["items"].([]any)[0].(map[string]any)["org"].(map[string]any)["name"].(string), "A1") {
			t.Fatalf("May's missed theme days: %v", missed)
		}
		if res, body := w.do("staffA", http.MethodGet, w.path("/api/v1/compliance/export?org={org:A}&month=2025-06&format=csv"), nil); res.StatusCode != 200 || !strings.Contains(body, "组织A1") || !strings.Contains(body, "达标") {
			t.Fatalf("compliance export: %d %s", res.StatusCode, body)
		}
		// The whole run stores them, scoped, with messages.
		if _, err := a.Alerts.Run(ctx, model.NewDate(2025, 9, 10)); err != nil {
			t.Fatal(err)
		}
		list := w.call("staffA", http.MethodGet, "/api/v1/alerts?kind=orglife.", nil, 200)
		if num(list, "total") != 5 || !strings.Contains(fmt.Sprint(list["items"]), "王芳自2025-03-10起已连续 6 个月未参加组织生活") {
			t.Fatalf("alert messages: %v", list)
		}
		if b := w.call("staffB", http.MethodGet, "/api/v1/alerts?kind=orglife.", nil, 200); num(b, "total") != 0 {
			t.Fatalf("B sees A's alerts: %v", b)
		}
		mine := w.call("memberA1", http.MethodGet, "/api/v1/alerts", nil, 200)
		if num(mine, "total") != 1 || !strings.Contains(mine["items"].([]any)[0].(map[string]any)["message"].(string), "李明") {
			t.Fatalf("the member's own alert: %v", mine)
		}
	})
}
