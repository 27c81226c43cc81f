// Package transfer moves members' organisational relations (组织关系转接), rules.md §2.3: inside
// the deployment (request → approval by the sending side → introduction letter with number and
// validity → acceptance by the receiving side, or the letter returned), out of it (a letter
// with a receipt to record; the sending organisation stays responsible until then) and into it
// (a member registered from an incoming letter).
package transfer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/member"
	"dangjian/internal/store"
)

// Service is the transfer service.
type Service struct {
	Store *store.Store
	Rules *rules.Set
	// Today returns the current date (tests fix it).
	Today func() model.Date
}

// New returns the transfer service.
func New(s *store.Store, r *rules.Set) *Service {
	return &Service{Store: s, Rules: r, Today: func() model.Date { return model.DateOf(time.Now()) }}
}

// RequestInput asks to transfer a member out of their organisation.
type RequestInput struct {
	MemberID int64
	Kind     model.TransferKind
	// ToOrgID is the receiving organisation of an internal transfer.
	ToOrgID int64
	// ExternalOrg is the receiving organisation of an outgoing transfer.
	ExternalOrg   string
	Reason        string
	DuesPaidUntil string
}

var monthForm = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

func checkText(fe []errs.FieldError, field, value string, max int, required bool) []errs.FieldError {
	switch {
	case required && value == "":
		fe = append(fe, errs.FieldError{Field: field, Code: "required"})
	case utf8.RuneCountInString(value) > max:
		fe = append(fe, errs.FieldError{Field: field, Code: "too_long", Params: map[string]any{"Max": max}})
	}
	return fe
}

func checkDues(fe []errs.FieldError, v string) []errs.FieldError {
	if v != "" && !monthForm.MatchString(v) {
		fe = append(fe, errs.FieldError{Field: "dues_paid_until", Code: "transfer.month_form", Params: map[string]any{"Value": v}})
	}
	return fe
}

// Request records a transfer request for a member of the caller's write scope.
func (s *Service) Request(ctx context.Context, p *auth.Principal, in RequestInput) (*model.Transfer, error) {
	in.ExternalOrg, in.Reason, in.DuesPaidUntil = strings.TrimSpace(in.ExternalOrg), strings.TrimSpace(in.Reason), strings.TrimSpace(in.DuesPaidUntil)
	var fe []errs.FieldError
	switch in.Kind {
	case model.TransferInternal:
		if in.ToOrgID == 0 {
			fe = append(fe, errs.FieldError{Field: "to_org_id", Code: "required"})
		}
	case model.TransferOutgoing:
		fe = checkText(fe, "external_org", in.ExternalOrg, 100, true)
	default:
		fe = append(fe, errs.FieldError{Field: "kind", Code: "invalid_value", Params: map[string]any{"Value": string(in.Kind)}})
	}
	fe = checkText(fe, "reason", in.Reason, 200, true)
	fe = checkDues(fe, in.DuesPaidUntil)
	if err := errs.Fields(fe); err != nil {
		return nil, err
	}
	var t *model.Transfer
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		m, err := tx.GetMember(ctx, p.WriteScope(), in.MemberID)
		if err != nil {
			return errs.Field("member_id", "not_found", nil)
		}
		if !m.Status.InRegister() || m.Status == model.StatusLostContact {
			return errs.Field("member_id", "transfer.member_status", map[string]any{"Status": string(m.Status)})
		}
		if _, err := tx.OpenTransferOf(ctx, m.ID); err == nil {
			return errs.Field("member_id", "transfer.already_open", nil)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		t = &model.Transfer{Kind: in.Kind, Status: model.TransferRequested, MemberID: m.ID, MemberName: m.Name,
			MemberSex: m.Sex, MemberBirth: m.BirthDate, MemberCategory: m.Category, MemberEthnic: m.Ethnicity,
			FromOrgID: m.OrgID, FromOrgPath: m.OrgPath, FromOrgName: m.OrgName, ExternalOrg: in.ExternalOrg,
			Reason: in.Reason, DuesPaidUntil: in.DuesPaidUntil, RequestedOn: s.Today(), RequestedBy: p.ActorName()}
		if in.Kind == model.TransferInternal {
			to, err := tx.GetOrg(ctx, store.AllScope, in.ToOrgID)
			if err != nil || to.Dissolved() || !to.Type.IsBranchLevel() {
				return errs.Field("to_org_id", "transfer.destination", nil)
			}
			if to.ID == m.OrgID {
				return errs.Field("to_org_id", "transfer.same_org", nil)
			}
			t.ToOrgID, t.ToOrgPath, t.ToOrgName, t.ExternalOrg = to.ID, to.Path, to.Name, ""
		}
		if err := tx.InsertTransfer(ctx, t); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return errs.Field("member_id", "transfer.already_open", nil)
			}
			return err
		}
		return audit.Record(ctx, tx, p, "request", "transfer", t.ID, t.FromOrgPath, nil, t)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, t.ID)
}

