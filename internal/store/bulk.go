package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"dangjian/internal/model"
	"dangjian/internal/vault"
)

// Bulk loads of members (imports, the demo city) split their work: the goroutine that
// prepares rows converts them to column values (MemberRows) and counts them for the rollup
// (MemberTally); the writer only executes the INSERTs (or a COPY on PostgreSQL).

// MemberTally counts members into the rollup's member metrics, by their own organisation,
// as InsertMember does. Fill it beside the rows of a bulk load, in any one goroutine, call
// Spread, and add it to the transaction that inserts them with AddMemberTally.
type MemberTally struct{ r *rollup }

// NewMemberTally returns an empty tally.
func NewMemberTally() *MemberTally { return &MemberTally{r: newRollup()} }

// Add counts m, placed in its organisation (OrgID and OrgPath set), as entering the counts.
func (t *MemberTally) Add(m *model.Member) { t.r.member(m, 1) }

// Spread moves the counts onto the organisations' ancestors and sorts them, so that the
// writer does not.
func (t *MemberTally) Spread() { t.r.settle() }

// AddMemberTally adds the counts of t to the transaction's rollup; t is not used afterwards.
func (tx *Tx) AddMemberTally(t *MemberTally) { tx.roll.merge(t.r) }

// MemberRows are members converted to column values for InsertMemberRows.
type MemberRows struct {
	n    int
	vals []any // n rows of bulkWidth values
}

// Len is the number of rows.
func (r *MemberRows) Len() int { return r.n }

// bulkColumns are the columns a bulk load writes; SQLite gets the last three (version,
// created_at, updated_at, the same for every row) as literals in the statement.
const bulkColumns = `org_id, org_path, name, name_initials, sex, ethnicity, birth_date, pii_key,
	personal_enc, id_number_hash, id_tail_hash, native_place, education, degree, occupation, work_unit,
	work_post, phone_hash, address, category, status, exit_type, applied_on, admitted_on, full_on,
	party_posts, card_no, version, created_at, updated_at`

// bulkWidth is how many values a row carries in MemberRows: all bulkColumns on PostgreSQL,
// all but the three constant ones on SQLite.
func (d Dialect) bulkWidth() int {
	if d == Postgres {
		return 30
	}
	return 27
}

// MemberRows converts sealed members (see MemberSealer) created at `at` (which
// InsertMemberRows must be given too) to the column values of a bulk INSERT: plain strings,
// integers, bytes and dates as the engine takes them, so that the writer calls no Valuer and
// no reflection on them.
func (s *Store) MemberRows(ms []SealedMember, at time.Time) *MemberRows {
	d := s.dialect
	w := d.bulkWidth()
	vals := make([]any, 0, len(ms)*w)
	date := func(v model.Date) any {
		switch {
		case v.IsZero():
			return nil
		case d == Postgres:
			return v.Time()
		}
		return v.String()
	}
	for i := range ms {
		sm := &ms[i]
		m := sm.Member
		m.CreatedAt, m.UpdatedAt, m.Version = at, at, 1
		vals = append(vals, m.OrgID, m.OrgPath, m.Name, m.NameInitials, string(m.Sex), m.Ethnicity, date(m.BirthDate),
			int64(sm.KeyID), sm.PersonalEnc, sm.IDHash, sm.IDTailHash, m.NativePlace, string(m.Education), string(m.Degree),
			m.Occupation, m.WorkUnit, m.WorkPost, sm.PhoneHash, m.Address, string(m.Category), string(m.Status),
			string(m.ExitType), date(m.AppliedOn), date(m.AdmittedOn), date(m.FullOn), m.PartyPosts, m.CardNo)
		if d == Postgres {
			vals = append(vals, int64(1), at, at)
		}
	}
	return &MemberRows{n: len(ms), vals: vals}
}

// BulkTime is the creation time to give MemberRows and InsertMemberRows: now, at the
// precision the database keeps.
func BulkTime() time.Time { return now() }

// sqliteTimeLayout is how modernc.org/sqlite writes a time.Time parameter (_time_format=sqlite),
// so that a literal in a statement reads back as the same time.
const sqliteTimeLayout = "2006-01-02 15:04:05.999999999-07:00"

// bulkRowsPerStmt is how many rows one SQLite INSERT carries (27 parameters each, under
// SQLite's limit of 32766).
const bulkRowsPerStmt = 1000

// InsertMemberRows inserts rows converted by MemberRows with the same time at, without
// counting them in the rollup: the caller counts them in a MemberTally. SQLite runs a prepared
// multi-row INSERT; PostgreSQL a COPY through the native pgx connection. A taken ID number is
// ErrConflict.
func (tx *Tx) InsertMemberRows(ctx context.Context, rows *MemberRows, at time.Time) error {
	if rows.n == 0 {
		return nil
	}
	var err error
	if tx.d == Postgres {
		err = tx.copyMembers(ctx, rows)
	} else {
		err = tx.insertMemberRows(ctx, rows, at)
	}
	if isUniqueViolation(err) {
		return ErrConflict
	}
	if err == nil {
		tx.bulkLoaded(rows.n)
	}
	return err
}

