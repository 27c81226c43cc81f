// Package org manages the organisation tree (党组织): create, edit, move a subtree, dissolve,
// with the establishment rules of rules.md §1 as errors (binding) and warnings (advice).
package org

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Service is the organisation service.
type Service struct {
	Store *store.Store
	Rules *rules.Set
	// Today returns the current date (tests fix it).
	Today func() model.Date
}

// New returns the organisation service.
func New(s *store.Store, r *rules.Set) *Service {
	return &Service{Store: s, Rules: r, Today: func() model.Date { return model.DateOf(time.Now()) }}
}

// Input is the editable part of an organisation.
type Input struct {
	ParentID     int64
	Name         string
	ShortName    string
	Type         model.OrgType
	HasCommittee bool
	UnitType     model.UnitType
	UnitName     string
	Industry     string
	Code         string
	UnitCode     string
	Address      string
	Phone        string
	FoundedOn    model.Date
	TermStart    model.Date
	TermYears    int
}

// Warning is advice from the rules that does not block the change.
type Warning = errs.FieldError

func (in *Input) apply(o *model.Org) {
	o.Name, o.ShortName, o.Type, o.HasCommittee = strings.TrimSpace(in.Name), strings.TrimSpace(in.ShortName), in.Type, in.HasCommittee
	o.UnitType, o.UnitName, o.Industry, o.Code = in.UnitType, strings.TrimSpace(in.UnitName), in.Industry, strings.TrimSpace(in.Code)
	o.UnitCode, o.Address, o.Phone = strings.TrimSpace(in.UnitCode), strings.TrimSpace(in.Address), strings.TrimSpace(in.Phone)
	o.FoundedOn, o.TermStart, o.TermYears = in.FoundedOn, in.TermStart, in.TermYears
}

func checkFields(o *model.Org, today model.Date) []errs.FieldError {
	var fe []errs.FieldError
	if o.Name == "" {
		fe = append(fe, errs.FieldError{Field: "name", Code: "required"})
	} else if utf8.RuneCountInString(o.Name) > 100 {
		fe = append(fe, errs.FieldError{Field: "name", Code: "too_long", Params: map[string]any{"Max": 100}})
	}
	if !o.Type.Valid() {
		fe = append(fe, errs.FieldError{Field: "type", Code: "invalid_value", Params: map[string]any{"Value": o.Type}})
	}
	if !o.UnitType.Valid() {
		fe = append(fe, errs.FieldError{Field: "unit_type", Code: "invalid_value", Params: map[string]any{"Value": o.UnitType}})
	}
	if o.TermYears < 0 || o.TermYears > 10 {
		fe = append(fe, errs.FieldError{Field: "term_years", Code: "org.term_years"})
	}
	if today.Before(o.FoundedOn) {
		fe = append(fe, errs.FieldError{Field: "founded_on", Code: "date.future"})
	}
	if today.Before(o.TermStart) {
		fe = append(fe, errs.FieldError{Field: "term_start", Code: "date.future"})
	}
	return fe
}

// checkPlacement enforces where a type may stand in the tree.
func checkPlacement(o *model.Org, parent *model.Org) []errs.FieldError {
	if parent == nil {
		return nil
	}
	if parent.Dissolved() {
		return []errs.FieldError{{Field: "parent_id", Code: "org.parent_dissolved"}}
	}
	if o.Type == model.PartyGroup && !parent.Type.IsBranchLevel() {
		return []errs.FieldError{{Field: "type", Code: "org.party_group_parent"}}
	}
	if parent.Type.IsBranchLevel() && o.Type != model.PartyGroup {
		return []errs.FieldError{{Field: "parent_id", Code: "org.branch_children"}}
	}
	if o.Type == model.MunicipalCommittee {
		return []errs.FieldError{{Field: "type", Code: "org.municipal_root"}}
	}
	return nil
}

