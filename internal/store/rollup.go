package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"dangjian/internal/model"
)

// rollKey addresses one rollup counter: an organisation id and a metric's number in the
// metric table, packed in one integer so that the maps of a bulk load hash integers rather
// than names.
type rollKey uint64

// metricBits is how many low bits of a rollKey hold the metric number.
const metricBits = 20

func newRollKey(org int64, metric uint32) rollKey {
	return rollKey(uint64(org)<<metricBits | uint64(metric))
}

func (k rollKey) org() int64     { return int64(k >> metricBits) }
func (k rollKey) metric() uint32 { return uint32(k & (1<<metricBits - 1)) }

// metricTable numbers the rollup's metric names. A name keeps its number for the life of the
// process; there are a few hundred names (enumerations, birth years).
type metricTable struct {
	ids   sync.Map // name → uint32
	mu    sync.Mutex
	names atomic.Pointer[[]string]
}

var metricNames metricTable

// id returns the number of a metric name, assigning one on first use.
func (t *metricTable) id(name string) uint32 {
	if id, ok := t.ids.Load(name); ok {
		return id.(uint32)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.ids.Load(name); ok {
		return id.(uint32)
	}
	var names []string
	if p := t.names.Load(); p != nil {
		names = *p
	}
	if len(names) >= 1<<metricBits {
		panic("store: too many rollup metric names")
	}
	id := uint32(len(names))
	names = append(names[:len(names):len(names)], name)
	t.names.Store(&names)
	t.ids.Store(name, id)
	return id
}

// name returns the metric name of a number id returned.
func (t *metricTable) name(id uint32) string { return (*t.names.Load())[id] }

// key returns the rollKey of an organisation and a metric name.
func key(org int64, metric string) rollKey { return newRollKey(org, metricNames.id(metric)) }

// compareKeys orders counters by organisation, then metric name: the order in which every
// transaction writes them, so that concurrent ones lock rows in the same order.
func compareKeys(a, b rollKey) int {
	if c := cmp.Compare(a.org(), b.org()); c != 0 {
		return c
	}
	if a.metric() == b.metric() {
		return 0
	}
	return strings.Compare(metricNames.name(a.metric()), metricNames.name(b.metric()))
}

// rollEntry is one counter's delta.
type rollEntry struct {
	key rollKey
	n   int64
}

// rollup accumulates counter deltas during a transaction; InTx applies them before commit.
type rollup struct {
	deltas  map[rollKey]int64
	touched map[int64]bool // organisations whose below-minimum flag must be re-derived
	// leaf counts member metrics by the member's own organisation; expand spreads them to the
	// ancestors once per organisation instead of once per member.
	leaf  map[rollKey]int64
	paths map[int64]string
	// sorted are more deltas, in compareKeys order, from a spread MemberTally (not in deltas).
	sorted []rollEntry
}

func newRollup() *rollup {
	return &rollup{deltas: map[rollKey]int64{}, touched: map[int64]bool{}, leaf: map[rollKey]int64{}, paths: map[int64]string{}}
}

// expand moves the leaf counts onto the organisations and their ancestors.
func (r *rollup) expand() {
	ancestors := map[int64][]int64{}
	for k, n := range r.leaf {
		if n == 0 {
			continue
		}
		ids, ok := ancestors[k.org()]
		if !ok {
			ids = model.PathIDs(r.paths[k.org()])
			ancestors[k.org()] = ids
		}
		for _, id := range ids {
			r.deltas[newRollKey(id, k.metric())] += n
		}
	}
	r.leaf, r.paths = map[rollKey]int64{}, map[int64]string{}
}

// settle expands the leaf counts and moves every delta into sorted, freeing the maps; a
// bulk load's tally does it in the goroutine that fills it.
func (r *rollup) settle() {
	r.expand()
	r.sorted = mergeEntries(r.sorted, sortedEntries(r.deltas))
	r.deltas = map[rollKey]int64{}
}

// delta returns the pending delta of a counter.
func (r *rollup) delta(k rollKey) int64 {
	n := r.deltas[k]
	if i, ok := slices.BinarySearchFunc(r.sorted, k, func(e rollEntry, k rollKey) int { return compareKeys(e.key, k) }); ok {
		n += r.sorted[i].n
	}
	return n
}

// merge adds the counts of o (which is not used afterwards) to r.
func (r *rollup) merge(o *rollup) {
	mergeCounts(&r.deltas, o.deltas)
	mergeCounts(&r.leaf, o.leaf)
	for id, p := range o.paths {
		r.paths[id] = p
	}
	for id := range o.touched {
		r.touched[id] = true
	}
	r.sorted = mergeEntries(r.sorted, o.sorted)
}

// mergeCounts adds src to *dst, iterating over the smaller of the two maps.
func mergeCounts(dst *map[rollKey]int64, src map[rollKey]int64) {
	if len(src) > len(*dst) {
		*dst, src = src, *dst
	}
	for k, n := range src {
		(*dst)[k] += n
	}
}

// sortedEntries returns the non-zero deltas in compareKeys order.
func sortedEntries(deltas map[rollKey]int64) []rollEntry {
	out := make([]rollEntry, 0, len(deltas))
	for k, n := range deltas {
		if n != 0 {
			out = append(out, rollEntry{k, n})
		}
	}
	if len(out) < 2 {
		return out
	}
	// Order the metric numbers by name once, then sort on integers.
	names := *metricNames.names.Load()
	byName := make([]uint32, len(names))
	for i := range byName {
		byName[i] = uint32(i)
	}
	slices.SortFunc(byName, func(a, b uint32) int { return strings.Compare(names[a], names[b]) })
	rank := make([]uint64, len(names))
	for r, id := range byName {
		rank[id] = uint64(r)
	}
	slices.SortFunc(out, func(a, b rollEntry) int {
		if c := cmp.Compare(a.key.org(), b.key.org()); c != 0 {
			return c
		}
		return cmp.Compare(rank[a.key.metric()], rank[b.key.metric()])
	})
	return out
}

// mergeEntries merges two lists in compareKeys order, adding the deltas of equal keys.
func mergeEntries(a, b []rollEntry) []rollEntry {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]rollEntry, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch c := compareKeys(a[0].key, b[0].key); {
		case c < 0:
			out, a = append(out, a[0]), a[1:]
		case c > 0:
			out, b = append(out, b[0]), b[1:]
		default:
			out = append(out, rollEntry{a[0].key, a[0].n + b[0].n})
			a, b = a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// pending is how many counters are held in memory.
func (r *rollup) pending() int { return len(r.deltas) + len(r.leaf) + len(r.sorted) }

func (r *rollup) add(org int64, metric string, n int64) {
	if n != 0 {
		r.deltas[key(org, metric)] += n
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
		r.leaf[key(m.OrgID, metric)] += sign
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
	if tx.freshStats || tx.roll.pending() < maxPendingDeltas {
		return nil
	}
	return tx.flushRollup(ctx)
}

// rollupRowsPerStmt is how many counters one upsert statement writes.
const rollupRowsPerStmt = 500

// flushRollup re-derives the below-minimum flag of touched organisations and applies all
// deltas with batched upserts, in compareKeys order.
func (tx *Tx) flushRollup(ctx context.Context) error {
	r := tx.roll
	r.expand()
	if len(r.touched) > 0 {
		if err := tx.deriveBelowMin(ctx); err != nil {
			return err
		}
	}
	entries := mergeEntries(sortedEntries(r.deltas), r.sorted)
	if tx.freshStats {
		// org_stats is empty and the entries are one per key: copy them in as they are.
		tx.freshStats = false
		if err := tx.copyRows(ctx, "org_stats", []string{"org_id", "metric", "n"}, &entrySource{entries: entries, i: -1}); err != nil {
			return err
		}
		tx.roll = newRollup()
		return nil
	}
	if tx.d == Postgres && len(entries) >= copyRollupMin {
		if err := tx.copyRollup(ctx, entries); err != nil {
			return err
		}
		tx.roll = newRollup()
		return nil
	}
	vals := make([]any, 0, min(len(entries), rollupRowsPerStmt)*3)
	for start := 0; start < len(entries); start += rollupRowsPerStmt {
		chunk := entries[start:min(start+rollupRowsPerStmt, len(entries))]
		vals = vals[:0]
		for _, e := range chunk {
			if e.n != 0 {
				vals = append(vals, e.key.org(), metricNames.name(e.key.metric()), e.n)
			}
		}
		rows := len(vals) / 3
		var err error
		if rows == rollupRowsPerStmt {
			var stmt *sql.Stmt
			if stmt, err = tx.prepared(ctx, tx.rollupUpsertSQL(rows)); err == nil {
				_, err = stmt.ExecContext(ctx, vals...)
			}
		} else if rows > 0 {
			_, err = tx.db.ExecContext(ctx, tx.rollupUpsertSQL(rows), vals...)
		}
		if err != nil {
			return err
		}
	}
	tx.roll = newRollup()
	return nil
}

// DeferStatsKeys prepares a transaction that fills an empty database (a demo city, exclusive
// of any other writer) to write its rollup in one go: on PostgreSQL, when org_stats is empty,
// its primary key and foreign key are dropped, the rollup is copied in at commit (no upsert,
// no spilling) and the keys are added back just before the commit, which checks them all at
// once. For a million members that is 5 s instead of 35 s (1.9 million counters, each an
// upsert checked against its key and orgs). SQLite keeps its keys: it needs no such help.
func (tx *Tx) DeferStatsKeys(ctx context.Context) error {
	if tx.d != Postgres {
		return nil
	}
	var taken bool
	if err := tx.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM org_stats)`).Scan(&taken); err != nil || taken {
		return err
	}
	tx.freshStats = true
	return tx.deferConstraints(ctx, "org_stats", "'p', 'f'")
}

// deferConstraints drops a PostgreSQL table's constraints of the given types ('p' primary
// key, 'f' foreign keys, as a SQL list) for the rest of the transaction and adds them back
// just before it commits, which checks every row at once (a foreign key is then one join
// instead of a trigger per row). Only for a transaction no one else competes with: the
// table stays locked until commit.
func (tx *Tx) deferConstraints(ctx context.Context, table, types string) error {
	names, defs, err := tx.stringPairs(ctx, `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conrelid = $1::regclass AND contype IN (`+types+`) ORDER BY contype DESC, conname`, table)
	if err != nil {
		return err
	}
	for _, name := range names {
		if _, err := tx.db.ExecContext(ctx, `ALTER TABLE `+table+` DROP CONSTRAINT "`+name+`"`); err != nil {
			return err
		}
	}
	tx.beforeCommit = append(tx.beforeCommit, func(ctx context.Context) error {
		for i, def := range defs {
			if _, err := tx.db.ExecContext(ctx, `ALTER TABLE `+table+` ADD CONSTRAINT "`+names[i]+`" `+def); err != nil {
				return err
			}
		}
		return nil
	})
	return nil
}

// copyRollupMin is how many counters make PostgreSQL take them through COPY.
var copyRollupMin = 20_000

// copyRollup applies many counters on PostgreSQL: COPY into a temporary table, then one
// upsert from it, in the same (organisation, metric) order as the batched upserts.
func (tx *Tx) copyRollup(ctx context.Context, entries []rollEntry) error {
	if _, err := tx.db.ExecContext(ctx, `CREATE TEMPORARY TABLE IF NOT EXISTS rollup_delta
		(org_id BIGINT NOT NULL, metric TEXT NOT NULL, n BIGINT NOT NULL) ON COMMIT DROP`); err != nil {
		return err
	}
	if _, err := tx.db.ExecContext(ctx, `TRUNCATE rollup_delta`); err != nil {
		return err
	}
	if err := tx.copyRows(ctx, "rollup_delta", []string{"org_id", "metric", "n"}, &entrySource{entries: entries, i: -1}); err != nil {
		return err
	}
	_, err := tx.db.ExecContext(ctx, `INSERT INTO org_stats (org_id, metric, n)
		SELECT org_id, metric, n FROM rollup_delta ORDER BY org_id, metric COLLATE "C"
		ON CONFLICT (org_id, metric) DO UPDATE SET n = org_stats.n + excluded.n`)
	return err
}

// entrySource feeds rollup entries to COPY one row at a time (pgx encodes each row before
// asking for the next), without a million small slices.
type entrySource struct {
	entries []rollEntry
	i       int
	row     [3]any
}

func (s *entrySource) Next() bool {
	s.i++
	for s.i < len(s.entries) && s.entries[s.i].n == 0 {
		s.i++
	}
	return s.i < len(s.entries)
}

func (s *entrySource) Values() ([]any, error) {
	e := s.entries[s.i]
	s.row = [3]any{e.key.org(), metricNames.name(e.key.metric()), e.n}
	return s.row[:], nil
}

func (s *entrySource) Err() error { return nil }

// rollupUpsertSQL adds rows counters to org_stats.
func (tx *Tx) rollupUpsertSQL(rows int) string {
	if rows == rollupRowsPerStmt && tx.rollupSQL != "" {
		return tx.rollupSQL
	}
	var b strings.Builder
	b.WriteString("INSERT INTO org_stats (org_id, metric, n) VALUES ")
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(" + tx.d.bulkParam(3*i+1) + "," + tx.d.bulkParam(3*i+2) + "," + tx.d.bulkParam(3*i+3) + ")")
	}
	b.WriteString(" ON CONFLICT (org_id, metric) DO UPDATE SET n = org_stats.n + excluded.n")
	if rows == rollupRowsPerStmt {
		tx.rollupSQL = b.String()
	}
	return b.String()
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
			full += r.delta(key(id, model.MetricSelfFull))
			was := wasBelow+r.delta(key(id, model.MetricSelfBelowMin)) == 1
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
