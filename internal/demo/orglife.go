package demo

import (
	"math/rand/v2"
	"slices"
	"time"

	"dangjian/internal/model"
)

// LifeBranch is a branch of the stored demo city with its members (ids assigned), for which
// PlanOrgLife plans organisational life.
type LifeBranch struct {
	Org     *model.Org
	Members []*model.Member
}

// PlannedPost is a committee post to record.
type PlannedPost struct {
	OrgID    int64
	MemberID int64
	Post     model.CommitteePost
	Start    model.Date
}

// PlannedAttendance is who was present at a meeting or session and why others were absent.
type PlannedAttendance struct {
	Present []int64
	Absent  map[int64]model.AbsenceReason
}

// PlannedMeeting is a meeting to record (held) or plan (not held).
type PlannedMeeting struct {
	OrgID    int64
	Type     model.MeetingType
	Topic    string
	Place    string
	Host     string
	Start    time.Time
	Duration time.Duration
	Held     bool
	Minutes  string
	PlannedAttendance
}

// PlannedSession is a study session to record; MemberIDs lists a remedial session's members.
type PlannedSession struct {
	OrgID     int64
	Title     string
	HeldOn    model.Date
	Hours     model.Hours
	Remedial  bool
	MemberIDs []int64
	PlannedAttendance
}

// PlannedAnswer is a branch's answer to one of the planned directives: a report, or the
// branch's special conference (MeetingIndex into Meetings, -1 for none).
type PlannedAnswer struct {
	Directive    int // 0: the overdue directive, 1: the one still running
	OrgID        int64
	Report       string
	MeetingIndex int
}

// OrgLifePlan is the organisational life planted in the demo city.
type OrgLifePlan struct {
	Posts    []PlannedPost
	Meetings []PlannedMeeting
	Sessions []PlannedSession
	Answers  []PlannedAnswer
	// Acks are members who acknowledged the planted document.
	Acks []int64
	// Skipped names branches that deliberately held no theme day last month (planted for the
	// compliance alerts), and AbsentAll members who never attend (the six-month alert).
	Skipped   []int64
	AbsentAll []int64
}

// LifeMonths is how many months of organisational life the demo records (more than the six of
// the no-organisational-life rule, so that its alerts can appear).
const LifeMonths = 7

var absenceReasons = []model.AbsenceReason{"sick", "leave", "work", "leave", "sick", "other"}

var themeTopics = []string{"重温入党誓词", "学习贯彻党的二十大精神", "开展志愿服务进社区", "学习《中国共产党支部工作条例（试行）》",
	"参观红色教育基地", "学习习近平新时代中国特色社会主义思想", "开展“亮身份、作表率”活动", "学习党史", "垃圾分类志愿宣传"}

var lectureTopics = []string{"书记讲党课：坚定理想信念", "党课：全面从严治党向基层延伸", "党课：学习贯彻市委全会精神"}

