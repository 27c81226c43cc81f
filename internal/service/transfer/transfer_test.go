package transfer_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/member"
	"dangjian/internal/service/org"
	"dangjian/internal/service/transfer"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

var today = model.NewDate(2026, 12, 1)

// fixture: city ─ A ─ A1 (branch, 3 members) and city ─ B ─ B1 (branch), staff of each district.
type fixture struct {
	s              *store.Store
	svc            *transfer.Service
	members        *member.Service
	orgs           map[string]*model.Org
	staffA, staffB *auth.Principal
	seq            int
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	rs, err := rules.Load("", today)
	if err != nil {
		t.Fatal(err)
	}
	fixed := func() model.Date { return today }
	os := org.New(s, rs)
	os.Today = fixed
	f := &fixture{s: s, svc: transfer.New(s, rs), members: member.New(s, rs), orgs: map[string]*model.Org{}}
	f.svc.Today, f.members.Today = fixed, fixed
	for _, o := range []struct{ key, parent string }{{"city", ""}, {"A", "city"}, {"A1", "A"}, {"B", "city"}, {"B1", "B"}} {
		typ := model.DistrictCommittee
		switch o.key {
		case "city":
			typ = model.MunicipalCommittee
		case "A1", "B1":
			typ = model.Branch
		}
		var pid int64
		if o.parent != "" {
			pid = f.orgs[o.parent].ID
		}
		created, _, err := os.Create(ctx, auth.System, org.Input{ParentID: pid, Name: "组织" + o.key, Type: typ})
		if err != nil {
			t.Fatal(err)
		}
		f.orgs[o.key] = created
	}
	f.staffA = &auth.Principal{Username: "staffA", Grants: []model.Grant{{Role: model.RoleStaff, OrgPath: f.orgs["A"].Path}}}
	f.staffB = &auth.Principal{Username: "staffB", Grants: []model.Grant{{Role: model.RoleStaff, OrgPath: f.orgs["B"].Path}}}
	return f
}

func (f *fixture) member(t *testing.T) *model.Member {
	t.Helper()
	f.seq++
	base := fmt.Sprintf("21020219850301%03d", f.seq)
	m := &model.Member{OrgID: f.orgs["A1"].ID, Name: fmt.Sprintf("党员%d", f.seq), IDNumber: base + string(model.IDCheckDigit(base)),
		Category: model.Full, Status: model.StatusNormal, Ethnicity: "汉族", AdmittedOn: model.NewDate(2010, 1, 1)}
	if _, err := f.members.Create(context.Background(), auth.System, m); err != nil {
		t.Fatal(err)
	}
	return m
}

// issued requests an internal transfer of a new member from A1 to B1 and issues its letter on issuedOn.
func (f *fixture) issued(t *testing.T, issuedOn model.Date) (*model.Member, *model.Transfer) {
	t.Helper()
	ctx := context.Background()
	m := f.member(t)
	saved := f.svc.Today
	f.svc.Today = func() model.Date { return issuedOn }
	defer func() { f.svc.Today = saved }()
	tr, err := f.svc.Request(ctx, f.staffA, transfer.RequestInput{MemberID: m.ID, Kind: model.TransferInternal, ToOrgID: f.orgs["B1"].ID, Reason: "工作调动"})
	if err != nil {
		t.Fatal(err)
	}
	tr, err = f.svc.Approve(ctx, f.staffA, tr.ID, transfer.IssueInput{Version: tr.Version})
	if err != nil {
		t.Fatal(err)
	}
	return m, tr
}

func code(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errs.As(err); ok {
		if len(e.Fields) > 0 {
			return e.Fields[0].Code
		}
		return e.Code
	}
	return err.Error()
}

func verify(t *testing.T, s *store.Store) {
	t.Helper()
	if diffs, err := s.VerifyStats(context.Background()); err != nil || len(diffs) > 0 {
		t.Fatalf("rollup: %v %+v", err, diffs)
	}
}

