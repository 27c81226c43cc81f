package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs one subcommand in-process and returns its output and error.
func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := commands[args[0]].run(context.Background(), args[1:], &out)
	return out.String(), err
}

func TestUserAndStatsCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.db")
	if out, err := runCmd(t, "migrate", "--db", db); err != nil || !strings.Contains(out, "migrated") {
		t.Fatalf("migrate: %v %s", err, out)
	}
	if _, err := runCmd(t, "user", "create", "--db", db, "--username", "root", "--password", "short", "--role", "admin"); err == nil {
		t.Fatal("a 5-character password was accepted")
	}
	if out, err := runCmd(t, "user", "create", "--db", db, "--username", "root", "--password", "Long#enough1", "--role", "admin"); err != nil {
		t.Fatalf("user create: %v %s", err, out)
	}
	if _, err := runCmd(t, "user", "create", "--db", db, "--username", "x", "--password", "Long#enough1", "--role", "staff"); err == nil {
		t.Fatal("a staff user without an organisation was accepted")
	}
	out, err := runCmd(t, "user", "list", "--db", db)
	if err != nil || !strings.Contains(out, "root") || !strings.Contains(out, "admin") {
		t.Fatalf("user list: %v %s", err, out)
	}
	if out, err := runCmd(t, "user", "passwd", "--db", db, "--username", "root", "--password", "Another#pass2"); err != nil {
		t.Fatalf("passwd: %v %s", err, out)
	}
	if out, err := runCmd(t, "stats", "verify", "--db", db); err != nil || !strings.Contains(out, "no differences") {
		t.Fatalf("stats verify: %v %s", err, out)
	}
	if _, err := runCmd(t, "stats", "bogus"); err == nil {
		t.Fatal("stats bogus accepted")
	}
	if code := Main([]string{"dangjian", "nonsense"}); code != 2 {
		t.Fatalf("unknown command exit code %d", code)
	}
}

func TestOpenAPIDocument(t *testing.T) {
	out, err := runCmd(t, "openapi")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"/api/v1/members"`, `"/api/v1/orgs/{id}/stats"`, `"/api/v1/auth/login"`, `"openapi": "3.1.0"`} {
		if !strings.Contains(out, want) {
			t.Errorf("OpenAPI document lacks %s", want)
		}
	}
}
