package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"dangjian/internal/model"
)

// InsertAudit appends one entry to the audit log, in the same transaction as the write it
// records. The entry is chained (id, previous hash, hash) just before the transaction commits,
// under the lock of the chain head, so that the head is held as briefly as possible; a
// transaction recording very many entries chains them in spills of auditSpill.
func (tx *Tx) InsertAudit(ctx context.Context, e *model.AuditEntry) error {
	if e.At.IsZero() {
		e.At = now()
	}
	tx.audits = append(tx.audits, e)
	if len(tx.audits) >= auditSpill {
		return tx.flushAudit(ctx)
	}
	return nil
}

// auditSpill is how many pending audit entries a transaction keeps before chaining them.
const auditSpill = 5000

const auditColumns = `id, at, user_id, username, action, entity, entity_id, org_path, before, after,
	request_id, ip, prev_hash, hash`

const auditInsertWidth = 14

// flushAudit chains and writes the pending entries: it locks the head (FOR UPDATE on
// PostgreSQL; SQLite has one writer), numbers the entries on from it, links each to the one
// before, and moves the head.
func (tx *Tx) flushAudit(ctx context.Context) error {
	if len(tx.audits) == 0 {
		return nil
	}
	lock := ""
	if tx.d == Postgres {
		lock = " FOR UPDATE"
	}
	var lastID int64
	var lastHash string
	if err := tx.db.QueryRowContext(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`+lock).Scan(&lastID, &lastHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	for start := 0; start < len(tx.audits); start += 500 {
		chunk := tx.audits[start:min(start+500, len(tx.audits))]
		vals := make([]any, 0, len(chunk)*auditInsertWidth)
		for _, e := range chunk {
			lastID++
			e.ID, e.PrevHash = lastID, lastHash
			e.Hash = e.ChainHash()
			lastHash = e.Hash
			var user, entity any
			if e.UserID != 0 {
				user = e.UserID
			}
			if e.EntityID != 0 {
				entity = e.EntityID
			}
			vals = append(vals, e.ID, e.At, user, e.Username, e.Action, e.Entity, entity, e.OrgPath, e.Before, e.After,
				e.RequestID, e.IP, e.PrevHash, e.Hash)
		}
		if _, err := tx.db.ExecContext(ctx, "INSERT INTO audit_log ("+auditColumns+") VALUES "+
			tx.d.valuesList(len(chunk), auditInsertWidth), vals...); err != nil {
			return err
		}
	}
	tx.audits = tx.audits[:0]
	_, err := tx.db.ExecContext(ctx, `UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1`, lastID, lastHash)
	return err
}

// AuditHead is the state of the chain: its last entry, and the last archived entry it
// continues from.
type AuditHead struct {
	LastID   int64
	LastHash string
	BaseID   int64
	BaseHash string
}

// GetAuditHead reads the chain head.
func (q queries) GetAuditHead(ctx context.Context) (AuditHead, error) {
	var h AuditHead
	err := q.queryRow(ctx, `SELECT last_id, last_hash, base_id, base_hash FROM audit_head WHERE id = 1`).Scan(
		&h.LastID, &h.LastHash, &h.BaseID, &h.BaseHash)
	return h, err
}

// EachAudit streams the entries with afterID < id <= toID (toID 0: to the end) in id order.
func (q queries) EachAudit(ctx context.Context, afterID, toID int64, fn func(*model.AuditEntry) error) error {
	for {
		a := &args{}
		where := "id > " + a.add(afterID)
		if toID > 0 {
			where += " AND id <= " + a.add(toID)
		}
		rows, err := q.query(ctx, `SELECT `+auditSelect+` FROM audit_log WHERE `+where+` ORDER BY id LIMIT 2000`, a.v...)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return err
			}
			n++
			afterID = e.ID
			if err := fn(e); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if n < 2000 {
			return nil
		}
	}
}

// AuditIDByHash returns the id of the entry whose stored hash is h, or 0.
func (q queries) AuditIDByHash(ctx context.Context, h string) (int64, error) {
	var id int64
	err := q.queryRow(ctx, `SELECT id FROM audit_log WHERE hash = $1 ORDER BY id LIMIT 1`, h).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// LastAuditIDBefore returns the id of the last entry of the unbroken run from the chain's
// base whose entries are all older than t (0 when the first is not).
func (q queries) LastAuditIDBefore(ctx context.Context, t time.Time) (int64, error) {
	var first sql.NullInt64
	if err := q.queryRow(ctx, `SELECT MIN(id) FROM audit_log WHERE at >= $1`, t).Scan(&first); err != nil {
		return 0, err
	}
	if first.Valid {
		return first.Int64 - 1, nil
	}
	var last sql.NullInt64
	err := q.queryRow(ctx, `SELECT MAX(id) FROM audit_log`).Scan(&last)
	return last.Int64, err
}

// ArchiveAuditUpTo moves the chain's base to the entry lastID (whose hash is lastHash) and
// deletes the entries up to it; the caller has written them to an archive file first.
func (tx *Tx) ArchiveAuditUpTo(ctx context.Context, lastID int64, lastHash string) (int64, error) {
	if _, err := tx.db.ExecContext(ctx, `UPDATE audit_head SET base_id = $1, base_hash = $2 WHERE id = 1`, lastID, lastHash); err != nil {
		return 0, err
	}
	res, err := tx.db.ExecContext(ctx, `DELETE FROM audit_log WHERE id <= $1`, lastID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// sealLegacyAudit chains the entries written before the chain existed (hash empty), once.
func (s *Store) sealLegacyAudit(ctx context.Context) error {
	var n int64
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE hash = ''`).Scan(&n); err != nil || n == 0 {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		head, err := tx.GetAuditHead(ctx)
		if err != nil {
			return err
		}
		var legacy []*model.AuditEntry
		if err := tx.EachAudit(ctx, 0, 0, func(e *model.AuditEntry) error {
			if e.Hash == "" {
				legacy = append(legacy, e)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, e := range legacy {
			if e.ID <= head.LastID {
				return fmt.Errorf("audit entry %d predates the chain head %d and is not sealed", e.ID, head.LastID)
			}
			e.PrevHash = head.LastHash
			e.Hash = e.ChainHash()
			if _, err := tx.db.ExecContext(ctx, `UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3`,
				e.PrevHash, e.Hash, e.ID); err != nil {
				return err
			}
			head.LastID, head.LastHash = e.ID, e.Hash
		}
		_, err = tx.db.ExecContext(ctx, `UPDATE audit_head SET last_id = $1, last_hash = $2 WHERE id = 1`, head.LastID, head.LastHash)
		return err
	})
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
	rows, err := q.query(ctx, `SELECT `+auditSelect+` FROM audit_log WHERE `+where+
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

const auditSelect = `id, at, COALESCE(user_id, 0), username, action, entity, COALESCE(entity_id, 0), org_path,
	before, after, request_id, ip, prev_hash, hash`

func scanAudit(rows *sql.Rows) (*model.AuditEntry, error) {
	var e model.AuditEntry
	err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.OrgPath,
		&e.Before, &e.After, &e.RequestID, &e.IP, &e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return &e, err
}