// The letter is valid 3 months from its issue (default); the receiving side accepts up to the
// last valid day, not after.
func TestAcceptWithinValidity(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		issuedOn := model.NewDate(2026, 5, 31) // valid until 31 August
		for _, c := range []struct {
			name string
			on   model.Date
			want string
		}{
			{"the day before the last valid day", model.NewDate(2026, 8, 30), ""},
			{"on the last valid day", model.NewDate(2026, 8, 31), ""},
			{"the day after", model.NewDate(2026, 9, 1), "transfer.rule.letter_expired"},
		} {
			m, tr := f.issued(t, issuedOn)
			if tr.ValidUntil != model.NewDate(2026, 8, 31) || !strings.HasPrefix(tr.LetterNo, "2026-") {
				t.Fatalf("letter %s valid until %s", tr.LetterNo, tr.ValidUntil)
			}
			if _, err := f.svc.Accept(ctx, f.staffA, tr.ID, transfer.DoneInput{Version: tr.Version, On: c.on}); errs.KindOf(err) != errs.Forbidden {
				t.Fatalf("the sending side accepted: %v", err)
			}
			got, err := f.svc.Accept(ctx, f.staffB, tr.ID, transfer.DoneInput{Version: tr.Version, On: c.on})
			if code(err) != c.want {
				t.Errorf("accept %s: %q, want %q", c.name, code(err), c.want)
				continue
			}
			moved, _ := f.members.Get(ctx, auth.System, m.ID)
			if err == nil && (got.Status != model.TransferCompleted || moved.OrgID != f.orgs["B1"].ID) {
				t.Errorf("accept %s: transfer %s, member in %d", c.name, got.Status, moved.OrgID)
			}
			if err != nil && moved.OrgID != f.orgs["A1"].ID {
				t.Errorf("refused acceptance moved the member")
			}
		}
		// Moved members count in B and no longer in A.
		cb, _ := s.OrgCounts(ctx, f.orgs["B"].ID)
		ca, _ := s.OrgCounts(ctx, f.orgs["A"].ID)
		if cb[model.MetricMembers] != 2 || ca[model.MetricMembers] != 1 {
			t.Fatalf("counts: A %d, B %d", ca[model.MetricMembers], cb[model.MetricMembers])
		}
		verify(t, s)
	})
}

func TestLetterValidityLimit(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		issuedOn := model.NewDate(2026, 11, 30) // 3 months later: 28 February 2027
		f.svc.Today = func() model.Date { return issuedOn }
		for _, c := range []struct {
			until model.Date
			want  string
		}{
			{model.NewDate(2027, 2, 27), ""},
			{model.NewDate(2027, 2, 28), ""},
			{model.NewDate(2027, 3, 1), "transfer.rule.validity"},
			{model.NewDate(2026, 11, 29), "transfer.valid_before_issue"},
		} {
			m := f.member(t)
			tr, err := f.svc.Request(ctx, f.staffA, transfer.RequestInput{MemberID: m.ID, Kind: model.TransferInternal, ToOrgID: f.orgs["B1"].ID, Reason: "调动"})
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.svc.Approve(ctx, f.staffA, tr.ID, transfer.IssueInput{Version: tr.Version, IssuedOn: issuedOn, ValidUntil: c.until})
			if code(err) != c.want {
				t.Errorf("valid until %s: %q, want %q", c.until, code(err), c.want)
			}
			if err == nil && got.ValidUntil != c.until {
				t.Errorf("valid until %s stored as %s", c.until, got.ValidUntil)
			}
		}
		if _, err := f.svc.Request(ctx, f.staffB, transfer.RequestInput{MemberID: f.member(t).ID, Kind: model.TransferInternal, ToOrgID: f.orgs["B1"].ID, Reason: "x"}); code(err) != "not_found" {
			t.Fatalf("the other district requested a transfer of A's member: %v", err)
		}
	})
}

// An outgoing letter: the member stays in the register (the sender is responsible) until the
// receipt is recorded; then the member is transferred out.
func TestOutgoingReceipt(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		m := f.member(t)
		tr, err := f.svc.Request(ctx, f.staffA, transfer.RequestInput{MemberID: m.ID, Kind: model.TransferOutgoing,
			ExternalOrg: "中共北京市海淀区委组织部", Reason: "工作调动", DuesPaidUntil: "2026-11"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Request(ctx, f.staffA, transfer.RequestInput{MemberID: m.ID, Kind: model.TransferOutgoing, ExternalOrg: "x", Reason: "y"}); code(err) != "transfer.already_open" {
			t.Fatalf("second open transfer: %v", err)
		}
		if tr, err = f.svc.Approve(ctx, f.staffA, tr.ID, transfer.IssueInput{Version: tr.Version}); err != nil {
			t.Fatal(err)
		}
		still, _ := f.members.Get(ctx, auth.System, m.ID)
		if still.Status != model.StatusNormal {
			t.Fatalf("the member left the register before the receipt: %s", still.Status)
		}
		var page bytes.Buffer
		if err := f.svc.WriteLetter(ctx, f.staffA, tr.ID, &page); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"存根", "中国共产党党员组织关系介绍信", "回执", "中共北京市海淀区委组织部", "2026年11月", m.IDNumber, tr.LetterNo, "有效期"} {
			if !strings.Contains(page.String(), want) {
				t.Errorf("the letter lacks %q", want)
			}
		}
		if _, err := f.svc.RecordReceipt(ctx, f.staffB, tr.ID, transfer.DoneInput{Version: tr.Version}); code(err) != "not_found" {
			t.Fatalf("another district recorded the receipt: %v", err)
		}
		if tr, err = f.svc.RecordReceipt(ctx, f.staffA, tr.ID, transfer.DoneInput{Version: tr.Version, Note: "回执已收到"}); err != nil {
			t.Fatal(err)
		}
		out, _ := f.members.Get(ctx, auth.System, m.ID)
		if out.Status != model.StatusTransferredOut || tr.Status != model.TransferCompleted {
			t.Fatalf("after the receipt: member %s, transfer %s", out.Status, tr.Status)
		}
		verify(t, s)
	})
}

