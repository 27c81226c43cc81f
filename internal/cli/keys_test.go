package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/org"
	"dangjian/internal/vault"
)

// TestKeysCommands: generate a key file, import members, rotate to a new key while the old one
// still reads, retire the old key; a missing or wrong key stops every command before it
// touches the database.
func TestKeysCommands(t *testing.T) {
	dir := t.TempDir()
	db, keyFile := filepath.Join(dir, "k.db"), filepath.Join(dir, "dangjian.key")
	t.Setenv("DANGJIAN_KEY", "")
	// No key: refused, and no database file is created.
	_, err := runCmd(t, "migrate", "--db", db)
	if !errors.Is(err, vault.ErrNoKey) || !strings.Contains(err.Error(), "--key-file") {
		t.Fatalf("migrate without a key: %v", err)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("a database was created without a key")
	}
	if out, err := runCmd(t, "keys", "generate", "--key-file", keyFile); err != nil || !strings.Contains(out, "written") {
		t.Fatalf("generate: %v %s", err, out)
	}
	if _, err := runCmd(t, "keys", "generate", "--key-file", keyFile); err == nil {
		t.Fatal("an existing key file was overwritten")
	}
	k := "--key-file=" + keyFile
	empty := ""
	a, err := (&dbOptions{db: &db, rules: &empty, keyFile: &keyFile}).open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Orgs.Create(context.Background(), auth.System, org.Input{Name: "中共测试市委", Type: model.MunicipalCommittee, Code: "ROOT"}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	orgs := filepath.Join(dir, "orgs.csv")
	os.WriteFile(orgs, []byte("党组织名称,组织类别,上级党组织,组织编码\n测试支部,党支部,ROOT,B1\n"), 0o600)
	if out, err := runCmd(t, "import", "orgs", "--db", db, k, orgs); err != nil {
		t.Fatalf("import orgs: %v %s", err, out)
	}
	var rows strings.Builder
	rows.WriteString("姓名,公民身份号码,党员类别,党组织编码,联系电话\n")
	for i := 0; i < 30; i++ {
		base := "21020219800101" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "3"
		rows.WriteString("党员" + base[14:16] + "," + base + string(model.IDCheckDigit(base)) + ",正式党员,B1,1390000" + base[13:17] + "\n")
	}
	members := filepath.Join(dir, "m.csv")
	os.WriteFile(members, []byte(rows.String()), 0o600)
	if out, err := runCmd(t, "import", "members", "--db", db, k, members); err != nil || !strings.Contains(out, "30 new") {
		t.Fatalf("import members: %v %s", err, out)
	}
	if out, err := runCmd(t, "keys", "status", "--db", db, k); err != nil || !strings.Contains(out, "data key 1 fingerprint") || !strings.Contains(out, "30 rows (active)") {
		t.Fatalf("status: %v %s", err, out)
	}
	out, err := runCmd(t, "keys", "rotate", "--db", db, k, "--settle", "0", "--batch", "7")
	if err != nil || !strings.Contains(out, "Pass 1: 30 rows (members, applicants) re-encrypted with key 2") || !strings.Contains(out, "Pass 2: 0 rows") ||
		!strings.Contains(out, "data key 1 fingerprint") || !strings.Contains(out, "data key 2 fingerprint") {
		t.Fatalf("rotate: %v %s", err, out)
	}
	if out, err := runCmd(t, "keys", "rotate", "--db", db, k, "--continue", "--retire"); err != nil || !strings.Contains(out, "Key 1 retired") ||
		strings.Contains(out, "data key 1 ") {
		t.Fatalf("retire: %v %s", err, out)
	}
	export := filepath.Join(dir, "out.csv")
	if out, err := runCmd(t, "export", "members", "--db", db, k, "--org", "1", export); err != nil || !strings.Contains(out, "Exported 30 members") {
		t.Fatalf("export after rotation: %v %s", err, out)
	}
	if b, _ := os.ReadFile(export); !strings.Contains(string(b), "210202198001010") {
		t.Fatal("the export lacks the decrypted ID numbers")
	}
	// Another key file: refused before anything is written.
	other := filepath.Join(dir, "other.key")
	runCmd(t, "keys", "generate", "--key-file", other)
	if _, err := runCmd(t, "user", "list", "--db", db, "--key-file", other); err == nil || !strings.Contains(err.Error(), "not the key file of this database") {
		t.Fatalf("a wrong key file: %v", err)
	}
	// The audit and statistics commands need no key.
	if out, err := runCmd(t, "audit", "verify", "--db", db); err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify without a key: %v %s", err, out)
	}
}
