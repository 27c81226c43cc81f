package store

import (
	"context"
	"encoding/json"
	"strings"

	"dangjian/internal/model"
)

// alertKey identifies an alert across generator runs.
type alertKey struct {
	kind, subjectType string
	subjectID         int64
}

type storedAlert struct {
	id       int64
	severity model.AlertSeverity
	dueOn    model.Date
	params   string
}

// AlertSyncResult counts what ReplaceAlerts changed.
type AlertSyncResult struct {
	Raised, Updated, Cleared int
}

// ReplaceAlerts makes the open alerts of kinds exactly alerts: new ones are inserted, changed
// ones updated (raised_at kept), vanished ones deleted. Every alert must carry one of kinds.
func (tx *Tx) ReplaceAlerts(ctx context.Context, kinds []string, alerts []model.Alert) (AlertSyncResult, error) {
	var res AlertSyncResult
	if len(kinds) == 0 {
		return res, nil
	}
	a := &args{}
	ph := make([]string, len(kinds))
	for i, k := range kinds {
		ph[i] = a.add(k)
	}
	rows, err := tx.db.QueryContext(ctx, `SELECT id, kind, subject_type, subject_id, severity, due_on, params
		FROM alerts WHERE kind IN (`+strings.Join(ph, ",")+`)`, a.v...)
	if err != nil {
		return res, err
	}
	old := map[alertKey]storedAlert{}
	for rows.Next() {
		var k alertKey
		var s storedAlert
		if err := rows.Scan(&s.id, &k.kind, &k.subjectType, &k.subjectID, &s.severity, &s.dueOn, &s.params); err != nil {
			rows.Close()
			return res, err
		}
		old[k] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, err
	}
	at := now()
	seen := make(map[alertKey]bool, len(alerts))
	for i := range alerts {
		al := &alerts[i]
		k := alertKey{al.Kind, al.SubjectType, al.SubjectID}
		if seen[k] {
			continue // a generator may name the same subject twice; the first wins
		}
		seen[k] = true
		params := encodeParams(al.Params)
		prev, ok := old[k]
		switch {
		case !ok:
			if _, err := tx.db.ExecContext(ctx, `INSERT INTO alerts (kind, severity, org_id, org_path, subject_type,
				subject_id, due_on, params, raised_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, al.Kind, al.Severity,
				al.OrgID, al.OrgPath, al.SubjectType, al.SubjectID, al.DueOn, params, at); err != nil {
				return res, err
			}
			res.Raised++
		case prev.severity != al.Severity || prev.dueOn != al.DueOn || prev.params != params:
			if _, err := tx.db.ExecContext(ctx, `UPDATE alerts SET severity=$1, org_id=$2, org_path=$3, due_on=$4,
				params=$5 WHERE id=$6`, al.Severity, al.OrgID, al.OrgPath, al.DueOn, params, prev.id); err != nil {
				return res, err
			}
			res.Updated++
		}
	}
	for k, s := range old {
		if seen[k] {
			continue
		}
		if _, err := tx.db.ExecContext(ctx, `DELETE FROM alerts WHERE id = $1`, s.id); err != nil {
			return res, err
		}
		res.Cleared++
	}
	return res, nil
}

func encodeParams(p map[string]string) string {
	if len(p) == 0 {
		return ""
	}
	b, _ := json.Marshal(p) // map keys are sorted, so equal maps encode equally
	return string(b)
}

// AlertFilter selects alerts under a subtree.
type AlertFilter struct {
	// Path is the subtree root; empty means the whole scope.
	Path string
	// Kind is an exact kind, or a prefix ending in "." ("development.").
	Kind     string
	Severity model.AlertSeverity
	// SubjectType and SubjectID, when set, keep only the alerts about that record.
	SubjectType string
	SubjectID   int64
	Limit       int
	Offset      int
}

func (f AlertFilter) where(sc Scope, a *args) string {
	w := []string{sc.underClause("al.org_path", f.Path, a)}
	if strings.HasSuffix(f.Kind, ".") {
		w = append(w, "al.kind >= "+a.add(f.Kind)+" AND al.kind < "+a.add(f.Kind[:len(f.Kind)-1]+"/"))
	} else if f.Kind != "" {
		w = append(w, "al.kind = "+a.add(f.Kind))
	}
	if f.Severity != "" {
		w = append(w, "al.severity = "+a.add(f.Severity))
	}
	if f.SubjectType != "" {
		w = append(w, "al.subject_type = "+a.add(f.SubjectType)+" AND al.subject_id = "+a.add(f.SubjectID))
	}
	return strings.Join(w, " AND ")
}

// ListAlerts returns the alerts in scope that match f, the most urgent and soonest due first.
func (q queries) ListAlerts(ctx context.Context, sc Scope, f AlertFilter) ([]*model.Alert, int64, error) {
	a := &args{}
	where := f.where(sc, a)
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM alerts al WHERE "+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, `SELECT al.id, al.kind, al.severity, al.org_id, al.org_path, o.name, al.subject_type,
		al.subject_id, al.due_on, al.params, al.raised_at FROM alerts al JOIN orgs o ON o.id = al.org_id
		WHERE `+where+` ORDER BY CASE al.severity WHEN 'overdue' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
		al.due_on IS NULL, al.due_on, al.id LIMIT `+a.add(f.Limit)+" OFFSET "+a.add(f.Offset), a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*model.Alert{}
	for rows.Next() {
		var al model.Alert
		var params string
		if err := rows.Scan(&al.ID, &al.Kind, &al.Severity, &al.OrgID, &al.OrgPath, &al.OrgName, &al.SubjectType,
			&al.SubjectID, &al.DueOn, &params, &al.RaisedAt); err != nil {
			return nil, 0, err
		}
		if params != "" {
			if err := json.Unmarshal([]byte(params), &al.Params); err != nil {
				return nil, 0, err
			}
		}
		out = append(out, &al)
	}
	return out, total, rows.Err()
}

// CountAlerts counts the alerts in scope matching f by kind and severity.
func (q queries) CountAlerts(ctx context.Context, sc Scope, f AlertFilter) ([]model.AlertCount, error) {
	a := &args{}
	rows, err := q.query(ctx, `SELECT al.kind, al.severity, COUNT(*) FROM alerts al WHERE `+f.where(sc, a)+
		` GROUP BY al.kind, al.severity ORDER BY al.kind, al.severity`, a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.AlertCount{}
	for rows.Next() {
		var c model.AlertCount
		if err := rows.Scan(&c.Kind, &c.Severity, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// BranchBelowMinimum is a live branch whose full members are fewer than the minimum, as the
// rollup's self.below_min flag records it.
type BranchBelowMinimum struct {
	OrgID int64
	Path  string
	Name  string
	Full  int64
}

// BranchesBelowMinimum lists every branch the rollup flags as below the minimum of full members.
func (q queries) BranchesBelowMinimum(ctx context.Context) ([]BranchBelowMinimum, error) {
	rows, err := q.query(ctx, `SELECT o.id, o.path, o.name, COALESCE(f.n, 0) FROM org_stats b
		JOIN orgs o ON o.id = b.org_id
		LEFT JOIN org_stats f ON f.org_id = b.org_id AND f.metric = $1
		WHERE b.metric = $2 AND b.n = 1 ORDER BY o.path`, model.MetricSelfFull, model.MetricSelfBelowMin)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BranchBelowMinimum
	for rows.Next() {
		var b BranchBelowMinimum
		if err := rows.Scan(&b.OrgID, &b.Path, &b.Name, &b.Full); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
