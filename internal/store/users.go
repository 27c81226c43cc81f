package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"dangjian/internal/model"
)

// GetUserByUsername returns the user with this login name and its grants.
func (q queries) GetUserByUsername(ctx context.Context, username string) (*model.User, error) {
	return q.getUser(ctx, "username = $1", username)
}

// GetUser returns one user and its grants (no scope: auth and admin paths check scope via grants).
func (q queries) GetUser(ctx context.Context, id int64) (*model.User, error) {
	return q.getUser(ctx, "id = $1", id)
}

func (q queries) getUser(ctx context.Context, where string, arg any) (*model.User, error) {
	var u model.User
	var member sql.NullInt64
	err := q.queryRow(ctx, `SELECT id, username, display_name, password_hash, member_id, disabled,
		version, created_at FROM users WHERE `+where, arg).Scan(&u.ID, &u.Username, &u.DisplayName,
		&u.PasswordHash, &member, &u.Disabled, &u.Version, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	u.MemberID = member.Int64
	u.Grants, err = q.grantsOf(ctx, []int64{u.ID})
	return &u, err
}

func (q queries) grantsOf(ctx context.Context, userIDs []int64) ([]model.Grant, error) {
	a := &args{}
	ph := make([]string, len(userIDs))
	for i, id := range userIDs {
		ph[i] = a.add(id)
	}
	rows, err := q.query(ctx, `SELECT g.id, g.user_id, g.role, COALESCE(g.org_id, 0), g.org_path,
		COALESCE(o.name, '') FROM grants g LEFT JOIN orgs o ON o.id = g.org_id WHERE g.user_id IN (`+
		strings.Join(ph, ",")+`) ORDER BY g.id`, a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Grant
	for rows.Next() {
		var g model.Grant
		if err := rows.Scan(&g.ID, &g.UserID, &g.Role, &g.OrgID, &g.OrgPath, &g.OrgName); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// ListUsers returns the users having at least one grant inside the scope (all users for All).
func (q queries) ListUsers(ctx context.Context, sc Scope, limit, offset int) ([]*model.User, int64, error) {
	a := &args{}
	where := "1=1"
	if !sc.All {
		where = "id IN (SELECT user_id FROM grants g WHERE g.org_path <> '' AND " + sc.pathClause("g.org_path", a) + ")"
	}
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM users WHERE "+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, `SELECT id, username, display_name, COALESCE(member_id, 0), disabled,
		version, created_at FROM users WHERE `+where+" ORDER BY id LIMIT "+a.add(limit)+" OFFSET "+a.add(offset), a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var users []*model.User
	byID := map[int64]*model.User{}
	var ids []int64
	for rows.Next() {
		var u model.User
		if err := rows.Scan(&u.ID, &u.Username, &u.DisplayName, &u.MemberID, &u.Disabled, &u.Version, &u.CreatedAt); err != nil {
			return nil, 0, err
		}
		u.Grants = []model.Grant{}
		users = append(users, &u)
		byID[u.ID] = &u
		ids = append(ids, u.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(ids) > 0 {
		grants, err := q.grantsOf(ctx, ids)
		if err != nil {
			return nil, 0, err
		}
		for _, g := range grants {
			byID[g.UserID].Grants = append(byID[g.UserID].Grants, g)
		}
	}
	return users, total, nil
}

// InsertUser creates a user; a taken username is ErrConflict.
func (tx *Tx) InsertUser(ctx context.Context, u *model.User) error {
	u.CreatedAt, u.Version = now(), 1
	var member any
	if u.MemberID != 0 {
		member = u.MemberID
	}
	err := tx.db.QueryRowContext(ctx, `INSERT INTO users (username, display_name, password_hash, member_id,
		disabled, version, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, u.Username, u.DisplayName,
		u.PasswordHash, member, u.Disabled, u.Version, u.CreatedAt).Scan(&u.ID)
	if isUniqueViolation(err) {
		return ErrConflict
	}
	return err
}

// SetPassword replaces a user's password hash and ends their sessions.
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := tx.db.ExecContext(ctx, `UPDATE users SET password_hash = $1, version = version + 1 WHERE id = $2`, hash, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	_, err = tx.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// InsertGrant gives a role on an organisation (OrgID 0: everything, admin only).
func (tx *Tx) InsertGrant(ctx context.Context, g *model.Grant) error {
	var org any
	if g.OrgID != 0 {
		org = g.OrgID
	}
	return tx.db.QueryRowContext(ctx, `INSERT INTO grants (user_id, role, org_id, org_path) VALUES ($1,$2,$3,$4) RETURNING id`,
		g.UserID, g.Role, org, g.OrgPath).Scan(&g.ID)
}

// DeleteGrant removes one grant of a user and ends the user's sessions.
func (tx *Tx) DeleteGrant(ctx context.Context, userID, grantID int64) error {
	res, err := tx.db.ExecContext(ctx, `DELETE FROM grants WHERE id = $1 AND user_id = $2`, grantID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	_, err = tx.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// CountUsers returns how many users exist (start-up uses it to create the first administrator).
func (q queries) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}
