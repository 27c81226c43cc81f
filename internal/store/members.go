package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/vault"
)

const memberColumnList = `m.id, m.org_id, m.org_path, o.name, m.name, m.name_initials, m.sex, m.ethnicity,
	m.birth_date, m.pii_key, m.personal_enc, m.native_place, m.education, m.degree, m.occupation, m.work_unit,
	m.work_post, m.address, m.category, m.status, m.exit_type, m.applied_on, m.admitted_on, m.full_on,
	m.party_posts, m.card_no, m.version, m.created_at, m.updated_at`

// memberDateColumns are the member columns declared DATE or TIMESTAMP.
var memberDateColumns = []string{"m.birth_date", "m.applied_on", "m.admitted_on", "m.full_on", "m.created_at", "m.updated_at"}

// sqliteMemberColumns reads the date and time columns as expressions (a unary plus changes no
// value): the SQLite driver then hands over their text, which model.Date and timeText parse
// with one layout, instead of trying its list of time layouts on every value of a column
// declared DATE or TIMESTAMP (5 % of a member list's CPU, plus the garbage of the failed
// attempts).
var sqliteMemberColumns = func() string {
	cols := strings.Split(memberColumnList, ",")
	for i, c := range cols {
		if name := strings.TrimSpace(c); slices.Contains(memberDateColumns, name) {
			cols[i] = strings.Replace(c, name, "+"+name, 1)
		}
	}
	return strings.Join(cols, ",")
}()

// memberColumns is the select list scanMember reads, in the engine's form.
func (q queries) memberColumns() string {
	if q.d == SQLite {
		return sqliteMemberColumns
	}
	return memberColumnList
}

const memberFrom = " FROM members m JOIN orgs o ON o.id = m.org_id "

// scanMember reads a member row and decrypts its ID number and phone.
func (q queries) scanMember(row interface{ Scan(...any) error }) (*model.Member, error) {
	return q.scanMemberWith(row)
}