// side says which end of a transfer acts.
type side int

const (
	sending side = iota + 1
	receiving
)

// change loads a transfer the caller may act on as the given side at version, lets fn change
// a copy, and writes and audits it.
func (s *Service) change(ctx context.Context, p *auth.Principal, id, version int64, who side, action string,
	fn func(tx *store.Tx, old, t *model.Transfer) error) (*model.Transfer, error) {
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetTransfer(ctx, p.ReadScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		path := old.FromOrgPath
		if who == receiving {
			path = old.ToOrgPath
		}
		if path == "" || !p.WriteScope().CoversPath(path) {
			return errs.New(errs.Forbidden, map[side]string{sending: "transfer.sending_side", receiving: "transfer.receiving_side"}[who])
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		t := *old
		if err := fn(tx, old, &t); err != nil {
			return err
		}
		if err := tx.UpdateTransfer(ctx, old, &t); err != nil {
			if errors.Is(err, store.ErrConflict) && t.LetterNo != old.LetterNo {
				return errs.Field("letter_no", "transfer.letter_no_taken", nil)
			}
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, action, "transfer", t.ID, t.FromOrgPath, old, &t)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

func needStatus(t *model.Transfer, want ...model.TransferStatus) error {
	for _, w := range want {
		if t.Status == w {
			return nil
		}
	}
	return errs.Field("status", "transfer.wrong_status", map[string]any{"Status": string(t.Status)})
}

// IssueInput approves a request and issues its letter.
type IssueInput struct {
	Version  int64
	IssuedOn model.Date
	// ValidUntil is the letter's last day; zero gives the validity of the rules in force.
	ValidUntil model.Date
}

// letterNo is the serial number of a letter: year and a yearly sequence.
func letterNo(year int, n int64) string { return fmt.Sprintf("%d-%05d", year, n) }

// issue gives t a new letter number and validity.
func (s *Service) issue(ctx context.Context, tx *store.Tx, t *model.Transfer, in IssueInput) error {
	if in.IssuedOn.IsZero() {
		in.IssuedOn = s.Today()
	}
	if s.Today().Before(in.IssuedOn) {
		return errs.Field("issued_on", "date.future", nil)
	}
	if in.IssuedOn.Before(t.RequestedOn) {
		return errs.Field("issued_on", "transfer.before_request", nil)
	}
	r := s.Rules.Lifecycle
	longest := in.IssuedOn.AddMonths(r.LetterValidMonths)
	switch {
	case in.ValidUntil.IsZero():
		in.ValidUntil = longest
	case in.ValidUntil.Before(in.IssuedOn):
		return errs.Field("valid_until", "transfer.valid_before_issue", nil)
	case in.ValidUntil.After(longest):
		return errs.Field("valid_until", "transfer.rule.validity", map[string]any{"Months": r.LetterValidMonths, "Latest": longest.String(), "Source": r.Source})
	}
	n, err := tx.NextSequence(ctx, fmt.Sprintf("letter:%d", in.IssuedOn.Year()))
	if err != nil {
		return err
	}
	t.Status, t.LetterNo, t.IssuedOn, t.ValidUntil = model.TransferIssued, letterNo(in.IssuedOn.Year(), n), in.IssuedOn, in.ValidUntil
	t.ReturnedOn, t.ReturnReason = model.Date{}, ""
	return nil
}

// Approve is the sending side's approval: the letter is issued with a number and its validity.
func (s *Service) Approve(ctx context.Context, p *auth.Principal, id int64, in IssueInput) (*model.Transfer, error) {
	return s.change(ctx, p, id, in.Version, sending, "approve", func(tx *store.Tx, _, t *model.Transfer) error {
		if err := needStatus(t, model.TransferRequested); err != nil {
			return err
		}
		t.ApprovedBy = p.ActorName()
		return s.issue(ctx, tx, t, in)
	})
}

// Reissue gives a returned or expired letter a new number and validity.
func (s *Service) Reissue(ctx context.Context, p *auth.Principal, id int64, in IssueInput) (*model.Transfer, error) {
	return s.change(ctx, p, id, in.Version, sending, "reissue", func(tx *store.Tx, _, t *model.Transfer) error {
		if err := needStatus(t, model.TransferIssued, model.TransferReturned); err != nil {
			return err
		}
		if t.Status == model.TransferIssued && !t.ValidUntil.Before(s.Today()) {
			return errs.Field("status", "transfer.still_valid", map[string]any{"ValidUntil": t.ValidUntil.String()})
		}
		if t.Kind == model.TransferIncoming {
			return errs.Field("status", "transfer.wrong_status", map[string]any{"Status": string(t.Status)})
		}
		return s.issue(ctx, tx, t, in)
	})
}

// DoneInput completes a transfer: acceptance, receipt, return.
type DoneInput struct {
	Version int64
	On      model.Date
	Note    string
}

func (s *Service) checkDone(in *DoneInput, t *model.Transfer, noteRequired bool) error {
	in.Note = strings.TrimSpace(in.Note)
	if in.On.IsZero() {
		in.On = s.Today()
	}
	var fe []errs.FieldError
	if s.Today().Before(in.On) {
		fe = append(fe, errs.FieldError{Field: "on", Code: "date.future"})
	} else if in.On.Before(t.IssuedOn) {
		fe = append(fe, errs.FieldError{Field: "on", Code: "transfer.before_issue"})
	}
	fe = checkText(fe, "note", in.Note, 200, noteRequired)
	return errs.Fields(fe)
}

// Accept is the receiving side's acceptance of an internal transfer within the letter's
// validity: the member moves to the receiving organisation (paths, rollups, history).
func (s *Service) Accept(ctx context.Context, p *auth.Principal, id int64, in DoneInput) (*model.Transfer, error) {
	return s.change(ctx, p, id, in.Version, receiving, "accept", func(tx *store.Tx, _, t *model.Transfer) error {
		if err := needStatus(t, model.TransferIssued); err != nil {
			return err
		}
		if err := s.checkDone(&in, t, false); err != nil {
			return err
		}
		if in.On.After(t.ValidUntil) {
			r := s.Rules.Lifecycle
			return errs.Field("on", "transfer.rule.letter_expired", map[string]any{"ValidUntil": t.ValidUntil.String(), "Source": r.Source})
		}
		m, err := tx.GetMember(ctx, store.AllScope, t.MemberID)
		if err != nil {
			return err
		}
		if m.OrgID != t.FromOrgID || !m.Status.InRegister() {
			return errs.Field("member_id", "transfer.member_changed", nil)
		}
		to, err := tx.GetOrg(ctx, store.AllScope, t.ToOrgID)
		if err != nil || to.Dissolved() {
			return errs.Field("to_org_id", "transfer.destination", nil)
		}
		moved := *m
		moved.OrgID, moved.OrgPath, moved.OrgName = to.ID, to.Path, to.Name
		if err := tx.UpdateMember(ctx, m, &moved); err != nil {
			return errs.FromStore(err)
		}
		if err := tx.MoveMemberRecords(ctx, m.ID, to.Path); err != nil {
			return err
		}
		// A probationary member's development record goes with them (the receiving branch
		// continues the probation).
		if d, err := tx.ActiveDevelopmentOfMember(ctx, m.ID); err == nil {
			nd := *d
			nd.OrgID, nd.OrgPath, nd.OrgName = to.ID, to.Path, to.Name
			if err := tx.UpdateDevelopment(ctx, d, &nd); err != nil {
				return errs.FromStore(err)
			}
			if err := tx.MoveDevelopmentAttachments(ctx, d.ID, to.Path); err != nil {
				return err
			}
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := audit.Record(ctx, tx, p, "transfer_in", "member", m.ID, to.Path, m, &moved); err != nil {
			return err
		}
		t.Status, t.CompletedOn, t.CompletedBy, t.ReceiptNote = model.TransferCompleted, in.On, p.ActorName(), in.Note
		t.ToOrgPath = to.Path
		return nil
	})
}

// Return is the receiving side sending the letter back, with the reason.
func (s *Service) Return(ctx context.Context, p *auth.Principal, id int64, in DoneInput) (*model.Transfer, error) {
	return s.change(ctx, p, id, in.Version, receiving, "return", func(tx *store.Tx, _, t *model.Transfer) error {
		if err := needStatus(t, model.TransferIssued); err != nil {
			return err
		}
		if err := s.checkDone(&in, t, true); err != nil {
			return err
		}
		t.Status, t.ReturnedOn, t.ReturnReason = model.TransferReturned, in.On, in.Note
		return nil
	})
}

// RecordReceipt records the receipt (回执) of an outgoing letter: the sending organisation's
// responsibility ends and the member leaves the register as transferred out.
func (s *Service) RecordReceipt(ctx context.Context, p *auth.Principal, id int64, in DoneInput) (*model.Transfer, error) {
	return s.change(ctx, p, id, in.Version, sending, "receipt", func(tx *store.Tx, _, t *model.Transfer) error {
		if err := needStatus(t, model.TransferIssued); err != nil {
			return err
		}
		if t.Kind != model.TransferOutgoing {
			return errs.Field("status", "transfer.not_outgoing", nil)
		}
		if err := s.checkDone(&in, t, false); err != nil {
			return err
		}
		m, err := tx.GetMember(ctx, store.AllScope, t.MemberID)
		if err != nil {
			return err
		}
		if !m.Status.InRegister() {
			return errs.Field("member_id", "transfer.member_changed", nil)
		}
		out := *m
		out.Status = model.StatusTransferredOut
		if err := tx.UpdateMember(ctx, m, &out); err != nil {
			return errs.FromStore(err)
		}
		if err := audit.Record(ctx, tx, p, "transfer_out", "member", m.ID, m.OrgPath, m, &out); err != nil {
			return err
		}
		t.Status, t.CompletedOn, t.CompletedBy, t.ReceiptNote = model.TransferCompleted, in.On, p.ActorName(), in.Note
		return nil
	})
}

// Cancel withdraws a transfer the sending side has not completed.
func (s *Service) Cancel(ctx context.Context, p *auth.Principal, id, version int64) (*model.Transfer, error) {
	return s.change(ctx, p, id, version, sending, "cancel", func(tx *store.Tx, _, t *model.Transfer) error {
		if err := needStatus(t, model.TransferRequested, model.TransferIssued, model.TransferReturned); err != nil {
			return err
		}
		t.Status = model.TransferCancelled
		return nil
	})
}

// IncomingInput registers a member arriving with a letter from outside the deployment.
type IncomingInput struct {
	Member        *model.Member
	ExternalOrg   string
	LetterNo      string
	IssuedOn      model.Date
	ValidUntil    model.Date
	DuesPaidUntil string
	ReceivedOn    model.Date
}

// Incoming registers the member of an incoming letter in an organisation of the caller's
// write scope (the register's validation applies) within the letter's validity.
func (s *Service) Incoming(ctx context.Context, p *auth.Principal, in IncomingInput) (*model.Transfer, error) {
	in.ExternalOrg, in.LetterNo, in.DuesPaidUntil = strings.TrimSpace(in.ExternalOrg), strings.TrimSpace(in.LetterNo), strings.TrimSpace(in.DuesPaidUntil)
	if in.ReceivedOn.IsZero() {
		in.ReceivedOn = s.Today()
	}
	m := in.Member
	member.Normalize(m)
	m.Status = model.StatusNormal
	fe := member.Validate(m, s.Rules, s.Today())
	fe = checkText(fe, "external_org", in.ExternalOrg, 100, true)
	fe = checkText(fe, "letter_no", in.LetterNo, 50, true)
	fe = checkDues(fe, in.DuesPaidUntil)
	switch {
	case in.IssuedOn.IsZero():
		fe = append(fe, errs.FieldError{Field: "issued_on", Code: "required"})
	case s.Today().Before(in.IssuedOn):
		fe = append(fe, errs.FieldError{Field: "issued_on", Code: "date.future"})
	case !in.ValidUntil.IsZero() && in.ValidUntil.Before(in.IssuedOn):
		fe = append(fe, errs.FieldError{Field: "valid_until", Code: "transfer.valid_before_issue"})
	}
	if s.Today().Before(in.ReceivedOn) {
		fe = append(fe, errs.FieldError{Field: "received_on", Code: "date.future"})
	} else if !in.IssuedOn.IsZero() && in.ReceivedOn.Before(in.IssuedOn) {
		fe = append(fe, errs.FieldError{Field: "received_on", Code: "transfer.before_issue"})
	}
	if err := errs.Fields(fe); err != nil {
		return nil, err
	}
	if in.ValidUntil.IsZero() {
		in.ValidUntil = in.IssuedOn.AddMonths(s.Rules.Lifecycle.LetterValidMonths)
	}
	if in.ReceivedOn.After(in.ValidUntil) {
		return nil, errs.Field("received_on", "transfer.rule.letter_expired", map[string]any{"ValidUntil": in.ValidUntil.String(), "Source": s.Rules.Lifecycle.Source})
	}
	var t *model.Transfer
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := member.CreateInTx(ctx, tx, p, m, "transfer_in"); err != nil {
			return err
		}
		t = &model.Transfer{Kind: model.TransferIncoming, Status: model.TransferCompleted, MemberID: m.ID, MemberName: m.Name,
			MemberSex: m.Sex, MemberBirth: m.BirthDate, MemberCategory: m.Category, MemberEthnic: m.Ethnicity,
			ToOrgID: m.OrgID, ToOrgPath: m.OrgPath, ExternalOrg: in.ExternalOrg, LetterNo: in.LetterNo, IssuedOn: in.IssuedOn,
			ValidUntil: in.ValidUntil, DuesPaidUntil: in.DuesPaidUntil, RequestedOn: in.ReceivedOn, RequestedBy: p.ActorName(),
			CompletedOn: in.ReceivedOn, CompletedBy: p.ActorName(), Reason: "incoming"}
		if err := tx.InsertTransfer(ctx, t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "incoming", "transfer", t.ID, t.ToOrgPath, nil, t)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, t.ID)
}

// Get returns a transfer the caller's sending or receiving side can read, with the member's ID
// number read from the register, masked (the printed letter carries it in full; so does the
// System principal).
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*model.Transfer, error) {
	t, err := s.get(ctx, p, id)
	if err != nil || p.IsSystem() {
		return t, err
	}
	t.MemberIDNumber = model.MaskIDNumber(t.MemberIDNumber)
	return t, nil
}

func (s *Service) get(ctx context.Context, p *auth.Principal, id int64) (*model.Transfer, error) {
	t, err := s.Store.GetTransfer(ctx, p.ReadScope(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if m, err := s.Store.GetMember(ctx, store.AllScope, t.MemberID); err == nil {
		t.MemberIDNumber = m.IDNumber
	}
	t.Side = sideOf(p, t)
	return t, nil
}

// sideOf says which side of a transfer the caller acts for.
func sideOf(p *auth.Principal, t *model.Transfer) string {
	sc := p.WriteScope()
	send := t.FromOrgPath != "" && sc.CoversPath(t.FromOrgPath)
	recv := t.ToOrgPath != "" && sc.CoversPath(t.ToOrgPath)
	switch {
	case send && recv:
		return "both"
	case send:
		return "sending"
	case recv:
		return "receiving"
	}
	return ""
}

// Query is a transfer list request.
type Query struct {
	OrgID      int64
	Direction  string
	Status     string
	Kind       string
	Q          string
	OpenOnly   bool
	Page, Size int
}

// List returns one page of the transfers the caller's subtrees send or receive.
func (s *Service) List(ctx context.Context, p *auth.Principal, q Query) ([]*model.Transfer, int64, error) {
	sc := p.ReadScope()
	if !sc.HasSubtrees() {
		return nil, 0, errs.ErrNotFound
	}
	f := store.TransferFilter{Direction: q.Direction, Status: model.TransferStatus(q.Status), Kind: model.TransferKind(q.Kind),
		Q: q.Q, OpenOnly: q.OpenOnly, Limit: q.Size, Offset: (q.Page - 1) * q.Size}
	if q.OrgID != 0 {
		o, err := s.Store.GetOrg(ctx, sc, q.OrgID)
		if err != nil {
			return nil, 0, errs.ErrNotFound
		}
		f.OrgPath = o.Path
	}
	items, total, err := s.Store.ListTransfers(ctx, sc, f)
	if items == nil {
		items = []*model.Transfer{}
	}
	for _, t := range items {
		t.Side = sideOf(p, t)
	}
	return items, total, err
}

// Destination is a receiving organisation as the sending side may see it: name and path
// names only, nothing of its members or figures.
type Destination struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Parents are the names of the organisations above it, top first.
	Parents []string      `json:"parents"`
	Type    model.OrgType `json:"type"`
}

// Destinations finds live branch-level organisations anywhere in the deployment by name, for
// choosing the receiving side of a transfer: it is open to callers with a write scope, and
// answers names only.
func (s *Service) Destinations(ctx context.Context, p *auth.Principal, q string) ([]Destination, error) {
	if !p.WriteScope().HasSubtrees() {
		return nil, errs.ErrForbidden
	}
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) < 2 {
		return []Destination{}, nil
	}
	orgs, err := s.Store.SearchOrgs(ctx, store.AllScope, q, 50)
	if err != nil {
		return nil, err
	}
	out := []Destination{}
	names := map[int64]string{}
	var ids []int64
	for _, o := range orgs {
		if o.Type.IsBranchLevel() {
			ids = append(ids, model.PathIDs(o.Path)...)
		}
	}
	parents, err := s.Store.OrgsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, o := range parents {
		names[o.ID] = o.Name
	}
	for _, o := range orgs {
		if !o.Type.IsBranchLevel() || len(out) >= 20 {
			continue
		}
		d := Destination{ID: o.ID, Name: o.Name, Type: o.Type, Parents: []string{}}
		path := model.PathIDs(o.Path)
		for _, id := range path[:len(path)-1] {
			d.Parents = append(d.Parents, names[id])
		}
		out = append(out, d)
	}
	return out, nil
}

// Each streams every transfer matching q in the caller's scope, newest first (exports), in pages.
func (s *Service) Each(ctx context.Context, p *auth.Principal, q Query, fn func(*model.Transfer) error) error {
	for pg := 1; ; pg++ {
		q.Page, q.Size = pg, 500
		items, _, err := s.List(ctx, p, q)
		if err != nil {
			return err
		}
		for _, t := range items {
			if err := fn(t); err != nil {
				return err
			}
		}
		if len(items) < q.Size {
			return nil
		}
	}
}
