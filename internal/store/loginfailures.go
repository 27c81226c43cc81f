package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"
)

// loginNameKey is how a name that is no account is kept: its SHA-256, never the text typed.
func loginNameKey(username string) string {
	sum := sha256.Sum256([]byte(username))
	return hex.EncodeToString(sum[:])
}

// NameLoginFailures returns the failed logins counted under a name that is no account and the
// end of its lockout (nil: none), like users.failed_logins and locked_until of an account.
func (q queries) NameLoginFailures(ctx context.Context, username string) (int, *time.Time, error) {
	var n int
	var until sql.NullTime
	err := q.queryRow(ctx, `SELECT failures, locked_until FROM login_failures WHERE name_hash = $1`, loginNameKey(username)).Scan(&n, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, nil
	}
	return n, timePtr(until), err
}

// RecordNameLoginFailure counts a failed login under a name that is no account and, when
// lockUntil is set, locks the name until then (as RecordLoginFailure does for an account).
// Rows whose lockout ended before at go: they count as no failures.
func (tx *Tx) RecordNameLoginFailure(ctx context.Context, username string, lockUntil *time.Time, at time.Time) error {
	if _, err := tx.db.ExecContext(ctx, `DELETE FROM login_failures WHERE locked_until < $1`, at); err != nil {
		return err
	}
	_, err := tx.db.ExecContext(ctx, `INSERT INTO login_failures (name_hash, failures, locked_until, last_failed_at)
		VALUES ($1, 1, $2, $3) ON CONFLICT (name_hash) DO UPDATE SET failures = login_failures.failures + 1,
		locked_until = excluded.locked_until, last_failed_at = excluded.last_failed_at`, loginNameKey(username), lockUntil, at)
	return err
}

// ClearNameLoginFailures forgets the failures counted under a name that is no account (its
// lockout ended: the next failure counts from one).
func (tx *Tx) ClearNameLoginFailures(ctx context.Context, username string) error {
	_, err := tx.db.ExecContext(ctx, `DELETE FROM login_failures WHERE name_hash = $1`, loginNameKey(username))
	return err
}
