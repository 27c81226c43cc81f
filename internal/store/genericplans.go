package store

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// genericPlanDB opens a second PostgreSQL pool whose sessions run prepared statements with
// generic plans (plan_cache_mode=force_generic_plan), for paged reads whose plan is the same
// whatever the parameters.
//
// PostgreSQL plans a prepared statement anew for its parameters (a custom plan) until a
// generic plan looks no dearer. For the member list's page — a range of organisation paths,
// in path order, LIMIT and OFFSET — the two plans are the same ordered scan of
// members_org_path, but the generic plan's estimate (a default fraction of the table) always
// looks dearer than the custom one, so the list was planned on every request: 0.2 ms of
// planning for 0.1 ms of execution, two thirds of PostgreSQL's work for the page. Forcing
// generic plans on every session would be wrong for the reads whose best plan does depend on
// the subtree's size (a city-wide export page by id is a different plan than a branch's), so
// only reads known to have one plan use this pool (queryPage).
func genericPlanDB(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	return stdlib.OpenDB(*cfg), nil
}

// queryPage runs a paged read whose plan does not depend on its parameters: on PostgreSQL
// through the generic-plan pool, elsewhere (and inside transactions) as query does.
func (q queries) queryPage(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if q.pages != nil {
		st, err := q.pages.get(ctx, query)
		if err != nil {
			return nil, err
		}
		if st != nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return q.query(ctx, query, args...)
}
