package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"dangjian/internal/model"
)

const orgColumns = `o.id, o.parent_id, o.depth, o.path, o.name, o.short_name, o.type, o.has_committee,
	o.unit_type, o.unit_name, o.industry, o.code, o.unit_code, o.address, o.phone, o.founded_on,
	o.dissolved_on, o.term_start, o.term_years, o.term_expired, o.version, o.created_at, o.updated_at`

// scanOrg reads the orgColumns of a row, and into more the columns selected after them.
func scanOrg(row interface{ Scan(...any) error }, more ...any) (*model.Org, error) {
	var o model.Org
	var parent sql.NullInt64
	err := row.Scan(append([]any{&o.ID, &parent, &o.Depth, &o.Path, &o.Name, &o.ShortName, &o.Type, &o.HasCommittee,
		&o.UnitType, &o.UnitName, &o.Industry, &o.Code, &o.UnitCode, &o.Address, &o.Phone, &o.FoundedOn,
		&o.DissolvedOn, &o.TermStart, &o.TermYears, &o.TermExpired, &o.Version, &o.CreatedAt, &o.UpdatedAt}, more...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	o.ParentID = parent.Int64
	return &o, err
}

func (q queries) queryOrgs(ctx context.Context, query string, a ...any) ([]*model.Org, error) {
	rows, err := q.query(ctx, query, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// GetOrg returns one organisation inside the scope, or ErrNotFound.
func (q queries) GetOrg(ctx context.Context, sc Scope, id int64) (*model.Org, error) {
	a := &args{}
	query := "SELECT " + orgColumns + " FROM orgs o WHERE o.id = " + a.add(id) + " AND " + sc.pathClause("o.path", a)
	return scanOrg(q.queryRow(ctx, query, a.v...))
}

// GetOrgCount returns one organisation inside the scope with one of its rollup counters (0
// when it has none), in one query: a member list needs both; with metric empty it is GetOrg.
func (q queries) GetOrgCount(ctx context.Context, sc Scope, id int64, metric string) (*model.Org, int64, error) {
	if metric == "" {
		o, err := q.GetOrg(ctx, sc, id)
		return o, 0, err
	}
	a := &args{}
	query := "SELECT " + orgColumns + ", COALESCE((SELECT n FROM org_stats s WHERE s.org_id = o.id AND s.metric = " +
		a.add(metric) + "), 0) FROM orgs o WHERE o.id = " + a.add(id) + " AND " + sc.pathClause("o.path", a)
	var n int64
	o, err := scanOrg(q.queryRow(ctx, query, a.v...), &n)
	return o, n, err
}

// GetOrgByCodeOrName finds a live organisation in scope by its code or, failing that, its exact name.
func (q queries) GetOrgByCodeOrName(ctx context.Context, sc Scope, ref string) (*model.Org, error) {
	a := &args{}
	r := a.add(ref)
	query := "SELECT " + orgColumns + " FROM orgs o WHERE (o.code = " + r + " OR o.name = " + r + ") AND " +
		sc.pathClause("o.path", a) + " ORDER BY CASE WHEN o.code = " + r + " THEN 0 ELSE 1 END, o.dissolved_on IS NOT NULL, o.id LIMIT 2"
	orgs, err := q.queryOrgs(ctx, query, a.v...)
	if err != nil {
		return nil, err
	}
	if len(orgs) == 0 {
		return nil, ErrNotFound
	}
	if len(orgs) > 1 && orgs[0].Code != ref && orgs[1].Name == ref && orgs[1].Dissolved() == orgs[0].Dissolved() {
		return nil, ErrConflict // ambiguous name
	}
	return orgs[0], nil
}

// RootOrgs returns the topmost organisations of the scope: the tree's roots for All, else the
// organisations at the scope's paths (nested paths collapse into their outermost one).
func (q queries) RootOrgs(ctx context.Context, sc Scope) ([]*model.Org, error) {
	if sc.All {
		return q.queryOrgs(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE o.parent_id IS NULL ORDER BY o.id")
	}
	roots := outermost(sc.Paths)
	if sc.SelfOrgPath != "" && len(roots) == 0 {
		roots = []string{sc.SelfOrgPath}
	}
	if len(roots) == 0 {
		return nil, nil
	}
	a := &args{}
	ph := make([]string, len(roots))
	for i, p := range roots {
		ph[i] = a.add(p)
	}
	return q.queryOrgs(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE o.path IN ("+strings.Join(ph, ",")+") ORDER BY o.path", a.v...)
}

func outermost(paths []string) []string {
	var out []string
	for _, p := range paths {
		nested := false
		for _, o := range paths {
			if o != p && model.PathUnder(p, o) {
				nested = true
			}
		}
		if !nested {
			out = append(out, p)
		}
	}
	return out
}

// ChildOrgs returns the children of parentID that lie in the scope, live ones first.
func (q queries) ChildOrgs(ctx context.Context, sc Scope, parentID int64, includeDissolved bool) ([]*model.Org, error) {
	a := &args{}
	query := "SELECT " + orgColumns + " FROM orgs o WHERE o.parent_id = " + a.add(parentID) + " AND " + sc.pathClause("o.path", a)
	if !includeDissolved {
		query += " AND o.dissolved_on IS NULL"
	}
	return q.queryOrgs(ctx, query+" ORDER BY o.dissolved_on IS NOT NULL, o.id", a.v...)
}

// SearchOrgs finds organisations in scope whose name or code contains text.
func (q queries) SearchOrgs(ctx context.Context, sc Scope, text string, limit int) ([]*model.Org, error) {
	a := &args{}
	like := a.add("%" + escapeLike(text) + "%")
	query := "SELECT " + orgColumns + " FROM orgs o WHERE (o.name LIKE " + like + " ESCAPE '\\' OR o.code = " + a.add(text) +
		") AND o.dissolved_on IS NULL AND " + sc.pathClause("o.path", a) + " ORDER BY o.depth, o.id LIMIT " + a.add(limit)
	return q.queryOrgs(ctx, query, a.v...)
}

// SubtreeOrgs returns every organisation of the subtree at path (the export reads it in one go;
// organisations are few compared with members).
func (q queries) SubtreeOrgs(ctx context.Context, sc Scope, path string) ([]*model.Org, error) {
	a := &args{}
	query := "SELECT " + orgColumns + " FROM orgs o WHERE " + sc.underClause("o.path", path, a) + " ORDER BY o.path"
	return q.queryOrgs(ctx, query, a.v...)
}

// OrgsByIDs returns the organisations with these ids (no scope: for names along a known path).
func (q queries) OrgsByIDs(ctx context.Context, ids []int64) ([]*model.Org, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	a := &args{}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = a.add(id)
	}
	return q.queryOrgs(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE o.id IN ("+strings.Join(ph, ",")+")", a.v...)
}

// ChildCounts returns, for each of ids, how many live children it has.
func (q queries) ChildCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	a := &args{}
	ph := make([]string, len(ids))
	for i, id := range ids {
		ph[i] = a.add(id)
	}
	rows, err := q.query(ctx, "SELECT parent_id, COUNT(*) FROM orgs WHERE dissolved_on IS NULL AND parent_id IN ("+
		strings.Join(ph, ",")+") GROUP BY parent_id", a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// NextOrgIDs reserves n organisation ids inside the transaction and returns the first.
func (tx *Tx) NextOrgIDs(ctx context.Context, n int) (int64, error) {
	var next int64
	err := tx.db.QueryRowContext(ctx,
		"UPDATE id_sequences SET next_id = next_id + $1 WHERE name = 'orgs' RETURNING next_id", n).Scan(&next)
	return next - int64(n), err
}

// InsertOrg inserts o, whose ID, Path and Depth are set, and counts it in the rollup.
func (tx *Tx) InsertOrg(ctx context.Context, o *model.Org) error {
	t := now()
	o.CreatedAt, o.UpdatedAt, o.Version = t, t, 1
	var parent any
	if o.ParentID != 0 {
		parent = o.ParentID
	}
	_, err := tx.db.ExecContext(ctx, `INSERT INTO orgs (id, parent_id, depth, path, name, short_name, type,
		has_committee, unit_type, unit_name, industry, code, unit_code, address, phone, founded_on, dissolved_on,
		term_start, term_years, term_expired, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23)`,
		o.ID, parent, o.Depth, o.Path, o.Name, o.ShortName, o.Type, o.HasCommittee, o.UnitType, o.UnitName,
		o.Industry, o.Code, o.UnitCode, o.Address, o.Phone, o.FoundedOn, o.DissolvedOn, o.TermStart, o.TermYears,
		o.TermExpired, o.Version, o.CreatedAt, o.UpdatedAt)
	if err != nil {
		if isUniqueViolation(err) {
			return ErrConflict
		}
		return err
	}
	tx.roll.org(o, 1)
	return nil
}

// orgInsertColumns are the columns InsertOrgs writes.
const orgInsertColumns = `id, parent_id, depth, path, name, short_name, type, has_committee, unit_type, unit_name,
	industry, code, unit_code, address, phone, founded_on, dissolved_on, term_start, term_years, term_expired,
	version, created_at, updated_at`

// InsertOrgs inserts many organisations (each with ID, Path and Depth set, parents before
// children) with multi-row statements, and counts them in the rollup: the demo city writes
// fifty thousand, which one statement each would take a round trip each.
func (tx *Tx) InsertOrgs(ctx context.Context, orgs []*model.Org) error {
	const width, perStmt = 23, 500
	t := now()
	for start := 0; start < len(orgs); start += perStmt {
		chunk := orgs[start:min(start+perStmt, len(orgs))]
		vals := make([]any, 0, len(chunk)*width)
		var b strings.Builder
		b.WriteString("INSERT INTO orgs (" + orgInsertColumns + ") VALUES ")
		for i, o := range chunk {
			o.CreatedAt, o.UpdatedAt, o.Version = t, t, 1
			var parent any
			if o.ParentID != 0 {
				parent = o.ParentID
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for j := 0; j < width; j++ {
				if j > 0 {
					b.WriteByte(',')
				}
				b.WriteString(tx.d.bulkParam(len(vals) + j + 1))
			}
			b.WriteByte(')')
			vals = append(vals, o.ID, parent, o.Depth, o.Path, o.Name, o.ShortName, o.Type, o.HasCommittee, o.UnitType,
				o.UnitName, o.Industry, o.Code, o.UnitCode, o.Address, o.Phone, o.FoundedOn, o.DissolvedOn, o.TermStart,
				o.TermYears, o.TermExpired, o.Version, o.CreatedAt, o.UpdatedAt)
		}
		if _, err := tx.db.ExecContext(ctx, b.String(), vals...); err != nil {
			if isUniqueViolation(err) {
				return ErrConflict
			}
			return err
		}
		for _, o := range chunk {
			tx.roll.org(o, 1)
		}
		tx.bulkLoaded(len(chunk))
	}
	return nil
}

// UpdateOrg writes the editable fields of o if its version is still o.Version, bumps the
// version and moves its rollup contribution from old to o. Path and parent are not changed here.
func (tx *Tx) UpdateOrg(ctx context.Context, old, o *model.Org) error {
	o.UpdatedAt = now()
	res, err := tx.db.ExecContext(ctx, `UPDATE orgs SET name=$1, short_name=$2, type=$3, has_committee=$4,
		unit_type=$5, unit_name=$6, industry=$7, code=$8, unit_code=$9, address=$10, phone=$11, founded_on=$12,
		dissolved_on=$13, term_start=$14, term_years=$15, term_expired=$16, version=version+1, updated_at=$17
		WHERE id=$18 AND version=$19`,
		o.Name, o.ShortName, o.Type, o.HasCommittee, o.UnitType, o.UnitName, o.Industry, o.Code, o.UnitCode,
		o.Address, o.Phone, o.FoundedOn, o.DissolvedOn, o.TermStart, o.TermYears, o.TermExpired, o.UpdatedAt,
		o.ID, o.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	o.Version++
	tx.roll.org(old, -1)
	tx.roll.org(o, 1)
	if old.Type != o.Type || old.HasCommittee != o.HasCommittee || old.Dissolved() != o.Dissolved() {
		return tx.rederiveCompliance(ctx, old, o)
	}
	return nil
}

// MoveOrg re-parents the subtree at o under newParent: it rewrites the paths and depths of the
// subtree's organisations, members and grants, and moves the subtree's counts from the old
// ancestors to the new ones.
func (tx *Tx) MoveOrg(ctx context.Context, o, newParent *model.Org) (string, error) {
	oldPath := o.Path
	newPath := model.ChildPath(newParent.Path, o.ID)
	if model.PathUnder(newParent.Path, oldPath) {
		return "", ErrConflict
	}
	counts, err := tx.OrgCounts(ctx, o.ID)
	if err != nil {
		return "", err
	}
	depthDelta := newParent.Depth + 1 - o.Depth
	lo, hi, cut := oldPath, model.PathUpperBound(oldPath), len(oldPath)+1
	res, err := tx.db.ExecContext(ctx, `UPDATE orgs SET path = $1 || substr(path, $2), depth = depth + $3,
		version = version + CASE WHEN id = $4 THEN 1 ELSE 0 END, updated_at = $5
		WHERE path >= $6 AND path < $7`, newPath, cut, depthDelta, o.ID, now(), lo, hi)
	if err != nil {
		return "", err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return "", ErrNotFound
	}
	if _, err := tx.db.ExecContext(ctx, `UPDATE orgs SET parent_id = $1 WHERE id = $2 AND version = $3`,
		newParent.ID, o.ID, o.Version+1); err != nil {
		return "", err
	}
	if _, err := tx.db.ExecContext(ctx, `UPDATE members SET org_path = $1 || substr(org_path, $2)
		WHERE org_path >= $3 AND org_path < $4`, newPath, cut, lo, hi); err != nil {
		return "", err
	}
	if _, err := tx.db.ExecContext(ctx, `UPDATE grants SET org_path = $1 || substr(org_path, $2)
		WHERE org_path >= $3 AND org_path < $4`, newPath, cut, lo, hi); err != nil {
		return "", err
	}
	for _, tc := range movedPathColumns {
		if _, err := tx.db.ExecContext(ctx, `UPDATE `+tc[0]+` SET `+tc[1]+` = $1 || substr(`+tc[1]+`, $2)
			WHERE `+tc[1]+` >= $3 AND `+tc[1]+` < $4`, newPath, cut, lo, hi); err != nil {
			return "", err
		}
	}
	oldAnc := model.PathIDs(oldPath)
	newAnc := model.PathIDs(newPath)
	if err := tx.moveOrgLife(ctx, o.ID, oldAnc[:len(oldAnc)-1], newAnc[:len(newAnc)-1], newPath, cut, lo, hi); err != nil {
		return "", err
	}
	for metric, n := range counts {
		if model.MetricIsSelf(metric) {
			continue
		}
		for _, id := range oldAnc[:len(oldAnc)-1] {
			tx.roll.add(id, metric, -n)
		}
		for _, id := range newAnc[:len(newAnc)-1] {
			tx.roll.add(id, metric, n)
		}
	}
	o.Path, o.ParentID, o.Depth, o.Version = newPath, newParent.ID, o.Depth+depthDelta, o.Version+1
	return newPath, nil
}

// movedPathColumns are the other (table, path column) pairs that carry a copy of an
// organisation's path and follow a subtree move.
var movedPathColumns = [][2]string{
	{"developments", "org_path"}, {"status_changes", "org_path"},
	{"transfers", "from_org_path"}, {"transfers", "to_org_path"},
}

// CountSubtreeMembersInRegister counts members in the register at or below path (for the
// dissolve check; reads base rows, not the rollup, so it cannot be fooled by a stale count).
func (q queries) CountSubtreeMembersInRegister(ctx context.Context, path string) (int64, error) {
	var n int64
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM members WHERE org_path >= $1 AND org_path < $2
		AND status IN (`+inRegisterList+`)`, path, model.PathUpperBound(path)).Scan(&n)
	return n, err
}

// CountLiveChildren counts the live child organisations of id.
func (q queries) CountLiveChildren(ctx context.Context, id int64) (int64, error) {
	var n int64
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM orgs WHERE parent_id = $1 AND dissolved_on IS NULL`, id).Scan(&n)
	return n, err
}

// ExpireTerms marks as expired every live organisation in scope whose committee term ended
// before today and clears the mark where a new term has begun; it returns how many changed.
func (tx *Tx) ExpireTerms(ctx context.Context, today model.Date) (int, error) {
	orgs, err := tx.queryOrgs(ctx, "SELECT "+orgColumns+` FROM orgs o WHERE o.dissolved_on IS NULL AND o.term_start IS NOT NULL AND o.term_years > 0`)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, o := range orgs {
		expired := !o.TermEnd().IsZero() && o.TermEnd().Before(today)
		if expired == o.TermExpired {
			continue
		}
		old := *o
		o.TermExpired = expired
		if _, err := tx.db.ExecContext(ctx, `UPDATE orgs SET term_expired = $1 WHERE id = $2`, expired, o.ID); err != nil {
			return changed, err
		}
		tx.roll.org(&old, -1)
		tx.roll.org(o, 1)
		changed++
	}
	return changed, nil
}

// inRegisterList is the SQL list of the statuses counted in the register (model.Status.InRegister).
var inRegisterList = func() string {
	var quoted []string
	for _, s := range model.Statuses {
		if s.InRegister() {
			quoted = append(quoted, "'"+string(s)+"'")
		}
	}
	return strings.Join(quoted, ",")
}()

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// EnsureNextOrgID makes sure future organisation ids start above id (after bulk loads that
// bring their own ids).
func (tx *Tx) EnsureNextOrgID(ctx context.Context, id int64) error {
	_, err := tx.db.ExecContext(ctx, `UPDATE id_sequences SET next_id = CASE WHEN next_id < $1 THEN $1 ELSE next_id END
		WHERE name = 'orgs'`, id)
	return err
}

// CountOrgs returns how many organisations exist (start-up uses it to decide on the demo city).
func (q queries) CountOrgs(ctx context.Context) (int64, error) {
	var n int64
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&n)
	return n, err
}
