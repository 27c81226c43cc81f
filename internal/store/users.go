package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

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

// userColumns are the columns of a user (alias u) that userScan reads.
const userColumns = `u.id, u.username, u.display_name, u.password_hash, u.member_id, u.disabled,
	u.must_change_password, u.failed_logins, u.locked_until, u.password_changed_at, u.version, u.created_at`

// userScan receives the userColumns of a row.
type userScan struct {
	u               model.User
	member          sql.NullInt64
	locked, changed sql.NullTime
}

func (s *userScan) targets() []any {
	u := &s.u
	return []any{&u.ID, &u.Username, &u.DisplayName, &u.PasswordHash, &s.member, &u.Disabled, &u.MustChangePassword,
		&u.FailedLogins, &s.locked, &s.changed, &u.Version, &u.CreatedAt}
}

// user returns the scanned user (without its grants).
func (s *userScan) user() *model.User {
	u := s.u
	u.MemberID = s.member.Int64
	u.LockedUntil, u.PasswordChangedAt = timePtr(s.locked), timePtr(s.changed)
	return &u
}

func (q queries) getUser(ctx context.Context, where string, arg any) (*model.User, error) {
	var us userScan
	err := q.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.`+where, arg).Scan(us.targets()...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	u := us.user()
	u.Grants, err = q.grantsOf(ctx, []int64{u.ID})
	return u, err
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
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

// ListUsers returns the users all of whose grants lie inside the scope, users without grants
// included (all users for All).
func (q queries) ListUsers(ctx context.Context, sc Scope, limit, offset int) ([]*model.User, int64, error) {
	a := &args{}
	where := "1=1"
	if !sc.All {
		where = "NOT EXISTS (SELECT 1 FROM grants g WHERE g.user_id = users.id AND NOT (g.org_path <> '' AND " +
			sc.pathClause("g.org_path", a) + "))"
	}
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM users WHERE "+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, `SELECT id, username, display_name, COALESCE(member_id, 0), disabled,
		must_change_password, failed_logins, locked_until, password_changed_at, version, created_at
		FROM users WHERE `+where+" ORDER BY id LIMIT "+a.add(limit)+" OFFSET "+a.add(offset), a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var users []*model.User
	byID := map[int64]*model.User{}
	var ids []int64
	for rows.Next() {
		var u model.User
		var locked, changed sql.NullTime
		if err := rows.Scan(&u.ID, &u.Username, &u.DisplayName, &u.MemberID, &u.Disabled, &u.MustChangePassword,
			&u.FailedLogins, &locked, &changed, &u.Version, &u.CreatedAt); err != nil {
			return nil, 0, err
		}
		u.LockedUntil, u.PasswordChangedAt = timePtr(locked), timePtr(changed)
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
		disabled, must_change_password, version, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
		u.Username, u.DisplayName, u.PasswordHash, member, u.Disabled, u.MustChangePassword, u.Version, u.CreatedAt).Scan(&u.ID)
	if isUniqueViolation(err) {
		return ErrConflict
	}
	if err != nil {
		return err
	}
	return tx.addPasswordHistory(ctx, u.ID, u.PasswordHash, u.CreatedAt)
}

// SetPassword replaces a user's password hash, keeps it in the password history, clears any
// lockout, sets whether a change is required at the next login, and ends the user's sessions
// except keepSession (the token hash of the session that changed its own password, or "").
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool, keepSession string) error {
	t := now()
	res, err := tx.db.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2,
		failed_logins = 0, locked_until = NULL, password_changed_at = $3, version = version + 1 WHERE id = $4`,
		hash, mustChange, t, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if err := tx.addPasswordHistory(ctx, userID, hash, t); err != nil {
		return err
	}
	_, err = tx.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keepSession)
	return err
}

// passwordHistoryKept bounds the password history rows kept per user (the policy reads fewer).
const passwordHistoryKept = 24

func (tx *Tx) addPasswordHistory(ctx context.Context, userID int64, hash string, at time.Time) error {
	if _, err := tx.db.ExecContext(ctx, `INSERT INTO password_history (user_id, password_hash, created_at) VALUES ($1,$2,$3)`,
		userID, hash, at); err != nil {
		return err
	}
	_, err := tx.db.ExecContext(ctx, `DELETE FROM password_history WHERE user_id = $1 AND id NOT IN
		(SELECT id FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT `+strconv.Itoa(passwordHistoryKept)+`)`, userID)
	return err
}

// PasswordHistory returns the user's last n password hashes, newest first (the current one first).
func (q queries) PasswordHistory(ctx context.Context, userID int64, n int) ([]string, error) {
	rows, err := q.query(ctx, `SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT `+
		strconv.Itoa(n), userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// RecordLoginFailure counts a failed login and, when lockUntil is set, locks the account until then.
func (tx *Tx) RecordLoginFailure(ctx context.Context, userID int64, lockUntil *time.Time) error {
	_, err := tx.db.ExecContext(ctx, `UPDATE users SET failed_logins = failed_logins + 1, locked_until = $1 WHERE id = $2`,
		lockUntil, userID)
	return err
}

// ClearLoginFailures resets the failure count after a successful login or an unlock.
func (tx *Tx) ClearLoginFailures(ctx context.Context, userID int64) error {
	_, err := tx.db.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, userID)
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

// LinkMember links a user account to a member record (0 unlinks).
func (tx *Tx) LinkMember(ctx context.Context, userID, memberID int64) error {
	var member any
	if memberID != 0 {
		member = memberID
	}
	res, err := tx.db.ExecContext(ctx, `UPDATE users SET member_id = $1, version = version + 1 WHERE id = $2`, member, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// CountUsers returns how many users exist (start-up uses it to create the first administrator).
func (q queries) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}