// checkRules applies the §1 thresholds to an organisation with the given full and total
// direct members: binding rules become errors, advice becomes warnings.
func (s *Service) checkRules(o *model.Org, full, members int64, creating bool) (errors, warnings []errs.FieldError) {
	r := s.Rules.Org
	p := map[string]any{"Min": r.BranchMinFullMembers, "Full": full, "Members": members,
		"Max": r.BranchAdvisedMaxMembers, "Committee": r.CommitteeRequiredAtFull, "Version": r.Version}
	if o.Type == model.Branch && full < int64(r.BranchMinFullMembers) {
		if creating {
			warnings = append(warnings, errs.FieldError{Field: "type", Code: "org.branch_min_full_new", Params: p})
		} else {
			errors = append(errors, errs.FieldError{Field: "type", Code: "org.branch_min_full", Params: p})
		}
	}
	if o.Type.IsBranchLevel() && o.Type != model.PartyGroup && members > int64(r.BranchAdvisedMaxMembers) {
		warnings = append(warnings, errs.FieldError{Field: "type", Code: "org.branch_too_large", Params: p})
	}
	if (o.Type == model.Branch || o.Type == model.JointBranch) && full >= int64(r.CommitteeRequiredAtFull) && !o.HasCommittee {
		warnings = append(warnings, errs.FieldError{Field: "has_committee", Code: "org.committee_expected", Params: p})
	}
	if o.HasCommittee && o.Type.IsBranchLevel() && full < int64(r.CommitteeRequiredAtFull) && !creating {
		warnings = append(warnings, errs.FieldError{Field: "has_committee", Code: "org.committee_too_small", Params: p})
	}
	if o.Type == model.TemporaryBranch && o.TermYears > 0 {
		warnings = append(warnings, errs.FieldError{Field: "term_years", Code: "org.temporary_no_term", Params: p})
	}
	return errors, warnings
}

func (s *Service) defaultTerm(o *model.Org) {
	if !o.TermStart.IsZero() && o.TermYears == 0 {
		o.TermYears = s.Rules.Org.DefaultTermYears(o.Type, o.UnitType)
	}
	end := o.TermEnd()
	o.TermExpired = !end.IsZero() && end.Before(s.Today())
}

// Create adds an organisation under in.ParentID (0: a new root, whole-tree administrators only).
func (s *Service) Create(ctx context.Context, p *auth.Principal, in Input) (*model.Org, []Warning, error) {
	var o *model.Org
	var warnings []Warning
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		o, warnings, err = s.CreateInTx(ctx, tx, p, in)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return o, warnings, nil
}

// CreateInTx is Create inside the caller's transaction (imports create many in one).
func (s *Service) CreateInTx(ctx context.Context, tx *store.Tx, p *auth.Principal, in Input) (*model.Org, []Warning, error) {
	o := &model.Org{}
	in.apply(o)
	s.defaultTerm(o)
	fe := checkFields(o, s.Today())
	var parent *model.Org
	if in.ParentID != 0 {
		var err error
		if parent, err = tx.GetOrg(ctx, p.WriteScope(), in.ParentID); err != nil {
			return nil, nil, errs.Field("parent_id", "not_found", nil)
		}
	} else if !p.ManageScope().All {
		return nil, nil, errs.Field("parent_id", "required", nil)
	}
	fe = append(fe, checkPlacement(o, parent)...)
	ruleErrs, warnings := s.checkRules(o, 0, 0, true)
	if err := errs.Fields(append(fe, ruleErrs...)); err != nil {
		return nil, nil, err
	}
	id, err := tx.NextOrgIDs(ctx, 1)
	if err != nil {
		return nil, nil, err
	}
	o.ID = id
	if parent != nil {
		o.ParentID, o.Path, o.Depth = parent.ID, model.ChildPath(parent.Path, id), parent.Depth+1
	} else {
		o.Path = model.ChildPath("", id)
	}
	if err := tx.InsertOrg(ctx, o); err != nil {
		return nil, nil, err
	}
	return o, warnings, audit.Record(ctx, tx, p, "create", "org", o.ID, o.Path, nil, o)
}

// Update edits an organisation at version. Its place in the tree is changed by Move.
func (s *Service) Update(ctx context.Context, p *auth.Principal, id, version int64, in Input) (*model.Org, []Warning, error) {
	var out *model.Org
	var warnings []Warning
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, warnings, err = s.UpdateInTx(ctx, tx, p, id, version, in)
		return err
	})
	return out, warnings, err
}

