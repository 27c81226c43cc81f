package auth

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// NewUser is the input to CreateUser.
type NewUser struct {
	Username    string
	Password    string
	DisplayName string
	Role        model.Role
	OrgID       int64
	MemberID    int64
}

// MinPasswordLength is the baseline password length (the security issue hardens the policy).
const MinPasswordLength = 8

func checkPassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return errs.Field("password", "password.too_short", map[string]any{"Min": MinPasswordLength})
	}
	return nil
}

// CreateUser creates an account with one grant. The caller needs a manage grant covering the
// organisation; a grant without an organisation (whole tree) is for whole-tree administrators only.
func (s *Service) CreateUser(ctx context.Context, p *Principal, in NewUser) (*model.User, error) {
	in.Username = strings.TrimSpace(in.Username)
	var fe []errs.FieldError
	if in.Username == "" || len(in.Username) > 64 {
		fe = append(fe, errs.FieldError{Field: "username", Code: "required"})
	}
	if err := checkPassword(in.Password); err != nil {
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
	u := &model.User{Username: in.Username, DisplayName: in.DisplayName, PasswordHash: hash, MemberID: in.MemberID}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		g, err := s.resolveGrant(ctx, tx, p, in.Role, in.OrgID)
		if err != nil {
			return err
		}
		if in.MemberID != 0 {
			if _, err := tx.GetMember(ctx, p.ManageScope(), in.MemberID); err != nil {
				return errs.Field("member_id", "not_found", nil)
			}
		}
		if err := tx.InsertUser(ctx, u); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return errs.Field("username", "user.taken", nil)
			}
			return err
		}
		g.UserID = u.ID
		if err := tx.InsertGrant(ctx, g); err != nil {
			return err
		}
		u.Grants = []model.Grant{*g}
		return audit.Record(ctx, tx, p, "create", "user", u.ID, g.OrgPath, nil, u)
	})
	return u, err
}

// resolveGrant checks that p may hand out role on orgID and fills in the organisation path.
func (s *Service) resolveGrant(ctx context.Context, tx *store.Tx, p *Principal, role model.Role, orgID int64) (*model.Grant, error) {
	if !role.Valid() {
		return nil, errs.Field("role", "invalid_value", map[string]any{"Value": role})
	}
	manage := p.ManageScope()
	g := &model.Grant{Role: role, OrgID: orgID}
	if orgID == 0 {
		if role != model.RoleAdmin {
			return nil, errs.Field("org_id", "required", nil)
		}
		if !manage.All {
			return nil, errs.ErrForbidden
		}
		return g, nil
	}
	if role == model.RoleAdmin && !p.HasRole(model.RoleAdmin) {
		return nil, errs.ErrForbidden
	}
	o, err := tx.GetOrg(ctx, manage, orgID)
	if err != nil {
		return nil, errs.Field("org_id", "not_found", nil)
	}
	g.OrgPath, g.OrgName = o.Path, o.Name
	return g, nil
}

// AddGrant gives an existing user (visible to the caller) another role.
func (s *Service) AddGrant(ctx context.Context, p *Principal, userID int64, role model.Role, orgID int64) (*model.Grant, error) {
	var g *model.Grant
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := s.visibleUser(ctx, tx, p, userID); err != nil {
			return err
		}
		var err error
		if g, err = s.resolveGrant(ctx, tx, p, role, orgID); err != nil {
			return err
		}
		g.UserID = userID
		if err := tx.InsertGrant(ctx, g); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "grant", "user", userID, g.OrgPath, nil, g)
	})
	return g, err
}

// RemoveGrant takes a grant away; the grant must lie in the caller's manage scope.
func (s *Service) RemoveGrant(ctx context.Context, p *Principal, userID, grantID int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		u, err := s.visibleUser(ctx, tx, p, userID)
		if err != nil {
			return err
		}
		for _, g := range u.Grants {
			if g.ID != grantID {
				continue
			}
			if !p.ManageScope().CoversPath(g.OrgPath) || (g.OrgPath == "" && !p.ManageScope().All) {
				return errs.ErrForbidden
			}
			if err := tx.DeleteGrant(ctx, userID, grantID); err != nil {
				return err
			}
			return audit.Record(ctx, tx, p, "revoke", "user", userID, g.OrgPath, g, nil)
		}
		return errs.ErrNotFound
	})
}

// SetPassword sets a user's password (their own, or one the caller manages) and ends their sessions.
func (s *Service) SetPassword(ctx context.Context, p *Principal, userID int64, password string) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if userID != p.UserID {
			if _, err := s.visibleUser(ctx, tx, p, userID); err != nil {
				return err
			}
		}
		if err := tx.SetPassword(ctx, userID, hash); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "password", "user", userID, "", nil, nil)
	})
}

// visibleUser returns a user all of whose grants lie in the caller's manage scope.
func (s *Service) visibleUser(ctx context.Context, tx *store.Tx, p *Principal, userID int64) (*model.User, error) {
	u, err := tx.GetUser(ctx, userID)
	if err != nil {
		return nil, errs.ErrNotFound
	}
	sc := p.ManageScope()
	if !sc.All {
		if len(sc.Paths) == 0 {
			return nil, errs.ErrNotFound
		}
		for _, g := range u.Grants {
			if g.OrgPath == "" || !sc.CoversPath(g.OrgPath) {
				return nil, errs.ErrNotFound
			}
		}
	}
	return u, nil
}

// ListUsers lists users with a grant in the caller's manage scope.
func (s *Service) ListUsers(ctx context.Context, p *Principal, limit, offset int) ([]*model.User, int64, error) {
	sc := p.ManageScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, 0, errs.ErrForbidden
	}
	return s.Store.ListUsers(ctx, sc, limit, offset)
}
