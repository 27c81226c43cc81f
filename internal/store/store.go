// Package store is the only place that speaks SQL. One Store serves SQLite (embedded,
// modernc.org/sqlite) and PostgreSQL (pgx); the queries are shared, and dialect.go holds
// the few differences. Reads of organisation-owned data take a Scope.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/vault"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // SQLite driver "sqlite"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationsFS embed.FS

// Store is the database facade. For SQLite it holds one writer connection and a read pool;
// for PostgreSQL both are the same pool, beside a smaller one for the member list's pages
// (genericPlanDB).
type Store struct {
	queries
	write *sql.DB
	read  *sql.DB
	// generic is PostgreSQL's pool for paged reads that run with generic plans (see
	// genericPlanDB); nil for SQLite.
	generic *sql.DB
	dialect Dialect
	dsn     string
	// BranchMinFull is the minimum of full members of a branch (rules §1.2.1), used by the
	// rollup's "branches below minimum" count.
	BranchMinFull int
	// Compliance says which meetings organisations must hold (rules §4), for the compliance
	// rollup; the app sets it from the rules in force.
	Compliance ComplianceRules
}

// Options tune Open.
type Options struct {
	// ReadConns is the size of the SQLite read pool (default 8).
	ReadConns int
	// PGConns is the size of the PostgreSQL pool (default 4 per processor of this machine,
	// at least 8: more connections than the database has cores to run them only queue
	// inside PostgreSQL, and cost it context switches). The member list's pages take half as
	// many again, in a pool of their own (genericPlanDB).
	PGConns int
	// BranchMinFull is the branch minimum of full members (default 3).
	BranchMinFull int
	// Keys encrypt and hash members' personal data; without them the store reads and writes
	// no member (commands that never touch personal data may open it so).
	Keys *vault.Keyring
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to a SQLite file path or a postgres:// DSN. It does not migrate.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	if opt.BranchMinFull == 0 {
		opt.BranchMinFull = 3
	}
	if opt.ReadConns == 0 {
		opt.ReadConns = 8
	}
	if opt.PGConns == 0 {
		opt.PGConns = max(8, 4*runtime.GOMAXPROCS(0))
	}
	s := &Store{dsn: dsn, BranchMinFull: opt.BranchMinFull}
	if IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		pages, err := genericPlanDB(dsn)
		if err != nil {
			db.Close()
			return nil, err
		}
		// The page reads take a share of the connections, not as many again: past a few per
		// core, more sessions only queue inside PostgreSQL.
		sizePGPool(db, opt.PGConns)
		sizePGPool(pages, max(2, opt.PGConns/2))
		s.write, s.read, s.generic, s.dialect = db, db, pages, Postgres
	} else {
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, err
			}
		}
		w, err := sql.Open("sqlite", sqliteDSN(dsn, true))
		if err != nil {
			return nil, err
		}
		// One writer: SQLite allows one write transaction at a time; queueing them in the pool
		// avoids SQLITE_BUSY storms, and _txlock=immediate takes the lock at BEGIN.
		w.SetMaxOpenConns(1)
		r, err := sql.Open("sqlite", sqliteDSN(dsn, false))
		if err != nil {
			w.Close()
			return nil, err
		}
		r.SetMaxOpenConns(opt.ReadConns)
		r.SetMaxIdleConns(opt.ReadConns)
		s.write, s.read, s.dialect = w, r, SQLite
	}
	s.queries = queries{db: s.read, d: s.dialect, cache: newStmtCache(s.read), pii: newPII(opt.Keys)}
	if s.generic != nil {
		s.queries.pages = newStmtCache(s.generic)
	}
	if err := s.read.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("database unreachable: %w", err)
	}
	return s, nil
}

// sizePGPool keeps n connections of a PostgreSQL pool open, closing those idle for minutes.
func sizePGPool(db *sql.DB, n int) {
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
}

// sqliteDSN adds the pragmas every connection needs:
// WAL lets readers proceed during a write; synchronous=NORMAL is durable at checkpoints and
// safe with WAL; foreign_keys enforces references; busy_timeout waits for the writer instead
// of failing; _txlock=immediate takes the write lock at BEGIN so that transactions never
// deadlock upgrading from read to write; temp_store=MEMORY keeps statement journals (the undo
// of one multi-row INSERT, large when its rows land on scattered index pages — the keyed hashes
// of ID numbers do) in memory instead of a temporary file. Readers map the file (mmap_size, up
// to SQLite's limit of 2 GB) instead of a read system call per page missing from their cache (a
// tenth of the member list's time went to those calls). The writer does not, so that a bulk
// load's resident memory stays its own.
func sqliteDSN(path string, writer bool) string {
	q := "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)" +
		"&_pragma=busy_timeout(10000)&_pragma=cache_size(-16384)&_pragma=temp_store(MEMORY)&_time_format=sqlite"
	if writer {
		q += "&_txlock=immediate"
	} else {
		q += "&_pragma=query_only(1)&_pragma=mmap_size(2147418112)"
	}
	return "file:" + path + q
}

