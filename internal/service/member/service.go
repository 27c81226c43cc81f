// Package member keeps the member register (党员名册): validated create and edit, scoped
// lists with filters and search, history from the audit log, and streaming export.
package member

import (
	"context"
	"errors"
	"strings"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/pinyin"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Service is the member register service.
type Service struct {
	Store *store.Store
	Rules *rules.Set
	// Today returns the current date (tests fix it).
	Today func() model.Date
}

// New returns the member service.
func New(s *store.Store, r *rules.Set) *Service {
	return &Service{Store: s, Rules: r, Today: func() model.Date { return model.DateOf(time.Now()) }}
}

// Normalize trims text fields, upper-cases the ID number, fills the birth date and sex from a
// valid ID number when missing, and computes the pinyin initials.
func Normalize(m *model.Member) {
	m.Name = strings.TrimSpace(m.Name)
	m.IDNumber = model.NormalizeIDNumber(m.IDNumber)
	m.Phone = strings.TrimSpace(m.Phone)
	m.Ethnicity = strings.TrimSpace(m.Ethnicity)
	if info, err := model.ParseIDNumber(m.IDNumber); err == nil {
		if m.BirthDate.IsZero() {
			m.BirthDate = info.BirthDate
		}
		if m.Sex == "" {
			m.Sex = info.Sex
		}
	}
	if m.Status == "" {
		m.Status = model.StatusNormal
	}
	m.NameInitials = pinyin.Initials(m.Name)
}

// placeIn checks the member's organisation is a live branch-level organisation in scope and
// copies its path onto the member.
func placeIn(ctx context.Context, tx *store.Tx, sc store.Scope, m *model.Member) error {
	o, err := tx.GetOrg(ctx, sc, m.OrgID)
	if err != nil {
		return errs.Field("org_id", "not_found", nil)
	}
	if o.Dissolved() {
		return errs.Field("org_id", "org.dissolved", nil)
	}
	if !o.Type.IsBranchLevel() {
		return errs.Field("org_id", "member.org_not_branch", nil)
	}
	m.OrgPath, m.OrgName = o.Path, o.Name
	return nil
}

// Create registers a member in an organisation of the caller's write scope.
func (s *Service) Create(ctx context.Context, p *auth.Principal, m *model.Member) (*model.Member, error) {
	Normalize(m)
	if err := errs.Fields(Validate(m, s.Rules, s.Today())); err != nil {
		return nil, err
	}
	err := s.Store.InTx(ctx, func(tx *store.Tx) error { return CreateInTx(ctx, tx, p, m, "create") })
	if err != nil {
		return nil, err
	}
	return m.Redacted(), nil
}

// keepMasked puts the stored ID number and phone back where the edit sent them masked (as the
// form showed them): an untouched masked field keeps its value. A masked value other than the
// stored one's mask is an error.
func keepMasked(old, m *model.Member) error {
	if model.IsMasked(m.IDNumber) {
		if m.IDNumber != model.MaskIDNumber(old.IDNumber) {
			return errs.Field("id_number", "member.masked", nil)
		}
		m.IDNumber = old.IDNumber
	}
	if model.IsMasked(m.Phone) {
		if m.Phone != model.MaskPhone(old.Phone) {
			return errs.Field("phone", "member.masked", nil)
		}
		m.Phone = old.Phone
	}
	return nil
}

// CreateInTx places a normalized, validated member in an organisation of the caller's write
// scope and inserts it inside tx, audited under action (transfers register incoming members).
// A masked ID number or phone (as lists show them) is refused.
func CreateInTx(ctx context.Context, tx *store.Tx, p *auth.Principal, m *model.Member, action string) error {
	if err := placeIn(ctx, tx, p.WriteScope(), m); err != nil {
		return err
	}
	if model.IsMasked(m.IDNumber) || model.IsMasked(m.Phone) {
		return errs.Field("id_number", "member.masked", nil)
	}
	if err := tx.InsertMember(ctx, m); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return errs.Field("id_number", "member.id_taken", nil)
		}
		return err
	}
	return audit.Record(ctx, tx, p, action, "member", m.ID, m.OrgPath, nil, m.Redacted())
}

