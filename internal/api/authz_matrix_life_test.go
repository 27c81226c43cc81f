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
	"dangjian/internal/store"
)

// lifeObjects are the organisational-life objects of one side, made once for the reads.
type lifeObjects struct {
	meeting    *model.Meeting
	directive  *model.Directive
	document   *model.Document
	session    *model.StudySession
	plan       *model.StudyPlan
	course     *model.StudyCourse
	postHolder string
	election   *model.Election
	attachment string // its content
	attachID   int64
}

// lifeOf makes a side's objects (n tells fresh ones apart; 0 for the fixed ones).
func (m *matrixRun) lifeOf(t *testing.T, sd side, n int64) *lifeObjects {
	l := &lifeObjects{meeting: m.freshMeeting(t, sd, n), directive: m.freshDirective(t, sd, n), document: m.freshDocument(t, sd, n),
		session: m.freshSession(t, sd, n), plan: m.freshPlan(t, sd, n), course: m.freshCourse(t, sd, n)}
	l.postHolder = fmt.Sprintf("委员%s%d", sd.name, n)
	m.freshPost(t, sd, m.n.Add(1), l.postHolder)
	l.election = m.freshElection(t, sd, 0)
	l.attachment = "附件内容" + sd.name
	a, err := m.w.app.Attachments.Upload(context.Background(), auth.System, "meeting", l.meeting.ID, "纪要.txt", []byte(l.attachment))
	if err != nil {
		t.Fatalf("attachment: %v", err)
	}
	l.attachID = a.ID
	return l
}

