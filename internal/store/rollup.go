package store

import (
	"context"
	"sort"
	"strings"

	"dangjian/internal/model"
)

// rollKey addresses one rollup counter.
type rollKey struct {
	org    int64
	metric string
}

// rollup accumulates counter deltas during a transaction; InTx applies them before commit, in
// (org, metric) order so that concurrent transactions lock ancestor rows in the same order.
type rollup struct {
	deltas  map[rollKey]int64
	touched map[int64]bool // organisations whose below-minimum flag must be re-derived
	// leaf counts member metrics by the member's own organisation; expand spreads them to the
	// ancestors once per organisation instead of once per member.
	leaf  map[rollKey]int64
	paths map[int64]string
}

func newRollup() *rollup {
	return &rollup{deltas: map[rollKey]int64{}, touched: map[int64]bool{}, leaf: map[rollKey]int64{}, paths: map[int64]string{}}
}

// expand moves the leaf counts onto the organisations and their ancestors.
func (r *rollup) expand() {
	for k, n := range r.leaf {
		if n != 0 {
			r.addPath(r.paths[k.org], k.metric, n)
		}
	}
	r.leaf, r.paths = map[rollKey]int64{}, map[int64]string{}
}

// pending is how many counters are held in memory.
func (r *rollup) pending() int { return len(r.deltas) + len(r.leaf) }

func (r *rollup) add(org int64, metric string, n int64) {
	if n != 0 {
		r.deltas[rollKey{org, metric}] += n
	}
}

// addPath adds n to metric on every organisation along path (the organisation and its ancestors).
func (r *rollup) addPath(path, metric string, n int64) {
	for _, id := range model.PathIDs(path) {
		r.add(id, metric, n)
	}
}

// member records that m enters (sign +1) or leaves (sign -1) the counts.
func (r *rollup) member(m *model.Member, sign int64) {
	if _, ok := r.paths[m.OrgID]; !ok {
		r.paths[m.OrgID] = m.OrgPath
	}
	for _, metric := range model.MemberMetrics(m) {
		r.leaf[rollKey{m.OrgID, metric}] += sign
	}
	for _, metric := range model.MemberSelfMetrics(m) {
		r.add(m.OrgID, metric, sign)
	}
	r.touched[m.OrgID] = true
}

// org records that o enters (sign +1) or leaves (sign -1) the counts.
func (r *rollup) org(o *model.Org, sign int64) {
	for _, metric := range model.OrgMetrics(o) {
		r.addPath(o.Path, metric, sign)
	}
	r.touched[o.ID] = true
}

// maxPendingDeltas bounds the counters a transaction accumulates in memory: a bulk load of a
// million members touches every organisation × birth year, so it writes them out (inside the
// same transaction) whenever this many are pending.
const maxPendingDeltas = 100_000

// spillRollup writes the pending rollup deltas when there are many; the transaction stays
// atomic, only memory is saved.
func (tx *Tx) spillRollup(ctx context.Context) error {
	if tx.roll.pending() < maxPendingDeltas {
		return nil
	}
	return tx.flushRollup(ctx)
}

// flushRollup re-derives the below-minimum flag of touched organisations and applies all
// deltas with batched upserts.
func (tx *Tx) flushRollup(ctx context.Context) error {
	r := tx.roll
	r.expand()
	if len(r.touched) > 0 {
		if err := tx.deriveBelowMin(ctx); err != nil {
			return err
		}
	}
	if len(r.deltas) == 0 {
		return nil
	}
	keys := make([]rollKey, 0, len(r.deltas))
	for k, n := range r.deltas {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].org != keys[j].org {
			return keys[i].org < keys[j].org
		}
		return keys[i].metric < keys[j].metric
	})
	const perRow = 3
	batch := min(500, tx.d.maxParams()/perRow)
	for start := 0; start < len(keys); start += batch {
		end := min(start+batch, len(keys))
		var b strings.Builder
		vals := make([]any, 0, (end-start)*perRow)
		b.WriteString("INSERT INTO org_stats (org_id, metric, n) VALUES ")
		for i, k := range keys[start:end] {
			if i > 0 {
				b.WriteByte(',')
			}
			n := len(vals)
			b.WriteString("(" + tx.d.bulkParam(n+1) + "," + tx.d.bulkParam(n+2) + "," + tx.d.bulkParam(n+3) + ")")
			vals = append(vals, k.org, k.metric, r.deltas[k])
		}
		b.WriteString(" ON CONFLICT (org_id, metric) DO UPDATE SET n = org_stats.n + excluded.n")
		if _, err := tx.db.ExecContext(ctx, b.String(), vals...); err != nil {
			return err
		}
	}
	tx.roll = newRollup()
	return nil
}

