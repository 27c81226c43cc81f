package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
	"dangjian/internal/vault"
)

// TestPersonalDataEncryptedAtRest: with the database alone, no ID number or phone can be read
// (not in the members table, not in the audit log); with the key they read back.
func TestPersonalDataEncryptedAtRest(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		var ms []*model.Member
		for i := 0; i < 20; i++ {
			m := member(orgs["A1"], model.Full)
			m.Phone = "1390555" + m.IDNumber[13:17]
			ms = append(ms, m)
		}
		sealed, err := s.SealMembers(ms[1:])
		if err != nil {
			t.Fatal(err)
		}
		err = s.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertMember(ctx, ms[0]); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, actor("clerk"), "create", "member", ms[0].ID, ms[0].OrgPath, nil, ms[0].Redacted()); err != nil {
				return err
			}
			return tx.InsertMembers(ctx, sealed)
		})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := store.RawText(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(raw, "张伟") {
			t.Fatal("the raw dump does not show the (unencrypted) names: the test reads the wrong thing")
		}
		for _, m := range ms {
			for _, secret := range []string{m.IDNumber, m.Phone, m.IDNumber[6:14] + m.IDNumber[14:]} {
				if strings.Contains(raw, secret) {
					t.Fatalf("%q is readable in the database", secret)
				}
			}
		}
		items, _, err := s.ListMembers(ctx, store.AllScope, store.MemberFilter{Limit: 50})
		if err != nil || len(items) != 20 {
			t.Fatalf("list: %v %d", err, len(items))
		}
		for _, got := range items {
			found := false
			for _, m := range ms {
				found = found || (m.IDNumber == got.IDNumber && m.Phone == got.Phone)
			}
			if !found {
				t.Fatalf("member %d reads back as %s / %s", got.ID, got.IDNumber, got.Phone)
			}
		}
		// The keyed hash keeps ID numbers unique.
		dup := member(orgs["B1"], model.Full)
		dup.IDNumber = ms[3].IDNumber
		err = s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMember(ctx, dup) })
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("a duplicate ID number: %v", err)
		}
	})
}

