package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"dangjian/internal/model"
)

const directiveColumns = `d.id, d.org_id, d.org_path, o.name, d.title, d.content, d.issued_on, d.deadline, d.targeting,
	d.target_types, d.target_depth, d.targets, d.created_by, d.version, d.created_at`

const directiveFrom = " FROM directives d JOIN orgs o ON o.id = d.org_id "

func scanDirective(row interface{ Scan(...any) error }) (*model.Directive, error) {
	var d model.Directive
	var types string
	var by sql.NullInt64
	err := row.Scan(&d.ID, &d.OrgID, &d.OrgPath, &d.OrgName, &d.Title, &d.Content, &d.IssuedOn, &d.Deadline, &d.Targeting,
		&types, &d.TargetDepth, &d.Targets, &by, &d.Version, &d.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	d.CreatedBy = by.Int64
	for _, t := range strings.Split(types, ",") {
		if t != "" {
			d.TargetTypes = append(d.TargetTypes, model.OrgType(t))
		}
	}
	return &d, err
}

// directiveVisible is the SQL condition for a directive the scope may read: issued inside it,
// or with a target inside it.
func directiveVisible(sc Scope, a *args) string {
	return "(" + sc.pathClause("d.org_path", a) + " OR EXISTS (SELECT 1 FROM directive_targets vt WHERE vt.directive_id = d.id AND " +
		sc.pathClause("vt.org_path", a) + "))"
}

// GetDirective returns a directive the scope may read.
func (q queries) GetDirective(ctx context.Context, sc Scope, id int64) (*model.Directive, error) {
	a := &args{}
	query := "SELECT " + directiveColumns + directiveFrom + "WHERE d.id = " + a.add(id) + " AND " + directiveVisible(sc, a)
	return scanDirective(q.queryRow(ctx, query, a.v...))
}

// DirectiveFilter selects directives around an organisation: issued in its subtree, or
// received (targets in its subtree, issued above it).
type DirectiveFilter struct {
	Path     string
	Received bool
	Q        string
	Limit    int
	Offset   int
}

// ListDirectives returns directives in scope, newest first, and their total.
func (q queries) ListDirectives(ctx context.Context, sc Scope, f DirectiveFilter) ([]*model.Directive, int64, error) {
	a := &args{}
	lo, hi := a.add(f.Path), a.add(model.PathUpperBound(f.Path))
	var w []string
	if f.Received {
		w = append(w, "NOT (d.org_path >= "+lo+" AND d.org_path < "+hi+")",
			"EXISTS (SELECT 1 FROM directive_targets rt WHERE rt.directive_id = d.id AND rt.org_path >= "+lo+" AND rt.org_path < "+hi+")")
	} else {
		w = append(w, "d.org_path >= "+lo+" AND d.org_path < "+hi)
	}
	w = append(w, directiveVisible(sc, a))
	if strings.TrimSpace(f.Q) != "" {
		w = append(w, "d.title LIKE "+a.add("%"+escapeLike(strings.TrimSpace(f.Q))+"%")+" ESCAPE '\\'")
	}
	where := " WHERE " + strings.Join(w, " AND ")
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM directives d"+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+directiveColumns+directiveFrom+where+" ORDER BY d.issued_on DESC, d.id DESC LIMIT "+
		a.add(max(f.Limit, 1))+" OFFSET "+a.add(f.Offset), a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*model.Directive
	for rows.Next() {
		d, err := scanDirective(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// TargetOrgs returns the live organisations a directive issued at issuer reaches.
func (q queries) TargetOrgs(ctx context.Context, issuer *model.Org, d *model.Directive) ([]*model.Org, error) {
	a := &args{}
	w := []string{"o.path > " + a.add(issuer.Path), "o.path < " + a.add(model.PathUpperBound(issuer.Path)), "o.dissolved_on IS NULL"}
	switch d.Targeting {
	case model.TargetByType:
		ph := make([]string, len(d.TargetTypes))
		for i, t := range d.TargetTypes {
			ph[i] = a.add(string(t))
		}
		w = append(w, "o.type IN ("+strings.Join(ph, ",")+")")
	case model.TargetByDepth:
		w = append(w, "o.depth = "+a.add(issuer.Depth+d.TargetDepth))
	}
	return q.queryOrgs(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE "+strings.Join(w, " AND ")+" ORDER BY o.path", a.v...)
}

// directiveChain is the organisations whose completion counters a target moves: the target and
// its ancestors up to the issuer (or the issuer and the target, when it has left the subtree).
func directiveChain(issuerPath, targetPath string) []int64 {
	ids := model.PathIDs(targetPath)
	issuer := model.PathIDs(issuerPath)
	top := issuer[len(issuer)-1]
	if model.PathUnder(targetPath, issuerPath) {
		return ids[len(issuer)-1:]
	}
	return []int64{top, ids[len(ids)-1]}
}

// dirCount is the completion counters of one directive at one organisation.
type dirCount struct{ targets, answered, late int64 }

// InsertDirective inserts d with one target per organisation and their completion rollup.
func (tx *Tx) InsertDirective(ctx context.Context, d *model.Directive, targets []*model.Org) error {
	t := now()
	d.CreatedAt, d.Version, d.Targets = t, 1, len(targets)
	types := make([]string, len(d.TargetTypes))
	for i, x := range d.TargetTypes {
		types[i] = string(x)
	}
	var by any
	if d.CreatedBy != 0 {
		by = d.CreatedBy
	}
	err := tx.db.QueryRowContext(ctx, `INSERT INTO directives (org_id, org_path, title, content, issued_on, deadline,
		targeting, target_types, target_depth, targets, created_by, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id`,
		d.OrgID, d.OrgPath, d.Title, d.Content, d.IssuedOn, d.Deadline, d.Targeting, strings.Join(types, ","),
		d.TargetDepth, d.Targets, by, d.Version, t, t).Scan(&d.ID)
	if err != nil {
		return err
	}
	const perRow = 3
	batch := min(500, tx.d.maxParams()/perRow)
	counts := map[int64]*dirCount{}
	for start := 0; start < len(targets); start += batch {
		chunk := targets[start:min(start+batch, len(targets))]
		var b strings.Builder
		vals := make([]any, 0, len(chunk)*perRow)
		b.WriteString("INSERT INTO directive_targets (directive_id, org_id, org_path) VALUES ")
		for i, o := range chunk {
			if i > 0 {
				b.WriteByte(',')
			}
			n := len(vals)
			b.WriteString("(" + tx.d.bulkParam(n+1) + "," + tx.d.bulkParam(n+2) + "," + tx.d.bulkParam(n+3) + ")")
			vals = append(vals, d.ID, o.ID, o.Path)
			for _, id := range directiveChain(d.OrgPath, o.Path) {
				c := counts[id]
				if c == nil {
					c = &dirCount{}
					counts[id] = c
				}
				c.targets++
			}
		}
		if _, err := tx.db.ExecContext(ctx, b.String(), vals...); err != nil {
			return err
		}
	}
	return tx.addDirectiveCounts(ctx, d.ID, counts)
}

// addDirectiveCounts applies completion deltas with batched upserts, in organisation order.
func (tx *Tx) addDirectiveCounts(ctx context.Context, directiveID int64, counts map[int64]*dirCount) error {
	ids := make([]int64, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	const perRow = 5
	batch := min(500, tx.d.maxParams()/perRow)
	for start := 0; start < len(ids); start += batch {
		chunk := ids[start:min(start+batch, len(ids))]
		var b strings.Builder
		vals := make([]any, 0, len(chunk)*perRow)
		b.WriteString("INSERT INTO directive_stats (directive_id, org_id, targets, answered, late) VALUES ")
		for i, id := range chunk {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for k := 0; k < perRow; k++ {
				if k > 0 {
					b.WriteByte(',')
				}
				b.WriteString(tx.d.bulkParam(len(vals) + k + 1))
			}
			b.WriteByte(')')
			c := counts[id]
			vals = append(vals, directiveID, id, c.targets, c.answered, c.late)
		}
		b.WriteString(` ON CONFLICT (directive_id, org_id) DO UPDATE SET targets = directive_stats.targets + excluded.targets,
			answered = directive_stats.answered + excluded.answered, late = directive_stats.late + excluded.late`)
		if _, err := tx.db.ExecContext(ctx, b.String(), vals...); err != nil {
			return err
		}
	}
	return nil
}

const targetColumns = `t.id, t.directive_id, t.org_id, t.org_path, o.name, t.answered_at, t.answered_on, t.kind, t.meeting_id,
	t.report, t.answered_by, t.late, t.reminders, t.reminded_at`

func scanTarget(row interface{ Scan(...any) error }) (*model.DirectiveTarget, error) {
	var t model.DirectiveTarget
	var at, reminded sql.NullTime
	var meeting sql.NullInt64
	err := row.Scan(&t.ID, &t.DirectiveID, &t.OrgID, &t.OrgPath, &t.OrgName, &at, &t.AnsweredOn, &t.Kind, &meeting,
		&t.Report, &t.AnsweredBy, &t.Late, &t.Reminders, &reminded)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if at.Valid {
		t.AnsweredAt = at.Time.UTC()
	}
	if reminded.Valid {
		t.RemindedAt = reminded.Time.UTC()
	}
	t.MeetingID = meeting.Int64
	return &t, err
}

// GetTarget returns the target of a directive for one organisation.
func (q queries) GetTarget(ctx context.Context, directiveID, orgID int64) (*model.DirectiveTarget, error) {
	return scanTarget(q.queryRow(ctx, "SELECT "+targetColumns+` FROM directive_targets t JOIN orgs o ON o.id = t.org_id
		WHERE t.directive_id = $1 AND t.org_id = $2`, directiveID, orgID))
}

// TargetState filters a directive's targets.
type TargetState string

// Target filters.
const (
	TargetsAll      TargetState = ""
	TargetsAnswered TargetState = "answered"
	TargetsPending  TargetState = "pending"
	TargetsOverdue  TargetState = "overdue"
	TargetsLate     TargetState = "late"
)

// TargetFilter selects targets of one directive in a subtree.
type TargetFilter struct {
	DirectiveID int64
	Path        string
	State       TargetState
	Deadline    model.Date
	Today       model.Date
	Limit       int
	Offset      int
}

// ListTargets returns the targets of a directive in the subtree and scope, by path, and their total.
func (q queries) ListTargets(ctx context.Context, sc Scope, f TargetFilter) ([]*model.DirectiveTarget, int64, error) {
	a := &args{}
	w := []string{"t.directive_id = " + a.add(f.DirectiveID), sc.underClause("t.org_path", f.Path, a)}
	switch f.State {
	case TargetsAnswered:
		w = append(w, "t.answered_on IS NOT NULL")
	case TargetsPending:
		w = append(w, "t.answered_on IS NULL")
	case TargetsLate:
		w = append(w, "t.late")
	case TargetsOverdue:
		if !f.Deadline.Before(f.Today) {
			w = append(w, "1=0")
		}
		w = append(w, "t.answered_on IS NULL")
	}
	where := " WHERE " + strings.Join(w, " AND ")
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM directive_targets t"+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := "SELECT " + targetColumns + " FROM directive_targets t JOIN orgs o ON o.id = t.org_id" + where + " ORDER BY t.org_path"
	if f.Limit > 0 {
		query += " LIMIT " + a.add(f.Limit) + " OFFSET " + a.add(f.Offset)
	}
	rows, err := q.query(ctx, query, a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*model.DirectiveTarget
	for rows.Next() {
		t, err := scanTarget(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// AnswerTarget records t's answer (t.Answered* and t.Kind set) and, on a first answer, moves the
// directive's completion counters along the chain from the target to the issuer.
func (tx *Tx) AnswerTarget(ctx context.Context, d *model.Directive, old, t *model.DirectiveTarget) error {
	var meeting any
	if t.MeetingID != 0 {
		meeting = t.MeetingID
	}
	// The condition on the answer's presence makes two concurrent first answers conflict
	// instead of counting twice.
	cond := "answered_on IS NOT NULL"
	if !old.Answered() {
		cond = "answered_on IS NULL"
	}
	res, err := tx.db.ExecContext(ctx, `UPDATE directive_targets SET answered_at=$1, answered_on=$2, kind=$3, meeting_id=$4,
		report=$5, answered_by=$6, late=$7 WHERE id=$8 AND `+cond,
		t.AnsweredAt.UTC(), t.AnsweredOn, t.Kind, meeting, t.Report, t.AnsweredBy, t.Late, t.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	delta := dirCount{}
	if !old.Answered() {
		delta.answered = 1
	}
	if t.Late && !old.Late {
		delta.late = 1
	} else if old.Late && !t.Late {
		delta.late = -1
	}
	if delta.answered == 0 && delta.late == 0 {
		return nil
	}
	counts := map[int64]*dirCount{}
	for _, id := range directiveChain(d.OrgPath, t.OrgPath) {
		c := delta
		counts[id] = &c
	}
	return tx.addDirectiveCounts(ctx, d.ID, counts)
}

// RemindTargets counts a reminder on the unanswered targets of a directive in a subtree and
// scope; it returns how many were reminded.
func (tx *Tx) RemindTargets(ctx context.Context, sc Scope, directiveID int64, path string, at time.Time) (int64, error) {
	a := &args{}
	res, err := tx.db.ExecContext(ctx, "UPDATE directive_targets SET reminders = reminders + 1, reminded_at = "+a.add(at.UTC())+
		" WHERE directive_id = "+a.add(directiveID)+" AND answered_on IS NULL AND "+sc.underClause("org_path", path, a), a.v...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DirectiveCounts returns the completion rollup of a directive for each of orgIDs.
func (q queries) DirectiveCounts(ctx context.Context, directiveID int64, orgIDs []int64) (map[int64]model.DirectiveCounts, error) {
	out := map[int64]model.DirectiveCounts{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	a := &args{}
	d := a.add(directiveID)
	ph := make([]string, len(orgIDs))
	for i, id := range orgIDs {
		ph[i] = a.add(id)
	}
	rows, err := q.query(ctx, `SELECT org_id, targets, answered, late FROM directive_stats WHERE directive_id = `+d+
		` AND org_id IN (`+strings.Join(ph, ",")+`)`, a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c model.DirectiveCounts
		if err := rows.Scan(&c.OrgID, &c.Targets, &c.Answered, &c.Late); err != nil {
			return nil, err
		}
		out[c.OrgID] = c
	}
	return out, rows.Err()
}

// PendingTargets returns every unanswered target whose directive's deadline lies in [from, to]
// (the daily alert run), each with its directive (title, deadline, issuer).
func (q queries) PendingTargets(ctx context.Context, from, to model.Date) ([]*model.DirectiveTarget, []*model.Directive, error) {
	rows, err := q.query(ctx, "SELECT "+targetColumns+`, d.title, d.deadline, d.org_id, d.org_path FROM directive_targets t
		JOIN orgs o ON o.id = t.org_id JOIN directives d ON d.id = t.directive_id
		WHERE t.answered_on IS NULL AND d.deadline >= $1 AND d.deadline <= $2 ORDER BY t.id`, from, to)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ts []*model.DirectiveTarget
	var ds []*model.Directive
	for rows.Next() {
		var t model.DirectiveTarget
		var d model.Directive
		var at, reminded sql.NullTime
		var meeting sql.NullInt64
		if err := rows.Scan(&t.ID, &t.DirectiveID, &t.OrgID, &t.OrgPath, &t.OrgName, &at, &t.AnsweredOn, &t.Kind, &meeting,
			&t.Report, &t.AnsweredBy, &t.Late, &t.Reminders, &reminded, &d.Title, &d.Deadline, &d.OrgID, &d.OrgPath); err != nil {
			return nil, nil, err
		}
		d.ID = t.DirectiveID
		ts, ds = append(ts, &t), append(ds, &d)
	}
	return ts, ds, rows.Err()
}

// recountDirectives computes the completion rollup from the targets (all directives, or one).
func (q queries) recountDirectives(ctx context.Context, only int64) (map[lifeKey]dirCount, error) {
	query := `SELECT t.directive_id, d.org_path, t.org_path, t.answered_on IS NOT NULL, t.late FROM directive_targets t
		JOIN directives d ON d.id = t.directive_id`
	var a []any
	if only != 0 {
		query += " WHERE t.directive_id = $1"
		a = append(a, only)
	}
	rows, err := q.query(ctx, query, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[lifeKey]dirCount{}
	for rows.Next() {
		var id int64
		var issuer, path string
		var answered, late bool
		if err := rows.Scan(&id, &issuer, &path, &answered, &late); err != nil {
			return nil, err
		}
		for _, org := range directiveChain(issuer, path) {
			k := lifeKey{org: org, a: itoa64(id)}
			c := out[k]
			c.targets++
			if answered {
				c.answered++
			}
			if late {
				c.late++
			}
			out[k] = c
		}
	}
	return out, rows.Err()
}

func (q queries) storedDirectiveStats(ctx context.Context) (map[lifeKey]dirCount, error) {
	rows, err := q.query(ctx, `SELECT directive_id, org_id, targets, answered, late FROM directive_stats
		WHERE targets <> 0 OR answered <> 0 OR late <> 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[lifeKey]dirCount{}
	for rows.Next() {
		var id, org int64
		var c dirCount
		if err := rows.Scan(&id, &org, &c.targets, &c.answered, &c.late); err != nil {
			return nil, err
		}
		out[lifeKey{org: org, a: itoa64(id)}] = c
	}
	return out, rows.Err()
}

// rebuildDirectiveStats replaces the completion rollup of one directive (0: all) with a recount.
func (tx *Tx) rebuildDirectiveStats(ctx context.Context, only int64) error {
	want, err := tx.recountDirectives(ctx, only)
	if err != nil {
		return err
	}
	if only != 0 {
		_, err = tx.db.ExecContext(ctx, `DELETE FROM directive_stats WHERE directive_id = $1`, only)
	} else {
		_, err = tx.db.ExecContext(ctx, `DELETE FROM directive_stats`)
	}
	if err != nil {
		return err
	}
	byDirective := map[int64]map[int64]*dirCount{}
	for k, c := range want {
		id := parseInt64(k.a)
		if byDirective[id] == nil {
			byDirective[id] = map[int64]*dirCount{}
		}
		c := c
		byDirective[id][k.org] = &c
	}
	for id, counts := range byDirective {
		if err := tx.addDirectiveCounts(ctx, id, counts); err != nil {
			return err
		}
	}
	return nil
}

// moveDirectives re-derives the completion rollup of the directives with targets in a moved
// subtree (its paths already rewritten).
func (tx *Tx) moveDirectives(ctx context.Context, newPath string) error {
	rows, err := tx.db.QueryContext(ctx, `SELECT DISTINCT directive_id FROM directive_targets WHERE org_path >= $1 AND org_path < $2`,
		newPath, model.PathUpperBound(newPath))
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.rebuildDirectiveStats(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// GetTargetByID returns one directive target by its id, whatever the scope (callers check).
func (q queries) GetTargetByID(ctx context.Context, id int64) (*model.DirectiveTarget, error) {
	return scanTarget(q.queryRow(ctx, "SELECT "+targetColumns+` FROM directive_targets t JOIN orgs o ON o.id = t.org_id
		WHERE t.id = $1`, id))
}

// RecountDirective counts a directive's completion under an organisation straight from the
// targets (what a system without the rollup does); benchmarks compare it with the rollup read.
func (q queries) RecountDirective(ctx context.Context, directiveID, orgID int64) (model.DirectiveCounts, error) {
	c := model.DirectiveCounts{OrgID: orgID}
	o, err := q.GetOrg(ctx, AllScope, orgID)
	if err != nil {
		return c, err
	}
	err = q.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN answered_on IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN late THEN 1 ELSE 0 END), 0) FROM directive_targets
		WHERE directive_id = $1 AND org_path >= $2 AND org_path < $3`, directiveID, o.Path, model.PathUpperBound(o.Path)).Scan(&c.Targets, &c.Answered, &c.Late)
	return c, err
}