// Returned letters get a reason and may be reissued with a new number; incoming letters
// register the member within their validity.
func TestReturnReissueAndIncoming(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		_, tr := f.issued(t, model.NewDate(2026, 11, 1))
		if _, err := f.svc.Return(ctx, f.staffB, tr.ID, transfer.DoneInput{Version: tr.Version, On: model.NewDate(2026, 11, 5)}); code(err) != "required" {
			t.Fatalf("return without a reason: %v", err)
		}
		tr, err := f.svc.Return(ctx, f.staffB, tr.ID, transfer.DoneInput{Version: tr.Version, On: model.NewDate(2026, 11, 5), Note: "接收单位填写有误"})
		if err != nil || tr.Status != model.TransferReturned {
			t.Fatalf("return: %v %v", err, tr)
		}
		first := tr.LetterNo
		if tr, err = f.svc.Reissue(ctx, f.staffA, tr.ID, transfer.IssueInput{Version: tr.Version}); err != nil {
			t.Fatal(err)
		}
		if tr.LetterNo == first || tr.Status != model.TransferIssued || tr.ValidUntil != today.AddMonths(3) {
			t.Fatalf("reissued: %s (was %s) %s until %s", tr.LetterNo, first, tr.Status, tr.ValidUntil)
		}
		if _, err := f.svc.Reissue(ctx, f.staffA, tr.ID, transfer.IssueInput{Version: tr.Version}); code(err) != "transfer.still_valid" {
			t.Fatalf("reissuing a valid letter: %v", err)
		}
		if tr, err = f.svc.Cancel(ctx, f.staffA, tr.ID, tr.Version); err != nil || tr.Status != model.TransferCancelled {
			t.Fatalf("cancel: %v", err)
		}
		base := "21020219900301777"
		newcomer := func() *model.Member {
			return &model.Member{OrgID: f.orgs["B1"].ID, Name: "新来", IDNumber: base + string(model.IDCheckDigit(base)), Ethnicity: "汉族",
				Category: model.Full, AdmittedOn: model.NewDate(2015, 7, 1), FullOn: model.NewDate(2016, 7, 1)}
		}
		in := transfer.IncomingInput{ExternalOrg: "中共沈阳市和平区委组织部", LetterNo: "和组转〔2026〕88号",
			IssuedOn: model.NewDate(2026, 8, 31), DuesPaidUntil: "2026-08"}
		in.Member, in.ReceivedOn = newcomer(), model.NewDate(2026, 12, 1) // valid until 30 November
		if _, err := f.svc.Incoming(ctx, f.staffB, in); code(err) != "transfer.rule.letter_expired" {
			t.Fatalf("an expired incoming letter: %v", err)
		}
		in.Member, in.ReceivedOn = newcomer(), model.NewDate(2026, 11, 30)
		if _, err := f.svc.Incoming(ctx, f.staffA, in); code(err) != "not_found" {
			t.Fatalf("A registered into B1: %v", err)
		}
		in.Member = newcomer()
		got, err := f.svc.Incoming(ctx, f.staffB, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind != model.TransferIncoming || got.MemberIDNumber != model.MaskIDNumber(base+string(model.IDCheckDigit(base))) {
			t.Fatalf("incoming: %+v", got)
		}
		var page bytes.Buffer
		if err := f.svc.WriteLetter(ctx, f.staffB, got.ID, &page); err != nil || !strings.Contains(page.String(), "回执") || strings.Contains(page.String(), "存根") {
			t.Fatalf("incoming prints the receipt only: %v", err)
		}
		verify(t, s)
	})
}
