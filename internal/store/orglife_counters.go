package store

import (
	"context"
	"fmt"
	"strings"
)

// The counters kept on organisational-life rows: a meeting's expected, present, absent and
// voting attendees, a document's targets and acknowledgements, a study session's expected and
// present members. They are counts of the rows below them (attendance, acknowledgements, study
// records), kept in the same transaction as those rows; `stats verify` recounts them.

// counterTable is a table carrying counters of the rows below it: each counter counts the rows
// (rows.key = table.id) meeting a condition ("" for all).
type counterTable struct {
	kind, table, rows, key string
	counters               [][2]string // column, condition
}

var counterTables = []counterTable{
	{"meeting", "meetings", "meeting_attendance", "meeting_id", [][2]string{{"expected", ""}, {"present", "status = 'present'"},
		{"absent", "status = 'absent'"}, {"voting_expected", "voting"}, {"voting_present", "voting AND status = 'present'"}}},
	{"document", "documents", "document_acks", "document_id", [][2]string{{"targets", ""}, {"acked", "acked_at IS NOT NULL"}}},
	{"study_session", "study_sessions", "study_records", "session_id", [][2]string{{"expected", ""}, {"present", "status = 'present'"}}},
}

// recount is the SQL counting the rows below for counter i (correlated to the table's id).
func (c counterTable) recount(i int) string {
	q := "(SELECT COUNT(*) FROM " + c.rows + " WHERE " + c.rows + "." + c.key + " = " + c.table + ".id"
	if cond := c.counters[i][1]; cond != "" {
		q += " AND " + c.rows + "." + strings.ReplaceAll(cond, "AND ", "AND "+c.rows+".")
	}
	return q + ")"
}

// set is the SET clause recounting every counter of the table.
func (c counterTable) set() string {
	parts := make([]string, len(c.counters))
	for i, col := range c.counters {
		parts[i] = col[0] + " = " + c.recount(i)
	}
	return strings.Join(parts, ", ")
}

// ForgetMemberOrgLife takes a member off every meeting's attendance, document's
// acknowledgements and study session's records, and recounts (and bumps the version of) the
// meetings, documents and sessions concerned: a member deleted as entered by mistake leaves no
// trace in their counters. Their yearly study hours go with the member row.
func (tx *Tx) ForgetMemberOrgLife(ctx context.Context, memberID int64) error {
	for _, t := range counterTables {
		ids, err := tx.int64s(ctx, `SELECT `+t.key+` FROM `+t.rows+` WHERE member_id = $1`, memberID)
		if err != nil || len(ids) == 0 {
			if err != nil {
				return err
			}
			continue
		}
		if _, err := tx.db.ExecContext(ctx, `DELETE FROM `+t.rows+` WHERE member_id = $1`, memberID); err != nil {
			return err
		}
		a := &args{}
		at := a.add(now())
		ph := make([]string, len(ids))
		for i, id := range ids {
			ph[i] = a.add(id)
		}
		if _, err := tx.db.ExecContext(ctx, `UPDATE `+t.table+` SET `+t.set()+`, version = version + 1, updated_at = `+at+
			` WHERE id IN (`+strings.Join(ph, ",")+`)`, a.v...); err != nil {
			return err
		}
	}
	return nil
}

func (q queries) int64s(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// verifyOrgLifeCounters compares the counters kept on meetings, documents and study sessions
// with a recount; a difference names the row (`meeting.<id>.present`) under its organisation.
func (tx *Tx) verifyOrgLifeCounters(ctx context.Context) ([]StatsDiff, error) {
	var diffs []StatsDiff
	for _, c := range counterTables {
		cols := make([]string, 0, 2+2*len(c.counters))
		cols = append(cols, c.table+".id", c.table+".org_id")
		for i, col := range c.counters {
			cols = append(cols, c.table+"."+col[0], c.recount(i))
		}
		rows, err := tx.query(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+c.table)
		if err != nil {
			return nil, err
		}
		vals := make([]int64, 2+2*len(c.counters))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			for i, col := range c.counters {
				if stored, want := vals[2+2*i], vals[3+2*i]; stored != want {
					diffs = append(diffs, StatsDiff{OrgID: vals[1], Metric: fmt.Sprintf("%s.%d.%s", c.kind, vals[0], col[0]), Stored: stored, Expected: want})
				}
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return diffs, nil
}

// rebuildOrgLifeCounters recounts every meeting's, document's and session's counters; it
// returns how many rows changed.
func (tx *Tx) rebuildOrgLifeCounters(ctx context.Context) (int, error) {
	diffs, err := tx.verifyOrgLifeCounters(ctx)
	if err != nil || len(diffs) == 0 {
		return 0, err
	}
	for _, c := range counterTables {
		if _, err := tx.db.ExecContext(ctx, `UPDATE `+c.table+` SET `+c.set()); err != nil {
			return 0, err
		}
	}
	return len(diffs), nil
}
