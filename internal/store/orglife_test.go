package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

func heldMeeting(o *model.Org, mt model.MeetingType, day string, code string) *model.Meeting {
	d, _ := model.ParseDate(day)
	start := d.Time().Add(9 * time.Hour)
	return &model.Meeting{OrgID: o.ID, OrgPath: o.Path, Type: mt, Topic: "会议", Status: model.MeetingHeld, StartsAt: start,
		EndsAt: start.Add(time.Hour), HeldOn: d, SignCode: code, SignExpiresAt: start.Add(time.Hour)}
}

func met(t *testing.T, s *store.Store, o *model.Org, mt model.MeetingType, period string) int64 {
	t.Helper()
	m, err := s.ComplianceMet(context.Background(), []int64{o.ID}, mt, period)
	if err != nil {
		t.Fatal(err)
	}
	return m[o.ID]
}

// TestOrgLifeRollupsFollowWrites checks that the meeting tallies, the compliance rollup, the
// directive completion and the study hours follow inserts, updates, deletes, organisation
// edits and subtree moves, and always agree with a recount.
func TestOrgLifeRollupsFollowWrites(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Compliance = &rules.MustDefault().OrgLife
		orgs := tree(t, s)
		A, A1, B, B1 := orgs["A"], orgs["A1"], orgs["B"], orgs["B1"]
		in := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := s.InTx(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		// A1 gets a committee: committee meetings become required of it.
		in(func(tx *store.Tx) error {
			old := *A1
			A1.HasCommittee = true
			return tx.UpdateOrg(ctx, &old, A1)
		})
		m1 := heldMeeting(A1, model.CommitteeMeeting, "2025-03-03", "CODE000001")
		m2 := heldMeeting(A1, model.CommitteeMeeting, "2025-03-20", "CODE000002")
		in(func(tx *store.Tx) error { return tx.InsertMeeting(ctx, m1, nil) })
		in(func(tx *store.Tx) error { return tx.InsertMeeting(ctx, m2, nil) })
		for _, o := range []*model.Org{A1, A, orgs["city"]} {
			if n := met(t, s, o, model.CommitteeMeeting, "2025-03"); n != 1 {
				t.Fatalf("%s met committee meeting 2025-03: %d, want 1 (two meetings, one organisation)", o.Name, n)
			}
		}
		// B1 has no committee: its committee meeting counts in the tally but meets nothing.
		in(func(tx *store.Tx) error {
			return tx.InsertMeeting(ctx, heldMeeting(B1, model.CommitteeMeeting, "2025-03-05", "CODE000003"), nil)
		})
		if n := met(t, s, B, model.CommitteeMeeting, "2025-03"); n != 0 {
			t.Fatalf("B met: %d, want 0", n)
		}
		verify(t, s)
		// The quarter: an assembly in February meets Q1.
		in(func(tx *store.Tx) error {
			return tx.InsertMeeting(ctx, heldMeeting(A1, model.BranchAssembly, "2025-02-14", "CODE000004"), nil)
		})
		if met(t, s, A, model.BranchAssembly, "2025-Q1") != 1 || met(t, s, A, model.BranchAssembly, "2025-Q2") != 0 {
			t.Fatal("assembly in February must meet 2025-Q1 only")
		}
		// Cancelling one committee meeting keeps March met; moving the other to April empties it.
		in(func(tx *store.Tx) error {
			old := *m1
			m1.Status = model.MeetingCancelled
			return tx.UpdateMeeting(ctx, &old, m1)
		})
		if met(t, s, A1, model.CommitteeMeeting, "2025-03") != 1 {
			t.Fatal("one committee meeting left in March")
		}
		in(func(tx *store.Tx) error {
			old := *m2
			m2.HeldOn = model.NewDate(2025, 4, 2)
			return tx.UpdateMeeting(ctx, &old, m2)
		})
		if met(t, s, A1, model.CommitteeMeeting, "2025-03") != 0 || met(t, s, A, model.CommitteeMeeting, "2025-04") != 1 {
			t.Fatal("the meeting moved to April")
		}
		verify(t, s)
		// Losing the committee takes A1 out of the committee-meeting figures.
		in(func(tx *store.Tx) error {
			old := *A1
			A1.HasCommittee = false
			return tx.UpdateOrg(ctx, &old, A1)
		})
		if met(t, s, A, model.CommitteeMeeting, "2025-04") != 0 {
			t.Fatal("a branch without a committee does not meet a committee-meeting requirement")
		}
		if c := counts(t, s, A)[model.MetricCommitteeOrgType(model.Branch)]; c != 0 {
			t.Fatalf("committee branches under A: %d", c)
		}
		verify(t, s)

		// A directive from the city to both branches; A1 answers late.
		city := orgs["city"]
		d := &model.Directive{OrgID: city.ID, OrgPath: city.Path, Title: "传达全会精神", IssuedOn: model.NewDate(2025, 7, 1),
			Deadline: model.NewDate(2025, 7, 10), Targeting: model.TargetByType, TargetTypes: []model.OrgType{model.Branch}}
		in(func(tx *store.Tx) error {
			targets, err := tx.TargetOrgs(ctx, city, d)
			if err != nil {
				return err
			}
			if len(targets) != 2 {
				t.Fatalf("targets: %d, want A1 and B1", len(targets))
			}
			return tx.InsertDirective(ctx, d, targets)
		})
		in(func(tx *store.Tx) error {
			old, err := tx.GetTarget(ctx, d.ID, A1.ID)
			if err != nil {
				return err
			}
			nt := *old
			nt.AnsweredAt, nt.AnsweredOn, nt.Kind, nt.Report, nt.Late = time.Now(), model.NewDate(2025, 7, 12), model.AnswerReport, "已传达", true
			return tx.AnswerTarget(ctx, d, old, &nt)
		})
		c, err := s.DirectiveCounts(ctx, d.ID, []int64{city.ID, A.ID, B.ID})
		if err != nil {
			t.Fatal(err)
		}
		if c[city.ID].Targets != 2 || c[city.ID].Answered != 1 || c[city.ID].Late != 1 || c[A.ID].Answered != 1 || c[B.ID].Answered != 0 || c[B.ID].Targets != 1 {
			t.Fatalf("completion: %+v", c)
		}
		verify(t, s)

		// Moving A1 under B moves its paths, completion and compliance.
		in(func(tx *store.Tx) error { _, err := tx.MoveOrg(ctx, A1, B); return err })
		c, _ = s.DirectiveCounts(ctx, d.ID, []int64{A.ID, B.ID})
		if c[A.ID].Targets != 0 || c[B.ID].Targets != 2 || c[B.ID].Answered != 1 {
			t.Fatalf("completion after the move: %+v", c)
		}
		if met(t, s, B, model.BranchAssembly, "2025-Q1") != 1 || met(t, s, A, model.BranchAssembly, "2025-Q1") != 0 {
			t.Fatal("compliance did not follow the move")
		}
		ms, _, err := s.ListMeetings(ctx, store.SubtreeScope(B.Path), store.MeetingFilter{Limit: 10})
		if err != nil || len(ms) != 4 {
			t.Fatalf("B's meetings after the move: %d %v", len(ms), err)
		}
		verify(t, s)

		// Study hours follow records.
		var mem *model.Member
		in(func(tx *store.Tx) error {
			mem = member(A1, model.Full)
			mem.OrgPath = A1.Path
			return tx.InsertMember(ctx, mem)
		})
		ss := &model.StudySession{OrgID: A1.ID, OrgPath: A1.Path, Title: "学习", HeldOn: model.NewDate(2025, 5, 1), Hours: 40}
		in(func(tx *store.Tx) error {
			return tx.InsertStudySession(ctx, ss, []model.StudyRecord{{MemberID: mem.ID, Status: model.AttendancePresent, Hours: 40}}, 0)
		})
		in(func(tx *store.Tx) error {
			return tx.SetStudyRecords(ctx, ss, []model.StudyRecord{{MemberID: mem.ID, Status: model.AttendancePresent, Hours: 25}})
		})
		h, _, _, err := s.MemberStudy(ctx, mem.ID, 2025)
		if err != nil || h != 25 {
			t.Fatalf("hours %d %v, want 2.5 h", h, err)
		}
		verify(t, s)
		// A meeting's, a document's or a session's counter that disagrees with its rows is a
		// difference that the rebuild repairs.
		if err := store.Exec(ctx, s, `UPDATE meetings SET present = present + 1 WHERE id = $1`, m1.ID); err != nil {
			t.Fatal(err)
		}
		if err := store.Exec(ctx, s, `UPDATE study_sessions SET expected = 0 WHERE id = $1`, ss.ID); err != nil {
			t.Fatal(err)
		}
		diffs, err := s.VerifyStats(ctx)
		if err != nil || len(diffs) != 2 || diffs[0].Metric == diffs[1].Metric {
			t.Fatalf("broken counters: %v %+v", err, diffs)
		}
		for _, d := range diffs {
			if d.Metric != fmt.Sprintf("meeting.%d.present", m1.ID) && d.Metric != fmt.Sprintf("study_session.%d.expected", ss.ID) {
				t.Errorf("difference %+v", d)
			}
		}
		if _, err := s.RebuildStats(ctx); err != nil {
			t.Fatal(err)
		}
		verify(t, s)
		if met(t, s, B, model.BranchAssembly, "2025-Q1") != 1 {
			t.Fatal("rebuild lost the compliance rollup")
		}
	})
}

