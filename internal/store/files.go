package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"dangjian/internal/model"
)

const fileColumns = `f.id, f.owner_type, f.owner_id, f.org_path, f.name, f.content_type, f.size, f.sha256, f.storage_key,
	f.created_by, f.created_at`

func scanFile(row interface{ Scan(...any) error }) (*model.File, error) {
	var f model.File
	err := row.Scan(&f.ID, &f.OwnerType, &f.OwnerID, &f.OrgPath, &f.Name, &f.ContentType, &f.Size, &f.SHA256,
		&f.StorageKey, &f.CreatedBy, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &f, err
}

// GetFile returns one attached file inside the scope's subtrees, or ErrNotFound.
func (q queries) GetFile(ctx context.Context, sc Scope, id int64) (*model.File, error) {
	a := &args{}
	return scanFile(q.queryRow(ctx, "SELECT "+fileColumns+" FROM files f WHERE f.id = "+a.add(id)+" AND "+
		sc.subtreeClause("f.org_path", a), a.v...))
}

// FilesOf returns the files attached to the owners of one type, by owner id.
func (q queries) FilesOf(ctx context.Context, ownerType string, ownerIDs []int64) (map[int64][]*model.File, error) {
	out := map[int64][]*model.File{}
	if len(ownerIDs) == 0 {
		return out, nil
	}
	a := &args{}
	ph := make([]string, len(ownerIDs))
	for i, id := range ownerIDs {
		ph[i] = a.add(id)
	}
	rows, err := q.query(ctx, "SELECT "+fileColumns+" FROM files f WHERE f.owner_type = "+a.add(ownerType)+
		" AND f.owner_id IN ("+strings.Join(ph, ",")+") ORDER BY f.id", a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, err
		}
		out[f.OwnerID] = append(out[f.OwnerID], f)
	}
	return out, rows.Err()
}

// InsertFile records an attached file whose bytes are already stored under f.StorageKey.
func (tx *Tx) InsertFile(ctx context.Context, f *model.File) error {
	f.CreatedAt = now()
	return tx.db.QueryRowContext(ctx, `INSERT INTO files (owner_type, owner_id, org_path, name, content_type, size, sha256,
		storage_key, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
		f.OwnerType, f.OwnerID, f.OrgPath, f.Name, f.ContentType, f.Size, f.SHA256, f.StorageKey, f.CreatedBy, f.CreatedAt).Scan(&f.ID)
}

// DeleteFile removes a file's record (the caller removes its bytes after commit).
func (tx *Tx) DeleteFile(ctx context.Context, id int64) error {
	_, err := tx.db.ExecContext(ctx, `DELETE FROM files WHERE id = $1`, id)
	return err
}

// CountFilesWithKey counts the records that share one stored content (identical uploads are
// stored once).
func (q queries) CountFilesWithKey(ctx context.Context, key string) (int64, error) {
	var n int64
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM files WHERE storage_key = $1`, key).Scan(&n)
	return n, err
}

// MoveDevelopmentFiles rewrites the organisation path kept on the files of a development
// record's steps after the record moved.
func (tx *Tx) MoveDevelopmentFiles(ctx context.Context, developmentID int64, path string) error {
	_, err := tx.db.ExecContext(ctx, `UPDATE files SET org_path = $1 WHERE owner_type = 'development_step'
		AND owner_id IN (SELECT id FROM development_steps WHERE development_id = $2)`, path, developmentID)
	return err
}
