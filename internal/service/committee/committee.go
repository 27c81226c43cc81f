// Package committee keeps organisations' committees (支部委员会/党委): who holds which post for
// which term, the committee terms and their expiry (alerts three months before, the list of
// expired organisations), and the records of re-elections (换届选举) validated against the rules
// of rules.md §1.6, with the secretary elected by the new committee and reported upward.
package committee

import (
	"context"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Service is the committee service.
type Service struct {
	Store *store.Store
	Rules *rules.Set
	// Now returns the current time (tests fix it).
	Now func() time.Time
}

// New returns the committee service.
func New(s *store.Store, r *rules.Set) *Service { return &Service{Store: s, Rules: r, Now: time.Now} }

func (s *Service) today() model.Date { return model.DateOf(s.Now().Local()) }

// Committee returns an organisation's committee now (or every post ever held, with all).
func (s *Service) Committee(ctx context.Context, p *auth.Principal, orgID int64, all bool) (*model.Org, []*model.CommitteeMember, error) {
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, nil, errs.ErrNotFound
	}
	o, err := s.Store.GetOrg(ctx, sc, orgID)
	if err != nil {
		return nil, nil, errs.ErrNotFound
	}
	list, err := s.Store.Committee(ctx, o.ID, s.today(), all)
	return o, list, err
}

// PostInput is a post holder to add or change.
type PostInput struct {
	OrgID     int64
	MemberID  int64
	Post      model.CommitteePost
	TermStart model.Date
	LeftOn    model.Date
}

func (s *Service) checkPost(in *PostInput) []errs.FieldError {
	var fe []errs.FieldError
	if !s.Rules.OrgLife.ValidPost(in.Post) {
		fe = append(fe, errs.FieldError{Field: "post", Code: "invalid_value", Params: map[string]any{"Value": in.Post}})
	}
	if in.TermStart.IsZero() {
		fe = append(fe, errs.FieldError{Field: "term_start", Code: "required"})
	} else if s.today().Before(in.TermStart) {
		fe = append(fe, errs.FieldError{Field: "term_start", Code: "date.future"})
	}
	if !in.LeftOn.IsZero() && in.LeftOn.Before(in.TermStart) {
		fe = append(fe, errs.FieldError{Field: "left_on", Code: "committee.left_before_start"})
	}
	return fe
}

// AddPost records that a member holds a post on an organisation's committee (in the caller's
// write scope); the member must be a full member the caller can read.
func (s *Service) AddPost(ctx context.Context, p *auth.Principal, in PostInput) (*model.CommitteeMember, error) {
	if err := errs.Fields(s.checkPost(&in)); err != nil {
		return nil, err
	}
	var out *model.CommitteeMember
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		o, err := tx.GetOrg(ctx, p.WriteScope(), in.OrgID)
		if err != nil {
			return errs.Field("org_id", "not_found", nil)
		}
		m, err := tx.GetMember(ctx, p.ReadScope(), in.MemberID)
		if err != nil {
			return errs.Field("member_id", "not_found", nil)
		}
		if m.Category != model.Full || !m.Status.InRegister() {
			return errs.Field("member_id", "committee.full_member_only", nil)
		}
		c := &model.CommitteeMember{OrgID: o.ID, OrgPath: o.Path, MemberID: m.ID, Name: m.Name, Post: in.Post,
			TermStart: in.TermStart, LeftOn: in.LeftOn}
		if err := tx.InsertCommitteeMember(ctx, c); err != nil {
			return err
		}
		out = c
		return audit.Record(ctx, tx, p, "create", "committee_member", c.ID, c.OrgPath, nil, c)
	})
	return out, err
}

// UpdatePost changes a post holder's post and dates at version (LeftOn ends the post).
func (s *Service) UpdatePost(ctx context.Context, p *auth.Principal, id, version int64, in PostInput) (*model.CommitteeMember, error) {
	if err := errs.Fields(s.checkPost(&in)); err != nil {
		return nil, err
	}
	var out *model.CommitteeMember
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetCommitteeMember(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		c := *old
		c.Post, c.TermStart, c.LeftOn = in.Post, in.TermStart, in.LeftOn
		if err := tx.UpdateCommitteeMember(ctx, &c); err != nil {
			return errs.FromStore(err)
		}
		out = &c
		return audit.Record(ctx, tx, p, "update", "committee_member", c.ID, c.OrgPath, old, &c)
	})
	return out, err
}

// DeletePost removes a post holder entered by mistake, at version.
func (s *Service) DeletePost(ctx context.Context, p *auth.Principal, id, version int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetCommitteeMember(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if err := tx.DeleteCommitteeMember(ctx, old); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete", "committee_member", id, old.OrgPath, old, nil)
	})
}

// TermState selects organisations by their committee term.
type TermState string

// Term states.
const (
	TermExpiring TermState = "expiring" // ends within the rules' alert months
	TermExpired  TermState = "expired"  // ended without re-election
)

// Terms lists organisations of a subtree whose committee term is expiring (within the rules'
// months) or expired, soonest end first.
func (s *Service) Terms(ctx context.Context, p *auth.Principal, orgID int64, state TermState, page, size int) ([]*model.Org, int64, error) {
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, 0, errs.ErrNotFound
	}
	o, err := s.Store.GetOrg(ctx, sc, orgID)
	if err != nil {
		return nil, 0, errs.ErrNotFound
	}
	f := store.TermFilter{Path: o.Path, Limit: size, Offset: (page - 1) * size}
	switch state {
	case TermExpired:
		f.Expired = true
	case TermExpiring:
		f.Until = s.today().AddDate(0, s.Rules.OrgLife.TermAlertMonths, 0)
	default:
		return nil, 0, errs.Field("state", "invalid_value", map[string]any{"Value": state})
	}
	return s.Store.TermOrgs(ctx, sc, f)
}