// TestEachMeeting: the export's read returns every meeting of the filter once, newest first,
// across pages, meetings starting at the same minute included.
func TestEachMeeting(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		defer store.SetMeetingPageForTest(2)()
		orgs := tree(t, s)
		var want []int64
		for i, day := range []string{"2025-03-05", "2025-03-04", "2025-03-04", "2025-03-04", "2025-03-01"} {
			m := heldMeeting(orgs["A1"], model.ThemeDay, day, fmt.Sprintf("CODE00010%d", i))
			if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMeeting(ctx, m, nil) }); err != nil {
				t.Fatal(err)
			}
			want = append(want, m.ID)
		}
		if err := s.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertMeeting(ctx, heldMeeting(orgs["B1"], model.ThemeDay, "2025-03-03", "CODE000199"), nil)
		}); err != nil {
			t.Fatal(err)
		}
		// Same start: the later id first, as the list orders them.
		want[1], want[3] = want[3], want[1]
		var got []int64
		err := s.EachMeeting(ctx, store.SubtreeScope(orgs["A"].Path), store.MeetingFilter{}, func(m *model.Meeting) error {
			got = append(got, m.ID)
			return nil
		})
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("meetings %v (%v), want %v", got, err, want)
		}
		list, _, _ := s.ListMeetings(ctx, store.SubtreeScope(orgs["A"].Path), store.MeetingFilter{Limit: 10})
		for i, m := range list {
			if m.ID != want[i] {
				t.Fatalf("the list's order differs at %d", i)
			}
		}
	})
}