// Dialect returns the database engine in use.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the connections.
func (s *Store) Close() error {
	s.cache.close()
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	if s.generic != nil {
		s.queries.pages.close()
		err = errors.Join(err, s.generic.Close())
	}
	return err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

func (s *Store) migrationFS() (fs.FS, error) {
	return fs.Sub(migrationsFS, "migrations/"+s.dialect.dir())
}

func (s *Store) provider() (*goose.Provider, error) {
	fsys, err := s.migrationFS()
	if err != nil {
		return nil, err
	}
	// Each area numbers its migrations in its own range (security 10–19, member lifecycle 20–29,
	// organisational life 30–39, …) and the areas merge in any order: a database migrated before
	// a lower-numbered range arrived applies it afterwards.
	return goose.NewProvider(s.dialect.goose(), s.write, fsys, goose.WithAllowOutofOrder(true), goose.WithGoMigrations(
		goose.NewGoMigration(13, &goose.GoFunc{RunTx: s.encryptLegacy}, nil),
		goose.NewGoMigration(91, &goose.GoFunc{RunTx: s.encryptLegacyDevelopments}, nil)))
}

// Migrate checks the personal-data keys against the fingerprints the database keeps (a wrong
// key fails here, before anything is written), applies every pending migration, records the
// fingerprints of new keys and seals audit entries from before the hash chain.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.checkKeys(ctx); err != nil {
		return err
	}
	p, err := s.provider()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := s.registerKeys(ctx); err != nil {
		return err
	}
	return s.sealLegacyAudit(ctx)
}

// MigrationsCurrent reports whether the schema is at the latest embedded version.
func (s *Store) MigrationsCurrent(ctx context.Context) (bool, error) {
	p, err := s.provider()
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	return !pending, err
}

// Tx is a write transaction; every write method lives on it.
type Tx struct {
	queries
	tx    *sql.Tx
	conn  *sql.Conn // the connection tx runs on (bulk loads reach the driver through it)
	store *Store
	roll  *rollup
	// audits are the audit entries recorded and not yet chained (see InsertAudit).
	audits []*model.AuditEntry
	// stmts are statements prepared in this transaction, by query text (closed with it).
	stmts map[string]*sql.Stmt
	// beforeCommit run after the rollup is written, just before commit (index rebuilds).
	beforeCommit []func(ctx context.Context) error
	// bulkSQL is the full-size bulk member INSERT for members created at bulkAt.
	bulkSQL string
	bulkAt  time.Time
	// rollupSQL is the full-size rollup upsert.
	rollupSQL string
	// bulkRowsWritten counts the rows of bulk loads (bulkLoaded).
	bulkRowsWritten int
	// freshStats says that org_stats was empty and without its keys when the transaction
	// began writing (DeferStatsKeys): the rollup is then copied in, not upserted.
	freshStats bool
}

// InTx runs fn in one write transaction and commits when it returns nil. Rollup deltas
// recorded during fn are applied just before commit.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return err
	}
	tx := &Tx{queries: queries{db: sqlTx, d: s.dialect, pii: s.pii}, tx: sqlTx, conn: conn, store: s, roll: newRollup()}
	committed := false
	defer func() {
		// Also on a panic: the connection is released only once the transaction has ended.
		if !committed {
			sqlTx.Rollback()
		}
		conn.Close()
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.flushRollup(ctx); err != nil {
		return err
	}
	for _, f := range tx.beforeCommit {
		if err := f(ctx); err != nil {
			return err
		}
	}
	// Last, so that the chain head is locked only for the commit itself (and never before a
	// lock on other rows, which could deadlock with another writer).
	if err := tx.flushAudit(ctx); err != nil {
		return err
	}
	committed = true
	return sqlTx.Commit()
}

// prepared returns query prepared in this transaction, preparing it on first use.
func (tx *Tx) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := tx.stmts[query]; st != nil {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[query] = st
	return st, nil
}

// dbtx is what *sql.DB and *sql.Tx share.
type dbtx interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// queries holds the read methods usable both on the Store (read pool) and inside a Tx.
type queries struct {
	db    dbtx
	d     Dialect
	cache *stmtCache // nil inside transactions
	pages *stmtCache // PostgreSQL's generic-plan pool (see genericPlanDB); nil otherwise and inside transactions
	pii   *pii
}

// ErrNotFound is returned when a row does not exist or lies outside the scope.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when an update's version is stale or a unique key is taken.
var ErrConflict = errors.New("store: conflict")

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Savepoint marks the transaction's state, rollup included, so that the work of one imported
// row can be undone without losing the rows before it. Rollback returns to the mark and
// Release keeps the work; either ends the savepoint.
func (tx *Tx) Savepoint(ctx context.Context) (rollback, release func(context.Context) error, err error) {
	if _, err := tx.db.ExecContext(ctx, "SAVEPOINT row_sp"); err != nil {
		return nil, nil, err
	}
	saved := tx.roll.clone()
	rollback = func(ctx context.Context) error {
		if _, err := tx.db.ExecContext(ctx, "ROLLBACK TO SAVEPOINT row_sp"); err != nil {
			return err
		}
		tx.roll = saved
		_, err := tx.db.ExecContext(ctx, "RELEASE SAVEPOINT row_sp")
		return err
	}
	release = func(ctx context.Context) error {
		_, err := tx.db.ExecContext(ctx, "RELEASE SAVEPOINT row_sp")
		return err
	}
	return rollback, release, nil
}
