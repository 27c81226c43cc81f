package store

import (
	"context"
	"database/sql"
	"errors"

	"dangjian/internal/model"
)

// InsertJob records a new job (queued).
func (s *Store) InsertJob(ctx context.Context, j *model.Job) error {
	t := now()
	j.CreatedAt, j.UpdatedAt, j.Status = t, t, model.JobQueued
	var user any
	if j.UserID != 0 {
		user = j.UserID
	}
	return s.write.QueryRowContext(ctx, `INSERT INTO jobs (kind, status, done, total, result, error, user_id,
		org_path, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`, j.Kind, j.Status,
		j.Done, j.Total, j.Result, j.Error, user, j.OrgPath, j.CreatedAt, j.UpdatedAt).Scan(&j.ID)
}

// UpdateJob saves a job's status, progress, result and error (outside any business transaction,
// so progress is visible while the work runs).
func (s *Store) UpdateJob(ctx context.Context, j *model.Job) error {
	j.UpdatedAt = now()
	_, err := s.write.ExecContext(ctx, `UPDATE jobs SET status=$1, done=$2, total=$3, result=$4, error=$5,
		updated_at=$6 WHERE id=$7`, j.Status, j.Done, j.Total, j.Result, j.Error, j.UpdatedAt, j.ID)
	return err
}

// GetJob returns a job started by userID, or any job when userID is 0.
func (q queries) GetJob(ctx context.Context, id, userID int64) (*model.Job, error) {
	var j model.Job
	var user sql.NullInt64
	err := q.queryRow(ctx, `SELECT id, kind, status, done, total, result, error, user_id, org_path,
		created_at, updated_at FROM jobs WHERE id = $1`, id).Scan(&j.ID, &j.Kind, &j.Status, &j.Done, &j.Total,
		&j.Result, &j.Error, &user, &j.OrgPath, &j.CreatedAt, &j.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	j.UserID = user.Int64
	if userID != 0 && j.UserID != userID {
		return nil, ErrNotFound
	}
	return &j, nil
}
