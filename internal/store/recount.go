package store

import (
	"context"

	"dangjian/internal/model"
)

// RecountSubtree computes the dashboard figures of one subtree directly from the base tables
// with GROUP BY (what a system without the rollup does). The benchmarks compare it with the
// rollup read; it is not used to serve requests.
func (q queries) RecountSubtree(ctx context.Context, path string) (map[string]int64, error) {
	out := map[string]int64{}
	hi := model.PathUpperBound(path)
	groups := []struct{ prefix, col string }{
		{"member.category.", "category"}, {"member.status.", "status"}, {"member.sex.", "sex"},
		{"member.education.", "education"}, {"member.ethnicity.", "ethnicity"},
		{"member.birth_year.", q.d.yearExpr("birth_date")},
	}
	for _, g := range groups {
		rows, err := q.query(ctx, `SELECT CAST(`+g.col+` AS TEXT), COUNT(*) FROM members
			WHERE org_path >= $1 AND org_path < $2 GROUP BY `+g.col, path, hi)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k *string
			var n int64
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return nil, err
			}
			key := "unknown"
			if k != nil {
				key = *k
			}
			out[g.prefix+key] += n
		}
		rows.Close()
	}
	rows, err := q.query(ctx, `SELECT type, COUNT(*) FROM orgs WHERE path >= $1 AND path < $2
		AND dissolved_on IS NULL GROUP BY type`, path, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out["org.type."+k] = n
	}
	return out, rows.Err()
}
