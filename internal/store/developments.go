package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/vault"
)

const developmentColumns = `d.id, d.org_id, d.org_path, o.name, COALESCE(d.member_id, 0), d.name, d.sex, d.ethnicity,
	d.birth_date, d.pii_key, d.personal_enc, d.native_place, d.education, d.occupation, d.work_unit, d.work_post,
	d.address, d.stage, d.status, d.applied_on, d.stage_since, d.probation_end, d.extensions, d.round,
	d.next_step, d.next_due, d.next_not_before, d.stop_reason, d.stopped_on, d.stop_note, d.version,
	d.created_at, d.updated_at`

const developmentFrom = " FROM developments d JOIN orgs o ON o.id = d.org_id "

// scanDevelopment scans the development columns and decrypts the applicant's ID number and phone.
func (q queries) scanDevelopment(row interface{ Scan(...any) error }) (*model.Development, error) {
	var d model.Development
	var keyID int
	var enc []byte
	err := row.Scan(&d.ID, &d.OrgID, &d.OrgPath, &d.OrgName, &d.MemberID, &d.Name, &d.Sex, &d.Ethnicity,
		&d.BirthDate, &keyID, &enc, &d.NativePlace, &d.Education, &d.Occupation, &d.WorkUnit, &d.WorkPost,
		&d.Address, &d.Stage, &d.Status, &d.AppliedOn, &d.StageSince, &d.ProbationEnd, &d.Extensions, &d.Round,
		&d.NextStep, &d.NextDue, &d.NextNotBefore, &d.StopReason, &d.StoppedOn, &d.StopNote, &d.Version,
		&d.CreatedAt, &d.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if d.IDNumber, d.Phone, err = q.pii.openPerson(colDevPersonal, keyID, enc); err != nil {
		return nil, fmt.Errorf("development %d: %w", d.ID, err)
	}
	return &d, nil
}

// GetDevelopment returns one development record inside the scope's subtrees, or ErrNotFound.
func (q queries) GetDevelopment(ctx context.Context, sc Scope, id int64) (*model.Development, error) {
	a := &args{}
	query := "SELECT " + developmentColumns + developmentFrom + "WHERE d.id = " + a.add(id) + " AND " + sc.subtreeClause("d.org_path", a)
	return q.scanDevelopment(q.queryRow(ctx, query, a.v...))
}

// ActiveDevelopmentsByIDNumber returns the running development records of a person, whatever
// the scope (a person has at most one running record in the deployment), found by the keyed
// hash of the ID number.
func (q queries) ActiveDevelopmentsByIDNumber(ctx context.Context, idNumber string) ([]*model.Development, error) {
	h, err := q.pii.hash(hashID, idNumber, vault.HashSize)
	if err != nil {
		return nil, err
	}
	return q.queryDevelopments(ctx, "SELECT "+developmentColumns+developmentFrom+"WHERE d.id_number_hash = $1 AND d.status = $2",
		h, model.DevActive)
}

func (q queries) queryDevelopments(ctx context.Context, query string, a ...any) ([]*model.Development, error) {
	rows, err := q.query(ctx, query, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.Development
	for rows.Next() {
		d, err := q.scanDevelopment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DevelopmentFilter selects development records for a list or an export.
type DevelopmentFilter struct {
	// OrgPath limits to a subtree (the scope still applies).
	OrgPath string
	Stage   model.Stage
	Status  model.DevelopmentStatus
	// Q matches the name (substring), or the whole ID number or its last IDTailLength
	// characters (by keyed hash: the ID number is encrypted).
	Q string
	// DueBy keeps records whose next step is due on or before this day.
	DueBy         model.Date
	Sort          string
	Limit, Offset int
}

var developmentSorts = map[string]string{
	"": "d.org_path, d.id", "org": "d.org_path, d.id", "id": "d.id", "name": "d.name, d.id",
	"applied_on": "d.applied_on, d.id", "stage_since": "d.stage_since, d.id", "next_due": "d.next_due, d.id",
}

// ValidDevelopmentSort reports whether s names a sortable development column.
func ValidDevelopmentSort(s string) bool {
	_, ok := developmentSorts[strings.TrimPrefix(s, "-")]
	return ok
}

func (f *DevelopmentFilter) where(sc Scope, a *args, p *pii) (string, error) {
	w := []string{"1=0"} // never the member-only scope: records about other people
	if sc.HasSubtrees() {
		w = []string{sc.underClause("d.org_path", f.OrgPath, a)}
	}
	if f.Stage != "" {
		w = append(w, "d.stage = "+a.add(string(f.Stage)))
	}
	if f.Status != "" {
		w = append(w, "d.status = "+a.add(string(f.Status)))
	}
	if !f.DueBy.IsZero() {
		w = append(w, "d.next_due IS NOT NULL AND d.next_due <= "+a.add(f.DueBy))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		if strings.Trim(q, "0123456789Xx") == "" {
			upper := strings.ToUpper(q)
			domain, n := hashIDTail, vault.ShortHashSize
			col := "d.id_tail_hash"
			if len(upper) != IDTailLength {
				domain, n, col = hashID, vault.HashSize, "d.id_number_hash"
			}
			h, err := p.hash(domain, upper, n)
			if err != nil {
				return "", err
			}
			w = append(w, col+" = "+a.add(h))
		} else {
			w = append(w, "d.name LIKE "+a.add("%"+escapeLike(q)+"%")+" ESCAPE '\\'")
		}
	}
	return strings.Join(w, " AND "), nil
}

func orderBy(sorts map[string]string, sort string) string {
	order := sorts[strings.TrimPrefix(sort, "-")]
	if order == "" {
		order = sorts[""]
	}
	if strings.HasPrefix(sort, "-") {
		order = strings.ReplaceAll(order, ", ", " DESC, ") + " DESC"
	}
	return order
}

// ListDevelopments returns one page of development records matching f inside the scope, and the total.
func (q queries) ListDevelopments(ctx context.Context, sc Scope, f DevelopmentFilter) ([]*model.Development, int64, error) {
	a := &args{}
	where, err := f.where(sc, a, q.pii)
	if err != nil {
		return nil, 0, err
	}
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM developments d WHERE "+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := "SELECT " + developmentColumns + developmentFrom + "WHERE " + where + " ORDER BY " + orderBy(developmentSorts, f.Sort)
	if f.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(f.Limit) + " OFFSET " + strconv.Itoa(f.Offset)
	}
	items, err := q.queryDevelopments(ctx, query, a.v...)
	return items, total, err
}

// EachDevelopment streams every development record matching f inside the scope to fn, in pages.
func (q queries) EachDevelopment(ctx context.Context, sc Scope, f DevelopmentFilter, fn func(*model.Development) error) error {
	const page = 1000
	var after int64
	for {
		a := &args{}
		where, err := f.where(sc, a, q.pii)
		if err != nil {
			return err
		}
		where += " AND d.id > " + a.add(after)
		items, err := q.queryDevelopments(ctx, "SELECT "+developmentColumns+developmentFrom+"WHERE "+where+
			" ORDER BY d.id LIMIT "+strconv.Itoa(page), a.v...)
		if err != nil {
			return err
		}
		for _, d := range items {
			if err := fn(d); err != nil {
				return err
			}
			after = d.ID
		}
		if len(items) < page {
			return nil
		}
	}
}

// DevelopmentsDueBy returns every running record, whole tree, whose next step is due on or
// before day (the alert generator's read).
func (q queries) DevelopmentsDueBy(ctx context.Context, day model.Date) ([]*model.Development, error) {
	return q.queryDevelopments(ctx, "SELECT "+developmentColumns+developmentFrom+
		"WHERE d.status = $1 AND d.next_due IS NOT NULL AND d.next_due <= $2 ORDER BY d.id", model.DevActive, day)
}

// developmentValues are d's values in developmentWriteColumns order, the personal data sealed.
func (q queries) developmentValues(d *model.Development) ([]any, error) {
	var member any
	if d.MemberID != 0 {
		member = d.MemberID
	}
	sp, err := q.pii.seal(colDevPersonal, d.IDNumber, d.Phone)
	if err != nil {
		return nil, err
	}
	return []any{d.OrgID, d.OrgPath, member, d.Name, d.Sex, d.Ethnicity, d.BirthDate, sp.keyID, sp.enc, sp.idHash,
		sp.tailHash, d.NativePlace, d.Education, d.Occupation, d.WorkUnit, d.WorkPost, d.Address, d.Stage, d.Status, d.AppliedOn,
		d.StageSince, d.ProbationEnd, d.Extensions, d.Round, d.NextStep, d.NextDue, d.NextNotBefore, d.StopReason,
		d.StoppedOn, d.StopNote}, nil
}

const developmentWriteColumns = `org_id, org_path, member_id, name, sex, ethnicity, birth_date, pii_key, personal_enc,
	id_number_hash, id_tail_hash, native_place, education, occupation, work_unit, work_post, address, stage, status, applied_on, stage_since,
	probation_end, extensions, round, next_step, next_due, next_not_before, stop_reason, stopped_on, stop_note`

// InsertDevelopment inserts d (OrgID and OrgPath set), assigns its ID and counts it in the rollup.
func (tx *Tx) InsertDevelopment(ctx context.Context, d *model.Development) error {
	t := now()
	d.CreatedAt, d.UpdatedAt, d.Version = t, t, 1
	a := &args{}
	vals, err := tx.developmentValues(d)
	if err != nil {
		return err
	}
	ph := make([]string, 0, len(vals)+3)
	for _, v := range vals {
		ph = append(ph, a.add(v))
	}
	ph = append(ph, a.add(d.Version), a.add(d.CreatedAt), a.add(d.UpdatedAt))
	err = tx.db.QueryRowContext(ctx, "INSERT INTO developments ("+developmentWriteColumns+", version, created_at, updated_at) VALUES ("+
		strings.Join(ph, ",")+") RETURNING id", a.v...).Scan(&d.ID)
	if isUniqueViolation(err) {
		return ErrConflict
	}
	if err != nil {
		return err
	}
	tx.roll.development(d, 1)
	return nil
}

// UpdateDevelopment writes d over old if old's version is still current, and moves the rollup
// contribution from old to d.
func (tx *Tx) UpdateDevelopment(ctx context.Context, old, d *model.Development) error {
	d.UpdatedAt = now()
	a := &args{}
	cols := strings.Split(developmentWriteColumns, ",")
	sets := make([]string, len(cols))
	vals, err := tx.developmentValues(d)
	if err != nil {
		return err
	}
	for i, v := range vals {
		sets[i] = strings.TrimSpace(cols[i]) + " = " + a.add(v)
	}
	query := "UPDATE developments SET " + strings.Join(sets, ", ") + ", version = version + 1, updated_at = " + a.add(d.UpdatedAt) +
		" WHERE id = " + a.add(old.ID) + " AND version = " + a.add(old.Version)
	res, err := tx.db.ExecContext(ctx, query, a.v...)
	if isUniqueViolation(err) {
		return ErrConflict
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	d.ID, d.Version, d.CreatedAt = old.ID, old.Version+1, old.CreatedAt
	tx.roll.development(old, -1)
	tx.roll.development(d, 1)
	return nil
}

// DeleteDevelopment removes a record entered by mistake, with its steps.
func (tx *Tx) DeleteDevelopment(ctx context.Context, old *model.Development) error {
	res, err := tx.db.ExecContext(ctx, `DELETE FROM developments WHERE id = $1 AND version = $2`, old.ID, old.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	tx.roll.development(old, -1)
	return nil
}

const stepColumns = `s.id, s.development_id, s.no, s.round, s.done_on, COALESCE(s.acting_org_id, 0), COALESCE(o.name, ''),
	s.persons, s.notes, s.data, s.created_by, s.version, s.created_at`

// DevelopmentSteps returns the recorded steps of a development record, in step order.
func (q queries) DevelopmentSteps(ctx context.Context, developmentID int64) ([]*model.DevelopmentStep, error) {
	rows, err := q.query(ctx, "SELECT "+stepColumns+` FROM development_steps s LEFT JOIN orgs o ON o.id = s.acting_org_id
		WHERE s.development_id = $1 ORDER BY s.no, s.round`, developmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.DevelopmentStep
	for rows.Next() {
		var s model.DevelopmentStep
		var data string
		if err := rows.Scan(&s.ID, &s.DevelopmentID, &s.No, &s.Round, &s.DoneOn, &s.ActingOrgID, &s.ActingOrgName,
			&s.Persons, &s.Notes, &data, &s.CreatedBy, &s.Version, &s.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &s.Data); err != nil {
			return nil, err
		}
		out = append(out, &s)
	}
	return out, rows.Err()
}

// StepDevelopmentID returns the development record a recorded step belongs to, or ErrNotFound
// (the caller then reads the record through its scope).
func (q queries) StepDevelopmentID(ctx context.Context, stepID int64) (int64, error) {
	var id int64
	err := q.queryRow(ctx, `SELECT development_id FROM development_steps WHERE id = $1`, stepID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

// InsertStep records a step; a step already recorded in the same round is ErrConflict.
func (tx *Tx) InsertStep(ctx context.Context, s *model.DevelopmentStep) error {
	s.CreatedAt, s.Version = now(), 1
	data, err := json.Marshal(s.Data)
	if err != nil {
		return err
	}
	var acting any
	if s.ActingOrgID != 0 {
		acting = s.ActingOrgID
	}
	err = tx.db.QueryRowContext(ctx, `INSERT INTO development_steps (development_id, no, round, done_on, acting_org_id,
		persons, notes, data, created_by, version, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`,
		s.DevelopmentID, s.No, s.Round, s.DoneOn, acting, s.Persons, s.Notes, string(data), s.CreatedBy, s.Version, s.CreatedAt).Scan(&s.ID)
	if isUniqueViolation(err) {
		return ErrConflict
	}
	return err
}

// UpdateStepText changes the acting organisation, persons and notes of a recorded step at version.
func (tx *Tx) UpdateStepText(ctx context.Context, s *model.DevelopmentStep) error {
	var acting any
	if s.ActingOrgID != 0 {
		acting = s.ActingOrgID
	}
	res, err := tx.db.ExecContext(ctx, `UPDATE development_steps SET acting_org_id = $1, persons = $2, notes = $3,
		version = version + 1 WHERE id = $4 AND version = $5`, acting, s.Persons, s.Notes, s.ID, s.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	s.Version++
	return nil
}

// DeleteStep removes a recorded step at version (its attachments are removed by the caller).
func (tx *Tx) DeleteStep(ctx context.Context, s *model.DevelopmentStep) error {
	res, err := tx.db.ExecContext(ctx, `DELETE FROM development_steps WHERE id = $1 AND version = $2`, s.ID, s.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	return nil
}

// ActiveDevelopmentOfMember returns the running development record of an admitted member (a
// probationary member's), or ErrNotFound.
func (q queries) ActiveDevelopmentOfMember(ctx context.Context, memberID int64) (*model.Development, error) {
	return q.scanDevelopment(q.queryRow(ctx, "SELECT "+developmentColumns+developmentFrom+"WHERE d.member_id = $1 AND d.status = $2",
		memberID, model.DevActive))
}

// CountSubtreeRunningDevelopments counts the running development records at or below path (an
// organisation with people in development is not dissolved).
func (q queries) CountSubtreeRunningDevelopments(ctx context.Context, path string) (int64, error) {
	var n int64
	err := q.queryRow(ctx, `SELECT COUNT(*) FROM developments WHERE org_path >= $1 AND org_path < $2 AND status = $3`,
		path, model.PathUpperBound(path), model.DevActive).Scan(&n)
	return n, err
}
