package store

import "context"

// BreakCounterForTest adds n to one stored rollup counter, as a bug or a crash might.
func (tx *Tx) BreakCounterForTest(ctx context.Context, org int64, metric string, n int64) error {
	_, err := tx.db.ExecContext(ctx, `INSERT INTO org_stats (org_id, metric, n) VALUES ($1, $2, $3)
		ON CONFLICT (org_id, metric) DO UPDATE SET n = org_stats.n + excluded.n`, org, metric, n)
	return err
}
