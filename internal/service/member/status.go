package member

import (
	"context"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// StatusInput is a requested change of a member's status (党籍状态变动), with what the kind
// needs: a mobile member's destination and activity card, a stay abroad's country and purpose,
// an exit's type and reason, the end of an intra-party probation, and the approval.
type StatusInput struct {
	Kind        model.StatusChangeKind
	EffectiveOn model.Date
	Reason      string
	ExitType    model.ExitType
	ApprovalOrg string
	ApprovedOn  model.Date
	ApprovalRef string
	Destination string
	CardNo      string
	ContactOrg  string
	Country     string
	Purpose     model.AbroadPurpose
	Until       model.Date
	// Version is the member record's version the change was decided on.
	Version int64
}

func (in *StatusInput) change() *model.StatusChange {
	t := strings.TrimSpace
	return &model.StatusChange{Kind: in.Kind, EffectiveOn: in.EffectiveOn, Reason: t(in.Reason), ExitType: in.ExitType,
		ApprovalOrg: t(in.ApprovalOrg), ApprovedOn: in.ApprovedOn, ApprovalRef: t(in.ApprovalRef), Destination: t(in.Destination),
		CardNo: t(in.CardNo), ContactOrg: t(in.ContactOrg), Country: t(in.Country), Purpose: in.Purpose, Until: in.Until}
}

// validateStatusInput checks the fields a change of this kind needs, without the member.
func (s *Service) validateStatusInput(c *model.StatusChange) []errs.FieldError {
	v := &validation{}
	if _, known := model.StatusTransitions[c.Kind]; !known {
		v.add("kind", "invalid_value", map[string]any{"Value": string(c.Kind)})
		return v.fe
	}
	today := s.Today()
	if c.EffectiveOn.IsZero() {
		v.add("effective_on", "required", nil)
	} else if today.Before(c.EffectiveOn) {
		v.add("effective_on", "date.future", nil)
	}
	need := func(field, value string) {
		if value == "" {
			v.add(field, "required", nil)
		}
	}
	switch c.Kind {
	case model.ChangeMobile:
		need("destination", c.Destination)
		need("card_no", c.CardNo)
	case model.ChangeAbroad:
		need("country", c.Country)
		enum(v, "purpose", c.Purpose, true, model.AbroadStudy, model.AbroadWork, model.AbroadSettle, model.AbroadOther)
	case model.ChangeExit:
		enum(v, "exit_type", c.ExitType, true, model.ExitTypes...)
		need("reason", c.Reason)
	case model.ChangeSuspension, model.ChangeLostContact:
		need("reason", c.Reason)
	case model.ChangePartyProbation:
		if c.Until.IsZero() {
			v.add("until", "required", nil)
		} else if !c.Until.After(c.EffectiveOn) {
			v.add("until", "member.until_after_effective", nil)
		}
	}
	if c.Kind != model.ChangeExit && c.ExitType != "" {
		v.add("exit_type", "member.exit_type_unexpected", nil)
	}
	if s.Rules.Lifecycle.NeedsApproval(c.Kind) {
		need("approval_org", c.ApprovalOrg)
		if c.ApprovedOn.IsZero() {
			v.add("approved_on", "required", nil)
		}
	}
	if !c.ApprovedOn.IsZero() {
		if today.Before(c.ApprovedOn) {
			v.add("approved_on", "date.future", nil)
		} else if !c.EffectiveOn.IsZero() && c.EffectiveOn.Before(c.ApprovedOn) && c.Kind == model.ChangeExit {
			// A removal takes effect on its approval (党章 Art. 9), never before it.
			v.add("effective_on", "member.exit_before_approval", nil)
		}
	}
	for _, l := range []struct {
		field, value string
		max          int
	}{{"reason", c.Reason, 500}, {"approval_org", c.ApprovalOrg, 100}, {"approval_ref", c.ApprovalRef, 50},
		{"destination", c.Destination, 200}, {"card_no", c.CardNo, 50}, {"contact_org", c.ContactOrg, 100}, {"country", c.Country, 50}} {
		if utf8.RuneCountInString(l.value) > l.max {
			v.add(l.field, "too_long", map[string]any{"Max": l.max})
		}
	}
	return v.fe
}

// ChangeStatus records a status change of a member in the caller's write scope and applies it
// to the register (status, exit type, rollups), checking the transition and the timers of
// rules.md §2.4: suspension of a lost-contact member only after the lost-contact period, of a
// member studying abroad only after the study period, removal as self-lapse of a suspended
// member only after the suspension period.
func (s *Service) ChangeStatus(ctx context.Context, p *auth.Principal, memberID int64, in StatusInput) (*model.Member, *model.StatusChange, error) {
	c := in.change()
	if err := errs.Fields(s.validateStatusInput(c)); err != nil {
		return nil, nil, err
	}
	var out *model.Member
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetMember(ctx, p.WriteScope(), memberID)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != in.Version {
			return errs.ErrConflict
		}
		if err := s.checkTimers(ctx, tx, old, c); err != nil {
			return err
		}
		if _, err := tx.OpenTransferOf(ctx, old.ID); err == nil && c.Kind != model.ChangePartyProbation {
			return errs.Field("kind", "member.transfer_open", nil)
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		out, err = ApplyStatusChange(ctx, tx, p, old, c)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return out, c, nil
}

// checkTimers enforces the waiting periods before a suspension or a self-lapse removal.
func (s *Service) checkTimers(ctx context.Context, tx *store.Tx, m *model.Member, c *model.StatusChange) error {
	r := s.Rules.Lifecycle
	since := func(kind model.StatusChangeKind) (*model.StatusChange, error) {
		list, err := tx.StatusChangesOf(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		for _, x := range list { // newest first
			if x.Kind == kind {
				return x, nil
			}
		}
		return nil, nil
	}
	wait := func(kind model.StatusChangeKind, months int, code string) error {
		start, err := since(kind)
		if err != nil || start == nil {
			// Without a recorded start (a status set before the product kept dates) the period
			// cannot be checked; the recorded approval stands for it.
			return err
		}
		earliest := start.EffectiveOn.AddMonths(months)
		if c.EffectiveOn.Before(earliest) {
			return errs.Field("effective_on", code, map[string]any{"Since": start.EffectiveOn.String(),
				"Months": months, "Earliest": earliest.String(), "Source": r.Source})
		}
		return nil
	}
	switch {
	case c.Kind == model.ChangeSuspension && m.Status == model.StatusLostContact:
		return wait(model.ChangeLostContact, r.LostContactSuspensionMonths, "member.rule.lost_contact_period")
	case c.Kind == model.ChangeSuspension && m.Status == model.StatusAbroad:
		start, err := since(model.ChangeAbroad)
		if err != nil || start == nil || start.Purpose != model.AbroadStudy {
			return err
		}
		return wait(model.ChangeAbroad, r.AbroadStudySuspensionMonths, "member.rule.abroad_study_period")
	case c.Kind == model.ChangeExit && c.ExitType == model.ExitSelfLapse && m.Status == model.StatusSuspended:
		return wait(model.ChangeSuspension, r.SuspensionRemovalMonths, "member.rule.suspension_period")
	case c.Kind == model.ChangeExit && c.ExitType == model.ExitProbationCancelled && m.Category != model.Probationary:
		return errs.Field("exit_type", "member.not_probationary", nil)
	}
	return nil
}

// ApplyStatusChange applies a validated change to a member inside tx: the transition must start
// from the member's status; the member's status and exit type are updated through the register
// (so the rollups follow), the change is recorded and both are audited. Development records use
// it to cancel a probation.
func ApplyStatusChange(ctx context.Context, tx *store.Tx, p *auth.Principal, old *model.Member, c *model.StatusChange) (*model.Member, error) {
	tr := model.StatusTransitions[c.Kind]
	if !slices.Contains(tr.From, old.Status) {
		return nil, errs.Field("kind", "member.status_change_from", map[string]any{"Kind": string(c.Kind), "Status": string(old.Status)})
	}
	if !old.AdmittedOn.IsZero() && c.EffectiveOn.Before(old.AdmittedOn) {
		return nil, errs.Field("effective_on", "member.change_before_admission", nil)
	}
	c.MemberID, c.OrgPath, c.FromStatus, c.ToStatus = old.ID, old.OrgPath, old.Status, old.Status
	c.CreatedBy = p.ActorName()
	m := *old
	if tr.To != "" {
		c.ToStatus = tr.To
		m.Status = tr.To
		m.ExitType = ""
		if c.Kind == model.ChangeExit {
			m.ExitType = c.ExitType
		}
		if err := tx.UpdateMember(ctx, old, &m); err != nil {
			return nil, errs.FromStore(err)
		}
	}
	if err := tx.InsertStatusChange(ctx, c); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, p, "status."+string(c.Kind), "member", old.ID, old.OrgPath, old, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// StatusChanges returns the recorded status changes of a member the caller can read, newest first.
func (s *Service) StatusChanges(ctx context.Context, p *auth.Principal, memberID int64) ([]*model.StatusChange, error) {
	if _, err := s.Get(ctx, p, memberID); err != nil {
		return nil, err
	}
	return s.Store.StatusChangesOf(ctx, memberID)
}