// scanMemberWith scans the member columns followed by extra columns into extra, and decrypts
// the ID number and phone.
func (q queries) scanMemberWith(row interface{ Scan(...any) error }, extra ...any) (*model.Member, error) {
	var m model.Member
	var keyID int
	var enc []byte
	err := row.Scan(append([]any{&m.ID, &m.OrgID, &m.OrgPath, &m.OrgName, &m.Name, &m.NameInitials, &m.Sex, &m.Ethnicity,
		&m.BirthDate, &keyID, &enc, &m.NativePlace, &m.Education, &m.Degree, &m.Occupation, &m.WorkUnit,
		&m.WorkPost, &m.Address, &m.Category, &m.Status, &m.ExitType, &m.AppliedOn, &m.AdmittedOn,
		&m.FullOn, &m.PartyPosts, &m.CardNo, &m.Version, (*timeText)(&m.CreatedAt), (*timeText)(&m.UpdatedAt)}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := q.pii.open(&m, keyID, enc); err != nil {
		return nil, err
	}
	return &m, nil
}

// GetMember returns one member inside the scope, or ErrNotFound.
func (q queries) GetMember(ctx context.Context, sc Scope, id int64) (*model.Member, error) {
	a := &args{}
	query := "SELECT " + q.memberColumns() + memberFrom + "WHERE m.id = " + a.add(id) + " AND " + sc.memberClause(a)
	return q.scanMember(q.queryRow(ctx, query, a.v...))
}

// MemberByIDNumber returns the member holding this (normalized) ID number inside the scope,
// found by its keyed hash.
func (q queries) MemberByIDNumber(ctx context.Context, sc Scope, number string) (*model.Member, error) {
	h, err := q.pii.hash(hashID, number, vault.HashSize)
	if err != nil {
		return nil, err
	}
	a := &args{}
	query := "SELECT " + q.memberColumns() + memberFrom + "WHERE m.id_number_hash = " + a.add(h) + " AND " + sc.memberClause(a)
	return q.scanMember(q.queryRow(ctx, query, a.v...))
}

// MembersByIDNumber returns the members holding any of these (normalized) ID numbers, keyed
// by number, whatever their scope; see MembersByIDHash.
func (q queries) MembersByIDNumber(ctx context.Context, numbers []string) (map[string]*model.Member, error) {
	hashes := make([][]byte, len(numbers))
	for i, n := range numbers {
		h, err := q.pii.hash(hashID, n, vault.HashSize)
		if err != nil {
			return nil, err
		}
		hashes[i] = h
	}
	return q.MembersByIDHash(ctx, hashes)
}

// MembersByIDHash returns the members holding any of these ID numbers (given by their keyed
// hashes, see MemberSealer.IDHash), keyed by number, whatever their scope (imports use it to
// refuse updating a member of another subtree). It first probes the unique index for which
// exist, and reads (and decrypts) whole rows only for those.
func (q queries) MembersByIDHash(ctx context.Context, hashes [][]byte) (map[string]*model.Member, error) {
	out := make(map[string]*model.Member)
	known, err := q.existingIDHashes(ctx, hashes)
	if err != nil || len(known) == 0 {
		return out, err
	}
	vals := make([]any, len(known))
	for i, h := range known {
		vals[i] = h
	}
	err = q.eachMemberIn(ctx, "m.id_number_hash", vals, func(m *model.Member) { out[m.IDNumber] = m })
	return out, err
}

func (q queries) existingIDHashes(ctx context.Context, hashes [][]byte) ([][]byte, error) {
	var out [][]byte
	for start := 0; start < len(hashes); start += 1000 {
		chunk := hashes[start:min(start+1000, len(hashes))]
		ph := make([]string, len(chunk))
		vals := make([]any, len(chunk))
		for i, n := range chunk {
			ph[i], vals[i] = q.d.bulkParam(i+1), n
		}
		rows, err := q.query(ctx, "SELECT id_number_hash FROM members WHERE id_number_hash IN ("+strings.Join(ph, ",")+")", vals...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h []byte
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MemberFilter selects members for a list or an export.
type MemberFilter struct {
	// OrgPath limits to a subtree (the scope still applies); empty means the whole scope.
	OrgPath   string
	Q         string
	Category  model.Category
	Statuses  []model.Status
	Sex       model.Sex
	Education string
	Ethnicity string
	// BornAfter/BornOnOrBefore bound the birth date (an age band turned into dates).
	BornAfter      model.Date
	BornOnOrBefore model.Date
	Sort           string // one of memberSorts, "-" prefix for descending
	Limit, Offset  int
	// SkipCount leaves the total to the caller (which knows it from the rollup).
	SkipCount bool
}

var memberSorts = map[string]string{
	"": "m.org_path, m.id", "org": "m.org_path, m.id", "id": "m.id", "name": "m.name, m.id",
	"birth_date": "m.birth_date, m.id", "admitted_on": "m.admitted_on, m.id", "full_on": "m.full_on, m.id",
	"category": "m.category, m.id", "status": "m.status, m.id",
}

// ValidMemberSort reports whether s names a sortable member column.
func ValidMemberSort(s string) bool {
	_, ok := memberSorts[strings.TrimPrefix(s, "-")]
	return ok
}

func (f *MemberFilter) where(sc Scope, a *args, p *pii) (string, error) {
	// Only the clauses used may bind parameters: PostgreSQL refuses unreferenced ones.
	var w []string
	if sc.HasSubtrees() {
		w = []string{sc.underClause("m.org_path", f.OrgPath, a)}
	} else {
		w = []string{sc.memberClause(a)}
		if f.OrgPath != "" {
			w = append(w, "m.org_path >= "+a.add(f.OrgPath)+" AND m.org_path < "+a.add(model.PathUpperBound(f.OrgPath)))
		}
	}
	if f.Category != "" {
		w = append(w, "m.category = "+a.add(string(f.Category)))
	}
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			ph[i] = a.add(string(s))
		}
		w = append(w, "m.status IN ("+strings.Join(ph, ",")+")")
	}
	if f.Sex != "" {
		w = append(w, "m.sex = "+a.add(string(f.Sex)))
	}
	if f.Education != "" {
		w = append(w, "m.education = "+a.add(eduValue(f.Education)))
	}
	if f.Ethnicity != "" {
		w = append(w, "m.ethnicity = "+a.add(eduValue(f.Ethnicity)))
	}
	if !f.BornAfter.IsZero() {
		w = append(w, "m.birth_date > "+a.add(f.BornAfter))
	}
	if !f.BornOnOrBefore.IsZero() {
		w = append(w, "m.birth_date <= "+a.add(f.BornOnOrBefore))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		c, err := searchClause(q, a, p)
		if err != nil {
			return "", err
		}
		w = append(w, c)
	}
	return strings.Join(w, " AND "), nil
}

// eduValue maps the rollup's "unknown" bucket back to the stored empty value.
func eduValue(v string) string {
	if v == "unknown" {
		return ""
	}
	return v
}

// searchClause matches q against the name (substring), pinyin initials (prefix), and — the
// personal data being encrypted — by keyed hash the whole phone number, the whole ID number or
// its last IDTailLength characters. It filters the scope's subtree scan: the members table
// keeps only the indexes every write needs, so that bulk imports stay fast.
func searchClause(q string, a *args, p *pii) (string, error) {
	digits := strings.Trim(q, "0123456789Xx -") == "" && strings.ContainsAny(q, "0123456789")
	if digits {
		upper := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(q))
		h, err := p.hash(hashPhone, NormalizePhone(q), vault.ShortHashSize)
		if err != nil {
			return "", err
		}
		conds := []string{"m.phone_hash = " + a.add(h)}
		switch len(upper) {
		case IDTailLength:
			h, _ := p.hash(hashIDTail, upper, vault.ShortHashSize)
			conds = append(conds, "m.id_tail_hash = "+a.add(h))
		case 18:
			h, _ := p.hash(hashID, upper, vault.HashSize)
			conds = append(conds, "m.id_number_hash = "+a.add(h))
		}
		return "(" + strings.Join(conds, " OR ") + ")", nil
	}
	lower := strings.ToLower(q)
	isLatin := strings.Trim(lower, "abcdefghijklmnopqrstuvwxyz") == ""
	name := "m.name LIKE " + a.add("%"+escapeLike(q)+"%") + " ESCAPE '\\'"
	if isLatin {
		return "(" + name + " OR (m.name_initials >= " + a.add(lower) + " AND m.name_initials < " + a.add(lower+"\x7f") + "))", nil
	}
	return name, nil
}

// ListMembers returns one page of members matching f inside the scope, and the total.
func (q queries) ListMembers(ctx context.Context, sc Scope, f MemberFilter) ([]*model.Member, int64, error) {
	a := &args{}
	where, err := f.where(sc, a, q.pii)
	if err != nil {
		return nil, 0, err
	}
	var total int64 = -1
	if !f.SkipCount {
		if err := q.queryRow(ctx, "SELECT COUNT(*) FROM members m WHERE "+where, a.v...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	items, err := q.listMembers(ctx, where, a, f)
	return items, total, err
}

func (q queries) listMembers(ctx context.Context, where string, a *args, f MemberFilter) ([]*model.Member, error) {
	order := memberSorts[strings.TrimPrefix(f.Sort, "-")]
	if strings.HasPrefix(f.Sort, "-") {
		order = strings.ReplaceAll(order, ", ", " DESC, ") + " DESC"
	}
	query := "SELECT " + q.memberColumns() + memberFrom + "WHERE " + where + " ORDER BY " + order
	if f.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(f.Limit) + " OFFSET " + strconv.Itoa(f.Offset)
	}
	run := q.query
	if by := strings.TrimPrefix(f.Sort, "-"); by == "" || by == "org" {
		// In path order the scan of members_org_path is the best plan for every subtree: no
		// need to plan the page anew for each (see genericPlanDB). Other orders are not: by id,
		// a branch's page is a sort of its few rows and the city's a walk of the primary key.
		run = q.queryPage
	}
	rows, err := run(ctx, query, a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*model.Member
	for rows.Next() {
		m, err := q.scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// EachMember streams every member matching f inside the scope to fn, in pages (exports).
func (q queries) EachMember(ctx context.Context, sc Scope, f MemberFilter, fn func(*model.Member) error) error {
	const page = 2000
	var after int64
	for {
		a := &args{}
		where, err := f.where(sc, a, q.pii)
		if err != nil {
			return err
		}
		where += " AND m.id > " + a.add(after)
		pf := f
		pf.Sort, pf.Limit, pf.Offset = "id", page, 0
		items, err := q.listMembers(ctx, where, a, pf)
		if err != nil {
			return err
		}
		for _, m := range items {
			if err := fn(m); err != nil {
				return err
			}
			after = m.ID
		}
		if len(items) < page {
			return nil
		}
	}
}

const memberInsertColumns = `org_id, org_path, name, name_initials, sex, ethnicity, birth_date, pii_key,
	personal_enc, id_number_hash, id_tail_hash, native_place, education, degree, occupation, work_unit, work_post,
	phone_hash, address, category, status, exit_type, applied_on, admitted_on, full_on, party_posts,
	card_no, version, created_at, updated_at`

const memberInsertWidth = 30

// appendMemberValues appends the INSERT values of sm to vals (in place: a bulk import appends
// 500 rows to one slice without a slice per row).
func appendMemberValues(vals []any, sm *SealedMember) []any {
	m := sm.Member
	return append(vals, m.OrgID, m.OrgPath, m.Name, m.NameInitials, m.Sex, m.Ethnicity, m.BirthDate, sm.KeyID,
		sm.PersonalEnc, sm.IDHash, sm.IDTailHash, m.NativePlace, m.Education, m.Degree, m.Occupation, m.WorkUnit, m.WorkPost,
		sm.PhoneHash, m.Address, m.Category, m.Status, m.ExitType, m.AppliedOn, m.AdmittedOn, m.FullOn,
		m.PartyPosts, m.CardNo, m.Version, m.CreatedAt, m.UpdatedAt)
}

// InsertMember inserts m (OrgID and OrgPath set), assigns its ID and counts it in the rollup.
func (tx *Tx) InsertMember(ctx context.Context, m *model.Member) error {
	sm, err := tx.store.sealOne(m)
	if err != nil {
		return err
	}
	t := now()
	m.CreatedAt, m.UpdatedAt, m.Version = t, t, 1
	a := &args{}
	ph := make([]string, 0, memberInsertWidth)
	for _, v := range appendMemberValues(make([]any, 0, memberInsertWidth), &sm) {
		ph = append(ph, a.add(v))
	}
	err = tx.db.QueryRowContext(ctx, "INSERT INTO members ("+memberInsertColumns+") VALUES ("+
		strings.Join(ph, ",")+") RETURNING id", a.v...).Scan(&m.ID)
	if err != nil {
		if isUniqueViolation(err) {
			return ErrConflict
		}
		return err
	}
	tx.roll.member(m, 1)
	return nil
}

// InsertMembers inserts many sealed members (see SealMembers, MemberSealer) with multi-row
// statements (ids are not read back) and counts them in the rollup. Imports and the demo
// generator use it. Full chunks reuse one prepared statement, so SQLite parses the long INSERT
// once per transaction.
func (tx *Tx) InsertMembers(ctx context.Context, ms []SealedMember) error {
	if len(ms) == 0 {
		return nil
	}
	t := now()
	perStmt := min(tx.d.maxParams()/memberInsertWidth, 500)
	vals := make([]any, 0, perStmt*memberInsertWidth)
	for start := 0; start < len(ms); start += perStmt {
		chunk := ms[start:min(start+perStmt, len(ms))]
		vals = vals[:0]
		for i := range chunk {
			chunk[i].CreatedAt, chunk[i].UpdatedAt, chunk[i].Version = t, t, 1
			vals = appendMemberValues(vals, &chunk[i])
		}
		var err error
		if len(chunk) == perStmt {
			var stmt *sql.Stmt
			if stmt, err = tx.prepared(ctx, tx.memberInsertSQL(perStmt)); err == nil {
				_, err = stmt.ExecContext(ctx, vals...)
			}
		} else {
			_, err = tx.db.ExecContext(ctx, tx.memberInsertSQL(len(chunk)), vals...)
		}
		if err != nil {
			if isUniqueViolation(err) {
				return ErrConflict
			}
			return err
		}
		for i := range chunk {
			tx.roll.member(chunk[i].Member, 1)
		}
		if err := tx.spillRollup(ctx); err != nil {
			return err
		}
	}
	return nil
}

// memberInsertSQL is the INSERT of rows members.
func (tx *Tx) memberInsertSQL(rows int) string {
	var b strings.Builder
	b.Grow(rows * memberInsertWidth * 6)
	b.WriteString("INSERT INTO members (" + memberInsertColumns + ") VALUES ")
	n := 0
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := 0; j < memberInsertWidth; j++ {
			if j > 0 {
				b.WriteByte(',')
			}
			n++
			b.WriteString(tx.d.bulkParam(n))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// UpdateMember writes m over old if old's version is still current, and moves the rollup
// contribution from old to m.
func (tx *Tx) UpdateMember(ctx context.Context, old, m *model.Member) error {
	sm, err := tx.store.sealOne(m)
	if err != nil {
		return err
	}
	return tx.UpdateSealedMember(ctx, old, sm)
}

// UpdateSealedMember is UpdateMember with the personal data already sealed.
func (tx *Tx) UpdateSealedMember(ctx context.Context, old *model.Member, sm SealedMember) error {
	m := sm.Member
	m.UpdatedAt = now()
	res, err := tx.db.ExecContext(ctx, `UPDATE members SET org_id=$1, org_path=$2, name=$3, name_initials=$4,
		sex=$5, ethnicity=$6, birth_date=$7, pii_key=$8, personal_enc=$9, id_number_hash=$10, id_tail_hash=$11,
		native_place=$12, education=$13, degree=$14, occupation=$15, work_unit=$16, work_post=$17,
		phone_hash=$18, address=$19, category=$20, status=$21, exit_type=$22, applied_on=$23, admitted_on=$24,
		full_on=$25, party_posts=$26, card_no=$27, version=version+1, updated_at=$28 WHERE id=$29 AND version=$30`,
		m.OrgID, m.OrgPath, m.Name, m.NameInitials, m.Sex, m.Ethnicity, m.BirthDate, sm.KeyID, sm.PersonalEnc, sm.IDHash,
		sm.IDTailHash, m.NativePlace, m.Education, m.Degree, m.Occupation, m.WorkUnit, m.WorkPost,
		sm.PhoneHash, m.Address, m.Category, m.Status, m.ExitType, m.AppliedOn, m.AdmittedOn, m.FullOn,
		m.PartyPosts, m.CardNo, m.UpdatedAt, old.ID, old.Version)
	if err != nil {
		if isUniqueViolation(err) {
			return ErrConflict
		}
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	m.ID, m.Version = old.ID, old.Version+1
	tx.roll.member(old, -1)
	tx.roll.member(m, 1)
	return nil
}

// DeleteMember removes a member record (entered by mistake) at the given version.
func (tx *Tx) DeleteMember(ctx context.Context, old *model.Member) error {
	if _, err := tx.db.ExecContext(ctx, `UPDATE users SET member_id = NULL WHERE member_id = $1`, old.ID); err != nil {
		return err
	}
	res, err := tx.db.ExecContext(ctx, `DELETE FROM members WHERE id = $1 AND version = $2`, old.ID, old.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	tx.roll.member(old, -1)
	return nil
}

// MemberIDsIn returns which of ids are members inside the scope, as a set: one query per 500
// ids instead of one GetMember each (marking the attendance of a large assembly).
func (q queries) MemberIDsIn(ctx context.Context, sc Scope, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	for start := 0; start < len(ids); start += 500 {
		a := &args{}
		in := a.addIDs(ids[start:min(start+500, len(ids))])
		found, err := q.int64s(ctx, "SELECT m.id FROM members m WHERE m.id IN ("+in+") AND "+sc.memberClause(a), a.v...)
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			out[id] = true
		}
	}
	return out, nil
}
