package store

import (
	"context"
	"sort"

	"dangjian/internal/model"
)

// StatsDiff is one rollup counter that disagrees with the base tables.
type StatsDiff struct {
	OrgID    int64
	Metric   string
	Stored   int64
	Expected int64
}

// yearExpr extracts the year of a date column as an integer.
func (d Dialect) yearExpr(col string) string {
	if d == Postgres {
		return "CAST(EXTRACT(YEAR FROM " + col + ") AS INTEGER)"
	}
	return "CAST(substr(" + col + ", 1, 4) AS INTEGER)"
}

// RecountStats computes every rollup counter from the base tables: members grouped by their
// organisation and counted attributes, then spread to the ancestors in memory.
func (q queries) RecountStats(ctx context.Context, branchMinFull int) (map[rollKey]int64, error) {
	r := newRollup()
	rows, err := q.query(ctx, `SELECT m.org_id, m.org_path, m.category, m.status, m.sex,
		COALESCE(`+q.d.yearExpr("m.birth_date")+`, 0), m.education, m.ethnicity, COUNT(*)
		FROM members m GROUP BY m.org_id, m.org_path, m.category, m.status, m.sex, `+q.d.yearExpr("m.birth_date")+`,
		m.education, m.ethnicity`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var m model.Member
		var year int
		var n int64
		if err := rows.Scan(&m.OrgID, &m.OrgPath, &m.Category, &m.Status, &m.Sex, &year, &m.Education, &m.Ethnicity, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if year > 0 {
			m.BirthDate = model.NewDate(year, 1, 1)
		}
		r.member(&m, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	r.expand()
	if err := q.recountDevelopments(ctx, r); err != nil {
		return nil, err
	}
	orgs, err := q.queryOrgs(ctx, "SELECT "+orgColumns+" FROM orgs o")
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		r.org(o, 1)
		full := r.deltas[key(o.ID, model.MetricSelfFull)]
		if model.BranchBelowMin(o.Type, o.Dissolved(), full, branchMinFull) {
			r.add(o.ID, model.MetricSelfBelowMin, 1)
			r.addPath(o.Path, model.MetricBranchBelowMin, 1)
		}
	}
	for k, n := range r.deltas {
		if n == 0 {
			delete(r.deltas, k)
		}
	}
	return r.deltas, nil
}

// recountDevelopments counts development records by organisation, stage and status.
func (q queries) recountDevelopments(ctx context.Context, r *rollup) error {
	rows, err := q.query(ctx, `SELECT org_path, stage, status, COUNT(*) FROM developments GROUP BY org_path, stage, status`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var d model.Development
		var n int64
		if err := rows.Scan(&d.OrgPath, &d.Stage, &d.Status, &n); err != nil {
			return err
		}
		r.development(&d, n)
	}
	return rows.Err()
}

func (q queries) storedStats(ctx context.Context) (map[rollKey]int64, error) {
	rows, err := q.query(ctx, `SELECT org_id, metric, n FROM org_stats WHERE n <> 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[rollKey]int64{}
	for rows.Next() {
		var org, n int64
		var metric string
		if err := rows.Scan(&org, &metric, &n); err != nil {
			return nil, err
		}
		out[key(org, metric)] = n
	}
	return out, rows.Err()
}

// VerifyStats compares the stored rollup with a recount and returns the differences.
func (s *Store) VerifyStats(ctx context.Context) ([]StatsDiff, error) {
	var diffs []StatsDiff
	// Read both sides in one transaction so that no write slips between them.
	err := s.InTx(ctx, func(tx *Tx) error {
		want, err := tx.RecountStats(ctx, s.BranchMinFull)
		if err != nil {
			return err
		}
		have, err := tx.storedStats(ctx)
		if err != nil {
			return err
		}
		for k, n := range want {
			if have[k] != n {
				diffs = append(diffs, StatsDiff{OrgID: k.org(), Metric: metricNames.name(k.metric()), Stored: have[k], Expected: n})
			}
		}
		for k, n := range have {
			if _, ok := want[k]; !ok {
				diffs = append(diffs, StatsDiff{OrgID: k.org(), Metric: metricNames.name(k.metric()), Stored: n})
			}
		}
		life, err := tx.verifyOrgLife(ctx)
		diffs = append(diffs, life...)
		return err
	})
	sort.Slice(diffs, func(i, j int) bool {
		if diffs[i].OrgID != diffs[j].OrgID {
			return diffs[i].OrgID < diffs[j].OrgID
		}
		return diffs[i].Metric < diffs[j].Metric
	})
	return diffs, err
}

// RebuildStats replaces the whole rollup with a recount, in one transaction.
func (s *Store) RebuildStats(ctx context.Context) (int, error) {
	var n int
	err := s.InTx(ctx, func(tx *Tx) error {
		want, err := tx.RecountStats(ctx, s.BranchMinFull)
		if err != nil {
			return err
		}
		if _, err := tx.db.ExecContext(ctx, `DELETE FROM org_stats`); err != nil {
			return err
		}
		tx.roll.deltas = want
		life, err := tx.rebuildOrgLife(ctx)
		n = len(want) + life
		return err
	})
	return n, err
}
