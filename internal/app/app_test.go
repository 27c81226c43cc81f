package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/imports"
	"dangjian/internal/service/meeting"
	"dangjian/internal/service/member"
	"dangjian/internal/service/org"
	"dangjian/internal/service/study"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// TestRollupStaysExactThroughAWorkingDay builds a demo city and then imports, moves, edits,
// deletes and dissolves; the rollup must equal a recount from the base tables throughout.
func TestRollupStaysExactThroughAWorkingDay(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a, err := app.FromStore(s, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		defer a.Jobs.Shutdown()
		sum, err := a.GenerateDemo(ctx, 4000, 3, false)
		if err != nil {
			t.Fatal(err)
		}
		verify := func(step string) {
			t.Helper()
			diffs, err := s.VerifyStats(ctx)
			if err != nil || len(diffs) > 0 {
				t.Fatalf("after %s: %v %+v", step, err, diffs[:min(5, len(diffs))])
			}
		}
		verify("the demo city")
		roots, _ := s.RootOrgs(ctx, store.AllScope)
		st, err := a.Orgs.Stats(ctx, auth.System, roots[0].ID)
		if err != nil || st.Members == 0 || st.Orgs != int64(sum.Orgs) || st.BranchesBelowMin == 0 || st.TermExpired == 0 {
			t.Fatalf("root stats %+v (summary %+v): %v", st, sum, err)
		}

		// Import: three new members into one branch, one update of an existing member.
		existing, _, _ := s.ListMembers(ctx, store.AllScope, store.MemberFilter{Limit: 1, Statuses: []model.Status{model.StatusNormal}})
		branch, _ := s.GetOrg(ctx, store.AllScope, existing[0].OrgID)
		var csv strings.Builder
		csv.WriteString("姓名,公民身份号码,党员类别,党组织编码,学历\n")
		for i := 0; i < 3; i++ {
			base := fmt.Sprintf("21020219700101%03d", 900+i)
			fmt.Fprintf(&csv, "新党员%d,%s,正式党员,%s,大学本科\n", i, base+string(model.IDCheckDigit(base)), branch.Code)
		}
		fmt.Fprintf(&csv, "%s,%s,%s,%s,研究生\n", existing[0].Name, existing[0].IDNumber, map[model.Category]string{model.Full: "正式党员", model.Probationary: "预备党员"}[existing[0].Category], branch.Code)
		file := filepath.Join(t.TempDir(), "m.csv")
		os.WriteFile(file, []byte(csv.String()), 0o600)
		res, err := a.Imports.ImportMembers(ctx, auth.System, file, imports.Options{}, nil)
		if err != nil || res.Created != 3 || res.Updated != 1 {
			t.Fatalf("import: %v %+v", err, res)
		}
		verify("the import")

		// Move a district's first child committee under another district.
		districts, _ := s.ChildOrgs(ctx, store.AllScope, roots[0].ID, false)
		kids, _ := s.ChildOrgs(ctx, store.AllScope, districts[0].ID, false)
		if _, err := a.Orgs.Move(ctx, auth.System, kids[0].ID, kids[0].Version, districts[1].ID); err != nil {
			t.Fatalf("move: %v", err)
		}
		verify("the move")

		// Edit a member into another status, delete another.
		list, _, _ := s.ListMembers(ctx, store.AllScope, store.MemberFilter{Limit: 2, Offset: 10})
		m := *list[0]
		m.Status, m.ExitType = model.StatusExited, model.ExitWithdrew
		if _, err := a.Members.Update(ctx, auth.System, m.ID, m.Version, &m); err != nil {
			t.Fatalf("update: %v", err)
		}
		if err := a.Members.Delete(ctx, auth.System, list[1].ID, list[1].Version); err != nil {
			t.Fatalf("delete: %v", err)
		}
		verify("the edit and the delete")

		// A member entered by mistake who already attended a meeting, acknowledged a document and
		// studied: deleting them recounts the meeting's, document's and session's counters.
		mates, _, _ := s.ListMembers(ctx, store.SubtreeScope(branch.Path), store.MemberFilter{Limit: 2, Statuses: []model.Status{model.StatusNormal}})
		if len(mates) < 2 {
			t.Fatalf("the import's branch has %d members", len(mates))
		}
		victim := mates[0]
		start := time.Now().Add(-48 * time.Hour).Truncate(time.Hour)
		mt, err := a.Meetings.Create(ctx, auth.System, meeting.Input{OrgID: branch.ID, Type: model.BranchAssembly, Topic: "党员大会",
			Status: model.MeetingHeld, StartsAt: start, EndsAt: start.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if mt, err = a.Meetings.MarkAttendance(ctx, auth.System, mt.ID, mt.Version, []meeting.Mark{{MemberID: victim.ID, Status: model.AttendancePresent},
			{MemberID: mates[1].ID, Status: model.AttendancePresent}}, nil); err != nil {
			t.Fatal(err)
		}
		doc, err := a.Study.IssueDocument(ctx, auth.System, study.DocumentInput{OrgID: branch.ID, Title: "学习材料", IssuedOn: model.DateOf(start)})
		if err != nil {
			t.Fatal(err)
		}
		var register []model.Status
		for _, st := range model.Statuses {
			if st.InRegister() {
				register = append(register, st)
			}
		}
		if _, n, err := s.ListMembers(ctx, store.SubtreeScope(branch.Path), store.MemberFilter{Statuses: register, Limit: 1}); err != nil || int64(doc.Targets) != n || n < 2 {
			t.Fatalf("document targets %d, register members of the branch %d (%v)", doc.Targets, n, err)
		}
		if doc, err = a.Study.Acknowledge(ctx, &auth.Principal{MemberID: victim.ID}, doc.ID); err != nil {
			t.Fatal(err)
		}
		ss, err := a.Study.CreateSession(ctx, auth.System, study.SessionInput{OrgID: branch.ID, Title: "专题学习", HeldOn: model.DateOf(start),
			Hours: 20, MemberIDs: []int64{victim.ID, mates[1].ID}})
		if err != nil {
			t.Fatal(err)
		}
		if ss, err = a.Study.MarkRecords(ctx, auth.System, ss.ID, ss.Version, []study.RecordMark{{MemberID: victim.ID, Status: model.AttendancePresent}}); err != nil {
			t.Fatal(err)
		}
		verify("attendance, an acknowledgement and a study record")
		victim, _ = s.GetMember(ctx, store.AllScope, victim.ID)
		if err := a.Members.Delete(ctx, auth.System, victim.ID, victim.Version); err != nil {
			t.Fatalf("delete: %v", err)
		}
		verify("the deletion of a member with attendance, an acknowledgement and a study record")
		after, _ := s.GetMeeting(ctx, store.AllScope, mt.ID)
		d2, _ := s.GetDocument(ctx, store.AllScope, doc.ID)
		s2, _ := s.GetStudySession(ctx, store.AllScope, ss.ID)
		if after.Expected != mt.Expected-1 || after.Present != mt.Present-1 || after.VotingPresent != mt.VotingPresent-1 ||
			d2.Targets != doc.Targets-1 || d2.Acked != doc.Acked-1 || s2.Expected != ss.Expected-1 || s2.Present != ss.Present-1 {
			t.Fatalf("counters after the deletion: meeting %d/%d → %d/%d, document %d/%d → %d/%d, session %d/%d → %d/%d",
				mt.Present, mt.Expected, after.Present, after.Expected, doc.Acked, doc.Targets, d2.Acked, d2.Targets,
				ss.Present, ss.Expected, s2.Present, s2.Expected)
		}

		// A new empty branch, dissolved again.
		o, _, err := a.Orgs.Create(ctx, auth.System, org.Input{ParentID: districts[2].ID, Name: "临时新建支部", Type: model.Branch})
		if err != nil {
			t.Fatal(err)
		}
		// A document for a branch without members is refused and leaves nothing behind.
		_, err = a.Study.IssueDocument(ctx, auth.System, study.DocumentInput{OrgID: o.ID, Title: "无人可读", IssuedOn: model.DateOf(start)})
		if e, ok := errs.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "org_id" || e.Fields[0].Code != "study.no_members" {
			t.Fatalf("document for an empty branch: %v", err)
		}
		if docs, _, err := s.ListDocuments(ctx, store.SubtreeScope(o.Path), o.Path, 10, 0); err != nil || len(docs) != 0 {
			t.Fatalf("documents of the empty branch: %d %v", len(docs), err)
		}
		if _, err := a.Orgs.Dissolve(ctx, auth.System, o.ID, o.Version, model.Date{}); err != nil {
			t.Fatalf("dissolve: %v", err)
		}
		verify("the dissolution")

		// The member list's total from the rollup equals a count.
		_, total, err := a.Members.List(ctx, auth.System, member.Query{OrgID: districts[1].ID, Sex: "female"})
		if err != nil {
			t.Fatal(err)
		}
		_, counted, _ := s.ListMembers(ctx, store.AllScope, store.MemberFilter{OrgPath: districts[1].Path, Sex: model.Female,
			Statuses: []model.Status{model.StatusNormal, model.StatusMobile, model.StatusAbroad, model.StatusLostContact}})
		if total != counted || total == 0 {
			t.Fatalf("rollup total %d, counted %d", total, counted)
		}
	})
}
