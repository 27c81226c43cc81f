package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dangjian/internal/model"
)

// InsertSession stores a new session.
func (tx *Tx) InsertSession(ctx context.Context, s *model.Session) error {
	_, err := tx.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at)
		VALUES ($1,$2,$3,$4,$5)`, s.TokenHash, s.UserID, s.CreatedAt, s.LastSeen, s.ExpiresAt)
	return err
}

// GetSession returns a session by token hash, or ErrNotFound.
func (q queries) GetSession(ctx context.Context, tokenHash string) (*model.Session, error) {
	var s model.Session
	err := q.queryRow(ctx, `SELECT token_hash, user_id, created_at, last_seen, expires_at FROM sessions
		WHERE token_hash = $1`, tokenHash).Scan(&s.TokenHash, &s.UserID, &s.CreatedAt, &s.LastSeen, &s.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &s, err
}

// TouchSession records activity on a session.
func (tx *Tx) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := tx.db.ExecContext(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2`, at, tokenHash)
	return err
}

// DeleteSession ends a session.
func (tx *Tx) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := tx.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteExpiredSessions removes sessions past their expiry.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context, at time.Time) (int64, error) {
	res, err := tx.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, at)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
