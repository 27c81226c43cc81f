package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"dangjian/internal/demo"
	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/committee"
	"dangjian/internal/service/directive"
	"dangjian/internal/service/meeting"
	"dangjian/internal/service/study"
	"dangjian/internal/store"
)

// demoLifeBranches is how many branches of the first district record organisational life in
// the demo: enough for the pages to show data, few enough that a 1M-member city stays quick.
const demoLifeBranches = 30

// plantOrgLife records the demo's organisational life through the services (so every rule,
// rollup and audit entry applies): in the first district, two directives to all its branches
// and a document to all its members; in its first branches, committees, meetings with
// attendance, study and answers (see demo.PlanOrgLife).
func (a *App) plantOrgLife(ctx context.Context, seed int64) error {
	roots, err := a.Store.RootOrgs(ctx, store.AllScope)
	if err != nil || len(roots) == 0 {
		return err
	}
	districts, err := a.Store.ChildOrgs(ctx, store.AllScope, roots[0].ID, false)
	if err != nil || len(districts) == 0 {
		return err
	}
	district := districts[0]
	orgs, err := a.Store.SubtreeOrgs(ctx, store.AllScope, district.Path)
	if err != nil {
		return err
	}
	var branches []demo.LifeBranch
	for _, o := range orgs {
		if len(branches) == demoLifeBranches {
			break
		}
		if o.Type != model.Branch && o.Type != model.JointBranch {
			continue
		}
		members, err := a.Store.ExpectedMembers(ctx, o.Path, []model.Status{model.StatusNormal, model.StatusMobile})
		if err != nil {
			return err
		}
		if len(members) > 0 {
			branches = append(branches, demo.LifeBranch{Org: o, Members: members})
		}
	}
	now := time.Now()
	plan := demo.PlanOrgLife(seed, now, branches)
	sys := auth.System
	for _, post := range plan.Posts {
		if _, err := a.Committees.AddPost(ctx, sys, committee.PostInput{OrgID: post.OrgID, MemberID: post.MemberID, Post: post.Post,
			TermStart: post.Start}); err != nil {
			return fmt.Errorf("demo post: %w", err)
		}
	}
	meetings := make([]*model.Meeting, len(plan.Meetings))
	for i, pm := range plan.Meetings {
		status := model.MeetingPlanned
		if pm.Held {
			status = model.MeetingHeld
		}
		m, err := a.Meetings.Create(ctx, sys, meeting.Input{OrgID: pm.OrgID, Type: pm.Type, Topic: pm.Topic, Status: status,
			StartsAt: pm.Start, EndsAt: pm.Start.Add(pm.Duration), Place: pm.Place, Host: pm.Host, Minutes: pm.Minutes})
		if err != nil {
			return fmt.Errorf("demo meeting: %w", err)
		}
		if pm.Held {
			marks := marksOf(pm.PlannedAttendance)
			if m, err = a.Meetings.MarkAttendance(ctx, sys, m.ID, m.Version, marks, nil); err != nil {
				return fmt.Errorf("demo attendance: %w", err)
			}
		}
		meetings[i] = m
	}
	for _, ps := range plan.Sessions {
		ss, err := a.Study.CreateSession(ctx, sys, study.SessionInput{OrgID: ps.OrgID, Title: ps.Title, HeldOn: ps.HeldOn,
			Hours: ps.Hours, Remedial: ps.Remedial, MemberIDs: ps.MemberIDs})
		if err != nil {
			return fmt.Errorf("demo study: %w", err)
		}
		var marks []study.RecordMark
		for _, id := range ps.Present {
			marks = append(marks, study.RecordMark{MemberID: id, Status: model.AttendancePresent})
		}
		for _, id := range sortedKeys(ps.Absent) {
			marks = append(marks, study.RecordMark{MemberID: id, Status: model.AttendanceAbsent, Reason: ps.Absent[id]})
		}
		if _, err := a.Study.MarkRecords(ctx, sys, ss.ID, ss.Version, marks); err != nil {
			return fmt.Errorf("demo study records: %w", err)
		}
	}
	today := model.DateOf(now)
	branchTypes := []model.OrgType{model.Branch, model.JointBranch, model.TemporaryBranch}
	directives := make([]*model.Directive, 2)
	for i, in := range []directive.Input{
		{OrgID: district.ID, Title: "关于认真传达学习市委全会精神的通知", Content: "各党组织召开专题会议传达学习全会精神，结合实际研究贯彻落实措施，按时报送落实情况。",
			IssuedOn: today.AddDate(0, 0, -20), Deadline: today.AddDate(0, 0, -5), Targeting: model.TargetByType, TargetTypes: branchTypes},
		{OrgID: district.ID, Title: "关于学习贯彻《中国共产党支部工作条例（试行）》的通知", Content: "各党支部组织党员逐条学习条例，对照查找问题，形成问题清单。",
			IssuedOn: today.AddDate(0, 0, -3), Deadline: today.AddDate(0, 0, 10), Targeting: model.TargetByType, TargetTypes: branchTypes},
	} {
		if directives[i], err = a.Directives.Issue(ctx, sys, in); err != nil {
			return fmt.Errorf("demo directive: %w", err)
		}
	}
	for _, ans := range plan.Answers {
		in := directive.Answer{OrgID: ans.OrgID, Kind: model.AnswerReport, Report: ans.Report}
		if ans.MeetingIndex >= 0 {
			in = directive.Answer{OrgID: ans.OrgID, Kind: model.AnswerMeeting, MeetingID: meetings[ans.MeetingIndex].ID}
		}
		if _, err := a.Directives.Answer(ctx, sys, directives[ans.Directive].ID, in); err != nil {
			return fmt.Errorf("demo answer: %w", err)
		}
	}
	doc, err := a.Study.IssueDocument(ctx, sys, study.DocumentInput{OrgID: district.ID, Title: "《中国共产党支部工作条例（试行）》学习辅导材料",
		Content: "请全体党员认真阅读学习并签收。", IssuedOn: today.AddDate(0, 0, -7), DueOn: today.AddDate(0, 0, 7)})
	if err != nil {
		return fmt.Errorf("demo document: %w", err)
	}
	for _, id := range plan.Acks {
		if _, err := a.Study.Acknowledge(ctx, &auth.Principal{Username: "demo", MemberID: id}, doc.ID); err != nil {
			return fmt.Errorf("demo acknowledgement: %w", err)
		}
	}
	return nil
}

func marksOf(at demo.PlannedAttendance) []meeting.Mark {
	marks := make([]meeting.Mark, 0, len(at.Present)+len(at.Absent))
	for _, id := range at.Present {
		marks = append(marks, meeting.Mark{MemberID: id, Status: model.AttendancePresent})
	}
	for _, id := range sortedKeys(at.Absent) {
		marks = append(marks, meeting.Mark{MemberID: id, Status: model.AttendanceAbsent, Reason: at.Absent[id]})
	}
	return marks
}

func sortedKeys[V any](m map[int64]V) []int64 { return slices.Sorted(maps.Keys(m)) }
