package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/store"
)

// Credential is a login created on first run. Changed means the user has since chosen their
// own password (the first one no longer works).
type Credential struct {
	Username, Password, Role, Org string
	Changed                       bool
}

// RandomPassword returns a password of n characters from letters, digits and symbols, with at
// least one of each class.
func RandomPassword(n int) string {
	const sets = "abcdefghijkmnpqrstuvwxyz|ABCDEFGHJKLMNPQRSTUVWXYZ|23456789|#%+=@"
	classes := strings.Split(sets, "|")
	b := make([]byte, n)
	for i := range b {
		set := classes[i%len(classes)]
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		b[i] = set[k.Int64()]
	}
	return string(b)
}

// EnsureFirstUsers creates, when the database has no user yet, the three administrators of the
// separation of duties (三员: admin, secadmin, auditor, over the whole tree) and — when the demo
// city is present — a city-level staff login (city) on the root organisation, a district staff
// member, a branch secretary and a member account. Each gets its own random password, which
// must be changed at the first login. The credentials are written to credFile (mode 0600) so
// that later runs can show them again; a login whose password has since been changed shows
// Changed instead.
func (a *App) EnsureFirstUsers(ctx context.Context, credFile string) ([]Credential, error) {
	n, err := a.Store.CountUsers(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return a.markChanged(ctx, readCredentials(credFile)), nil
	}
	type login struct {
		c      Credential
		org    int64
		member int64
	}
	logins := []login{
		{c: Credential{Username: "admin", Role: string(model.RoleAdmin)}},
		{c: Credential{Username: "secadmin", Role: string(model.RoleSecAdmin)}},
		{c: Credential{Username: "auditor", Role: string(model.RoleAuditor)}},
	}
	if root, district, branch, m := a.demoAccounts(ctx); root != nil && district != nil && branch != nil {
		logins = append(logins,
			login{c: Credential{Username: "city", Role: string(model.RoleStaff), Org: root.Name}, org: root.ID},
			login{c: Credential{Username: "district", Role: string(model.RoleStaff), Org: district.Name}, org: district.ID},
			login{c: Credential{Username: "secretary", Role: string(model.RoleSecretary), Org: branch.Name}, org: branch.ID})
		if m != nil {
			logins = append(logins, login{c: Credential{Username: "member", Role: string(model.RoleMember),
				Org: branch.Name + " · " + m.Name}, org: branch.ID, member: m.ID})
		}
	}
	creds := make([]Credential, 0, len(logins))
	for _, l := range logins {
		l.c.Password = RandomPassword(14)
		if _, err := a.Auth.CreateUser(ctx, auth.System, auth.NewUser{Username: l.c.Username, Password: l.c.Password,
			Role: model.Role(l.c.Role), OrgID: l.org, MemberID: l.member}); err != nil {
			return nil, fmt.Errorf("first login %s: %w", l.c.Username, err)
		}
		creds = append(creds, l.c)
	}
	if credFile != "" {
		var b strings.Builder
		for _, c := range creds {
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", c.Username, c.Password, c.Role, c.Org)
		}
		if err := os.MkdirAll(filepath.Dir(credFile), 0o750); err == nil {
			_ = os.WriteFile(credFile, []byte(b.String()), 0o600)
		}
	}
	return creds, nil
}

// markChanged flags the credentials whose password the user has changed since.
func (a *App) markChanged(ctx context.Context, creds []Credential) []Credential {
	for i := range creds {
		if u, err := a.Store.GetUserByUsername(ctx, creds[i].Username); err == nil && !u.MustChangePassword {
			creds[i].Changed = true
		}
	}
	return creds
}

// demoAccounts picks the root organisation, its first district and, inside it, the first
// branch with members.
func (a *App) demoAccounts(ctx context.Context) (root, district, branch *model.Org, m *model.Member) {
	roots, err := a.Store.RootOrgs(ctx, store.AllScope)
	if err != nil || len(roots) == 0 {
		return nil, nil, nil, nil
	}
	root = roots[0]
	district, branch, m = a.demoDistrict(ctx, root)
	return root, district, branch, m
}

func (a *App) demoDistrict(ctx context.Context, root *model.Org) (district, branch *model.Org, m *model.Member) {
	districts, err := a.Store.ChildOrgs(ctx, store.AllScope, root.ID, false)
	if err != nil || len(districts) == 0 {
		return nil, nil, nil
	}
	district = districts[0]
	items, _, err := a.Store.ListMembers(ctx, store.SubtreeScope(district.Path), store.MemberFilter{
		Statuses: []model.Status{model.StatusNormal}, Limit: 1})
	if err != nil || len(items) == 0 {
		return district, nil, nil
	}
	m = items[0]
	o, err := a.Store.GetOrg(ctx, store.AllScope, m.OrgID)
	if err != nil {
		return district, nil, nil
	}
	return district, o, m
}

func readCredentials(file string) []Credential {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var out []Credential
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) == 4 {
			out = append(out, Credential{Username: f[0], Password: f[1], Role: f[2], Org: f[3]})
		}
	}
	return out
}