func fileSum(t *testing.T, files ...string) [32]byte {
	h := sha256.New()
	for _, f := range files {
		b, _ := os.ReadFile(f)
		h.Write(b)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// TestWrongOrMissingKeyTouchesNothing: a store opened with another key file refuses to start
// and leaves the database as it was; without a key, no member can be read.
func TestWrongOrMissingKeyTouchesNothing(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "k.db")
	right := vault.Generate()
	s, err := store.Open(ctx, file, store.Options{Keys: right})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	orgs := tree(t, s)
	m := member(orgs["A1"], model.Full)
	if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMember(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before := fileSum(t, file, file+"-wal")

	wrong, err := store.Open(ctx, file, store.Options{Keys: vault.Generate()})
	if err != nil {
		t.Fatal(err)
	}
	err = wrong.Migrate(ctx)
	wrong.Close()
	if !errors.Is(err, store.ErrWrongKey) || !strings.Contains(err.Error(), "not the key file of this database") {
		t.Fatalf("a wrong key: %v", err)
	}
	if fileSum(t, file, file+"-wal") != before {
		t.Fatal("starting with a wrong key changed the database")
	}
	// A key file lacking the key that encrypted the data is refused as well.
	partial, _ := vault.New(indexOf(t, right), map[int][]byte{2: make([]byte, vault.KeySize)})
	lacking, _ := store.Open(ctx, file, store.Options{Keys: partial})
	if err := lacking.Migrate(ctx); !errors.Is(err, store.ErrWrongKey) || !strings.Contains(err.Error(), "lacks") {
		t.Fatalf("a key file without key 1: %v", err)
	}
	lacking.Close()
	none, _ := store.Open(ctx, file, store.Options{})
	if err := none.Migrate(ctx); err != nil {
		t.Fatalf("a keyless open (commands that never decrypt): %v", err)
	}
	if _, err := none.GetMember(ctx, store.AllScope, m.ID); !errors.Is(err, store.ErrNoKey) {
		t.Fatalf("a member read without a key: %v", err)
	}
	none.Close()
	ok, _ := store.Open(ctx, file, store.Options{Keys: right})
	defer ok.Close()
	if err := ok.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := ok.GetMember(ctx, store.AllScope, m.ID); err != nil || got.IDNumber != m.IDNumber {
		t.Fatalf("with the right key: %v %+v", err, got)
	}
}

// TestKeyRotation re-encrypts in batches with a new key while the old one still reads, and
// refuses a keyring that lacks a key still in use.
func TestKeyRotation(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		var ms []*model.Member
		for i := 0; i < 25; i++ {
			ms = append(ms, member(orgs["A1"], model.Full))
		}
		sealed, _ := s.SealMembers(ms)
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMembers(ctx, sealed) }); err != nil {
			t.Fatal(err)
		}
		keys := storetest.Keys(s)
		next := keys.AddKey()
		if err := s.RegisterKeys(ctx); err != nil {
			t.Fatal(err)
		}
		// New writes use the new key at once; old rows still read.
		fresh := member(orgs["B1"], model.Full)
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMember(ctx, fresh) }); err != nil {
			t.Fatal(err)
		}
		use, _ := s.KeyUsage(ctx)
		if use[1] != 25 || use[next] != 1 {
			t.Fatalf("usage before rotation: %v", use)
		}
		var after int64
		total, batches := 0, 0
		for {
			last, n, err := s.ReencryptBatch(ctx, "members", after, 10)
			if err != nil {
				t.Fatal(err)
			}
			total += n
			batches++
			if last == 0 {
				break
			}
			after = last
		}
		use, _ = s.KeyUsage(ctx)
		if total != 25 || batches != 3 || use[1] != 0 || use[next] != 26 {
			t.Fatalf("rotation: %d rows in %d batches, usage %v", total, batches, use)
		}
		want := map[string]bool{}
		for _, m := range append(ms, fresh) {
			want[m.IDNumber] = true
		}
		items, _, err := s.ListMembers(ctx, store.AllScope, store.MemberFilter{Limit: 100})
		if err != nil || len(items) != len(want) {
			t.Fatalf("members after rotation: %v %d", err, len(items))
		}
		for _, m := range items {
			if !want[m.IDNumber] {
				t.Fatalf("member %d reads back as %q after rotation", m.ID, m.IDNumber)
			}
		}
		// The old key retires once nothing uses it; the hashes did not change, so lookups work.
		if err := s.ForgetKey(ctx, 1); err != nil {
			t.Fatal(err)
		}
		if err := keys.RemoveKey(1); err != nil {
			t.Fatal(err)
		}
		if got, err := s.MemberByIDNumber(ctx, store.AllScope, ms[7].IDNumber); err != nil || got.IDNumber != ms[7].IDNumber {
			t.Fatalf("lookup after rotation: %v", err)
		}
	})
}

// TestLegacyPlaintextIsEncryptedByTheMigration: a database from before encryption (plaintext
// columns) is encrypted by migration 13, and its plaintext columns dropped.
func TestLegacyPlaintextIsEncryptedByTheMigration(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fresh := storetest.OpenUnmigrated(t, engineOf(s))
		if err := store.MigrateTo(ctx, fresh, 12); err != nil {
			t.Fatal(err)
		}
		if err := store.Exec(ctx, fresh, `INSERT INTO orgs (id, depth, path, name, type, created_at, updated_at)
			VALUES (1, 0, '/1/', '支部', 'branch', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		if err := store.Exec(ctx, fresh, `INSERT INTO members (id, org_id, org_path, name, sex, id_number, phone, category, status, created_at, updated_at)
			VALUES (7, 1, '/1/', '李华', 'male', '11010519491231002X', '13800138000', 'full', 'normal', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		if err := fresh.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := fresh.MemberByIDNumber(ctx, store.AllScope, "11010519491231002X")
		if err != nil || got.ID != 7 || got.Phone != "13800138000" {
			t.Fatalf("legacy member after the migration: %v %+v", err, got)
		}
		raw, _ := store.RawText(ctx, fresh)
		if engineOf(s) == "postgres" && (strings.Contains(raw, "11010519491231002X") || strings.Contains(raw, "13800138000")) {
			t.Fatal("plaintext left after the migration")
		}
	})
}

