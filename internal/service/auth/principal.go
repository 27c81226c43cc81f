// Package auth authenticates users, keeps server-side sessions and turns a user's role grants
// into the scopes every other service passes to the store.
package auth

import (
	"context"

	"dangjian/internal/model"
	"dangjian/internal/store"
)

// Principal is the authenticated caller of a service.
type Principal struct {
	UserID   int64
	Username string
	MemberID int64
	Grants   []model.Grant
	// MemberOrgPath is the organisation path of the member linked to the account, if any.
	MemberOrgPath string
}

// System is the principal of command-line tools and background work already authorised.
var System = &Principal{Username: "system", Grants: []model.Grant{{Role: model.RoleAdmin}}}

// HasRole reports whether any grant carries one of roles.
func (p *Principal) HasRole(roles ...model.Role) bool {
	for _, g := range p.Grants {
		for _, r := range roles {
			if g.Role == r {
				return true
			}
		}
	}
	return false
}

func (p *Principal) scopeOf(roles ...model.Role) store.Scope {
	var sc store.Scope
	for _, g := range p.Grants {
		for _, r := range roles {
			if g.Role != r {
				continue
			}
			if g.OrgPath == "" {
				if r == model.RoleAdmin {
					return store.AllScope
				}
				continue
			}
			sc.Paths = append(sc.Paths, g.OrgPath)
		}
	}
	return sc
}

// ReadScope is what the principal may read of organisation-owned business data: the subtrees of
// its admin, staff and secretary grants, or, with a member grant only, the member alone.
func (p *Principal) ReadScope() store.Scope {
	sc := p.scopeOf(model.RoleAdmin, model.RoleStaff, model.RoleSecretary)
	if !sc.All && len(sc.Paths) == 0 && p.HasRole(model.RoleMember) && p.MemberID != 0 {
		return store.Scope{SelfMemberID: p.MemberID, SelfOrgPath: p.MemberOrgPath}
	}
	return sc
}

// WriteScope is where the principal may create and change organisations and members.
func (p *Principal) WriteScope() store.Scope {
	return p.scopeOf(model.RoleAdmin, model.RoleStaff, model.RoleSecretary)
}

// ManageScope is where the principal may restructure (move, dissolve) organisations and manage
// user accounts: the subtrees of admin and staff grants.
func (p *Principal) ManageScope() store.Scope {
	return p.scopeOf(model.RoleAdmin, model.RoleStaff)
}

// AuditScope is the part of the audit log the principal may read.
func (p *Principal) AuditScope() store.Scope {
	return p.scopeOf(model.RoleAdmin, model.RoleAuditor)
}

type principalKey struct{}

// WithPrincipal stores p in ctx.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal in ctx, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// ActorID implements audit.Actor.
func (p *Principal) ActorID() int64 { return p.UserID }

// ActorName implements audit.Actor.
func (p *Principal) ActorName() string { return p.Username }
