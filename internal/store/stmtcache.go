package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of the read pool by query text. SQLite spends much of a
// small query's time preparing it, so the hot reads (session, user, organisation, rollup,
// member page) are prepared once per connection by database/sql and reused.
type stmtCache struct {
	db *sql.DB
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

// maxCachedStmts bounds the cache; queries built from many filter combinations beyond it run
// unprepared.
const maxCachedStmts = 512

func newStmtCache(db *sql.DB) *stmtCache { return &stmtCache{db: db, m: map[string]*sql.Stmt{}} }

func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.RLock()
	st := c.m[query]
	c.mu.RUnlock()
	if st != nil {
		return st, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st = c.m[query]; st != nil {
		return st, nil
	}
	if len(c.m) >= maxCachedStmts {
		return nil, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.m[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}

// query runs a read, through the statement cache outside transactions.
func (q queries) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if q.cache != nil {
		if st, err := q.cache.get(ctx, query); err != nil {
			return nil, err
		} else if st != nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return q.db.QueryContext(ctx, query, args...)
}

// queryRow runs a single-row read, through the statement cache outside transactions.
func (q queries) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if q.cache != nil {
		if st, err := q.cache.get(ctx, query); err == nil && st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	}
	return q.db.QueryRowContext(ctx, query, args...)
}
