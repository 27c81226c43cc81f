package cli

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/store"
)

// TestAuditVerifyAndArchiveCommands: an audit row edited by hand in the database makes
// 'audit verify' exit 1 and name it; an archive of old entries verifies alone and the live
// chain continues from it; nothing younger than the retention is archived.
func TestAuditVerifyAndArchiveCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	today := model.DateOf(time.Now())
	err = s.InTx(ctx, func(tx *store.Tx) error {
		for _, days := range []int{400, 300, 200, 5, 1} {
			if err := tx.InsertAudit(ctx, &model.AuditEntry{At: today.Time().AddDate(0, 0, -days), Username: "clerk",
				Action: "update", Entity: "member", EntityID: int64(days), After: `{"name":"x"}`}); err != nil {
				return err
			}
		}
		return nil
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := runCmd(t, "audit", "verify", "--db", db); err != nil || !strings.Contains(out, "intact: 5 entries") {
		t.Fatalf("verify: %v %s", err, out)
	}
	young := today.AddDate(0, 0, -179).String()
	if _, err := runCmd(t, "audit", "archive", "--db", db, "--before", young, "--out", filepath.Join(dir, "young.jsonl")); err == nil ||
		!strings.Contains(err.Error(), "at least 180 days") {
		t.Fatalf("archive of entries younger than the retention: %v", err)
	}
	file := filepath.Join(dir, "2025.jsonl")
	out, err := runCmd(t, "audit", "archive", "--db", db, "--before", today.AddDate(0, 0, -180).String(), "--out", file)
	if err != nil || !strings.Contains(out, "Archived 3 audit entries (1–3)") {
		t.Fatalf("archive: %v %s", err, out)
	}
	if out, err := runCmd(t, "audit", "verify", "--archive", file, "--db", db); err != nil || !strings.Contains(out, "continues from this archive (entry 3)") {
		t.Fatalf("verify archive: %v %s", err, out)
	}
	// The live chain holds the two young entries and the record of the archive.
	if out, err := runCmd(t, "audit", "verify", "--db", db); err != nil || !strings.Contains(out, "intact: 3 entries (4–6) from base 3") {
		t.Fatalf("verify after archive: %v %s", err, out)
	}

	// Someone edits entry 5 by hand, dropping the trigger that refuses it.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE audit_log SET after = '{"name":"y"}' WHERE id = 5`); err == nil {
		t.Fatal("the trigger let an audit row be edited")
	}
	if _, err := raw.Exec(`DROP TRIGGER audit_log_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE audit_log SET after = '{"name":"y"}' WHERE id = 5`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	out, err = runCmd(t, "audit", "verify", "--db", db)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 1 || !strings.Contains(out, "entry 5 edited") {
		t.Fatalf("verify after a hand edit: %v %q", err, out)
	}
}