// TestMarkingInBatches: marking attendance or study records upserts them in batches; an
// attendee already listed keeps their voting right, a newcomer is added, a member marked twice
// in one call counts once as marked last, and the study hours and counters agree with a
// recount.
func TestMarkingInBatches(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Compliance = &rules.MustDefault().OrgLife
		A1 := tree(t, s)["A1"]
		in := func(fn func(tx *store.Tx) error) {
			t.Helper()
			if err := s.InTx(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		var ms []*model.Member
		in(func(tx *store.Tx) error {
			for range 3 {
				m := member(A1, model.Full)
				if err := tx.InsertMember(ctx, m); err != nil {
					return err
				}
				ms = append(ms, m)
			}
			return nil
		})
		mt := heldMeeting(A1, model.BranchAssembly, "2025-06-02", "CODE000101")
		in(func(tx *store.Tx) error {
			return tx.InsertMeeting(ctx, mt, []model.Attendance{{MemberID: ms[0].ID, Status: model.AttendanceExpected, Voting: true}})
		})
		in(func(tx *store.Tx) error {
			return tx.SetAttendance(ctx, mt, []model.Attendance{
				{MemberID: ms[0].ID, Status: model.AttendanceAbsent, Reason: "sick"},
				{MemberID: ms[1].ID, Status: model.AttendanceAbsent, Reason: "sick"},
				{MemberID: ms[1].ID, Status: model.AttendancePresent, Method: model.SignBySecretary, SignedAt: time.Now()},
			})
		})
		all, err := s.Attendance(ctx, mt.ID)
		if err != nil || len(all) != 2 {
			t.Fatalf("attendance %+v %v, want two attendees", all, err)
		}
		for _, at := range all {
			switch at.MemberID {
			case ms[0].ID:
				if !at.Voting || at.Status != model.AttendanceAbsent || at.Reason != "sick" {
					t.Errorf("listed attendee after marking: %+v", at)
				}
			case ms[1].ID:
				if at.Status != model.AttendancePresent || at.Reason != "" || at.HeldOn != mt.HeldOn {
					t.Errorf("added attendee, marked twice: %+v", at)
				}
			}
		}
		if mt.Expected != 2 || mt.Present != 1 || mt.Absent != 1 {
			t.Fatalf("meeting counters %d/%d/%d", mt.Expected, mt.Present, mt.Absent)
		}

		ss := &model.StudySession{OrgID: A1.ID, OrgPath: A1.Path, Title: "学习", HeldOn: model.NewDate(2025, 6, 6), Hours: 30, Remedial: true}
		in(func(tx *store.Tx) error {
			return tx.InsertStudySession(ctx, ss, []model.StudyRecord{{MemberID: ms[0].ID, Status: model.AttendancePresent, Hours: 30}}, 0)
		})
		in(func(tx *store.Tx) error {
			return tx.SetStudyRecords(ctx, ss, []model.StudyRecord{
				{MemberID: ms[0].ID, Status: model.AttendancePresent, Hours: 20},
				{MemberID: ms[1].ID, Status: model.AttendancePresent, Hours: 30},
				{MemberID: ms[1].ID, Status: model.AttendancePresent, Hours: 10},
				{MemberID: ms[2].ID, Status: model.AttendanceAbsent, Reason: "sick"},
			})
		})
		for i, want := range []model.Hours{20, 10, 0} {
			h, remedial, _, err := s.MemberStudy(ctx, ms[i].ID, 2025)
			if err != nil || h != want || remedial != want {
				t.Errorf("member %d: hours %d remedial %d %v, want %d", i, h, remedial, err, want)
			}
		}
		if ss.Expected != 3 || ss.Present != 2 {
			t.Fatalf("session counters %d/%d", ss.Expected, ss.Present)
		}
		verify(t, s)
	})
}
