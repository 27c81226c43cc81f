package app_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"dangjian/internal/app"
	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/store/storetest"
)

// TestFirstRunLogins: the first run creates the three administrators and the demo city's
// business logins, each with its own password that must be changed at the first login.
func TestFirstRunLogins(t *testing.T) {
	auth.Argon = auth.ArgonParams{Time: 1, Memory: 1024, Threads: 1}
	s := storetest.Open(t, "sqlite")
	a, err := app.FromStore(s, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Jobs.Shutdown()
	ctx := context.Background()
	if _, err := a.GenerateDemo(ctx, 300, 2, false); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "first-login.txt")
	creds, err := a.EnsureFirstUsers(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]model.Role{"admin": model.RoleAdmin, "secadmin": model.RoleSecAdmin, "auditor": model.RoleAuditor,
		"city": model.RoleStaff, "district": model.RoleStaff, "secretary": model.RoleSecretary, "member": model.RoleMember}
	if len(creds) != len(want) {
		t.Fatalf("logins: %+v", creds)
	}
	passwords := map[string]bool{}
	for _, c := range creds {
		u, err := s.GetUserByUsername(ctx, c.Username)
		if err != nil || len(u.Grants) != 1 || u.Grants[0].Role != want[c.Username] || !u.MustChangePassword {
			t.Fatalf("login %s: %v %+v", c.Username, err, u)
		}
		if c.Username == "city" && u.Grants[0].OrgPath != "/1/" {
			t.Fatalf("city staff not on the root: %+v", u.Grants)
		}
		if c.Role == string(model.RoleAdmin) && u.Grants[0].OrgID != 0 {
			t.Fatalf("admin grant on an organisation: %+v", u.Grants)
		}
		if _, _, err := a.Auth.Login(ctx, c.Username, c.Password); err != nil {
			t.Fatalf("login %s with the printed password: %v", c.Username, err)
		}
		passwords[c.Password] = true
	}
	if len(passwords) != len(creds) {
		t.Fatal("two first-run logins share a password")
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("credential file: %v %v", err, st)
	}
	// Later runs show the same logins, and which have been changed since.
	city, _ := s.GetUserByUsername(ctx, "city")
	p, _ := a.Auth.PrincipalFor(ctx, city.ID)
	if err := a.Auth.ChangePassword(ctx, p, creds[3].Password, "Changed#2026"); err != nil {
		t.Fatal(err)
	}
	again, err := a.EnsureFirstUsers(ctx, file)
	if err != nil || len(again) != len(creds) {
		t.Fatalf("second run: %v %+v", err, again)
	}
	for _, c := range again {
		if c.Changed != (c.Username == "city") {
			t.Fatalf("changed flags: %+v", again)
		}
	}
}
