// Package storetest gives tests a fresh, migrated database on every engine: SQLite always, and
// PostgreSQL when DANGJIAN_TEST_PG holds a DSN (a database is created per test and dropped after).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"dangjian/internal/store"
	"dangjian/internal/vault"
)

// PGEnv is the environment variable holding the PostgreSQL server DSN for tests.
const PGEnv = "DANGJIAN_TEST_PG"

// Engines runs fn once per available engine, as subtests named "sqlite" and "postgres".
func Engines(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, Open(t, "sqlite")) })
	if os.Getenv(PGEnv) != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, Open(t, "postgres")) })
	}
}

// keyrings and dsns remember the generated keyring and the DSN of each test store.
var keyrings, dsns sync.Map

// DSN returns the SQLite file or PostgreSQL DSN of a store of this package (tests that play
// someone with database access open it themselves).
func DSN(s *store.Store) string {
	v, _ := dsns.Load(s)
	return v.(string)
}

// Keys returns the keyring a store of this package was opened with.
func Keys(s *store.Store) *vault.Keyring {
	k, _ := keyrings.Load(s)
	return k.(*vault.Keyring)
}

// OpenUnmigrated returns a fresh store of the given engine with a generated keyring, not migrated.
func OpenUnmigrated(t testing.TB, engine string) *store.Store {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "test.db")
	if engine == "postgres" {
		dsn = CreatePGDatabase(t)
	}
	keys := vault.Generate()
	s, err := store.Open(context.Background(), dsn, store.Options{Keys: keys})
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	keyrings.Store(s, keys)
	dsns.Store(s, dsn)
	t.Cleanup(func() { s.Close(); keyrings.Delete(s); dsns.Delete(s) })
	return s
}

// Open returns a fresh migrated store of the given engine (with a generated personal-data
// keyring), closed and removed at cleanup.
func Open(t testing.TB, engine string) *store.Store {
	t.Helper()
	ctx := context.Background()
	s := OpenUnmigrated(t, engine)
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return s
}

// CreatePGDatabase creates an empty database on the DANGJIAN_TEST_PG server, dropped at
// cleanup, and returns its DSN. The test is skipped when the variable is unset.
func CreatePGDatabase(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PGEnv)
	if base == "" {
		t.Skip(PGEnv + " not set")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "dj_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
