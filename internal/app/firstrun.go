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

// Credential is a login created on first run.
type Credential struct {
	Username, Password, Role, Org string
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

// EnsureFirstUsers creates, when the database has no user yet, an administrator and — when the
// demo city is present — a district staff member, a branch secretary and a member account, all
// sharing one random password. The credentials are written to credFile (mode 0600) so that
// later runs can show them again; they are returned either way when the file exists.
func (a *App) EnsureFirstUsers(ctx context.Context, credFile string) ([]Credential, error) {
	n, err := a.Store.CountUsers(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return readCredentials(credFile), nil
	}
	pw := RandomPassword(14)
	creds := []Credential{{Username: "admin", Password: pw, Role: string(model.RoleAdmin)}}
	create := func(c *Credential, orgID, memberID int64) error {
		_, err := a.Auth.CreateUser(ctx, auth.System, auth.NewUser{Username: c.Username, Password: c.Password,
			Role: model.Role(c.Role), OrgID: orgID, MemberID: memberID})
		return err
	}
	if err := create(&creds[0], 0, 0); err != nil {
		return nil, err
	}
	if district, branch, m := a.demoAccounts(ctx); district != nil && branch != nil {
		more := []struct {
			c      Credential
			org    int64
			member int64
		}{
			{Credential{"district", pw, string(model.RoleStaff), district.Name}, district.ID, 0},
			{Credential{"secretary", pw, string(model.RoleSecretary), branch.Name}, branch.ID, 0},
		}
		if m != nil {
			more = append(more, struct {
				c      Credential
				org    int64
				member int64
			}{Credential{"member", pw, string(model.RoleMember), branch.Name + " · " + m.Name}, branch.ID, m.ID})
		}
		for _, x := range more {
			if err := create(&x.c, x.org, x.member); err != nil {
				return nil, err
			}
			creds = append(creds, x.c)
		}
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

// demoAccounts picks the first district and, inside it, the first branch with members.
func (a *App) demoAccounts(ctx context.Context) (district, branch *model.Org, m *model.Member) {
	roots, err := a.Store.RootOrgs(ctx, store.AllScope)
	if err != nil || len(roots) == 0 {
		return nil, nil, nil
	}
	districts, err := a.Store.ChildOrgs(ctx, store.AllScope, roots[0].ID, false)
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
			out = append(out, Credential{f[0], f[1], f[2], f[3]})
		}
	}
	return out
}