// deriveBelowMin compares each touched organisation's stored below-minimum flag with what its
// full members (stored count plus this transaction's delta) and type now say, and records the
// change on the organisation and its ancestors.
func (tx *Tx) deriveBelowMin(ctx context.Context) error {
	r := tx.roll
	ids := make([]int64, 0, len(r.touched))
	for id := range r.touched {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		a := &args{}
		ph := make([]string, len(chunk))
		for i, id := range chunk {
			ph[i] = a.add(id)
		}
		if tx.d == Postgres {
			// Serialise concurrent writers of the same organisations; the next statement then
			// reads their committed counters (read committed takes a new snapshot per statement).
			lock := "SELECT id FROM orgs WHERE id IN (" + strings.Join(ph, ",") + ") ORDER BY id FOR UPDATE"
			if _, err := tx.db.ExecContext(ctx, lock, a.v...); err != nil {
				return err
			}
		}
		q := `SELECT o.id, o.path, o.type, o.dissolved_on IS NOT NULL,
			COALESCE((SELECT n FROM org_stats WHERE org_id = o.id AND metric = '` + model.MetricSelfFull + `'), 0),
			COALESCE((SELECT n FROM org_stats WHERE org_id = o.id AND metric = '` + model.MetricSelfBelowMin + `'), 0)
			FROM orgs o WHERE o.id IN (` + strings.Join(ph, ",") + `)`
		rows, err := tx.db.QueryContext(ctx, q, a.v...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				id             int64
				path, typ      string
				dissolved      bool
				full, wasBelow int64
			)
			if err := rows.Scan(&id, &path, &typ, &dissolved, &full, &wasBelow); err != nil {
				rows.Close()
				return err
			}
			full += r.deltas[rollKey{id, model.MetricSelfFull}]
			was := wasBelow+r.deltas[rollKey{id, model.MetricSelfBelowMin}] == 1
			is := model.BranchBelowMin(model.OrgType(typ), dissolved, full, tx.store.BranchMinFull)
			switch {
			case is && !was:
				r.add(id, model.MetricSelfBelowMin, 1)
				r.addPath(path, model.MetricBranchBelowMin, 1)
			case was && !is:
				r.add(id, model.MetricSelfBelowMin, -1)
				r.addPath(path, model.MetricBranchBelowMin, -1)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	r.touched = map[int64]bool{}
	return nil
}

// OrgCounts returns the raw rollup counters of one organisation (no scope check: callers
// check the organisation is in scope first).
func (q queries) OrgCounts(ctx context.Context, orgID int64) (map[string]int64, error) {
	rows, err := q.query(ctx, `SELECT metric, n FROM org_stats WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var m string
		var n int64
		if err := rows.Scan(&m, &n); err != nil {
			return nil, err
		}
		out[m] = n
	}
	return out, rows.Err()
}

// development records that d enters (sign +1) or leaves (sign -1) the counts.
func (r *rollup) development(d *model.Development, sign int64) {
	for _, metric := range model.DevelopmentMetrics(d) {
		r.addPath(d.OrgPath, metric, sign)
	}
}

// clone copies the pending deltas (for savepoints).
func (r *rollup) clone() *rollup {
	c := newRollup()
	for k, v := range r.deltas {
		c.deltas[k] = v
	}
	for k, v := range r.touched {
		c.touched[k] = v
	}
	for k, v := range r.leaf {
		c.leaf[k] = v
	}
	for k, v := range r.paths {
		c.paths[k] = v
	}
	return c
}
