package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"dangjian/internal/model"
)

// InsertAttachment stores a file.
func (tx *Tx) InsertAttachment(ctx context.Context, f *model.Attachment) error {
	f.CreatedAt = now()
	return tx.db.QueryRowContext(ctx, `INSERT INTO attachments (owner_type, owner_id, org_path, name, content_type, size, data,
		created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
		f.OwnerType, f.OwnerID, f.OrgPath, f.Name, f.ContentType, f.Size, f.Data, nullID(f.CreatedBy), f.CreatedAt).Scan(&f.ID)
}

// GetAttachment returns a file (with its content when withData) whose path lies in the scope.
func (q queries) GetAttachment(ctx context.Context, sc Scope, id int64, withData bool) (*model.Attachment, error) {
	a := &args{}
	data := "NULL"
	if withData {
		data = "data"
	}
	var f model.Attachment
	var by sql.NullInt64
	err := q.queryRow(ctx, "SELECT id, owner_type, owner_id, org_path, name, content_type, size, "+data+", created_by, created_at FROM attachments WHERE id = "+
		a.add(id)+" AND "+sc.pathClause("org_path", a), a.v...).Scan(&f.ID, &f.OwnerType, &f.OwnerID, &f.OrgPath, &f.Name,
		&f.ContentType, &f.Size, &f.Data, &by, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	f.CreatedBy = by.Int64
	return &f, err
}

const attachmentColumns = `id, owner_type, owner_id, org_path, name, content_type, size, created_by, created_at`

// Attachments returns the files of one owner, oldest first (without content).
func (q queries) Attachments(ctx context.Context, ownerType string, ownerID int64) ([]*model.Attachment, error) {
	return q.queryAttachments(ctx, "SELECT "+attachmentColumns+` FROM attachments WHERE owner_type = $1 AND owner_id = $2 ORDER BY id`,
		ownerType, ownerID)
}

// AttachmentsOf returns the files of several owners of one type, by owner id, oldest first
// (without content).
func (q queries) AttachmentsOf(ctx context.Context, ownerType string, ownerIDs []int64) (map[int64][]*model.Attachment, error) {
	out := map[int64][]*model.Attachment{}
	if len(ownerIDs) == 0 {
		return out, nil
	}
	a := &args{}
	ph := make([]string, len(ownerIDs))
	for i, id := range ownerIDs {
		ph[i] = a.add(id)
	}
	list, err := q.queryAttachments(ctx, "SELECT "+attachmentColumns+" FROM attachments WHERE owner_type = "+a.add(ownerType)+
		" AND owner_id IN ("+strings.Join(ph, ",")+") ORDER BY id", a.v...)
	if err != nil {
		return nil, err
	}
	for _, f := range list {
		out[f.OwnerID] = append(out[f.OwnerID], f)
	}
	return out, nil
}

func (q queries) queryAttachments(ctx context.Context, query string, args ...any) ([]*model.Attachment, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.Attachment
	for rows.Next() {
		var f model.Attachment
		var by sql.NullInt64
		if err := rows.Scan(&f.ID, &f.OwnerType, &f.OwnerID, &f.OrgPath, &f.Name, &f.ContentType, &f.Size, &by, &f.CreatedAt); err != nil {
			return nil, err
		}
		f.CreatedBy = by.Int64
		out = append(out, &f)
	}
	return out, rows.Err()
}

// DeleteAttachment removes a file.
func (tx *Tx) DeleteAttachment(ctx context.Context, id int64) error {
	return tx.bumped(tx.db.ExecContext(ctx, `DELETE FROM attachments WHERE id = $1`, id))(nil)
}

// DeleteAttachmentsOf removes every file of an owner (the owner is being deleted).
func (tx *Tx) DeleteAttachmentsOf(ctx context.Context, ownerType string, ownerID int64) error {
	_, err := tx.db.ExecContext(ctx, `DELETE FROM attachments WHERE owner_type = $1 AND owner_id = $2`, ownerType, ownerID)
	return err
}

// DeleteDevelopmentAttachments removes the files of every step of a development record (the
// record is being deleted).
func (tx *Tx) DeleteDevelopmentAttachments(ctx context.Context, developmentID int64) error {
	_, err := tx.db.ExecContext(ctx, `DELETE FROM attachments WHERE owner_type = $1
		AND owner_id IN (SELECT id FROM development_steps WHERE development_id = $2)`, model.AttachedToDevelopmentStep, developmentID)
	return err
}

// MoveDevelopmentAttachments rewrites the organisation path kept on the files of a development
// record's steps after the record moved (a transfer takes a probationary member's record along).
func (tx *Tx) MoveDevelopmentAttachments(ctx context.Context, developmentID int64, path string) error {
	_, err := tx.db.ExecContext(ctx, `UPDATE attachments SET org_path = $1 WHERE owner_type = $2
		AND owner_id IN (SELECT id FROM development_steps WHERE development_id = $3)`, path, model.AttachedToDevelopmentStep, developmentID)
	return err
}
