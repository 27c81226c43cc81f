package store

import (
	"context"
	"database/sql"
	"net/url"
	"testing"
	"time"
)

// openPGForTest creates a throwaway database on the server at base, migrates it and drops it at
// cleanup. (storetest does the same for external tests; this package cannot import it.)
func openPGForTest(t *testing.T, base string) *Store {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	name := "dj_schema_" + time.Now().Format("150405_000000")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(base)
	u.Path = "/" + name
	s, err := Open(ctx, u.String(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}