// analyzeAfterRows is how many rows a transaction's bulk loads write before PostgreSQL's
// planner statistics are refreshed at its end.
const analyzeAfterRows = 10_000

// bulkLoaded counts rows written by bulk loads; past analyzeAfterRows on PostgreSQL, the
// tables' statistics are refreshed just before commit. Without that, the planner keeps
// estimating the members of a district from an empty table until autovacuum comes by, and
// lists a district's first page by sorting all its members (110 ms instead of 0.7 ms).
func (tx *Tx) bulkLoaded(n int) {
	before := tx.bulkRowsWritten
	tx.bulkRowsWritten += n
	if tx.d != Postgres || before >= analyzeAfterRows || tx.bulkRowsWritten < analyzeAfterRows {
		return
	}
	tx.beforeCommit = append(tx.beforeCommit, func(ctx context.Context) error {
		_, err := tx.db.ExecContext(ctx, `ANALYZE members, orgs, org_stats`)
		return err
	})
}

func (tx *Tx) insertMemberRows(ctx context.Context, rows *MemberRows, at time.Time) error {
	const w = 27
	for start := 0; start < rows.n; start += bulkRowsPerStmt {
		n := min(bulkRowsPerStmt, rows.n-start)
		vals := rows.vals[start*w : (start+n)*w]
		var err error
		if n == bulkRowsPerStmt {
			var stmt *sql.Stmt
			if stmt, err = tx.prepared(ctx, tx.bulkInsertSQL(n, at)); err == nil {
				_, err = stmt.ExecContext(ctx, vals...)
			}
		} else {
			_, err = tx.db.ExecContext(ctx, tx.bulkInsertSQL(n, at), vals...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// bulkInsertSQL is the SQLite INSERT of rows members created at `at`; the text of the full
// statement is kept, since it is looked up once per statement run.
func (tx *Tx) bulkInsertSQL(rows int, at time.Time) string {
	if rows == bulkRowsPerStmt && tx.bulkSQL != "" && tx.bulkAt.Equal(at) {
		return tx.bulkSQL
	}
	tail := ",1,'" + at.Format(sqliteTimeLayout) + "','" + at.Format(sqliteTimeLayout) + "')"
	var b strings.Builder
	b.Grow(rows * (27*2 + len(tail)))
	b.WriteString("INSERT INTO members (" + bulkColumns + ") VALUES ")
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?" + strings.Repeat(",?", 26) + tail)
	}
	if rows == bulkRowsPerStmt {
		tx.bulkSQL, tx.bulkAt = b.String(), at
	}
	return b.String()
}

// copyMembers streams the rows into members with COPY on the transaction's connection.
func (tx *Tx) copyMembers(ctx context.Context, rows *MemberRows) error {
	cols := strings.Fields(strings.ReplaceAll(bulkColumns, ",", " "))
	return tx.copyRows(ctx, "members", cols, &copySource{rows: rows, w: 30, i: -1})
}

// copyRows runs a COPY into table through the native pgx connection of the transaction.
func (tx *Tx) copyRows(ctx context.Context, table string, cols []string, src pgx.CopyFromSource) error {
	return tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: COPY needs a pgx connection, not %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, src)
		return err
	})
}

// copySource feeds MemberRows to pgx's CopyFrom.
type copySource struct {
	rows *MemberRows
	w, i int
}

func (s *copySource) Next() bool { s.i++; return s.i < s.rows.n }
func (s *copySource) Values() ([]any, error) {
	return s.rows.vals[s.i*s.w : (s.i+1)*s.w], nil
}
func (s *copySource) Err() error { return nil }

// CountMembers counts every member row (any status, whatever the scope): imports compare it
// with the size of the file.
func (q queries) CountMembers(ctx context.Context) (int64, error) {
	var n int64
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM members`).Scan(&n)
	return n, err
}

// MemberKeys maps the keyed hashes of members' ID numbers (see MemberSealer.IDHash) to their
// row ids, in memory: a bulk import that defers the members indexes looks members up here
// instead.
type MemberKeys struct {
	fixed map[[vault.HashSize]byte]int64 // without a slice header each
	other map[string]int64
}

// Get returns the id of the member whose ID number has this hash.
func (k *MemberKeys) Get(idHash []byte) (int64, bool) {
	if len(idHash) == vault.HashSize {
		id, ok := k.fixed[[vault.HashSize]byte(idHash)]
		return id, ok
	}
	id, ok := k.other[string(idHash)]
	return id, ok
}

// Len is the number of members held.
func (k *MemberKeys) Len() int { return len(k.fixed) + len(k.other) }

// LoadMemberKeys reads the ID number hash and id of every member.
func (q queries) LoadMemberKeys(ctx context.Context) (*MemberKeys, error) {
	k := &MemberKeys{fixed: map[[vault.HashSize]byte]int64{}, other: map[string]int64{}}
	rows, err := q.db.QueryContext(ctx, `SELECT id, id_number_hash FROM members WHERE id_number_hash IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h []byte
		if err := rows.Scan(&id, &h); err != nil {
			return nil, err
		}
		if len(h) == vault.HashSize {
			k.fixed[[vault.HashSize]byte(h)] = id
		} else {
			k.other[string(h)] = id
		}
	}
	return k, rows.Err()
}

