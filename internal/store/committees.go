package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"dangjian/internal/model"
)

const committeeColumns = `c.id, c.org_id, c.org_path, c.member_id, c.name, c.post, c.term_start, c.left_on, c.election_id,
	c.version, c.created_at`

func scanCommitteeMember(row interface{ Scan(...any) error }) (*model.CommitteeMember, error) {
	var c model.CommitteeMember
	var election sql.NullInt64
	err := row.Scan(&c.ID, &c.OrgID, &c.OrgPath, &c.MemberID, &c.Name, &c.Post, &c.TermStart, &c.LeftOn, &election, &c.Version, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	c.ElectionID = election.Int64
	return &c, err
}

// GetCommitteeMember returns one committee post holder whose organisation lies in the scope.
func (q queries) GetCommitteeMember(ctx context.Context, sc Scope, id int64) (*model.CommitteeMember, error) {
	a := &args{}
	return scanCommitteeMember(q.queryRow(ctx, "SELECT "+committeeColumns+" FROM committee_members c WHERE c.id = "+a.add(id)+
		" AND "+sc.pathClause("c.org_path", a), a.v...))
}

// Committee returns an organisation's committee: the posts held on day (or every post ever
// held, with all), secretaries first.
func (q queries) Committee(ctx context.Context, orgID int64, day model.Date, all bool) ([]*model.CommitteeMember, error) {
	query := "SELECT " + committeeColumns + " FROM committee_members c WHERE c.org_id = $1"
	a := []any{orgID}
	if !all {
		query += " AND (c.left_on IS NULL OR c.left_on > $2)"
		a = append(a, day)
	}
	rows, err := q.query(ctx, query+` ORDER BY c.left_on IS NOT NULL, CASE c.post WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1
		WHEN 'member' THEN 3 ELSE 2 END, c.term_start DESC, c.id`, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.CommitteeMember
	for rows.Next() {
		c, err := scanCommitteeMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// InsertCommitteeMember inserts a post holder.
func (tx *Tx) InsertCommitteeMember(ctx context.Context, c *model.CommitteeMember) error {
	t := now()
	c.CreatedAt, c.Version = t, 1
	return tx.db.QueryRowContext(ctx, `INSERT INTO committee_members (org_id, org_path, member_id, name, post, term_start, left_on,
		election_id, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`,
		c.OrgID, c.OrgPath, c.MemberID, c.Name, c.Post, c.TermStart, c.LeftOn, nullID(c.ElectionID), c.Version, t, t).Scan(&c.ID)
}

// UpdateCommitteeMember writes a post holder's post and dates at its version.
func (tx *Tx) UpdateCommitteeMember(ctx context.Context, c *model.CommitteeMember) error {
	return tx.bumped(tx.db.ExecContext(ctx, `UPDATE committee_members SET post=$1, term_start=$2, left_on=$3, version=version+1,
		updated_at=$4 WHERE id=$5 AND version=$6`, c.Post, c.TermStart, c.LeftOn, now(), c.ID, c.Version))(&c.Version)
}

// DeleteCommitteeMember removes a post holder entered by mistake, at its version.
func (tx *Tx) DeleteCommitteeMember(ctx context.Context, c *model.CommitteeMember) error {
	return tx.bumped(tx.db.ExecContext(ctx, `DELETE FROM committee_members WHERE id=$1 AND version=$2`, c.ID, c.Version))(nil)
}

// EndCommittee closes every post of an organisation still held on day (a new committee was elected).
func (tx *Tx) EndCommittee(ctx context.Context, orgID int64, day model.Date) error {
	_, err := tx.db.ExecContext(ctx, `UPDATE committee_members SET left_on = $1, version = version + 1, updated_at = $2
		WHERE org_id = $3 AND (left_on IS NULL OR left_on > $1)`, day, now(), orgID)
	return err
}

// RestartTerm starts a new committee term for o on start, of years, marks it expired or not as
// of today, and moves its rollup contribution (the expired-committee count).
func (tx *Tx) RestartTerm(ctx context.Context, o *model.Org, start model.Date, years int, today model.Date) error {
	old := *o
	o.TermStart, o.TermYears = start, years
	end := o.TermEnd()
	o.TermExpired = !end.IsZero() && end.Before(today)
	o.UpdatedAt = now()
	res, err := tx.db.ExecContext(ctx, `UPDATE orgs SET term_start=$1, term_years=$2, term_expired=$3, version=version+1,
		updated_at=$4 WHERE id=$5 AND version=$6`, o.TermStart, o.TermYears, o.TermExpired, o.UpdatedAt, o.ID, o.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	o.Version++
	tx.roll.org(&old, -1)
	tx.roll.org(o, 1)
	return nil
}

// termEndExpr is the SQL date a committee term ends (term_start + term_years years).
func (d Dialect) termEndExpr() string {
	if d == Postgres {
		return "CAST(o.term_start + make_interval(years => CAST(o.term_years AS INTEGER)) AS DATE)"
	}
	return "date(o.term_start, '+' || o.term_years || ' years')"
}

// TermFilter selects organisations of a subtree by the state of their committee term.
type TermFilter struct {
	Path string
	// Expired selects expired terms (the sweep's mark); otherwise terms not expired that end
	// on or before Until.
	Expired       bool
	Until         model.Date
	Limit, Offset int
}

// TermOrgs returns live organisations in scope whose committee term has expired, or ends by
// f.Until, soonest end first, and their total.
func (q queries) TermOrgs(ctx context.Context, sc Scope, f TermFilter) ([]*model.Org, int64, error) {
	a := &args{}
	w := []string{sc.underClause("o.path", f.Path, a), "o.dissolved_on IS NULL", "o.term_start IS NOT NULL", "o.term_years > 0"}
	if f.Expired {
		w = append(w, "o.term_expired")
	} else {
		w = append(w, "NOT o.term_expired", q.d.termEndExpr()+" <= "+a.add(f.Until))
	}
	where := " WHERE " + strings.Join(w, " AND ")
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM orgs o"+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := "SELECT " + orgColumns + " FROM orgs o" + where + " ORDER BY " + q.d.termEndExpr() + ", o.path"
	if f.Limit > 0 {
		query += " LIMIT " + a.add(f.Limit) + " OFFSET " + a.add(f.Offset)
	}
	out, err := q.queryOrgs(ctx, query, a.v...)
	return out, total, err
}

// TermOrgsAll returns every live organisation with a committee term (the daily alert run).
func (q queries) TermOrgsAll(ctx context.Context) ([]*model.Org, error) {
	return q.queryOrgs(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE o.dissolved_on IS NULL AND o.term_start IS NOT NULL AND o.term_years > 0 ORDER BY o.path")
}

// ---- elections

const electionColumns = `e.id, e.org_id, e.org_path, o.name, e.held_on, e.seats, e.entitled, e.present, e.excluded, e.candidates,
	e.term_years, e.valid, e.secretary_id, e.secretary_name, e.secretary_on, e.status, e.reported_on, e.approved_on, e.note,
	e.version, e.created_at`

func scanElection(row interface{ Scan(...any) error }) (*model.Election, error) {
	var e model.Election
	var excluded, candidates string
	var sec sql.NullInt64
	err := row.Scan(&e.ID, &e.OrgID, &e.OrgPath, &e.OrgName, &e.HeldOn, &e.Seats, &e.Entitled, &e.Present, &excluded, &candidates,
		&e.TermYears, &e.Valid, &sec, &e.SecretaryName, &e.SecretaryOn, &e.Status, &e.ReportedOn, &e.ApprovedOn, &e.Note,
		&e.Version, &e.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	e.SecretaryID = sec.Int64
	if err := json.Unmarshal([]byte(excluded), &e.Excluded); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(candidates), &e.Candidates); err != nil {
		return nil, err
	}
	return &e, nil
}

// GetElection returns one election record whose organisation lies in the scope.
func (q queries) GetElection(ctx context.Context, sc Scope, id int64) (*model.Election, error) {
	a := &args{}
	return scanElection(q.queryRow(ctx, "SELECT "+electionColumns+" FROM elections e JOIN orgs o ON o.id = e.org_id WHERE e.id = "+
		a.add(id)+" AND "+sc.pathClause("e.org_path", a), a.v...))
}

// ElectionFilter selects election records of a subtree.
type ElectionFilter struct {
	Path string
	// Status filters by state; Below excludes the organisation at Path itself (reports received).
	Status        model.ElectionStatus
	Below         bool
	Limit, Offset int
}

// ListElections returns election records of a subtree in scope, newest first, and their total.
func (q queries) ListElections(ctx context.Context, sc Scope, f ElectionFilter) ([]*model.Election, int64, error) {
	a := &args{}
	w := []string{sc.underClause("e.org_path", f.Path, a)}
	if f.Below {
		w = append(w, "e.org_path <> "+a.add(f.Path))
	}
	if f.Status != "" {
		w = append(w, "e.status = "+a.add(string(f.Status)))
	}
	where := " WHERE " + strings.Join(w, " AND ")
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM elections e"+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+electionColumns+" FROM elections e JOIN orgs o ON o.id = e.org_id"+where+
		" ORDER BY e.held_on DESC, e.id DESC LIMIT "+a.add(max(f.Limit, 1))+" OFFSET "+a.add(f.Offset), a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*model.Election
	for rows.Next() {
		e, err := scanElection(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

func electionJSON(e *model.Election) (string, string, error) {
	if e.Excluded == nil {
		e.Excluded = []model.ExcludedVoter{}
	}
	if e.Candidates == nil {
		e.Candidates = []model.Candidate{}
	}
	x, err := json.Marshal(e.Excluded)
	if err != nil {
		return "", "", err
	}
	c, err := json.Marshal(e.Candidates)
	return string(x), string(c), err
}

// InsertElection inserts an election record.
func (tx *Tx) InsertElection(ctx context.Context, e *model.Election, createdBy int64) error {
	t := now()
	e.CreatedAt, e.Version = t, 1
	x, c, err := electionJSON(e)
	if err != nil {
		return err
	}
	return tx.db.QueryRowContext(ctx, `INSERT INTO elections (org_id, org_path, held_on, seats, entitled, present, excluded, candidates,
		term_years, valid, secretary_id, secretary_name, secretary_on, status, reported_on, approved_on, note, created_by, version,
		created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21) RETURNING id`,
		e.OrgID, e.OrgPath, e.HeldOn, e.Seats, e.Entitled, e.Present, x, c, e.TermYears, e.Valid, nullID(e.SecretaryID),
		e.SecretaryName, e.SecretaryOn, e.Status, e.ReportedOn, e.ApprovedOn, e.Note, nullID(createdBy), e.Version, t, t).Scan(&e.ID)
}

// UpdateElection writes an election record's secretary, state and note at its version.
func (tx *Tx) UpdateElection(ctx context.Context, e *model.Election) error {
	return tx.bumped(tx.db.ExecContext(ctx, `UPDATE elections SET secretary_id=$1, secretary_name=$2, secretary_on=$3, status=$4,
		reported_on=$5, approved_on=$6, note=$7, version=version+1, updated_at=$8 WHERE id=$9 AND version=$10`,
		nullID(e.SecretaryID), e.SecretaryName, e.SecretaryOn, e.Status, e.ReportedOn, e.ApprovedOn, e.Note, now(), e.ID, e.Version))(&e.Version)
}

// UpdateElectionCandidates writes an election's secretary and the candidates' posts at its version.
func (tx *Tx) UpdateElectionCandidates(ctx context.Context, e *model.Election) error {
	_, c, err := electionJSON(e)
	if err != nil {
		return err
	}
	return tx.bumped(tx.db.ExecContext(ctx, `UPDATE elections SET secretary_id=$1, secretary_name=$2, secretary_on=$3, candidates=$4,
		version=version+1, updated_at=$5 WHERE id=$6 AND version=$7`,
		nullID(e.SecretaryID), e.SecretaryName, e.SecretaryOn, c, now(), e.ID, e.Version))(&e.Version)
}