// indexOf returns the index key of a keyring, read back from its saved file.
func indexOf(t *testing.T, k *vault.Keyring) []byte {
	f := filepath.Join(t.TempDir(), "keys")
	k.Save(f)
	b, _ := os.ReadFile(f)
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "index ") {
			v, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(line, "index "))
			return v
		}
	}
	return nil
}

// applicant is a development record of a fresh person in org.
func applicant(org *model.Org, phone string) *model.Development {
	m := member(org, model.Full)
	return &model.Development{OrgID: org.ID, OrgPath: org.Path, Name: "申请人", Sex: model.Female, IDNumber: m.IDNumber,
		Phone: phone, Stage: model.StageApplicant, Status: model.DevActive, Round: 1}
}

// TestApplicantsPersonalDataEncrypted: applicants' ID numbers and phones are encrypted like
// members' (not readable from the database alone), found by the keyed hash of the whole ID
// number or of its last four characters, and a person still has one running record.
func TestApplicantsPersonalDataEncrypted(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		var ds []*model.Development
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for i := 0; i < 5; i++ {
				d := applicant(orgs["A1"], "1370555"+string(rune('0'+i))+"123")
				if err := tx.InsertDevelopment(ctx, d); err != nil {
					return err
				}
				ds = append(ds, d)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := store.RawText(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(raw, "申请人") {
			t.Fatal("the raw dump does not show the (unencrypted) names: the test reads the wrong thing")
		}
		for _, d := range ds {
			for _, secret := range []string{d.IDNumber, d.Phone} {
				if strings.Contains(raw, secret) {
					t.Fatalf("%q is readable in the database", secret)
				}
			}
		}
		got, err := s.GetDevelopment(ctx, store.AllScope, ds[2].ID)
		if err != nil || got.IDNumber != ds[2].IDNumber || got.Phone != ds[2].Phone {
			t.Fatalf("read back: %v %+v", err, got)
		}
		for _, q := range []string{ds[3].IDNumber, ds[3].IDNumber[14:], strings.ToLower(ds[3].IDNumber)} {
			items, n, err := s.ListDevelopments(ctx, store.AllScope, store.DevelopmentFilter{Q: q, Limit: 10})
			if err != nil || n != 1 || items[0].ID != ds[3].ID {
				t.Fatalf("search %q: %v %d", q, err, n)
			}
		}
		if _, n, _ := s.ListDevelopments(ctx, store.AllScope, store.DevelopmentFilter{Q: ds[3].IDNumber[13:], Limit: 10}); n != 0 {
			t.Fatalf("five trailing characters match %d records (only the whole number or its last four are indexed)", n)
		}
		running, err := s.ActiveDevelopmentsByIDNumber(ctx, ds[1].IDNumber)
		if err != nil || len(running) != 1 || running[0].ID != ds[1].ID {
			t.Fatalf("running records: %v %v", err, running)
		}
		dup := applicant(orgs["B1"], "")
		dup.IDNumber = ds[1].IDNumber
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertDevelopment(ctx, dup) }); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("a second running record of a person: %v", err)
		}
		// An update re-seals (new phone) and keeps the record found by its ID number.
		err = s.InTx(ctx, func(tx *store.Tx) error {
			nd := *ds[0]
			nd.Phone = "13905550000"
			return tx.UpdateDevelopment(ctx, ds[0], &nd)
		})
		if got, _ := s.GetDevelopment(ctx, store.AllScope, ds[0].ID); err != nil || got.Phone != "13905550000" {
			t.Fatalf("update: %v %+v", err, got)
		}
	})
}

