package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/model"
)

const meetingColumns = `mt.id, mt.org_id, mt.org_path, o.name, mt.type, mt.topic, mt.status, mt.starts_at, mt.ends_at,
	mt.held_on, mt.place, mt.host, mt.recorder, mt.minutes, mt.decisions, mt.expected, mt.present, mt.absent,
	mt.voting_expected, mt.voting_present, mt.sign_code, mt.sign_expires_at, mt.created_by, mt.version,
	mt.created_at, mt.updated_at`

const meetingFrom = " FROM meetings mt JOIN orgs o ON o.id = mt.org_id "

func scanMeeting(row interface{ Scan(...any) error }) (*model.Meeting, error) {
	var m model.Meeting
	var by sql.NullInt64
	err := row.Scan(&m.ID, &m.OrgID, &m.OrgPath, &m.OrgName, &m.Type, &m.Topic, &m.Status, &m.StartsAt, &m.EndsAt,
		&m.HeldOn, &m.Place, &m.Host, &m.Recorder, &m.Minutes, &m.Decisions, &m.Expected, &m.Present, &m.Absent,
		&m.VotingExpected, &m.VotingPresent, &m.SignCode, &m.SignExpiresAt, &by, &m.Version, &m.CreatedAt, &m.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	m.CreatedBy = by.Int64
	m.StartsAt, m.EndsAt, m.SignExpiresAt = m.StartsAt.UTC(), m.EndsAt.UTC(), m.SignExpiresAt.UTC()
	return &m, err
}

func (q queries) queryMeetings(ctx context.Context, query string, a ...any) ([]*model.Meeting, error) {
	rows, err := q.query(ctx, query, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// GetMeeting returns one meeting whose organisation lies in the scope.
func (q queries) GetMeeting(ctx context.Context, sc Scope, id int64) (*model.Meeting, error) {
	a := &args{}
	query := "SELECT " + meetingColumns + meetingFrom + "WHERE mt.id = " + a.add(id) + " AND " + sc.pathClause("mt.org_path", a)
	return scanMeeting(q.queryRow(ctx, query, a.v...))
}

// GetMeetingByCode returns the meeting with a sign-in code, whatever the scope (the sign-in
// service then checks that the caller is expected at it).
func (q queries) GetMeetingByCode(ctx context.Context, code string) (*model.Meeting, error) {
	return scanMeeting(q.queryRow(ctx, "SELECT "+meetingColumns+meetingFrom+"WHERE mt.sign_code = $1", code))
}

// MeetingFilter selects meetings of a subtree.
type MeetingFilter struct {
	OrgPath  string
	Type     model.MeetingType
	Status   model.MeetingStatus
	From, To model.Date
	Limit    int
	Offset   int
}

// ListMeetings returns the meetings in scope matching f, newest first, and their total.
func (q queries) ListMeetings(ctx context.Context, sc Scope, f MeetingFilter) ([]*model.Meeting, int64, error) {
	a := &args{}
	where := " WHERE " + f.where(sc, a)
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM meetings mt"+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := "SELECT " + meetingColumns + meetingFrom + where + " ORDER BY mt.starts_at DESC, mt.id DESC LIMIT " +
		a.add(max(f.Limit, 1)) + " OFFSET " + a.add(f.Offset)
	items, err := q.queryMeetings(ctx, query, a.v...)
	return items, total, err
}

func (f *MeetingFilter) where(sc Scope, a *args) string {
	w := []string{sc.underClause("mt.org_path", f.OrgPath, a)}
	if f.Type != "" {
		w = append(w, "mt.type = "+a.add(string(f.Type)))
	}
	if f.Status != "" {
		w = append(w, "mt.status = "+a.add(string(f.Status)))
	}
	if !f.From.IsZero() {
		w = append(w, "mt.held_on >= "+a.add(f.From))
	}
	if !f.To.IsZero() {
		w = append(w, "mt.held_on <= "+a.add(f.To))
	}
	return strings.Join(w, " AND ")
}

// meetingPage is how many meetings EachMeeting reads at a time.
var meetingPage = 1000

// EachMeeting calls fn for every meeting of the filter in the scope, newest first as the list
// (the export), reading a page at a time.
func (q queries) EachMeeting(ctx context.Context, sc Scope, f MeetingFilter, fn func(*model.Meeting) error) error {
	page := meetingPage
	var last *model.Meeting
	for {
		a := &args{}
		where := f.where(sc, a)
		if last != nil {
			t, id := a.add(last.StartsAt.UTC()), a.add(last.ID)
			where += " AND (mt.starts_at < " + t + " OR (mt.starts_at = " + t + " AND mt.id < " + id + "))"
		}
		items, err := q.queryMeetings(ctx, "SELECT "+meetingColumns+meetingFrom+"WHERE "+where+
			" ORDER BY mt.starts_at DESC, mt.id DESC LIMIT "+strconv.Itoa(page), a.v...)
		if err != nil {
			return err
		}
		for _, m := range items {
			if err := fn(m); err != nil {
				return err
			}
			last = m
		}
		if len(items) < page {
			return nil
		}
	}
}

// MemberMeetings returns the meetings a member is expected at that end on or after since,
// soonest first, with the member's own attendance.
func (q queries) MemberMeetings(ctx context.Context, memberID int64, since model.Date, limit int) ([]*model.Meeting, []model.Attendance, error) {
	rows, err := q.query(ctx, "SELECT "+meetingColumns+`, at.status, at.reason, at.method, at.signed_at
		FROM meeting_attendance at JOIN meetings mt ON mt.id = at.meeting_id JOIN orgs o ON o.id = mt.org_id
		WHERE at.member_id = $1 AND at.held_on >= $2 AND mt.status <> 'cancelled'
		ORDER BY mt.starts_at, mt.id LIMIT $3`, memberID, since, limit)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ms []*model.Meeting
	var as []model.Attendance
	for rows.Next() {
		var m model.Meeting
		var at model.Attendance
		var by sql.NullInt64
		var signed sql.NullTime
		if err := rows.Scan(&m.ID, &m.OrgID, &m.OrgPath, &m.OrgName, &m.Type, &m.Topic, &m.Status, &m.StartsAt, &m.EndsAt,
			&m.HeldOn, &m.Place, &m.Host, &m.Recorder, &m.Minutes, &m.Decisions, &m.Expected, &m.Present, &m.Absent,
			&m.VotingExpected, &m.VotingPresent, &m.SignCode, &m.SignExpiresAt, &by, &m.Version, &m.CreatedAt,
			&m.UpdatedAt, &at.Status, &at.Reason, &at.Method, &signed); err != nil {
			return nil, nil, err
		}
		m.StartsAt, m.EndsAt = m.StartsAt.UTC(), m.EndsAt.UTC()
		at.MeetingID, at.MemberID, at.HeldOn = m.ID, memberID, m.HeldOn
		if signed.Valid {
			at.SignedAt = signed.Time.UTC()
		}
		ms = append(ms, &m)
		as = append(as, at)
	}
	return ms, as, rows.Err()
}

// InsertMeeting inserts m with its expected attendees and counts it when held.
func (tx *Tx) InsertMeeting(ctx context.Context, m *model.Meeting, attendees []model.Attendance) error {
	t := now()
	m.CreatedAt, m.UpdatedAt, m.Version = t, t, 1
	countAttendance(m, attendees)
	var by any
	if m.CreatedBy != 0 {
		by = m.CreatedBy
	}
	err := tx.db.QueryRowContext(ctx, `INSERT INTO meetings (org_id, org_path, type, topic, status, starts_at, ends_at,
		held_on, place, host, recorder, minutes, decisions, expected, present, absent, voting_expected, voting_present,
		sign_code, sign_expires_at, created_by, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24) RETURNING id`,
		m.OrgID, m.OrgPath, m.Type, m.Topic, m.Status, m.StartsAt.UTC(), m.EndsAt.UTC(), m.HeldOn, m.Place, m.Host,
		m.Recorder, m.Minutes, m.Decisions, m.Expected, m.Present, m.Absent, m.VotingExpected, m.VotingPresent,
		m.SignCode, m.SignExpiresAt.UTC(), by, m.Version, m.CreatedAt, m.UpdatedAt).Scan(&m.ID)
	if err != nil {
		if isUniqueViolation(err) {
			return ErrConflict
		}
		return err
	}
	if err := tx.insertAttendance(ctx, m, attendees); err != nil {
		return err
	}
	if m.Status == model.MeetingHeld {
		return tx.countMeeting(ctx, m, 1)
	}
	return nil
}

func (tx *Tx) insertAttendance(ctx context.Context, m *model.Meeting, attendees []model.Attendance) error {
	const perRow = 9
	batch := min(500, tx.d.maxParams()/perRow)
	for start := 0; start < len(attendees); start += batch {
		chunk := attendees[start:min(start+batch, len(attendees))]
		var b strings.Builder
		vals := make([]any, 0, len(chunk)*perRow)
		b.WriteString("INSERT INTO meeting_attendance (meeting_id, member_id, status, reason, note, voting, method, signed_at, held_on) VALUES ")
		for i, at := range chunk {
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
			vals = append(vals, m.ID, at.MemberID, at.Status, at.Reason, at.Note, at.Voting, at.Method, nullTime(at.SignedAt), m.HeldOn)
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

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// countAttendance sets the meeting's attendance counters from its attendees.
func countAttendance(m *model.Meeting, attendees []model.Attendance) {
	m.Expected, m.Present, m.Absent, m.VotingExpected, m.VotingPresent = len(attendees), 0, 0, 0, 0
	for _, at := range attendees {
		switch at.Status {
		case model.AttendancePresent:
			m.Present++
		case model.AttendanceAbsent:
			m.Absent++
		}
		if at.Voting {
			m.VotingExpected++
			if at.Status == model.AttendancePresent {
				m.VotingPresent++
			}
		}
	}
}

// UpdateMeeting writes the editable fields of m if its version is still m.Version and moves its
// tally and compliance contribution from old to m.
func (tx *Tx) UpdateMeeting(ctx context.Context, old, m *model.Meeting) error {
	m.UpdatedAt = now()
	res, err := tx.db.ExecContext(ctx, `UPDATE meetings SET type=$1, topic=$2, status=$3, starts_at=$4, ends_at=$5,
		held_on=$6, place=$7, host=$8, recorder=$9, minutes=$10, decisions=$11, sign_code=$12, sign_expires_at=$13,
		version=version+1, updated_at=$14 WHERE id=$15 AND version=$16`,
		m.Type, m.Topic, m.Status, m.StartsAt.UTC(), m.EndsAt.UTC(), m.HeldOn, m.Place, m.Host, m.Recorder, m.Minutes,
		m.Decisions, m.SignCode, m.SignExpiresAt.UTC(), m.UpdatedAt, m.ID, m.Version)
	if err != nil {
		if isUniqueViolation(err) {
			return ErrConflict
		}
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	m.Version++
	if m.HeldOn != old.HeldOn {
		if _, err := tx.db.ExecContext(ctx, `UPDATE meeting_attendance SET held_on = $1 WHERE meeting_id = $2`, m.HeldOn, m.ID); err != nil {
			return err
		}
	}
	if old.Status == model.MeetingHeld {
		if err := tx.countMeeting(ctx, old, -1); err != nil {
			return err
		}
	}
	if m.Status == model.MeetingHeld {
		return tx.countMeeting(ctx, m, 1)
	}
	return nil
}

// DeleteMeeting removes a meeting (its attendance goes with it) and its count.
func (tx *Tx) DeleteMeeting(ctx context.Context, old *model.Meeting) error {
	res, err := tx.db.ExecContext(ctx, `DELETE FROM meetings WHERE id = $1 AND version = $2`, old.ID, old.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	if old.Status == model.MeetingHeld {
		return tx.countMeeting(ctx, old, -1)
	}
	return nil
}

// MeetingAnswersDirective reports whether a directive answer links the meeting.
func (q queries) MeetingAnswersDirective(ctx context.Context, meetingID int64) (bool, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM directive_targets WHERE meeting_id = $1`, meetingID).Scan(&n)
	return n > 0, err
}

const attendanceColumns = `at.meeting_id, at.member_id, m.name, o.name, at.status, at.reason, at.note, at.voting,
	at.method, at.signed_at, at.held_on`

// Attendance returns the expected attendees of a meeting with their state, by organisation and name.
func (q queries) Attendance(ctx context.Context, meetingID int64) ([]model.Attendance, error) {
	rows, err := q.query(ctx, "SELECT "+attendanceColumns+` FROM meeting_attendance at
		JOIN members m ON m.id = at.member_id JOIN orgs o ON o.id = m.org_id
		WHERE at.meeting_id = $1 ORDER BY m.org_path, at.voting DESC, m.id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Attendance
	for rows.Next() {
		var at model.Attendance
		var signed sql.NullTime
		if err := rows.Scan(&at.MeetingID, &at.MemberID, &at.MemberName, &at.OrgName, &at.Status, &at.Reason, &at.Note,
			&at.Voting, &at.Method, &signed, &at.HeldOn); err != nil {
			return nil, err
		}
		if signed.Valid {
			at.SignedAt = signed.Time.UTC()
		}
		out = append(out, at)
	}
	return out, rows.Err()
}

// SetAttendance writes the given attendees' states (inserting those not yet expected) and
// recounts the meeting's counters; it bumps the meeting's version.
func (tx *Tx) SetAttendance(ctx context.Context, m *model.Meeting, changes []model.Attendance) error {
	// One upsert per few hundred attendees (an attendee already listed keeps their voting
	// right and date); a member marked twice counts once, as marked last.
	marked := lastEach(changes, func(at model.Attendance) int64 { return at.MemberID })
	if err := execRows(ctx, tx, `INSERT INTO meeting_attendance (meeting_id, member_id, status, reason, note, voting,
		method, signed_at, held_on) VALUES `, ` ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status,
		reason = excluded.reason, note = excluded.note, method = excluded.method, signed_at = excluded.signed_at`, 9, marked,
		func(vals []any, at model.Attendance) []any {
			return append(vals, m.ID, at.MemberID, at.Status, at.Reason, at.Note, at.Voting, at.Method, nullTime(at.SignedAt), m.HeldOn)
		}); err != nil {
		return err
	}
	all, err := tx.Attendance(ctx, m.ID)
	if err != nil {
		return err
	}
	countAttendance(m, all)
	m.UpdatedAt = now()
	res, err := tx.db.ExecContext(ctx, `UPDATE meetings SET expected=$1, present=$2, absent=$3, voting_expected=$4,
		voting_present=$5, version=version+1, updated_at=$6 WHERE id=$7 AND version=$8`,
		m.Expected, m.Present, m.Absent, m.VotingExpected, m.VotingPresent, m.UpdatedAt, m.ID, m.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	m.Version++
	return nil
}

// RemoveAttendees takes members off a meeting's expected list and recounts it.
func (tx *Tx) RemoveAttendees(ctx context.Context, m *model.Meeting, memberIDs []int64) error {
	for _, id := range memberIDs {
		if _, err := tx.db.ExecContext(ctx, `DELETE FROM meeting_attendance WHERE meeting_id = $1 AND member_id = $2`, m.ID, id); err != nil {
			return err
		}
	}
	return tx.SetAttendance(ctx, m, nil)
}

// ExpectedMembers returns the members of a subtree in the given statuses, for a meeting's or a
// session's expected list.
func (q queries) ExpectedMembers(ctx context.Context, path string, statuses []model.Status) ([]*model.Member, error) {
	if len(statuses) == 0 {
		return nil, nil
	}
	a := &args{}
	lo, hi := a.add(path), a.add(model.PathUpperBound(path))
	ph := make([]string, len(statuses))
	for i, s := range statuses {
		ph[i] = a.add(string(s))
	}
	return q.listMembers(ctx, "m.org_path >= "+lo+" AND m.org_path < "+hi+" AND m.status IN ("+strings.Join(ph, ",")+")",
		a, MemberFilter{Sort: "org"})
}

// SignCodeTaken reports whether a sign-in code is in use.
func (q queries) SignCodeTaken(ctx context.Context, code string) (bool, error) {
	var n int
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM meetings WHERE sign_code = $1`, code).Scan(&n)
	return n > 0, err
}

// MemberOrgLife is a member with the date of the last meeting they attended.
type MemberOrgLife struct {
	MemberID   int64
	Name       string
	OrgID      int64
	OrgPath    string
	OrgName    string
	AdmittedOn model.Date
	LastOn     model.Date
}

// LastOrgLife returns the members of the given subtrees in status, each with the date of the
// last meeting they were present at (system-wide read of the daily alert run).
func (q queries) LastOrgLife(ctx context.Context, paths []string, status model.Status) ([]MemberOrgLife, error) {
	var out []MemberOrgLife
	for start := 0; start < len(paths); start += 200 {
		chunk := paths[start:min(start+200, len(paths))]
		a := &args{}
		st := a.add(string(status))
		parts := make([]string, len(chunk))
		for i, p := range chunk {
			parts[i] = "(m.org_path >= " + a.add(p) + " AND m.org_path < " + a.add(model.PathUpperBound(p)) + ")"
		}
		rows, err := q.query(ctx, `SELECT m.id, m.name, m.org_id, m.org_path, o.name, m.admitted_on,
			(SELECT MAX(at.held_on) FROM meeting_attendance at JOIN meetings mt ON mt.id = at.meeting_id
				WHERE at.member_id = m.id AND at.status = 'present' AND mt.status <> 'cancelled')
			FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.status = `+st+` AND (`+strings.Join(parts, " OR ")+`)`, a.v...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r MemberOrgLife
			if err := rows.Scan(&r.MemberID, &r.Name, &r.OrgID, &r.OrgPath, &r.OrgName, &r.AdmittedOn, &r.LastOn); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