// Update replaces a member's record at version; moving to another organisation needs both in scope.
func (s *Service) Update(ctx context.Context, p *auth.Principal, id, version int64, m *model.Member) (*model.Member, error) {
	Normalize(m)
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetMember(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if err := keepMasked(old, m); err != nil {
			return err
		}
		Normalize(m)
		if err := errs.Fields(Validate(m, s.Rules, s.Today())); err != nil {
			return err
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if m.OrgID == 0 {
			m.OrgID = old.OrgID
		}
		if err := placeIn(ctx, tx, p.WriteScope(), m); err != nil {
			return err
		}
		m.CreatedAt = old.CreatedAt
		if err := tx.UpdateMember(ctx, old, m); err != nil {
			if errors.Is(err, store.ErrConflict) && old.IDNumber != m.IDNumber {
				return errs.Field("id_number", "member.id_taken", nil)
			}
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "update", "member", m.ID, m.OrgPath, old.Redacted(), m.Redacted())
	})
	if err != nil {
		return nil, err
	}
	return m.Redacted(), nil
}

// Delete removes a record entered by mistake. Members who leave are not deleted: their status
// changes (rules §2.4.10), so this is for duplicates and test entries, and it is audited. The
// counters of the meetings, documents and study sessions they were on are recounted in the same
// transaction.
func (s *Service) Delete(ctx context.Context, p *auth.Principal, id, version int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetMember(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		// Their attendance, acknowledgements and study records go first, with the counters of
		// the meetings, documents and sessions they were on.
		if err := tx.ForgetMemberOrgLife(ctx, id); err != nil {
			return err
		}
		if err := tx.DeleteMember(ctx, old); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete", "member", id, old.OrgPath, old.Redacted(), nil)
	})
}

// Get returns one member in the caller's read scope, the ID number and phone masked (in full
// for the System principal: the command line and background work).
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*model.Member, error) {
	m, err := s.get(ctx, p, id)
	if err != nil || p.IsSystem() {
		return m, err
	}
	return m.Redacted(), nil
}

func (s *Service) get(ctx context.Context, p *auth.Principal, id int64) (*model.Member, error) {
	m, err := s.Store.GetMember(ctx, p.ReadScope(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.ErrNotFound
	}
	return m, err
}

// Personal is a member's personal data unmasked.
type Personal struct {
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
}

// Reveal returns a member's full ID number and phone to a caller whose role may see them (the
// rules' unmask_roles; a member their own), and records the view in the audit log.
func (s *Service) Reveal(ctx context.Context, p *auth.Principal, id int64) (*Personal, error) {
	m, err := s.get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !p.MayUnmask(s.Rules.Security.UnmaskRoles, m.ID) {
		return nil, errs.ErrForbidden
	}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		return audit.Record(ctx, tx, p, "reveal", "member", m.ID, m.OrgPath, nil, map[string]any{"fields": []string{"id_number", "phone"}})
	})
	if err != nil {
		return nil, err
	}
	return &Personal{IDNumber: m.IDNumber, Phone: m.Phone}, nil
}

// MayUnmask reports whether p's role may see full personal data (for the console's "show").
func (s *Service) MayUnmask(p *auth.Principal) bool {
	return p.MayUnmask(s.Rules.Security.UnmaskRoles, p.MemberID)
}

// History returns the audit entries of a member the caller can read, newest first.
func (s *Service) History(ctx context.Context, p *auth.Principal, id int64, limit int) ([]*model.AuditEntry, error) {
	if _, err := s.get(ctx, p, id); err != nil {
		return nil, err
	}
	items, _, err := s.Store.ListAudit(ctx, store.AllScope, store.AuditFilter{Entity: "member", EntityID: id, Limit: limit})
	return items, err
}