// UpdateInTx is Update inside the caller's transaction.
func (s *Service) UpdateInTx(ctx context.Context, tx *store.Tx, p *auth.Principal, id, version int64, in Input) (*model.Org, []Warning, error) {
	var out *model.Org
	var warnings []Warning
	err := func() error {
		old, err := tx.GetOrg(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if old.Dissolved() {
			return errs.Field("dissolved_on", "org.dissolved", nil)
		}
		o := *old
		in.apply(&o)
		s.defaultTerm(&o)
		fe := checkFields(&o, s.Today())
		var parent *model.Org
		if o.ParentID != 0 {
			ps, _ := tx.OrgsByIDs(ctx, []int64{o.ParentID})
			if len(ps) == 1 {
				parent = ps[0]
			}
		}
		fe = append(fe, checkPlacement(&o, parent)...)
		c, err := tx.OrgCounts(ctx, id)
		if err != nil {
			return err
		}
		ruleErrs, w := s.checkRules(&o, c[model.MetricSelfFull], c[model.MetricSelfMembers], false)
		if o.Type == old.Type && old.Type == model.Branch {
			// An existing branch below the minimum is an alert, not a reason to refuse other edits.
			w = append(w, ruleErrs...)
			ruleErrs = nil
		}
		warnings = w
		if err := errs.Fields(append(fe, ruleErrs...)); err != nil {
			return err
		}
		if err := tx.UpdateOrg(ctx, old, &o); err != nil {
			return errs.FromStore(err)
		}
		out = &o
		return audit.Record(ctx, tx, p, "update", "org", o.ID, o.Path, old, &o)
	}()
	return out, warnings, err
}

// CheckMove validates a move without doing it, so that the API can refuse at once what the
// background job would refuse.
func (s *Service) CheckMove(ctx context.Context, p *auth.Principal, id, version, newParentID int64) (*model.Org, error) {
	sc := p.ManageScope()
	o, err := s.Store.GetOrg(ctx, sc, id)
	if err != nil {
		return nil, errs.ErrNotFound
	}
	if o.Version != version {
		return nil, errs.ErrConflict
	}
	parent, err := s.Store.GetOrg(ctx, sc, newParentID)
	if err != nil {
		return nil, errs.Field("parent_id", "not_found", nil)
	}
	if model.PathUnder(parent.Path, o.Path) {
		return nil, errs.Field("parent_id", "org.move_into_self", nil)
	}
	return o, errs.Fields(checkPlacement(o, parent))
}

// Move re-parents a subtree (with its members and grants); the caller must manage both the
// organisation and the new parent. It runs as a job for large subtrees.
func (s *Service) Move(ctx context.Context, p *auth.Principal, id, version, newParentID int64) (*model.Org, error) {
	var out *model.Org
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		sc := p.ManageScope()
		o, err := tx.GetOrg(ctx, sc, id)
		if err != nil {
			return errs.ErrNotFound
		}
		if o.Version != version {
			return errs.ErrConflict
		}
		parent, err := tx.GetOrg(ctx, sc, newParentID)
		if err != nil {
			return errs.Field("parent_id", "not_found", nil)
		}
		if model.PathUnder(parent.Path, o.Path) {
			return errs.Field("parent_id", "org.move_into_self", nil)
		}
		if fe := checkPlacement(o, parent); len(fe) > 0 {
			return errs.Fields(fe)
		}
		if o.ParentID == parent.ID {
			out = o
			return nil
		}
		before := *o
		if _, err := tx.MoveOrg(ctx, o, parent); err != nil {
			return errs.FromStore(err)
		}
		out = o
		return audit.Record(ctx, tx, p, "move", "org", o.ID, o.Path, &before, o)
	})
	return out, err
}

// Dissolve marks an organisation dissolved on date; refused while members or live child
// organisations remain (move or transfer them first).
func (s *Service) Dissolve(ctx context.Context, p *auth.Principal, id, version int64, on model.Date) (*model.Org, error) {
	if on.IsZero() {
		on = s.Today()
	}
	var out *model.Org
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetOrg(ctx, p.ManageScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if old.Dissolved() {
			return errs.Field("dissolved_on", "org.dissolved", nil)
		}
		if old.ParentID == 0 {
			return errs.Field("id", "org.dissolve_root", nil)
		}
		n, err := tx.CountSubtreeMembersInRegister(ctx, old.Path)
		if err != nil {
			return err
		}
		if n > 0 {
			return errs.Field("id", "org.dissolve_members", map[string]any{"Count": n})
		}
		if n, err = tx.CountSubtreeRunningDevelopments(ctx, old.Path); err != nil {
			return err
		} else if n > 0 {
			return errs.Field("id", "org.dissolve_developments", map[string]any{"Count": n})
		}
		c, err := tx.CountLiveChildren(ctx, id)
		if err != nil {
			return err
		}
		if c > 0 {
			return errs.Field("id", "org.dissolve_children", map[string]any{"Count": c})
		}
		o := *old
		o.DissolvedOn, o.TermExpired = on, false
		if err := tx.UpdateOrg(ctx, old, &o); err != nil {
			return errs.FromStore(err)
		}
		out = &o
		return audit.Record(ctx, tx, p, "dissolve", "org", o.ID, o.Path, old, &o)
	})
	return out, err
}
