package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dangjian/internal/model"
)

const loginSessionColumns = `id, token_hash, user_id, created_at, last_seen, expires_at, ip, user_agent`

func scanLoginSession(row interface{ Scan(...any) error }) (*model.Session, error) {
	var s model.Session
	err := row.Scan(&s.ID, &s.TokenHash, &s.UserID, &s.CreatedAt, &s.LastSeen, &s.ExpiresAt, &s.IP, &s.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &s, err
}

// InsertSession stores a new session and assigns its id.
func (tx *Tx) InsertSession(ctx context.Context, s *model.Session) error {
	return tx.db.QueryRowContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at, ip, user_agent)
		VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, s.TokenHash, s.UserID, s.CreatedAt, s.LastSeen, s.ExpiresAt,
		s.IP, s.UserAgent).Scan(&s.ID)
}

// GetSession returns a session by token hash, or ErrNotFound.
func (q queries) GetSession(ctx context.Context, tokenHash string) (*model.Session, error) {
	return scanLoginSession(q.queryRow(ctx, `SELECT `+loginSessionColumns+` FROM sessions WHERE token_hash = $1`, tokenHash))
}

// ListSessions returns the live sessions of a user at t, newest first.
func (q queries) ListSessions(ctx context.Context, userID int64, t time.Time) ([]*model.Session, error) {
	rows, err := q.query(ctx, `SELECT `+loginSessionColumns+` FROM sessions WHERE user_id = $1 AND expires_at >= $2
		ORDER BY id DESC`, userID, t)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*model.Session{}
	for rows.Next() {
		s, err := scanLoginSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
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

// DeleteUserSession ends one session of a user by its id; ErrNotFound when the user has no such session.
func (tx *Tx) DeleteUserSession(ctx context.Context, userID, id int64) error {
	res, err := tx.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2`, id, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteUserSessions ends every session of a user and returns how many there were.
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64) (int64, error) {
	res, err := tx.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteExpiredSessions removes sessions past their expiry.
func (tx *Tx) DeleteExpiredSessions(ctx context.Context, at time.Time) (int64, error) {
	res, err := tx.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, at)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// SessionUser returns a session with its user and the user's grants in one query: every
// authenticated request reads them, so one round trip instead of three.
func (q queries) SessionUser(ctx context.Context, tokenHash string) (*model.Session, *model.User, error) {
	rows, err := q.query(ctx, `SELECT s.id, s.token_hash, s.user_id, s.created_at, s.last_seen, s.expires_at, s.ip,
		s.user_agent, `+userColumns+`, g.id, g.role, g.org_id, g.org_path, o.name
		FROM sessions s JOIN users u ON u.id = s.user_id
		LEFT JOIN grants g ON g.user_id = u.id LEFT JOIN orgs o ON o.id = g.org_id
		WHERE s.token_hash = $1 ORDER BY g.id`, tokenHash)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var (
		sess *model.Session
		u    *model.User
	)
	for rows.Next() {
		var s model.Session
		var us userScan
		var grantID, orgID sql.NullInt64
		var role, orgPath, orgName sql.NullString
		dest := append([]any{&s.ID, &s.TokenHash, &s.UserID, &s.CreatedAt, &s.LastSeen, &s.ExpiresAt, &s.IP, &s.UserAgent},
			us.targets()...)
		if err := rows.Scan(append(dest, &grantID, &role, &orgID, &orgPath, &orgName)...); err != nil {
			return nil, nil, err
		}
		if sess == nil {
			sess, u = &s, us.user()
		}
		if grantID.Valid {
			u.Grants = append(u.Grants, model.Grant{ID: grantID.Int64, UserID: u.ID, Role: model.Role(role.String),
				OrgID: orgID.Int64, OrgPath: orgPath.String, OrgName: orgName.String})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if sess == nil {
		return nil, nil, ErrNotFound
	}
	return sess, u, nil
}
