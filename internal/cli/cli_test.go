package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/org"
)

// TestMain gives the commands a personal-data key (as DANGJIAN_KEY) and cheap password hashes.
func TestMain(m *testing.M) {
	os.Setenv("DANGJIAN_KEY", base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{42}, 32)))
	auth.Argon = auth.ArgonParams{Time: 1, Memory: 1024, Threads: 1}
	os.Exit(m.Run())
}

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

func TestImportExportCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "ie.db")
	empty := ""
	a, err := (&dbOptions{db: &db, rules: &empty, keyFile: &empty}).open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Orgs.Create(context.Background(), auth.System, org.Input{Name: "中共测试市委", Type: model.MunicipalCommittee, Code: "ROOT"}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	orgs := filepath.Join(dir, "orgs.csv")
	os.WriteFile(orgs, []byte("党组织名称,组织类别,上级党组织,组织编码\n测试区委,区委,ROOT,D1\n测试支部,党支部,D1,B1\n"), 0o600)
	if out, err := runCmd(t, "import", "orgs", "--db", db, orgs); err != nil || !strings.Contains(out, "2 new") {
		t.Fatalf("import orgs: %v %s", err, out)
	}
	base := "210202198001011" + "23"
	id := base + string(model.IDCheckDigit(base))
	members := filepath.Join(dir, "m.csv")
	os.WriteFile(members, []byte("姓名,公民身份号码,党员类别,党组织编码\n张三,"+id+",正式党员,B1\n李四,123,正式党员,B1\n"), 0o600)
	out, err := runCmd(t, "import", "members", "--db", db, "--dry-run", members)
	if err != nil || !strings.Contains(out, "1 new") || !strings.Contains(out, "1 invalid") || !strings.Contains(out, "row 3") {
		t.Fatalf("dry run: %v %s", err, out)
	}
	if _, err := runCmd(t, "import", "members", "--db", db, members); err == nil {
		t.Fatal("a file with an invalid row imported without --partial")
	}
	if out, err := runCmd(t, "import", "members", "--db", db, "--partial", members); err != nil || !strings.Contains(out, "1 written") {
		t.Fatalf("partial: %v %s", err, out)
	}
	xlsx := filepath.Join(dir, "out.xlsx")
	if out, err := runCmd(t, "export", "members", "--db", db, "--org", "1", xlsx); err != nil || !strings.Contains(out, "Exported 1 members") {
		t.Fatalf("export: %v %s", err, out)
	}
	if out, err := runCmd(t, "import", "members", "--db", db, xlsx); err != nil || !strings.Contains(out, "1 unchanged") {
		t.Fatalf("re-import of the export: %v %s", err, out)
	}
	if out, err := runCmd(t, "stats", "verify", "--db", db); err != nil {
		t.Fatalf("verify: %v %s", err, out)
	}
}
