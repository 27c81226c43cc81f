package store

import (
	"context"
	"database/sql"
	"strings"

	"dangjian/internal/model"
)

// InsertAudit appends one entry to the audit log, in the same transaction as the write it records.
func (tx *Tx) InsertAudit(ctx context.Context, e *model.AuditEntry) error {
	if e.At.IsZero() {
		e.At = now()
	}
	var user, entity any
	if e.UserID != 0 {
		user = e.UserID
	}
	if e.EntityID != 0 {
		entity = e.EntityID
	}
	return tx.db.QueryRowContext(ctx, `INSERT INTO audit_log (at, user_id, username, action, entity, entity_id,
		org_path, before, after, request_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
		e.At, user, e.Username, e.Action, e.Entity, entity, e.OrgPath, e.Before, e.After, e.RequestID).Scan(&e.ID)
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Entity, Action, Username string
	EntityID                 int64
	From, To                 model.Date
	Limit, Offset            int
}

// ListAudit returns audit entries inside the scope (by the organisation path each entry
// carries; entries without one are visible to whole-tree scopes only), newest first.
func (q queries) ListAudit(ctx context.Context, sc Scope, f AuditFilter) ([]*model.AuditEntry, int64, error) {
	a := &args{}
	w := []string{sc.pathClause("org_path", a)}
	if f.Entity != "" {
		w = append(w, "entity = "+a.add(f.Entity))
	}
	if f.EntityID != 0 {
		w = append(w, "entity_id = "+a.add(f.EntityID))
	}
	if f.Action != "" {
		w = append(w, "action = "+a.add(f.Action))
	}
	if f.Username != "" {
		w = append(w, "username = "+a.add(f.Username))
	}
	if !f.From.IsZero() {
		w = append(w, "at >= "+a.add(f.From.Time()))
	}
	if !f.To.IsZero() {
		w = append(w, "at < "+a.add(f.To.AddDate(0, 0, 1).Time()))
	}
	where := strings.Join(w, " AND ")
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE "+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, `SELECT id, at, COALESCE(user_id, 0), username, action, entity,
		COALESCE(entity_id, 0), org_path, before, after, request_id FROM audit_log WHERE `+where+
		" ORDER BY id DESC LIMIT "+a.add(f.Limit)+" OFFSET "+a.add(f.Offset), a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*model.AuditEntry{}
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

func scanAudit(rows *sql.Rows) (*model.AuditEntry, error) {
	var e model.AuditEntry
	err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.OrgPath,
		&e.Before, &e.After, &e.RequestID)
	return &e, err
}
