package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/pressly/goose/v3"
)

// BreakCounterForTest adds n to one stored rollup counter, as a bug or a crash might.
func (tx *Tx) BreakCounterForTest(ctx context.Context, org int64, metric string, n int64) error {
	_, err := tx.db.ExecContext(ctx, `INSERT INTO org_stats (org_id, metric, n) VALUES ($1, $2, $3)
		ON CONFLICT (org_id, metric) DO UPDATE SET n = org_stats.n + excluded.n`, org, metric, n)
	return err
}

// SetMeetingPageForTest makes EachMeeting read n meetings at a time and returns the undo.
func SetMeetingPageForTest(n int) func() {
	old := meetingPage
	meetingPage = n
	return func() { meetingPage = old }
}

// Tamper runs raw SQL on the writer connection, with the audit log's append-only triggers
// disabled: tests play someone editing the database by hand.
func Tamper(ctx context.Context, s *Store, query string, args ...any) error {
	if s.dialect == Postgres {
		if _, err := s.write.ExecContext(ctx, `ALTER TABLE audit_log DISABLE TRIGGER USER`); err != nil {
			return err
		}
		defer s.write.ExecContext(ctx, `ALTER TABLE audit_log ENABLE TRIGGER USER`)
	} else {
		for _, t := range []string{"audit_log_no_update", "audit_log_no_delete"} {
			if _, err := s.write.ExecContext(ctx, `DROP TRIGGER IF EXISTS `+t); err != nil {
				return err
			}
		}
	}
	_, err := s.write.ExecContext(ctx, query, args...)
	return err
}

// Exec runs raw SQL on the writer connection, triggers in force.
func Exec(ctx context.Context, s *Store, query string, args ...any) error {
	_, err := s.write.ExecContext(ctx, query, args...)
	return err
}

// RawText returns every value of the members, developments, audit_log and jobs tables as the database holds
// them (SQLite: the database and WAL files' bytes; PostgreSQL: the rows as text).
func RawText(ctx context.Context, s *Store) (string, error) {
	if s.dialect == SQLite {
		if _, err := s.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return "", err
		}
		var out []byte
		for _, f := range []string{s.dsn, s.dsn + "-wal"} {
			b, _ := os.ReadFile(f)
			out = append(out, b...)
		}
		return string(out), nil
	}
	var b strings.Builder
	for _, t := range []string{"members", "developments", "audit_log", "jobs"} {
		rows, err := s.read.QueryContext(ctx, `SELECT t::text FROM `+t+` t`)
		if err != nil {
			return "", err
		}
		for rows.Next() {
			var v string
			rows.Scan(&v)
			b.WriteString(v)
		}
		rows.Close()
	}
	return b.String(), nil
}

// MigrateTo applies the migrations up to version only (tests of upgrades).
func MigrateTo(ctx context.Context, s *Store, version int64) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// MigrateWithout applies every migration except the skipped versions: the database of a
// branch that did not have them yet.
func MigrateWithout(ctx context.Context, s *Store, skip ...int64) error {
	fsys, err := s.migrationFS()
	if err != nil {
		return err
	}
	kept := fstest.MapFS{}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return err
	}
	skipped := func(name string) bool {
		for _, v := range skip {
			if strings.HasPrefix(name, fmt.Sprintf("%05d_", v)) {
				return true
			}
		}
		return false
	}
	for _, e := range entries {
		if skipped(e.Name()) {
			continue
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return err
		}
		kept[e.Name()] = &fstest.MapFile{Data: b}
	}
	var gos []*goose.Migration
	for v, fn := range map[int64]func(context.Context, *sql.Tx) error{13: s.encryptLegacy, 91: s.encryptLegacyDevelopments} {
		if !slices.Contains(skip, v) {
			gos = append(gos, goose.NewGoMigration(v, &goose.GoFunc{RunTx: fn}, nil))
		}
	}
	p, err := goose.NewProvider(s.dialect.goose(), s.write, kept, goose.WithGoMigrations(gos...))
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// ReadPool exposes the read pool to the package's external tests.
func ReadPool(s *Store) *sql.DB { return s.read }

// SetCopyRollupMin changes how many counters make PostgreSQL flush through COPY, until the
// returned function restores it.
func SetCopyRollupMin(n int) func() {
	old := copyRollupMin
	copyRollupMin = n
	return func() { copyRollupMin = old }
}

// FlushRollup writes the transaction's pending rollup deltas now.
func FlushRollup(ctx context.Context, tx *Tx) error { return tx.flushRollup(ctx) }
