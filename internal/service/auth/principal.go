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
	// MustChangePassword restricts the principal to changing its password (and logging out)
	// until it has done so.
	MustChangePassword bool
	// SessionID is the session the request came with (0 outside HTTP).
	SessionID int64
	tokenHash string
	system    bool
}

// System is the principal of command-line tools and background work already authorised: it
// may do everything, and is the only principal that both administers and reads business data.
var System = &Principal{Username: "system", system: true}

// IsSystem reports whether p is the System principal.
func (p *Principal) IsSystem() bool { return p.system }

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

// scopeOf is the union of the subtrees of p's grants of roles; a grant without an
// organisation (administrative roles only) covers the whole tree.
func (p *Principal) scopeOf(roles ...model.Role) store.Scope {
	if p.system {
		return store.AllScope
	}
	var sc store.Scope
	for _, g := range p.Grants {
		for _, r := range roles {
			if g.Role != r {
				continue
			}
			if g.OrgPath == "" {
				if r.Administrative() {
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
// its staff and secretary grants, or, with a member grant only, the member alone.
// Administrative roles read no business data.
func (p *Principal) ReadScope() store.Scope {
	sc := p.scopeOf(model.RoleStaff, model.RoleSecretary)
	if !sc.All && len(sc.Paths) == 0 && p.HasRole(model.RoleMember) && p.MemberID != 0 {
		return store.Scope{SelfMemberID: p.MemberID, SelfOrgPath: p.MemberOrgPath}
	}
	return sc
}

// WriteScope is where the principal may create and change organisations and members.
func (p *Principal) WriteScope() store.Scope {
	return p.scopeOf(model.RoleStaff, model.RoleSecretary)
}

// ManageScope is where the principal may restructure (move, dissolve) organisations: the
// subtrees of staff grants.
func (p *Principal) ManageScope() store.Scope {
	return p.scopeOf(model.RoleStaff)
}

// DirectoryScope is the part of the organisation tree whose names and structure the principal
// may browse: its business read scope, and the subtrees where it gives grants.
func (p *Principal) DirectoryScope() store.Scope {
	sc := p.ReadScope()
	g := p.GrantScope()
	if sc.All || g.All {
		return store.AllScope
	}
	if sc.SelfMemberID != 0 && len(g.Paths) > 0 {
		sc = store.Scope{}
	}
	sc.Paths = append(sc.Paths, g.Paths...)
	return sc
}

// GrantScope is where the principal may give and take role grants: the subtrees of its
// security administrator grants.
func (p *Principal) GrantScope() store.Scope { return p.scopeOf(model.RoleSecAdmin) }

// AuditScope is the part of the audit log the principal may read: the subtrees of its audit
// administrator grants.
func (p *Principal) AuditScope() store.Scope { return p.scopeOf(model.RoleAuditor) }

// IsSystemAdmin reports whether p administers user accounts and sessions (系统管理员).
func (p *Principal) IsSystemAdmin() bool { return p.system || p.HasRole(model.RoleAdmin) }

// MayUnmask reports whether p may see the full personal data (ID number, phone) of a member
// in its read scope, by the roles the rules allow; a member may always see their own.
func (p *Principal) MayUnmask(roles []model.Role, memberID int64) bool {
	if p.system || (memberID != 0 && memberID == p.MemberID && p.HasRole(model.RoleMember)) {
		return true
	}
	return p.HasRole(roles...)
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
