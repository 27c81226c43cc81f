package auth

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// NewUser is the input to CreateUser. Role, OrgID and MemberID give the new account its first
// grant; only the System principal (command line, first run) creates an account with a grant,
// since an administrator who creates accounts may not also grant roles (三员分立).
type NewUser struct {
	Username    string
	Password    string
	DisplayName string
	Role        model.Role
	OrgID       int64
	MemberID    int64
	// Changed marks the initial password as already chosen by the user (no change required
	// at the first login); the System principal only.
	Changed bool
}

// CreateUser creates an account (system administrators). Its password follows the policy and
// must be changed at the first login.
func (s *Service) CreateUser(ctx context.Context, p *Principal, in NewUser) (*model.User, error) {
	if !p.IsSystemAdmin() {
		return nil, errs.ErrForbidden
	}
	if !p.IsSystem() && (in.Role != "" || in.Changed) {
		return nil, errs.ErrForbidden
	}
	in.Username = strings.TrimSpace(in.Username)
	var fe []errs.FieldError
	if in.Username == "" || len(in.Username) > 64 {
		fe = append(fe, errs.FieldError{Field: "username", Code: "required"})
	}
	if err := CheckPassword(s.Policy, "password", in.Username, in.Password, nil); err != nil {
		e, _ := errs.As(err)
		fe = append(fe, e.Fields...)
	}
	if err := errs.Fields(fe); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u := &model.User{Username: in.Username, DisplayName: strings.TrimSpace(in.DisplayName), PasswordHash: hash,
		MustChangePassword: !in.Changed, Grants: []model.Grant{}}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertUser(ctx, u); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return errs.Field("username", "user.taken", nil)
			}
			return err
		}
		if err := audit.Record(ctx, tx, p, "create", "user", u.ID, "", nil, u); err != nil {
			return err
		}
		if in.Role == "" {
			return nil
		}
		g, err := s.grant(ctx, tx, p, u, GrantInput{Role: in.Role, OrgID: in.OrgID, MemberID: in.MemberID})
		if err != nil {
			return err
		}
		u.Grants = []model.Grant{*g}
		return nil
	})
	return u, err
}

// GrantInput is a role grant to give: the role, the organisation it covers (none: the whole
// tree, administrative roles only) and, for the member role, the member the account belongs
// to, by id (System) or by citizen ID number (exact match in the caller's grant scope).
type GrantInput struct {
	Role     model.Role
	OrgID    int64
	MemberID int64
	IDNumber string
}

// AddGrant gives an existing user a role (security administrators, never on their own account).
func (s *Service) AddGrant(ctx context.Context, p *Principal, userID int64, in GrantInput) (*model.Grant, error) {
	var g *model.Grant
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		u, err := s.grantableUser(ctx, tx, p, userID)
		if err != nil {
			return err
		}
		g, err = s.grant(ctx, tx, p, u, in)
		return err
	})
	return g, err
}

// grant checks and writes one grant to u, with its audit entry.
func (s *Service) grant(ctx context.Context, tx *store.Tx, p *Principal, u *model.User, in GrantInput) (*model.Grant, error) {
	if !in.Role.Valid() {
		return nil, errs.Field("role", "invalid_value", map[string]any{"Value": in.Role})
	}
	if err := separation(u.Grants, in.Role); err != nil {
		return nil, err
	}
	scope := p.GrantScope()
	g := &model.Grant{UserID: u.ID, Role: in.Role, OrgID: in.OrgID}
	switch {
	case in.Role == model.RoleMember:
		m, err := s.memberFor(ctx, tx, scope, in)
		if err != nil {
			return nil, err
		}
		if u.MemberID != 0 && u.MemberID != m.ID {
			return nil, errs.Field("id_number", "grant.other_member", nil)
		}
		if err := tx.LinkMember(ctx, u.ID, m.ID); err != nil {
			return nil, errs.FromStore(err)
		}
		u.MemberID = m.ID
		g.OrgID = m.OrgID
	case in.Role.Administrative():
		// Administrative roles are given by whole-tree security administrators only.
		if !scope.All {
			return nil, errs.ErrForbidden
		}
		if in.Role == model.RoleAdmin && in.OrgID != 0 {
			return nil, errs.Field("org_id", "grant.admin_whole_tree", nil)
		}
	case in.OrgID == 0:
		return nil, errs.Field("org_id", "required", nil)
	}
	if g.OrgID != 0 {
		o, err := tx.GetOrg(ctx, scope, g.OrgID)
		if err != nil {
			return nil, errs.Field("org_id", "not_found", nil)
		}
		g.OrgPath, g.OrgName = o.Path, o.Name
	}
	if err := tx.InsertGrant(ctx, g); err != nil {
		return nil, err
	}
	u.Grants = append(u.Grants, *g)
	return g, audit.Record(ctx, tx, p, "grant", "user", u.ID, g.OrgPath, nil, g)
}