// TestKeyRotationReencryptsApplicants: the rotation's batches cover development records too,
// and a key that still encrypts one of them does not retire.
func TestKeyRotationReencryptsApplicants(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		d := applicant(orgs["A1"], "13705551234")
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertDevelopment(ctx, d) }); err != nil {
			t.Fatal(err)
		}
		keys := storetest.Keys(s)
		next := keys.AddKey()
		if err := s.RegisterKeys(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.ForgetKey(ctx, 1); err == nil {
			t.Fatal("the old key retired while an applicant's record still uses it")
		}
		if use, _ := s.KeyUsage(ctx); use[1] != 1 {
			t.Fatalf("usage: %v", use)
		}
		for _, table := range store.EncryptedTables() {
			if _, _, err := s.ReencryptBatch(ctx, table, 0, 100); err != nil {
				t.Fatal(err)
			}
		}
		if use, _ := s.KeyUsage(ctx); use[1] != 0 || use[next] != 1 {
			t.Fatalf("usage after rotation: %v", use)
		}
		if err := s.ForgetKey(ctx, 1); err != nil {
			t.Fatal(err)
		}
		if err := keys.RemoveKey(1); err != nil {
			t.Fatal(err)
		}
		if got, err := s.GetDevelopment(ctx, store.AllScope, d.ID); err != nil || got.IDNumber != d.IDNumber || got.Phone != d.Phone {
			t.Fatalf("after rotation: %v %+v", err, got)
		}
		if _, _, err := s.ReencryptBatch(ctx, "orgs", 0, 10); err == nil {
			t.Fatal("re-encrypting a table without personal data")
		}
	})
}

// TestLegacyApplicantsAreEncryptedByTheMigration: development records written before their
// encryption (plaintext columns) are encrypted by migration 91 and the plaintext dropped.
func TestLegacyApplicantsAreEncryptedByTheMigration(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fresh := storetest.OpenUnmigrated(t, engineOf(s))
		if err := store.MigrateTo(ctx, fresh, 20); err != nil {
			t.Fatal(err)
		}
		if err := store.Exec(ctx, fresh, `INSERT INTO orgs (id, depth, path, name, type, created_at, updated_at)
			VALUES (1, 0, '/1/', '支部', 'branch', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		if err := store.Exec(ctx, fresh, `INSERT INTO developments (id, org_id, org_path, name, sex, id_number, phone, stage, status, created_at, updated_at)
			VALUES (5, 1, '/1/', '王芳', 'female', '11010519491231002X', '13800138000', 'applicant', 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		if err := fresh.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := fresh.ActiveDevelopmentsByIDNumber(ctx, "11010519491231002X")
		if err != nil || len(got) != 1 || got[0].ID != 5 || got[0].Phone != "13800138000" {
			t.Fatalf("legacy record after the migration: %v %+v", err, got)
		}
		raw, _ := store.RawText(ctx, fresh)
		if engineOf(s) == "postgres" && (strings.Contains(raw, "11010519491231002X") || strings.Contains(raw, "13800138000")) {
			t.Fatal("plaintext left after the migration")
		}
	})
}

// TestMigrationsFromAnotherBranchApply: a database migrated by a build without the security
// migrations (10–14, another area's branch merged first) takes them afterwards, and its
// members are encrypted.
func TestMigrationsFromAnotherBranchApply(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		fresh := storetest.OpenUnmigrated(t, engineOf(s))
		if err := store.MigrateWithout(ctx, fresh, 10, 11, 12, 13, 14, 90, 91, 92); err != nil {
			t.Fatal(err)
		}
		if err := store.Exec(ctx, fresh, `INSERT INTO orgs (id, depth, path, name, type, created_at, updated_at)
			VALUES (1, 0, '/1/', '支部', 'branch', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		if err := store.Exec(ctx, fresh, `INSERT INTO members (id, org_id, org_path, name, sex, id_number, phone, category, status, created_at, updated_at)
			VALUES (7, 1, '/1/', '李华', 'male', '11010519491231002X', '13800138000', 'full', 'normal', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		if err := fresh.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if current, err := fresh.MigrationsCurrent(ctx); err != nil || !current {
			t.Fatalf("migrations current: %v %v", current, err)
		}
		got, err := fresh.MemberByIDNumber(ctx, store.AllScope, "11010519491231002X")
		if err != nil || got.ID != 7 || got.Phone != "13800138000" {
			t.Fatalf("member after the late migrations: %v %+v", err, got)
		}
	})
}
