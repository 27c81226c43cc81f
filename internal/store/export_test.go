package store

import "context"

// BreakCounterForTest adds n to one stored rollup counter, as a bug or a crash might.
func (tx *Tx) BreakCounterForTest(ctx context.Context, org int64, metric string, n int64) error {
	_, err := tx.db.ExecContext(ctx, `INSERT INTO org_stats (org_id, metric, n) VALUES ($1, $2, $3)
		ON CONFLICT (org_id, metric) DO UPDATE SET n = org_stats.n + excluded.n`, org, metric, n)
	return err
}

// Tamper runs raw SQL on the writer connection, with the audit log's append-only triggers
// disabled: tests play someone editing the database by hand.
func Tamper(ctx context.Context, s *Store, query string, args ...any) error {
	if s.dialect == Postgres {
		if _, err := s.write.ExecContext(ctx, `ALTER TABLE audit_log DISABLE TRIGGER USER`); err != nil {
			return err
		}
		defer s.write.ExecContext(ctx, `ALTER TABLE audit_log ENABLE TRIGGER USER`)
	} else {
		for _, t := range []string{"audit_log_no_update", "audit_log_no_delete"} {
			if _, err := s.write.ExecContext(ctx, `DROP TRIGGER IF EXISTS `+t); err != nil {
				return err
			}
		}
	}
	_, err := s.write.ExecContext(ctx, query, args...)
	return err
}

// Exec runs raw SQL on the writer connection, triggers in force.
func Exec(ctx context.Context, s *Store, query string, args ...any) error {
	_, err := s.write.ExecContext(ctx, query, args...)
	return err
}