// separation refuses a grant that would give one account two administrative roles, or an
// administrative role and a business role (三员分立): whoever grants may not use a grant, and
// whoever acts may not read (or archive) the trail.
func separation(existing []model.Grant, role model.Role) error {
	for _, g := range existing {
		if g.Role == role {
			continue
		}
		if g.Role.Administrative() || role.Administrative() {
			return errs.Field("role", "grant.separation", map[string]any{"Held": g.Role, "Role": role})
		}
	}
	return nil
}

// administrative reports whether grants hold one of the three administrative roles.
func administrative(grants []model.Grant) bool {
	for _, g := range grants {
		if g.Role.Administrative() {
			return true
		}
	}
	return false
}

// memberFor finds the member a member-role grant belongs to, inside scope.
func (s *Service) memberFor(ctx context.Context, tx *store.Tx, scope store.Scope, in GrantInput) (*model.Member, error) {
	if in.MemberID != 0 {
		m, err := tx.GetMember(ctx, scope, in.MemberID)
		if err != nil {
			return nil, errs.Field("member_id", "not_found", nil)
		}
		return m, nil
	}
	id := model.NormalizeIDNumber(in.IDNumber)
	if id == "" {
		return nil, errs.Field("id_number", "required", nil)
	}
	m, err := tx.MemberByIDNumber(ctx, scope, id)
	if err != nil {
		return nil, errs.Field("id_number", "grant.member_not_found", nil)
	}
	return m, nil
}

// RemoveGrant takes a grant away (security administrators, within their grant scope, never
// from their own account).
func (s *Service) RemoveGrant(ctx context.Context, p *Principal, userID, grantID int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		u, err := s.grantableUser(ctx, tx, p, userID)
		if err != nil {
			return err
		}
		for _, g := range u.Grants {
			if g.ID != grantID {
				continue
			}
			if g.Role.Administrative() && !p.GrantScope().All {
				return errs.ErrForbidden
			}
			if err := tx.DeleteGrant(ctx, userID, grantID); err != nil {
				return err
			}
			if g.Role == model.RoleMember {
				if err := tx.LinkMember(ctx, userID, 0); err != nil {
					return err
				}
			}
			return audit.Record(ctx, tx, p, "revoke", "user", userID, g.OrgPath, g, nil)
		}
		return errs.ErrNotFound
	})
}

// grantableUser returns a user the caller may grant to: every grant of the user lies in the
// caller's grant scope (an account without grants qualifies), and it is not the caller's own.
func (s *Service) grantableUser(ctx context.Context, tx *store.Tx, p *Principal, userID int64) (*model.User, error) {
	sc := p.GrantScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, errs.ErrForbidden
	}
	if userID == p.UserID && !p.IsSystem() {
		return nil, errs.New(errs.Forbidden, "grant.self")
	}
	u, err := tx.GetUser(ctx, userID)
	if err != nil {
		return nil, errs.ErrNotFound
	}
	if !sc.All {
		for _, g := range u.Grants {
			if g.OrgPath == "" || !sc.CoversPath(g.OrgPath) {
				return nil, errs.ErrNotFound
			}
		}
	}
	return u, nil
}

// ListUsers lists user accounts: every account for system administrators and whole-tree
// security administrators, and for a security administrator of a subtree the accounts all of
// whose grants lie in it (accounts without grants included, so that they can be given one).
func (s *Service) ListUsers(ctx context.Context, p *Principal, limit, offset int) ([]*model.User, int64, error) {
	sc := p.GrantScope()
	if p.IsSystemAdmin() {
		sc = store.AllScope
	}
	if !sc.All && len(sc.Paths) == 0 {
		return nil, 0, errs.ErrForbidden
	}
	return s.Store.ListUsers(ctx, sc, limit, offset)
}