// lifeValues fills the organisational-life placeholders that text uses, and the marker.
func (m *matrixRun) lifeValues(t *testing.T, sd side, n int64, text string, vals map[string]string, r *request, e entry) {
	l := m.life[sd.name]
	has := func(p string) bool { return strings.Contains(text, p) }
	mark := func(s string) {
		if e.marker {
			r.marker = s
		}
	}
	vals["{today}"] = model.DateOf(time.Now()).String()
	path := strings.SplitN(e.path, "?", 2)[0]
	if has("{meeting}") || has("{sign-code}") {
		vals["{meeting}"], vals["{sign-code}"] = itoa(l.meeting.ID), l.meeting.SignCode
		mark(l.meeting.Topic)
	}
	if has("{new-meeting}") || has("{new-sign-code}") {
		mt := m.freshMeeting(t, sd, n)
		vals["{new-meeting}"], vals["{new-sign-code}"] = itoa(mt.ID), mt.SignCode
	}
	if has("{directive}") {
		vals["{directive}"] = itoa(l.directive.ID)
		mark(l.directive.Title)
		if strings.Contains(path, "/targets") || strings.Contains(path, "/completion") || strings.Contains(path, "/export") {
			mark(m.w.orgs[sd.org].Name)
		}
	}
	if has("{new-directive}") {
		vals["{new-directive}"] = itoa(m.freshDirective(t, sd, n).ID)
	}
	if has("{document}") {
		vals["{document}"] = itoa(l.document.ID)
		if path == "/documents/{document}" {
			mark(l.document.Title)
		}
	}
	if has("{new-document}") {
		vals["{new-document}"] = itoa(m.freshDocument(t, sd, n).ID)
	}
	if has("{study-session}") {
		vals["{study-session}"] = itoa(l.session.ID)
		mark(l.session.Title)
	}
	if has("{new-study-session}") {
		vals["{new-study-session}"] = itoa(m.freshSession(t, sd, n).ID)
	}
	if has("{new-plan}") {
		vals["{new-plan}"] = itoa(m.freshPlan(t, sd, n).ID)
	}
	if has("{new-course}") {
		vals["{new-course}"] = itoa(m.freshCourse(t, sd, n).ID)
	}
	if has("{new-post}") {
		vals["{new-post}"] = itoa(m.freshPost(t, sd, n, fmt.Sprintf("委员%s%d", sd.name, n)))
	}
	if has("{election}") {
		vals["{election}"] = itoa(l.election.ID)
		mark(fmt.Sprintf(`"id":%d`, l.election.ID))
	}
	for _, stage := range []string{"{new-election}", "{secretaried-election}", "{reported-election}"} {
		if !has(stage) {
			continue
		}
		el := m.freshElection(t, sd, n)
		ctx := context.Background()
		var err error
		if stage != "{new-election}" {
			if el, err = m.w.app.Committees.ElectSecretary(ctx, auth.System, el.ID, el.Version, committee.SecretaryInput{SecretaryID: elected(el)}); err != nil {
				t.Fatalf("secretary: %v", err)
			}
		}
		if stage == "{reported-election}" {
			if el, err = m.w.app.Committees.Report(ctx, auth.System, el.ID, el.Version); err != nil {
				t.Fatalf("report: %v", err)
			}
		}
		vals[stage], vals["{version}"], vals["{elected}"] = itoa(el.ID), itoa(el.Version), itoa(elected(el))
	}
	if e.body == "{election-body}" {
		voters := m.voters(t, sd)
		b, _ := json.Marshal(map[string]any{"org_id": m.w.orgs[sd.org].ID, "held_on": vals["{today}"], "seats": 1, "present": len(voters),
			"candidates": []any{map[string]any{"member_id": voters[0], "votes": len(voters)}, map[string]any{"member_id": voters[1], "votes": 0}}})
		vals["{election-body}"] = string(b)
	}
	if has("{attachment}") {
		vals["{attachment}"] = itoa(l.attachID)
		mark(l.attachment)
	}
	if has("{new-attachment}") {
		mt := m.freshMeeting(t, sd, n)
		a, err := m.w.app.Attachments.Upload(context.Background(), auth.System, "meeting", mt.ID, "纪要.txt", []byte("x"))
		if err != nil {
			t.Fatalf("attachment: %v", err)
		}
		vals["{new-attachment}"] = itoa(a.ID)
	}
	// Lists show the side's object of their kind.
	switch path {
	case "/meetings", "/meetings/export", "/me/meetings":
		mark(l.meeting.Topic)
	case "/study/plans":
		mark(l.plan.Title)
	case "/study/courses":
		mark(l.course.Title)
	case "/study/sessions":
		mark(l.session.Title)
	case "/study/report", "/study/report/export", "/documents/{document}/acks":
		mark(m.w.members[sd.member].Name)
	case "/documents", "/me/documents":
		mark(l.document.Title)
	case "/directives":
		mark(l.directive.Title)
	case "/orgs/{org}/committee":
		mark(l.postHolder)
	case "/elections":
		mark(fmt.Sprintf(`"id":%d`, l.election.ID))
	case "/attachments":
		mark("纪要.txt")
	case "/compliance", "/compliance/export":
		mark(m.w.orgs[sd.org].Name)
	}
}

func elected(el *model.Election) int64 {
	for _, c := range el.Candidates {
		if c.Elected {
			return c.MemberID
		}
	}
	return 0
}

// freshMeeting plans a theme day of the side's branch starting now (its sign-in open).
func (m *matrixRun) freshMeeting(t *testing.T, sd side, n int64) *model.Meeting {
	start := time.Now().Truncate(time.Minute)
	mt, err := m.w.app.Meetings.Create(context.Background(), auth.System, meeting.Input{OrgID: m.w.orgs[sd.org].ID, Type: model.ThemeDay,
		Topic: fmt.Sprintf("主题党日%s%d", sd.name, n), Status: model.MeetingPlanned, StartsAt: start, EndsAt: start.Add(2 * time.Hour)})
	if err != nil {
		t.Fatalf("meeting: %v", err)
	}
	return mt
}

func (m *matrixRun) freshDirective(t *testing.T, sd side, n int64) *model.Directive {
	d, err := m.w.app.Directives.Issue(context.Background(), auth.System, directive.Input{OrgID: m.w.orgs[sd.district].ID,
		Title: fmt.Sprintf("传达精神%s%d", sd.name, n), Deadline: model.DateOf(time.Now()).AddDate(0, 0, 10),
		Targeting: model.TargetByType, TargetTypes: []model.OrgType{model.Branch}})
	if err != nil {
		t.Fatalf("directive: %v", err)
	}
	return d
}

