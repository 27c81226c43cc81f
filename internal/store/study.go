package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"dangjian/internal/model"
)

// ---- plans

const planColumns = `p.id, p.org_id, p.org_path, o.name, p.year, p.title, p.description, p.version, p.created_at`

func scanPlan(row interface{ Scan(...any) error }) (*model.StudyPlan, error) {
	var p model.StudyPlan
	err := row.Scan(&p.ID, &p.OrgID, &p.OrgPath, &p.OrgName, &p.Year, &p.Title, &p.Description, &p.Version, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &p, err
}

// GetStudyPlan returns one plan whose organisation lies in the scope.
func (q queries) GetStudyPlan(ctx context.Context, sc Scope, id int64) (*model.StudyPlan, error) {
	a := &args{}
	return scanPlan(q.queryRow(ctx, "SELECT "+planColumns+" FROM study_plans p JOIN orgs o ON o.id = p.org_id WHERE p.id = "+
		a.add(id)+" AND "+sc.pathClause("p.org_path", a), a.v...))
}

// ListStudyPlans returns the plans of a subtree's organisations in scope, for a year (0: every year).
func (q queries) ListStudyPlans(ctx context.Context, sc Scope, path string, year int) ([]*model.StudyPlan, error) {
	a := &args{}
	w := []string{sc.underClause("p.org_path", path, a)}
	if year != 0 {
		w = append(w, "p.year = "+a.add(year))
	}
	rows, err := q.query(ctx, "SELECT "+planColumns+" FROM study_plans p JOIN orgs o ON o.id = p.org_id WHERE "+
		strings.Join(w, " AND ")+" ORDER BY p.year DESC, p.org_path, p.id", a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.StudyPlan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// InsertStudyPlan inserts a plan.
func (tx *Tx) InsertStudyPlan(ctx context.Context, p *model.StudyPlan) error {
	t := now()
	p.CreatedAt, p.Version = t, 1
	return tx.db.QueryRowContext(ctx, `INSERT INTO study_plans (org_id, org_path, year, title, description, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`, p.OrgID, p.OrgPath, p.Year, p.Title, p.Description, p.Version, t, t).Scan(&p.ID)
}

// UpdateStudyPlan writes a plan at its version.
func (tx *Tx) UpdateStudyPlan(ctx context.Context, p *model.StudyPlan) error {
	return tx.bumped(tx.db.ExecContext(ctx, `UPDATE study_plans SET year=$1, title=$2, description=$3, version=version+1,
		updated_at=$4 WHERE id=$5 AND version=$6`, p.Year, p.Title, p.Description, now(), p.ID, p.Version))(&p.Version)
}

// DeleteStudyPlan removes a plan at its version (sessions keep their hours, without the plan).
func (tx *Tx) DeleteStudyPlan(ctx context.Context, p *model.StudyPlan) error {
	return tx.bumped(tx.db.ExecContext(ctx, `DELETE FROM study_plans WHERE id=$1 AND version=$2`, p.ID, p.Version))(nil)
}

// bumped checks that an update or delete at a version touched its row and counts the version.
func (tx *Tx) bumped(res sql.Result, err error) func(version *int64) error {
	return func(version *int64) error {
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		if version != nil {
			*version++
		}
		return nil
	}
}

// ---- courses and materials

const courseColumns = `c.id, c.org_id, c.org_path, o.name, c.kind, c.title, c.summary, c.hours, c.link, c.version, c.created_at`

func scanCourse(row interface{ Scan(...any) error }) (*model.StudyCourse, error) {
	var c model.StudyCourse
	err := row.Scan(&c.ID, &c.OrgID, &c.OrgPath, &c.OrgName, &c.Kind, &c.Title, &c.Summary, &c.Hours, &c.Link, &c.Version, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &c, err
}

// GetStudyCourse returns one course whose organisation lies in the scope.
func (q queries) GetStudyCourse(ctx context.Context, sc Scope, id int64) (*model.StudyCourse, error) {
	a := &args{}
	return scanCourse(q.queryRow(ctx, "SELECT "+courseColumns+" FROM study_courses c JOIN orgs o ON o.id = c.org_id WHERE c.id = "+
		a.add(id)+" AND "+sc.pathClause("c.org_path", a), a.v...))
}

// ListStudyCourses returns the courses and materials of a subtree in scope, newest first.
func (q queries) ListStudyCourses(ctx context.Context, sc Scope, path string, limit, offset int) ([]*model.StudyCourse, int64, error) {
	a := &args{}
	where := " WHERE " + sc.underClause("c.org_path", path, a)
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM study_courses c"+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+courseColumns+" FROM study_courses c JOIN orgs o ON o.id = c.org_id"+where+
		" ORDER BY c.id DESC LIMIT "+a.add(max(limit, 1))+" OFFSET "+a.add(offset), a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*model.StudyCourse
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// InsertStudyCourse inserts a course or material.
func (tx *Tx) InsertStudyCourse(ctx context.Context, c *model.StudyCourse) error {
	t := now()
	c.CreatedAt, c.Version = t, 1
	return tx.db.QueryRowContext(ctx, `INSERT INTO study_courses (org_id, org_path, kind, title, summary, hours, link, version,
		created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
		c.OrgID, c.OrgPath, c.Kind, c.Title, c.Summary, c.Hours, c.Link, c.Version, t, t).Scan(&c.ID)
}

// UpdateStudyCourse writes a course at its version.
func (tx *Tx) UpdateStudyCourse(ctx context.Context, c *model.StudyCourse) error {
	return tx.bumped(tx.db.ExecContext(ctx, `UPDATE study_courses SET kind=$1, title=$2, summary=$3, hours=$4, link=$5,
		version=version+1, updated_at=$6 WHERE id=$7 AND version=$8`, c.Kind, c.Title, c.Summary, c.Hours, c.Link, now(), c.ID, c.Version))(&c.Version)
}

// DeleteStudyCourse removes a course at its version.
func (tx *Tx) DeleteStudyCourse(ctx context.Context, c *model.StudyCourse) error {
	return tx.bumped(tx.db.ExecContext(ctx, `DELETE FROM study_courses WHERE id=$1 AND version=$2`, c.ID, c.Version))(nil)
}

// ---- sessions and records

const sessionColumns = `s.id, s.org_id, s.org_path, o.name, s.plan_id, s.course_id, s.title, s.held_on, s.hours, s.remedial,
	s.place, s.expected, s.present, s.version, s.created_at`

func scanSession(row interface{ Scan(...any) error }) (*model.StudySession, error) {
	var s model.StudySession
	var plan, course sql.NullInt64
	err := row.Scan(&s.ID, &s.OrgID, &s.OrgPath, &s.OrgName, &plan, &course, &s.Title, &s.HeldOn, &s.Hours, &s.Remedial,
		&s.Place, &s.Expected, &s.Present, &s.Version, &s.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	s.PlanID, s.CourseID = plan.Int64, course.Int64
	return &s, err
}

// GetStudySession returns one session whose organisation lies in the scope.
func (q queries) GetStudySession(ctx context.Context, sc Scope, id int64) (*model.StudySession, error) {
	a := &args{}
	return scanSession(q.queryRow(ctx, "SELECT "+sessionColumns+" FROM study_sessions s JOIN orgs o ON o.id = s.org_id WHERE s.id = "+
		a.add(id)+" AND "+sc.pathClause("s.org_path", a), a.v...))
}

// SessionFilter selects study sessions of a subtree.
type SessionFilter struct {
	Path     string
	Year     int
	Remedial *bool
	Limit    int
	Offset   int
}

// ListStudySessions returns the sessions of a subtree in scope, newest first, and their total.
func (q queries) ListStudySessions(ctx context.Context, sc Scope, f SessionFilter) ([]*model.StudySession, int64, error) {
	a := &args{}
	w := []string{sc.underClause("s.org_path", f.Path, a)}
	if f.Year != 0 {
		w = append(w, "s.held_on >= "+a.add(model.NewDate(f.Year, 1, 1)), "s.held_on <= "+a.add(model.NewDate(f.Year, 12, 31)))
	}
	if f.Remedial != nil {
		w = append(w, "s.remedial = "+a.add(*f.Remedial))
	}
	where := " WHERE " + strings.Join(w, " AND ")
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM study_sessions s"+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.query(ctx, "SELECT "+sessionColumns+" FROM study_sessions s JOIN orgs o ON o.id = s.org_id"+where+
		" ORDER BY s.held_on DESC, s.id DESC LIMIT "+a.add(max(f.Limit, 1))+" OFFSET "+a.add(f.Offset), a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*model.StudySession
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, s)
	}
	return out, total, rows.Err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// InsertStudySession inserts a session with its expected members' records and credits the
// hours of those present.
func (tx *Tx) InsertStudySession(ctx context.Context, s *model.StudySession, records []model.StudyRecord, createdBy int64) error {
	t := now()
	s.CreatedAt, s.Version = t, 1
	err := tx.db.QueryRowContext(ctx, `INSERT INTO study_sessions (org_id, org_path, plan_id, course_id, title, held_on, hours,
		remedial, place, expected, present, created_by, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,0,0,$10,$11,$12,$13) RETURNING id`,
		s.OrgID, s.OrgPath, nullID(s.PlanID), nullID(s.CourseID), s.Title, s.HeldOn, s.Hours, s.Remedial, s.Place,
		nullID(createdBy), s.Version, t, t).Scan(&s.ID)
	if err != nil {
		return err
	}
	if err := tx.insertStudyRecords(ctx, s, records); err != nil {
		return err
	}
	if err := tx.creditHours(ctx, s, recordCredits(records, 1)); err != nil {
		return err
	}
	return tx.recountSession(ctx, s, false)
}

func (tx *Tx) insertStudyRecords(ctx context.Context, s *model.StudySession, records []model.StudyRecord) error {
	const perRow = 6
	batch := min(500, tx.d.maxParams()/perRow)
	for start := 0; start < len(records); start += batch {
		chunk := records[start:min(start+batch, len(records))]
		var b strings.Builder
		vals := make([]any, 0, len(chunk)*perRow)
		b.WriteString("INSERT INTO study_records (session_id, member_id, status, reason, hours, held_on) VALUES ")
		for i, r := range chunk {
			if i > 0 {
				b.WriteByte(',')
			}
			n := len(vals)
			b.WriteString("(" + tx.d.bulkParam(n+1) + "," + tx.d.bulkParam(n+2) + "," + tx.d.bulkParam(n+3) + "," +
				tx.d.bulkParam(n+4) + "," + tx.d.bulkParam(n+5) + "," + tx.d.bulkParam(n+6) + ")")
			vals = append(vals, s.ID, r.MemberID, r.Status, r.Reason, r.Hours, s.HeldOn)
		}
		if _, err := tx.db.ExecContext(ctx, b.String(), vals...); err != nil {
			if isUniqueViolation(err) {
				return ErrConflict
			}
			return err
		}
	}
	return nil
}

// hoursCredit is hours to add to one member's year of study.
type hoursCredit struct {
	memberID int64
	hours    model.Hours
}

// creditHours adds hours to members' years (and to the remedial part for a remedial
// session), a few hundred members per statement; a member appears at most once.
func (tx *Tx) creditHours(ctx context.Context, s *model.StudySession, credits []hoursCredit) error {
	nonZero := credits[:0:0]
	for _, c := range credits {
		if c.hours != 0 {
			nonZero = append(nonZero, c)
		}
	}
	return execRows(ctx, tx, `INSERT INTO study_hours (member_id, year, hours, remedial) VALUES `,
		` ON CONFLICT (member_id, year) DO UPDATE SET hours = study_hours.hours + excluded.hours,
		remedial = study_hours.remedial + excluded.remedial`, 4, nonZero, func(vals []any, c hoursCredit) []any {
			var remedial model.Hours
			if s.Remedial {
				remedial = c.hours
			}
			return append(vals, c.memberID, s.HeldOn.Year(), c.hours, remedial)
		})
}

// recordCredits are the hours of records, as credits (negated with sign -1).
func recordCredits(records []model.StudyRecord, sign model.Hours) []hoursCredit {
	out := make([]hoursCredit, len(records))
	for i, r := range records {
		out[i] = hoursCredit{memberID: r.MemberID, hours: sign * r.Hours}
	}
	return out
}

// StudyRecords returns a session's records by organisation and name.
func (q queries) StudyRecords(ctx context.Context, sessionID int64) ([]model.StudyRecord, error) {
	rows, err := q.query(ctx, `SELECT r.session_id, r.member_id, m.name, r.status, r.reason, r.hours, r.held_on
		FROM study_records r JOIN members m ON m.id = r.member_id WHERE r.session_id = $1 ORDER BY m.org_path, m.id`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.StudyRecord
	for rows.Next() {
		var r model.StudyRecord
		if err := rows.Scan(&r.SessionID, &r.MemberID, &r.MemberName, &r.Status, &r.Reason, &r.Hours, &r.HeldOn); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetStudyRecords writes records (inserting new members), moves the credited hours and
// recounts the session, bumping its version.
func (tx *Tx) SetStudyRecords(ctx context.Context, s *model.StudySession, changes []model.StudyRecord) error {
	old, err := tx.StudyRecords(ctx, s.ID)
	if err != nil {
		return err
	}
	before := map[int64]model.StudyRecord{}
	for _, r := range old {
		before[r.MemberID] = r
	}
	// One upsert per few hundred records; a member marked twice counts once, as marked last.
	marked := lastEach(changes, func(r model.StudyRecord) int64 { return r.MemberID })
	credits := make([]hoursCredit, len(marked))
	for i, r := range marked {
		credits[i] = hoursCredit{memberID: r.MemberID, hours: r.Hours - before[r.MemberID].Hours}
	}
	if err := execRows(ctx, tx, `INSERT INTO study_records (session_id, member_id, status, reason, hours, held_on) VALUES `,
		` ON CONFLICT (session_id, member_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
		hours = excluded.hours`, 6, marked, func(vals []any, r model.StudyRecord) []any {
			return append(vals, s.ID, r.MemberID, r.Status, r.Reason, r.Hours, s.HeldOn)
		}); err != nil {
		return err
	}
	if err := tx.creditHours(ctx, s, credits); err != nil {
		return err
	}
	return tx.recountSession(ctx, s, true)
}

func (tx *Tx) recountSession(ctx context.Context, s *model.StudySession, bump bool) error {
	if err := tx.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'present' THEN 1 ELSE 0 END), 0)
		FROM study_records WHERE session_id = $1`, s.ID).Scan(&s.Expected, &s.Present); err != nil {
		return err
	}
	if !bump {
		_, err := tx.db.ExecContext(ctx, `UPDATE study_sessions SET expected=$1, present=$2 WHERE id=$3`, s.Expected, s.Present, s.ID)
		return err
	}
	return tx.bumped(tx.db.ExecContext(ctx, `UPDATE study_sessions SET expected=$1, present=$2, version=version+1, updated_at=$3
		WHERE id=$4 AND version=$5`, s.Expected, s.Present, now(), s.ID, s.Version))(&s.Version)
}

// UpdateStudySession writes a session's fields at its version; a new date or remedial flag
// moves its records' hours between years and parts.
func (tx *Tx) UpdateStudySession(ctx context.Context, old, s *model.StudySession) error {
	if err := tx.bumped(tx.db.ExecContext(ctx, `UPDATE study_sessions SET plan_id=$1, course_id=$2, title=$3, held_on=$4, hours=$5,
		remedial=$6, place=$7, version=version+1, updated_at=$8 WHERE id=$9 AND version=$10`,
		nullID(s.PlanID), nullID(s.CourseID), s.Title, s.HeldOn, s.Hours, s.Remedial, s.Place, now(), s.ID, s.Version))(&s.Version); err != nil {
		return err
	}
	if old.HeldOn == s.HeldOn && old.Remedial == s.Remedial {
		return nil
	}
	records, err := tx.StudyRecords(ctx, s.ID)
	if err != nil {
		return err
	}
	if _, err := tx.db.ExecContext(ctx, `UPDATE study_records SET held_on = $1 WHERE session_id = $2`, s.HeldOn, s.ID); err != nil {
		return err
	}
	if err := tx.creditHours(ctx, old, recordCredits(records, -1)); err != nil {
		return err
	}
	return tx.creditHours(ctx, s, recordCredits(records, 1))
}

// DeleteStudySession removes a session at its version and takes back its hours.
func (tx *Tx) DeleteStudySession(ctx context.Context, s *model.StudySession) error {
	records, err := tx.StudyRecords(ctx, s.ID)
	if err != nil {
		return err
	}
	if err := tx.bumped(tx.db.ExecContext(ctx, `DELETE FROM study_sessions WHERE id=$1 AND version=$2`, s.ID, s.Version))(nil); err != nil {
		return err
	}
	return tx.creditHours(ctx, s, recordCredits(records, -1))
}

// MemberStudy returns a member's hours of a year and records, newest first.
func (q queries) MemberStudy(ctx context.Context, memberID int64, year int) (hours, remedial model.Hours, records []model.StudyRecord, err error) {
	err = q.queryRow(ctx, `SELECT COALESCE(SUM(hours), 0), COALESCE(SUM(remedial), 0) FROM study_hours WHERE member_id = $1 AND year = $2`,
		memberID, year).Scan(&hours, &remedial)
	if err != nil {
		return 0, 0, nil, err
	}
	rows, err := q.query(ctx, `SELECT r.session_id, r.member_id, '', r.status, r.reason, r.hours, r.held_on, s.title, s.remedial
		FROM study_records r JOIN study_sessions s ON s.id = r.session_id
		WHERE r.member_id = $1 AND r.held_on >= $2 AND r.held_on <= $3 ORDER BY r.held_on DESC, r.session_id DESC`,
		memberID, model.NewDate(year, 1, 1), model.NewDate(year, 12, 31))
	if err != nil {
		return 0, 0, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r model.StudyRecord
		if err := rows.Scan(&r.SessionID, &r.MemberID, &r.MemberName, &r.Status, &r.Reason, &r.Hours, &r.HeldOn, &r.Title, &r.Remedial); err != nil {
			return 0, 0, nil, err
		}
		records = append(records, r)
	}
	return hours, remedial, records, rows.Err()
}

// IsCommitteeMember reports whether a member holds a committee post on day.
func (q queries) IsCommitteeMember(ctx context.Context, memberID int64, day model.Date) (bool, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM committee_members WHERE member_id = $1 AND (left_on IS NULL OR left_on > $2)`,
		memberID, day).Scan(&n)
	return n > 0, err
}

// StudyReportFilter selects members of a subtree for the study-hours report.
type StudyReportFilter struct {
	Path string
	Year int
	// Today decides who holds a committee post (the higher target).
	Today           model.Date
	MemberTarget    model.Hours
	CommitteeTarget model.Hours
	// Below keeps only the members short of their target ("no one omitted").
	Below         bool
	Limit, Offset int
}

// StudySummary counts a subtree's members against their study targets.
type StudySummary struct {
	Members  int64 `json:"members"`
	Below    int64 `json:"below"`
	NoHours  int64 `json:"no_hours"`
	Remedial int64 `json:"remedial"`
}

func (f *StudyReportFilter) parts(sc Scope, a *args) (from, committee, hours, target string) {
	committee = "EXISTS (SELECT 1 FROM committee_members c WHERE c.member_id = m.id AND (c.left_on IS NULL OR c.left_on > " + a.add(f.Today) + "))"
	hours = "COALESCE(h.hours, 0)"
	target = "CASE WHEN " + committee + " THEN CAST(" + a.add(int64(f.CommitteeTarget)) + " AS BIGINT) ELSE CAST(" +
		a.add(int64(f.MemberTarget)) + " AS BIGINT) END"
	var scope string // only the clauses used may bind parameters (PostgreSQL)
	if sc.HasSubtrees() {
		scope = sc.underClause("m.org_path", f.Path, a)
	} else {
		scope = sc.memberClause(a) + " AND m.org_path >= " + a.add(f.Path) + " AND m.org_path < " + a.add(model.PathUpperBound(f.Path))
	}
	from = " FROM members m JOIN orgs o ON o.id = m.org_id LEFT JOIN study_hours h ON h.member_id = m.id AND h.year = " + a.add(f.Year) +
		" WHERE " + scope + " AND m.status IN (" + inRegisterList + ")"
	return
}

// StudyReport returns members' hours against their targets, by organisation, with the
// subtree's summary.
func (q queries) StudyReport(ctx context.Context, sc Scope, f StudyReportFilter) ([]*model.StudyStanding, StudySummary, int64, error) {
	var sum StudySummary
	a := &args{}
	from, committee, hours, target := f.parts(sc, a)
	err := q.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN `+hours+` < `+target+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN `+hours+` = 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN h.remedial > 0 THEN 1 ELSE 0 END), 0)`+from,
		a.v...).Scan(&sum.Members, &sum.Below, &sum.NoHours, &sum.Remedial)
	if err != nil {
		return nil, sum, 0, err
	}
	total := sum.Members
	if f.Below {
		total = sum.Below
		from += " AND " + hours + " < " + target
	}
	query := "SELECT m.id, m.name, m.org_id, o.name, m.status, " + committee + ", " + hours + ", COALESCE(h.remedial, 0), " + target + from +
		" ORDER BY m.org_path, m.id"
	if f.Limit > 0 {
		query += " LIMIT " + a.add(f.Limit) + " OFFSET " + a.add(f.Offset)
	}
	rows, err := q.query(ctx, query, a.v...)
	if err != nil {
		return nil, sum, 0, err
	}
	var out []*model.StudyStanding
	byID := map[int64]*model.StudyStanding{}
	for rows.Next() {
		var s model.StudyStanding
		var c bool
		if err := rows.Scan(&s.MemberID, &s.MemberName, &s.OrgID, &s.OrgName, &s.Status, &c, &s.Hours, &s.Remedial, &s.Target); err != nil {
			rows.Close()
			return nil, sum, 0, err
		}
		s.Role = "member"
		if c {
			s.Role = "committee"
		}
		s.Reasons = map[string]int{}
		out = append(out, &s)
		byID[s.MemberID] = &s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, sum, 0, err
	}
	if err := q.absenceReasons(ctx, byID, f.Year); err != nil {
		return nil, sum, 0, err
	}
	return out, sum, total, nil
}

// absenceReasons fills each standing's counts of recorded study absences by reason in the year.
func (q queries) absenceReasons(ctx context.Context, byID map[int64]*model.StudyStanding, year int) error {
	if len(byID) == 0 {
		return nil
	}
	a := &args{}
	from, to := a.add(model.NewDate(year, 1, 1)), a.add(model.NewDate(year, 12, 31))
	ph := make([]string, 0, len(byID))
	for id := range byID {
		ph = append(ph, a.add(id))
	}
	rows, err := q.query(ctx, `SELECT member_id, reason, COUNT(*) FROM study_records WHERE status = 'absent' AND held_on >= `+from+
		` AND held_on <= `+to+` AND member_id IN (`+strings.Join(ph, ",")+`) GROUP BY member_id, reason`, a.v...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var reason string
		var n int
		if err := rows.Scan(&id, &reason, &n); err != nil {
			return err
		}
		if reason == "" {
			reason = "unknown"
		}
		byID[id].Reasons[reason] += n
	}
	return rows.Err()
}

// recountStudyHours computes each member's yearly hours from the records.
func (q queries) recountStudyHours(ctx context.Context) (map[lifeKey]int64, error) {
	rows, err := q.query(ctx, `SELECT r.member_id, r.held_on, r.hours, s.remedial FROM study_records r
		JOIN study_sessions s ON s.id = r.session_id WHERE r.hours <> 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[lifeKey]int64{}
	for rows.Next() {
		var id int64
		var d model.Date
		var h int64
		var remedial bool
		if err := rows.Scan(&id, &d, &h, &remedial); err != nil {
			return nil, err
		}
		y := itoa64(int64(d.Year()))
		out[lifeKey{id, y, "hours"}] += h
		if remedial {
			out[lifeKey{id, y, "remedial"}] += h
		}
	}
	for k, n := range out {
		if n == 0 {
			delete(out, k)
		}
	}
	return out, rows.Err()
}

func (q queries) storedStudyHours(ctx context.Context) (map[lifeKey]int64, error) {
	rows, err := q.query(ctx, `SELECT member_id, year, hours, remedial FROM study_hours`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[lifeKey]int64{}
	for rows.Next() {
		var id, y, h, r int64
		if err := rows.Scan(&id, &y, &h, &r); err != nil {
			return nil, err
		}
		if h != 0 {
			out[lifeKey{id, itoa64(y), "hours"}] = h
		}
		if r != 0 {
			out[lifeKey{id, itoa64(y), "remedial"}] = r
		}
	}
	return out, rows.Err()
}

func (tx *Tx) writeStudyHours(ctx context.Context, want map[lifeKey]int64) error {
	if _, err := tx.db.ExecContext(ctx, `DELETE FROM study_hours`); err != nil {
		return err
	}
	type hy struct{ h, r int64 }
	rows := map[[2]int64]*hy{}
	for k, n := range want {
		key := [2]int64{k.org, parseInt64(k.a)}
		if rows[key] == nil {
			rows[key] = &hy{}
		}
		if k.b == "remedial" {
			rows[key].r = n
		} else {
			rows[key].h = n
		}
	}
	for k, v := range rows {
		if _, err := tx.db.ExecContext(ctx, `INSERT INTO study_hours (member_id, year, hours, remedial) VALUES ($1,$2,$3,$4)`,
			k[0], k[1], v.h, v.r); err != nil {
			return err
		}
	}
	return nil
}