// PlanOrgLife plans seven months of organisational life for the branches (the first branches
// of a district: the demo's logins see it): committee posts, the three meetings and one lesson
// with attendance, study sessions with hours and a remedial session, answers to two
// directives, and acknowledgements of a document. now anchors the dates; the plan is the same
// for the same seed, branches and now.
func PlanOrgLife(seed int64, now time.Time, branches []LifeBranch) *OrgLifePlan {
	r := rand.New(rand.NewPCG(uint64(seed), 0x0a11_ee1f_0b5e_55ed))
	p := &OrgLifePlan{}
	loc := now.Location()
	today := model.DateOf(now)
	at := func(d model.Date, hour int) time.Time {
		return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), hour, 0, 0, 0, loc)
	}
	first := model.PeriodOf(model.PeriodMonth, today).Start().AddDate(0, -LifeMonths, 0)
	for bi, b := range branches {
		if len(b.Members) == 0 {
			continue
		}
		var full []*model.Member
		for _, m := range b.Members {
			if m.Category == model.Full && m.Status == model.StatusNormal {
				full = append(full, m)
			}
		}
		start := b.Org.TermStart
		if start.IsZero() || today.Before(start) {
			start = today.AddDate(-1, 0, 0)
		}
		posts := []model.CommitteePost{model.PostSecretary}
		if b.Org.HasCommittee {
			posts = append(posts, model.PostOrganisation, model.PostPropaganda, model.PostDiscipline)
		}
		host := ""
		for i, post := range posts {
			if i < len(full) {
				p.Posts = append(p.Posts, PlannedPost{OrgID: b.Org.ID, MemberID: full[i].ID, Post: post, Start: start})
				if i == 0 {
					host = full[i].Name
				}
			}
		}
		committee := full[:min(len(posts), len(full))]
		// One member in twelve never attends (an alert after six months), the rest usually do.
		never := map[int64]bool{}
		for i, m := range b.Members {
			if i > 0 && r.IntN(12) == 0 && m.Status == model.StatusNormal {
				never[m.ID] = true
				p.AbsentAll = append(p.AbsentAll, m.ID)
			}
		}
		attend := func(members []*model.Member) PlannedAttendance {
			a := PlannedAttendance{Absent: map[int64]model.AbsenceReason{}}
			for _, m := range members {
				switch {
				case never[m.ID]:
				case m.Status == model.StatusMobile:
					a.Absent[m.ID] = "mobile"
				case r.IntN(100) < 88:
					a.Present = append(a.Present, m.ID)
				default:
					a.Absent[m.ID] = absenceReasons[r.IntN(len(absenceReasons))]
				}
			}
			return a
		}
		expected := make([]*model.Member, 0, len(b.Members))
		for _, m := range b.Members {
			if m.Status == model.StatusNormal || m.Status == model.StatusMobile {
				expected = append(expected, m)
			}
		}
		skip := bi%4 == 3 // a quarter of the branches hold no theme day last month
		if skip {
			p.Skipped = append(p.Skipped, b.Org.ID)
		}
		place := b.Org.ShortName + "党员活动室"
		for mo := first; mo.Before(today); mo = mo.AddDate(0, 1, 0) {
			lastMonth := model.MonthKey(mo) == model.MonthKey(today.AddDate(0, -1, 0))
			day := mo.AddDate(0, 0, 4+r.IntN(20))
			if !day.Before(today) {
				continue
			}
			if !(skip && lastMonth) {
				p.Meetings = append(p.Meetings, PlannedMeeting{OrgID: b.Org.ID, Type: model.ThemeDay, Topic: themeTopics[r.IntN(len(themeTopics))],
					Place: place, Host: host, Start: at(day, 14), Duration: 2 * time.Hour, Held: true, PlannedAttendance: attend(expected)})
			}
			if b.Org.HasCommittee && len(committee) > 0 {
				cday := mo.AddDate(0, 0, 1+r.IntN(4))
				if cday.Before(today) {
					p.Meetings = append(p.Meetings, PlannedMeeting{OrgID: b.Org.ID, Type: model.CommitteeMeeting, Topic: "研究本月支部工作",
						Place: place, Host: host, Start: at(cday, 9), Duration: time.Hour, Held: true, PlannedAttendance: attend(committee)})
				}
			}
			if m := int(mo.Time().Month()); m%3 == 2 { // the middle month of each quarter
				aday := mo.AddDate(0, 0, 10+r.IntN(10))
				if aday.Before(today) {
					p.Meetings = append(p.Meetings, PlannedMeeting{OrgID: b.Org.ID, Type: model.BranchAssembly, Topic: "支部党员大会：通报季度工作",
						Place: place, Host: host, Start: at(aday, 15), Duration: 90 * time.Minute, Held: true, PlannedAttendance: attend(expected)})
					p.Meetings = append(p.Meetings, PlannedMeeting{OrgID: b.Org.ID, Type: model.Lecture, Topic: lectureTopics[r.IntN(len(lectureTopics))],
						Place: place, Host: host, Start: at(aday, 17), Duration: time.Hour, Held: true, PlannedAttendance: attend(expected)})
				}
			}
		}
		// Study: a four-hour session every month of this year so far, and a remedial session
		// for the members who missed the last one.
		var last PlannedAttendance
		for mo := model.NewDate(today.Year(), 1, 1); mo.Before(today); mo = mo.AddDate(0, 1, 0) {
			day := mo.AddDate(0, 0, 9+r.IntN(10))
			if !day.Before(today) {
				continue
			}
			last = attend(expected)
			p.Sessions = append(p.Sessions, PlannedSession{OrgID: b.Org.ID, Title: "集中学习：" + themeTopics[r.IntN(len(themeTopics))],
				HeldOn: day, Hours: 40, PlannedAttendance: last})
		}
		var missed []int64
		for id, reason := range last.Absent {
			if reason != "mobile" {
				missed = append(missed, id)
			}
		}
		slices.Sort(missed)
		if len(missed) > 0 {
			p.Sessions = append(p.Sessions, PlannedSession{OrgID: b.Org.ID, Title: "补学：上次集中学习内容", HeldOn: today.AddDate(0, 0, -1),
				Hours: 40, Remedial: true, MemberIDs: missed, PlannedAttendance: PlannedAttendance{Present: missed[:len(missed)/2+1]}})
		}
		// Directives: 70% answered the one past its deadline (some with their special
		// conference), 40% the one still running.
		if r.IntN(10) < 7 {
			if r.IntN(2) == 0 {
				day := today.AddDate(0, 0, -1-r.IntN(3))
				p.Meetings = append(p.Meetings, PlannedMeeting{OrgID: b.Org.ID, Type: model.SpecialConference, Topic: "专题会议传达学习市委全会精神",
					Place: place, Host: host, Start: at(day, 10), Duration: time.Hour, Held: true, PlannedAttendance: attend(expected)})
				p.Answers = append(p.Answers, PlannedAnswer{Directive: 0, OrgID: b.Org.ID, MeetingIndex: len(p.Meetings) - 1})
			} else {
				p.Answers = append(p.Answers, PlannedAnswer{Directive: 0, OrgID: b.Org.ID, MeetingIndex: -1,
					Report: "已召开支部党员大会传达学习全会精神，结合实际制定落实措施。"})
			}
		}
		if r.IntN(10) < 4 {
			p.Answers = append(p.Answers, PlannedAnswer{Directive: 1, OrgID: b.Org.ID, MeetingIndex: -1, Report: "已组织党员逐条学习。"})
		}
		// An upcoming meeting tomorrow (the phone shows it), and acknowledgements.
		p.Meetings = append(p.Meetings, PlannedMeeting{OrgID: b.Org.ID, Type: model.ThemeDay, Topic: "主题党日：" + themeTopics[r.IntN(len(themeTopics))],
			Place: place, Host: host, Start: at(today.AddDate(0, 0, 1), 14), Duration: 2 * time.Hour})
		for _, m := range expected {
			if r.IntN(3) > 0 && !never[m.ID] {
				p.Acks = append(p.Acks, m.ID)
			}
		}
	}
	return p
}