func (m *matrixRun) freshDocument(t *testing.T, sd side, n int64) *model.Document {
	d, err := m.w.app.Study.IssueDocument(context.Background(), auth.System, study.DocumentInput{OrgID: m.w.orgs[sd.org].ID,
		Title: fmt.Sprintf("学习材料%s%d", sd.name, n)})
	if err != nil {
		t.Fatalf("document: %v", err)
	}
	return d
}

func (m *matrixRun) freshSession(t *testing.T, sd side, n int64) *model.StudySession {
	s, err := m.w.app.Study.CreateSession(context.Background(), auth.System, study.SessionInput{OrgID: m.w.orgs[sd.org].ID,
		Title: fmt.Sprintf("集中学习%s%d", sd.name, n), HeldOn: model.DateOf(time.Now()), Hours: 20})
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	return s
}

func (m *matrixRun) freshPlan(t *testing.T, sd side, n int64) *model.StudyPlan {
	p, err := m.w.app.Study.CreatePlan(context.Background(), auth.System, study.PlanInput{OrgID: m.w.orgs[sd.org].ID, Year: 2026,
		Title: fmt.Sprintf("学习计划%s%d", sd.name, n)})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return p
}

func (m *matrixRun) freshCourse(t *testing.T, sd side, n int64) *model.StudyCourse {
	c, err := m.w.app.Study.CreateCourse(context.Background(), auth.System, study.CourseInput{OrgID: m.w.orgs[sd.org].ID,
		Kind: model.CourseLesson, Title: fmt.Sprintf("课程%s%d", sd.name, n)})
	if err != nil {
		t.Fatalf("course: %v", err)
	}
	return c
}

// freshPost seats a fresh member of the side's branch, named name, as a committee member.
func (m *matrixRun) freshPost(t *testing.T, sd side, n int64, name string) int64 {
	ctx := context.Background()
	mb := &model.Member{OrgID: m.w.orgs[sd.org].ID, Name: name, IDNumber: m.freshID(n + 700000), Ethnicity: "汉族",
		Category: model.Full, Status: model.StatusNormal, AdmittedOn: model.NewDate(2000, 7, 1), FullOn: model.NewDate(2001, 7, 1)}
	if _, err := m.w.app.Members.Create(ctx, auth.System, mb); err != nil {
		t.Fatalf("post holder: %v", err)
	}
	c, err := m.w.app.Committees.AddPost(ctx, auth.System, committee.PostInput{OrgID: mb.OrgID, MemberID: mb.ID,
		Post: model.PostMember, TermStart: model.NewDate(2024, 1, 1)})
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	return c.ID
}

// voters are the full members of the side's branch (the electorate).
func (m *matrixRun) voters(t *testing.T, sd side) []int64 {
	var reg []model.Status
	for _, st := range model.Statuses {
		if st.InRegister() {
			reg = append(reg, st)
		}
	}
	items, _, err := m.w.app.Store.ListMembers(context.Background(), store.AllScope, store.MemberFilter{OrgPath: m.w.orgs[sd.org].Path,
		Category: model.Full, Statuses: reg, Limit: 1000})
	if err != nil || len(items) < 2 {
		t.Fatalf("voters: %v %d", err, len(items))
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

// freshElection records a valid re-election of the side's branch.
func (m *matrixRun) freshElection(t *testing.T, sd side, n int64) *model.Election {
	voters := m.voters(t, sd)
	res, err := m.w.app.Committees.RecordElection(context.Background(), auth.System, committee.ElectionInput{OrgID: m.w.orgs[sd.org].ID,
		HeldOn: model.DateOf(time.Now()), Seats: 1, Present: len(voters),
		Candidates: []model.Candidate{{MemberID: voters[0], Votes: len(voters)}, {MemberID: voters[1], Votes: 0}}})
	if err != nil {
		t.Fatalf("election: %v", err)
	}
	return res.Election
}
