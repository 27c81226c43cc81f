package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"dangjian/internal/model"
)

const documentColumns = `d.id, d.org_id, d.org_path, o.name, d.title, d.content, d.issued_on, d.due_on, d.targets, d.acked,
	d.created_by, d.version, d.created_at`

func scanDocument(row interface{ Scan(...any) error }) (*model.Document, error) {
	var d model.Document
	var by sql.NullInt64
	err := row.Scan(&d.ID, &d.OrgID, &d.OrgPath, &d.OrgName, &d.Title, &d.Content, &d.IssuedOn, &d.DueOn, &d.Targets, &d.Acked,
		&by, &d.Version, &d.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	d.CreatedBy = by.Int64
	return &d, err
}

// GetDocument returns a document whose organisation lies in the scope.
func (q queries) GetDocument(ctx context.Context, sc Scope, id int64) (*model.Document, error) {
	a := &args{}
	return scanDocument(q.queryRow(ctx, "SELECT "+documentColumns+" FROM documents d JOIN orgs o ON o.id = d.org_id WHERE d.id = "+
		a.add(id)+" AND "+sc.pathClause("d.org_path", a), a.v...))
}

// GetDocumentFor returns a document a member must acknowledge, whatever the scope.
func (q queries) GetDocumentFor(ctx context.Context, memberID, id int64) (*model.Document, error) {
	return scanDocument(q.queryRow(ctx, "SELECT "+documentColumns+` FROM documents d JOIN orgs o ON o.id = d.org_id
		JOIN document_acks k ON k.document_id = d.id WHERE d.id = $1 AND k.member_id = $2`, id, memberID))
}

// ListDocuments returns the documents issued in a subtree and scope, newest first.
func (q queries) ListDocuments(ctx context.Context, sc Scope, path string, limit, offset int) ([]*model.Document, int64, error) {
	a := &args{}
	where := " WHERE " + sc.underClause("d.org_path", path, a)
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM documents d"+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+documentColumns+" FROM documents d JOIN orgs o ON o.id = d.org_id"+where+
		" ORDER BY d.issued_on DESC, d.id DESC LIMIT "+a.add(max(limit, 1))+" OFFSET "+a.add(offset), a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*model.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// InsertDocument inserts a document to be read by every member of its organisation's subtree
// in one of statuses: their acknowledgement rows are written by one INSERT … SELECT (a city's
// document reaches a million members without loading them), and d.Targets is their number.
// With no such member the document is still written; the caller decides whether to keep it.
func (tx *Tx) InsertDocument(ctx context.Context, d *model.Document, statuses []model.Status) error {
	t := now()
	d.CreatedAt, d.Version, d.Targets, d.Acked = t, 1, 0, 0
	err := tx.db.QueryRowContext(ctx, `INSERT INTO documents (org_id, org_path, title, content, issued_on, due_on, targets, acked,
		created_by, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,0,0,$7,$8,$9,$10) RETURNING id`,
		d.OrgID, d.OrgPath, d.Title, d.Content, d.IssuedOn, d.DueOn, nullID(d.CreatedBy), d.Version, t, t).Scan(&d.ID)
	if err != nil || len(statuses) == 0 {
		return err
	}
	a := &args{}
	id, lo, hi := a.add(d.ID), a.add(d.OrgPath), a.add(model.PathUpperBound(d.OrgPath))
	ph := make([]string, len(statuses))
	for i, st := range statuses {
		ph[i] = a.add(string(st))
	}
	res, err := tx.db.ExecContext(ctx, `INSERT INTO document_acks (document_id, member_id) SELECT `+id+`, m.id FROM members m
		WHERE m.org_path >= `+lo+` AND m.org_path < `+hi+` AND m.status IN (`+strings.Join(ph, ",")+`)`, a.v...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	d.Targets = int(n)
	_, err = tx.db.ExecContext(ctx, `UPDATE documents SET targets = $1 WHERE id = $2`, d.Targets, d.ID)
	return err
}

// DeleteDocument removes a document and its acknowledgements at its version.
func (tx *Tx) DeleteDocument(ctx context.Context, d *model.Document) error {
	return tx.bumped(tx.db.ExecContext(ctx, `DELETE FROM documents WHERE id=$1 AND version=$2`, d.ID, d.Version))(nil)
}

// Acknowledge records a member's receipt; it reports false when already acknowledged.
func (tx *Tx) Acknowledge(ctx context.Context, documentID, memberID int64, at time.Time) (bool, error) {
	res, err := tx.db.ExecContext(ctx, `UPDATE document_acks SET acked_at = $1 WHERE document_id = $2 AND member_id = $3 AND acked_at IS NULL`,
		at.UTC(), documentID, memberID)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	_, err = tx.db.ExecContext(ctx, `UPDATE documents SET acked = acked + 1 WHERE id = $1`, documentID)
	return true, err
}

// AckFilter selects a document's acknowledgements.
type AckFilter struct {
	DocumentID int64
	// Acked: nil all, true those who have, false those who have not.
	Acked         *bool
	Limit, Offset int
}

// ListAcks returns who has and has not acknowledged a document, by organisation and name.
func (q queries) ListAcks(ctx context.Context, f AckFilter) ([]model.Acknowledgement, int64, error) {
	a := &args{}
	where := " WHERE k.document_id = " + a.add(f.DocumentID)
	if f.Acked != nil {
		if *f.Acked {
			where += " AND k.acked_at IS NOT NULL"
		} else {
			where += " AND k.acked_at IS NULL"
		}
	}
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM document_acks k"+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := `SELECT k.document_id, k.member_id, m.name, o.name, k.acked_at FROM document_acks k
		JOIN members m ON m.id = k.member_id JOIN orgs o ON o.id = m.org_id` + where + " ORDER BY m.org_path, m.id"
	if f.Limit > 0 {
		query += " LIMIT " + a.add(f.Limit) + " OFFSET " + a.add(f.Offset)
	}
	rows, err := q.query(ctx, query, a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []model.Acknowledgement
	for rows.Next() {
		var k model.Acknowledgement
		var at sql.NullTime
		if err := rows.Scan(&k.DocumentID, &k.MemberID, &k.MemberName, &k.OrgName, &at); err != nil {
			return nil, 0, err
		}
		if at.Valid {
			k.AckedAt = at.Time.UTC()
		}
		out = append(out, k)
	}
	return out, total, rows.Err()
}

// MemberDocuments returns the documents a member must acknowledge (pending only, or all), newest first.
func (q queries) MemberDocuments(ctx context.Context, memberID int64, pendingOnly bool, limit int) ([]*model.Document, []time.Time, error) {
	query := "SELECT " + documentColumns + `, k.acked_at FROM document_acks k JOIN documents d ON d.id = k.document_id
		JOIN orgs o ON o.id = d.org_id WHERE k.member_id = $1`
	if pendingOnly {
		query += " AND k.acked_at IS NULL"
	}
	rows, err := q.query(ctx, query+" ORDER BY d.issued_on DESC, d.id DESC LIMIT $2", memberID, limit)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var docs []*model.Document
	var acked []time.Time
	for rows.Next() {
		var d model.Document
		var by sql.NullInt64
		var at sql.NullTime
		if err := rows.Scan(&d.ID, &d.OrgID, &d.OrgPath, &d.OrgName, &d.Title, &d.Content, &d.IssuedOn, &d.DueOn, &d.Targets,
			&d.Acked, &by, &d.Version, &d.CreatedAt, &at); err != nil {
			return nil, nil, err
		}
		d.CreatedBy = by.Int64
		docs = append(docs, &d)
		if at.Valid {
			acked = append(acked, at.Time.UTC())
		} else {
			acked = append(acked, time.Time{})
		}
	}
	return docs, acked, rows.Err()
}
