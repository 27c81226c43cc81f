package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/committee"
	"dangjian/internal/service/directive"
	"dangjian/internal/service/meeting"
	"dangjian/internal/service/study"
)

// call sends a request, checks the status and decodes the JSON answer.
func (w *world) call(user, method, path string, body any, status int) map[string]any {
	w.t.Helper()
	res, text := w.do(user, method, w.path(path), body)
	if res.StatusCode != status {
		w.t.Fatalf("%s %s %s: status %d, want %d: %s", user, method, path, res.StatusCode, status, text)
	}
	out := map[string]any{}
	if text != "" {
		json.Unmarshal([]byte(text), &out)
	}
	return out
}

// num reads a number at a dotted path of a decoded answer.
func num(m map[string]any, path ...string) int64 {
	var v any = m
	for _, k := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return -1
		}
		v = mm[k]
	}
	f, _ := v.(float64)
	return int64(f)
}

// life is the organisational-life data of the API world: in A1 and B1 each a committee
// secretary, a held theme day, a study session and a document; a directive from A and one
// from B to their branches.
type life struct {
	meetingA, meetingB     *model.Meeting
	directiveA, directiveB *model.Directive
	sessionA, sessionB     *model.StudySession
	documentA, documentB   *model.Document
	postA, postB           *model.CommitteeMember
}

func (l *life) ids() map[string]string {
	return map[string]string{
		"{meeting:A}": fmt.Sprint(l.meetingA.ID), "{meeting:B}": fmt.Sprint(l.meetingB.ID),
		"{code:A}": l.meetingA.SignCode, "{code:B}": l.meetingB.SignCode,
		"{directive:A}": fmt.Sprint(l.directiveA.ID), "{directive:B}": fmt.Sprint(l.directiveB.ID),
		"{session:A}": fmt.Sprint(l.sessionA.ID), "{session:B}": fmt.Sprint(l.sessionB.ID),
		"{document:A}": fmt.Sprint(l.documentA.ID), "{document:B}": fmt.Sprint(l.documentB.ID),
		"{post:A}": fmt.Sprint(l.postA.ID), "{post:B}": fmt.Sprint(l.postB.ID),
	}
}

func newLife(t *testing.T, w *world) *life {
	t.Helper()
	ctx := context.Background()
	a := w.app
	sys := auth.System
	l := &life{}
	today := model.DateOf(time.Now())
	post := func(org, member string) *model.CommitteeMember {
		c, err := a.Committees.AddPost(ctx, sys, committee.PostInput{OrgID: w.orgs[org].ID, MemberID: w.members[member].ID,
			Post: model.PostSecretary, TermStart: today.AddDate(-1, 0, 0)})
		if err != nil {
			t.Fatalf("post %s: %v", org, err)
		}
		return c
	}
	l.postA, l.postB = post("A1", "a1"), post("B1", "b1")
	held := func(org string) *model.Meeting {
		start := time.Now().Add(-26 * time.Hour).Truncate(time.Minute)
		m, err := a.Meetings.Create(ctx, sys, meeting.Input{OrgID: w.orgs[org].ID, Type: model.ThemeDay, Topic: "主题党日" + org,
			Status: model.MeetingHeld, StartsAt: start, EndsAt: start.Add(2 * time.Hour)})
		if err != nil {
			t.Fatalf("meeting %s: %v", org, err)
		}
		return m
	}
	l.meetingA, l.meetingB = held("A1"), held("B1")
	issue := func(org, title string) *model.Directive {
		d, err := a.Directives.Issue(ctx, sys, directive.Input{OrgID: w.orgs[org].ID, Title: title, Deadline: today.AddDate(0, 0, 10),
			Targeting: model.TargetByType, TargetTypes: []model.OrgType{model.Branch}})
		if err != nil {
			t.Fatalf("directive %s: %v", org, err)
		}
		return d
	}
	l.directiveA, l.directiveB = issue("A", "传达区委全会精神A"), issue("B", "传达区委全会精神B")
	session := func(org string) *model.StudySession {
		s, err := a.Study.CreateSession(ctx, sys, study.SessionInput{OrgID: w.orgs[org].ID, Title: "集中学习" + org, HeldOn: today, Hours: 40})
		if err != nil {
			t.Fatalf("session %s: %v", org, err)
		}
		return s
	}
	l.sessionA, l.sessionB = session("A1"), session("B1")
	doc := func(org string) *model.Document {
		d, err := a.Study.IssueDocument(ctx, sys, study.DocumentInput{OrgID: w.orgs[org].ID, Title: "学习材料" + org})
		if err != nil {
			t.Fatalf("document %s: %v", org, err)
		}
		return d
	}
	l.documentA, l.documentB = doc("A1"), doc("B1")
	return l
}

// runLife runs scenarios with the organisational-life placeholders replaced.
func runLife(t *testing.T, w *world, l *life, cases []scenario) {
	t.Helper()
	ids := l.ids()
	repl := func(s string) string {
		for k, v := range ids {
			s = strings.ReplaceAll(s, k, v)
		}
		return s
	}
	for i := range cases {
		cases[i].path = repl(cases[i].path)
		if b, ok := cases[i].body.(map[string]any); ok {
			for k, v := range b {
				if s, ok := v.(string); ok && len(s) > 0 && s[0] == '{' && ids[s] != "" {
					var n int64
					fmt.Sscan(ids[s], &n)
					b[k] = n
				}
			}
		}
		for j, s := range cases[i].want {
			cases[i].want[j] = repl(s)
		}
		for j, s := range cases[i].notWant {
			cases[i].notWant[j] = repl(s)
		}
	}
	run(t, w, cases)
}