// MembersByIDs returns the members with these ids, keyed by id, whatever their scope.
func (q queries) MembersByIDs(ctx context.Context, ids []int64) (map[int64]*model.Member, error) {
	out := make(map[int64]*model.Member, len(ids))
	vals := make([]any, len(ids))
	for i, id := range ids {
		vals[i] = id
	}
	err := q.eachMemberIn(ctx, "m.id", vals, func(m *model.Member) { out[m.ID] = m })
	return out, err
}

// eachMemberIn reads (and decrypts) the members whose column col is one of vals, 500 values
// per query, whatever their scope, and hands each to fn.
func (q queries) eachMemberIn(ctx context.Context, col string, vals []any, fn func(*model.Member)) error {
	for start := 0; start < len(vals); start += 500 {
		chunk := vals[start:min(start+500, len(vals))]
		a := &args{}
		ph := make([]string, len(chunk))
		for i, v := range chunk {
			ph[i] = a.add(v)
		}
		rows, err := q.db.QueryContext(ctx, "SELECT "+q.memberColumns()+memberFrom+"WHERE "+col+" IN ("+strings.Join(ph, ",")+")", a.v...)
		if err != nil {
			return err
		}
		for rows.Next() {
			m, err := q.scanMember(rows)
			if err != nil {
				rows.Close()
				return err
			}
			fn(m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// DeferMemberIndexes drops the secondary indexes of members for the rest of the transaction
// and creates them again just before it commits: building an index from a million rows at
// once is several times faster than inserting a million keys into it one by one. While
// deferred, look members up by ID number through MemberKeys (loaded before) and by id. A
// duplicate ID number makes the commit fail with ErrConflict; rolling back restores the
// indexes. On SQLite readers keep the indexes (they read the snapshot from before the
// transaction, WAL). On PostgreSQL, where it saves about 2 s of a million-row load, DROP
// INDEX locks every reader of members out until commit, so there the indexes are deferred
// only when exclusive says that no one else reads members meanwhile (a demo city written into
// an empty database).
func (tx *Tx) DeferMemberIndexes(ctx context.Context, exclusive bool) error {
	q := `SELECT name, sql FROM sqlite_schema
		WHERE type = 'index' AND tbl_name = 'members' AND sql IS NOT NULL ORDER BY name`
	if tx.d == Postgres {
		if !exclusive {
			return nil
		}
		// Not the indexes behind constraints (the primary key).
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
			AND tablename = 'members' AND indexname NOT IN
			(SELECT conname FROM pg_constraint WHERE conrelid = 'members'::regclass) ORDER BY indexname`
	}
	names, defs, err := tx.stringPairs(ctx, q)
	if err != nil {
		return err
	}
	for _, name := range names {
		if _, err := tx.db.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return err
		}
	}
	tx.beforeCommit = append(tx.beforeCommit, func(ctx context.Context) error {
		if tx.d == SQLite {
			// Sort the keys through temporary files rather than memory (the connection keeps
			// statement journals in memory): a million keys would add 40 MB to the process.
			// SQLite refuses the change once this transaction has opened temporary storage
			// (a statement journal); the indexes are then sorted in memory, as before.
			if _, err := tx.db.ExecContext(ctx, `PRAGMA temp_store = FILE`); err == nil {
				defer tx.db.ExecContext(ctx, `PRAGMA temp_store = MEMORY`)
			}
		}
		for _, def := range defs {
			if _, err := tx.db.ExecContext(ctx, def); err != nil {
				if isUniqueViolation(err) {
					return errors.Join(ErrConflict, err)
				}
				return err
			}
		}
		return nil
	})
	return nil
}

// stringPairs runs a query of two text columns (a name and a definition) and returns them as
// two lists.
func (tx *Tx) stringPairs(ctx context.Context, query string, args ...any) (firsts, seconds []string, err error) {
	rows, err := tx.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, nil, err
		}
		firsts, seconds = append(firsts, a), append(seconds, b)
	}
	return firsts, seconds, rows.Err()
}
