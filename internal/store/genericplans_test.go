package store

import (
	"context"
	"database/sql"
	"os"
	"testing"
)

// TestMemberPagesInPathOrderUseGenericPlans checks that on PostgreSQL the member list's page in
// path order, and only that, runs on the sessions that force generic plans.
func TestMemberPagesInPathOrderUseGenericPlans(t *testing.T) {
	pg := os.Getenv("DANGJIAN_TEST_PG")
	if pg == "" {
		t.Skip("DANGJIAN_TEST_PG not set: the generic-plan pool is PostgreSQL's")
	}
	ctx := context.Background()
	s := openPGForTest(t, pg)
	for _, pool := range []struct {
		name string
		db   *sql.DB
		want string
	}{{"generic", s.generic, "force_generic_plan"}, {"read", s.read, "auto"}} {
		var got string
		if err := pool.db.QueryRowContext(ctx, "SHOW plan_cache_mode").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != pool.want {
			t.Errorf("%s pool: plan_cache_mode %s, want %s", pool.name, got, pool.want)
		}
	}
	cached := func(c *stmtCache) int {
		c.mu.RLock()
		defer c.mu.RUnlock()
		return len(c.m)
	}
	for _, tc := range []struct {
		sort    string
		generic bool
	}{{"", true}, {"-org", true}, {"id", false}, {"name", false}} {
		before := cached(s.queries.pages)
		if _, _, err := s.ListMembers(ctx, AllScope, MemberFilter{OrgPath: "/1/", Sort: tc.sort, Limit: 20, SkipCount: true}); err != nil {
			t.Fatal(err)
		}
		if grew := cached(s.queries.pages) > before; grew != tc.generic {
			t.Errorf("sort %q: ran on the generic-plan pool %v, want %v", tc.sort, grew, tc.generic)
		}
	}
}
