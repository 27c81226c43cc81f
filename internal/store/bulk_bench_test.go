package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// BenchmarkWriterCeiling measures the single writer of a member import alone: rows already
// parsed, validated, sealed, converted and counted (all off the timer), then only the prepared
// multi-row INSERTs, with the secondary indexes deferred and rebuilt before commit as a large
// import does. Its rows/s bounds what any import can reach on this engine and machine.
//
//	go test -run '^$' -bench WriterCeiling -benchtime 200000x ./internal/store/
func BenchmarkWriterCeiling(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			s := storetest.Open(b, engine)
			ctx := context.Background()
			orgs := tree(b, s)
			rows, tally, at := benchRows(b, s, orgs, b.N)
			b.ResetTimer()
			err := s.InTx(ctx, func(tx *store.Tx) error {
				if err := tx.DeferMemberIndexes(ctx, true); err != nil {
					return err
				}
				if err := tx.InsertMemberRows(ctx, rows, at); err != nil {
					return err
				}
				tx.AddMemberTally(tally)
				return nil
			})
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// benchRows are n members with every field filled, half in branch A1 and half in B1, sealed,
// converted for InsertMemberRows at at and counted in tally, as an import hands them to its
// writer.
func benchRows(b *testing.B, s *store.Store, orgs map[string]*model.Org, n int) (rows *store.MemberRows, tally *store.MemberTally, at time.Time) {
	ms := make([]*model.Member, n)
	for i := range ms {
		ms[i] = benchMember(orgs[[]string{"A1", "B1"}[i%2]], i)
	}
	at = store.BulkTime()
	sealed, err := s.SealMembers(ms)
	if err != nil {
		b.Fatal(err)
	}
	tally = store.NewMemberTally()
	for _, m := range ms {
		tally.Add(m)
	}
	tally.Spread()
	return s.MemberRows(sealed, at), tally, at
}

// benchMember is a member with every register field filled, as an import row would be.
func benchMember(o *model.Org, i int) *model.Member {
	base := fmt.Sprintf("21%04d%04d%02d%02d%03d", i/1000%10000, 1950+i%50, 1+i%12, 1+i%28, i%1000)
	id := base + string(model.IDCheckDigit(base))
	return &model.Member{OrgID: o.ID, OrgPath: o.Path, Name: "张伟", NameInitials: "zw", Sex: model.Male,
		Ethnicity: "汉族", BirthDate: model.NewDate(1950+i%50, time.Month(1+i%12), 1+i%28), IDNumber: id, NativePlace: "辽宁大连",
		Education: model.EduUndergraduate, Degree: "学士", Occupation: "专业技术人员", WorkUnit: "大连市某某有限公司",
		WorkPost: "工程师", Phone: fmt.Sprintf("139%08d", i), Address: "大连市中山区人民路1号", Category: model.Full,
		Status: model.StatusNormal, AppliedOn: model.NewDate(1995, 3, 1), AdmittedOn: model.NewDate(1996, 7, 1),
		FullOn: model.NewDate(1997, 7, 1), CardNo: fmt.Sprintf("DJ%08d", i)}
}

// BenchmarkSQLiteInsertFloor measures the SQLite driver alone, without any of this project's
// work: rows of 30 short text values, already built, inserted 30 to a prepared statement into
// a table without indexes, in one transaction, on a fresh file with the store's journal and
// sync settings. No member import can write faster than this on the machine it runs on (a
// member row has 30 columns, two indexes and its rollup counters besides).
//
//	go test -run '^$' -bench SQLiteInsertFloor -benchtime 1000000x ./internal/store/
func BenchmarkSQLiteInsertFloor(b *testing.B) {
	const cols, perStmt = 30, 30
	db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "floor.db")+
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-16384)&_pragma=temp_store(MEMORY)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	names := make([]string, cols)
	values := make([]any, cols)
	for i := range names {
		names[i] = fmt.Sprintf("c%d", i)
		values[i] = fmt.Sprintf("value %d of a register row", i)
	}
	if _, err := db.Exec("CREATE TABLE floor (id INTEGER PRIMARY KEY, " + strings.Join(names, " TEXT, ") + " TEXT)"); err != nil {
		b.Fatal(err)
	}
	row := "(?" + strings.Repeat(",?", cols-1) + ")"
	insert := "INSERT INTO floor (" + strings.Join(names, ",") + ") VALUES " + row + strings.Repeat(","+row, perStmt-1)
	args := make([]any, 0, cols*perStmt)
	for range perStmt {
		args = append(args, values...)
	}
	b.ResetTimer()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	st, err := tx.Prepare(insert)
	if err != nil {
		b.Fatal(err)
	}
	for n := 0; n < b.N; n += perStmt {
		if _, err := st.Exec(args...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
