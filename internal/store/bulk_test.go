package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// bulkLoad inserts ms as a bulk load does: converted rows, a tally spread before the writer
// takes it, optionally with the indexes deferred; fn runs in the transaction afterwards.
func bulkLoad(s *store.Store, ms []*model.Member, deferIndexes bool, fn func(tx *store.Tx) error) error {
	ctx := context.Background()
	at := store.BulkTime()
	sealed, err := s.SealMembers(ms)
	if err != nil {
		return err
	}
	rows := s.MemberRows(sealed, at)
	tally := store.NewMemberTally()
	for _, m := range ms {
		tally.Add(m)
	}
	tally.Spread()
	return s.InTx(ctx, func(tx *store.Tx) error {
		if deferIndexes {
			if err := tx.DeferMemberIndexes(ctx, true); err != nil {
				return err
			}
		}
		if err := tx.InsertMemberRows(ctx, rows, at); err != nil {
			return err
		}
		tx.AddMemberTally(tally)
		if fn != nil {
			return fn(tx)
		}
		return nil
	})
}

// memberIndexes lists the members table's indexes with their definitions.
func memberIndexes(t *testing.T, s *store.Store) map[string]string {
	t.Helper()
	db := store.ReadPool(s)
	q := `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'members' AND sql IS NOT NULL`
	if s.Dialect() == store.Postgres {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'members'`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		out[name] = def
	}
	return out
}

func TestBulkLoadCountsLikeSingleInserts(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		indexes := memberIndexes(t, s)
		one := member(orgs["A1"], model.Full)
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMember(ctx, one) }); err != nil {
			t.Fatal(err)
		}
		var ms []*model.Member
		for i := 0; i < 30; i++ {
			m := member(orgs["A1"], model.Category([]model.Category{model.Full, model.Probationary}[i%2]))
			if i%3 == 0 {
				m.OrgID, m.OrgPath = orgs["B1"].ID, orgs["B1"].Path
			}
			m.BirthDate = model.NewDate(1950+i, 3, 4)
			m.AdmittedOn = model.NewDate(2000+i%20, 7, 1)
			m.Education = []model.Education{"", model.EduUndergraduate, model.EduPostgraduate}[i%3]
			m.Status = []model.Status{model.StatusNormal, model.StatusMobile, model.StatusDeceased, model.StatusNormal, model.StatusAbroad}[i%5]
			ms = append(ms, m)
		}
		for _, deferIdx := range []bool{false, true} {
			batch := ms[:15]
			if deferIdx {
				batch = ms[15:]
			}
			if err := bulkLoad(s, batch, deferIdx, nil); err != nil {
				t.Fatalf("bulk load (deferred indexes %v): %v", deferIdx, err)
			}
			verify(t, s)
			if got := memberIndexes(t, s); !reflect.DeepEqual(got, indexes) {
				t.Fatalf("indexes after the load: %v, want %v", got, indexes)
			}
		}
		// The rows read back as written, with the bulk time.
		for _, want := range []*model.Member{ms[3], ms[20]} {
			m, err := s.MemberByIDNumber(ctx, store.AllScope, want.IDNumber)
			if err != nil {
				t.Fatalf("read back %s: %v", want.IDNumber, err)
			}
			m.ID, m.OrgName = 0, ""
			if !m.CreatedAt.Equal(want.CreatedAt) || !m.UpdatedAt.Equal(want.UpdatedAt) {
				t.Errorf("times %v %v, want %v", m.CreatedAt, m.UpdatedAt, want.CreatedAt)
			}
			m.CreatedAt, m.UpdatedAt = want.CreatedAt, want.UpdatedAt
			if *m != *want {
				t.Errorf("read back %+v\nwant %+v", m, want)
			}
		}
		if n, err := s.CountMembers(ctx); err != nil || n != 31 {
			t.Errorf("CountMembers = %d, %v", n, err)
		}
	})
}

func TestDeferredIndexesKeepUniqueness(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		indexes := memberIndexes(t, s)
		taken := member(orgs["A1"], model.Full)
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMember(ctx, taken) }); err != nil {
			t.Fatal(err)
		}
		dup := *taken
		dup.Name = "李四"
		err := bulkLoad(s, []*model.Member{member(orgs["A1"], model.Full), &dup}, true, nil)
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("a taken ID number: %v", err)
		}
		// A load that fails for another reason rolls the dropped indexes back too.
		boom := errors.New("boom")
		if err := bulkLoad(s, []*model.Member{member(orgs["A1"], model.Full)}, true, func(*store.Tx) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("failing load: %v", err)
		}
		if n, _ := s.CountMembers(ctx); n != 1 {
			t.Errorf("failed loads left %d members", n)
		}
		if got := memberIndexes(t, s); !reflect.DeepEqual(got, indexes) {
			t.Fatalf("indexes after failed loads: %v, want %v", got, indexes)
		}
		verify(t, s)
		keys, err := s.LoadMemberKeys(ctx)
		if err != nil || keys.Len() != 1 {
			t.Fatalf("keys: %v %v", keys, err)
		}
		sealer, err := s.NewMemberSealer()
		if err != nil {
			t.Fatal(err)
		}
		if id, ok := keys.Get(sealer.IDHash(taken.IDNumber)); !ok || id != taken.ID {
			t.Errorf("key of %s = %d %v, want %d", taken.IDNumber, id, ok, taken.ID)
		}
		if _, ok := keys.Get(sealer.IDHash("nope")); ok {
			t.Error("unknown number found")
		}
		byID, err := s.MembersByIDs(ctx, []int64{taken.ID, taken.ID + 100})
		if err != nil || len(byID) != 1 || byID[taken.ID].IDNumber != taken.IDNumber {
			t.Errorf("MembersByIDs: %v %v", byID, err)
		}
	})
}

// TestRollupThroughCopy flushes the rollup of a bulk load through PostgreSQL's COPY path
// (taken for large flushes), twice in one transaction.
func TestRollupThroughCopy(t *testing.T) {
	defer store.SetCopyRollupMin(1)()
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		first, second := member(orgs["A1"], model.Full), member(orgs["B1"], model.Probationary)
		err := bulkLoad(s, []*model.Member{first}, false, func(tx *store.Tx) error {
			if err := store.FlushRollup(ctx, tx); err != nil {
				return err
			}
			return tx.InsertMember(ctx, second) // flushed again at commit
		})
		if err != nil {
			t.Fatal(err)
		}
		verify(t, s)
		if c := counts(t, s, orgs["city"]); c[model.MetricMembers] != 2 {
			t.Errorf("city counts %v", c)
		}
	})
}

func TestInsertOrgs(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		root := &model.Org{ID: 1, Path: model.ChildPath("", 1), Name: "市委", Type: model.MunicipalCommittee}
		orgs := []*model.Org{root}
		for i := int64(2); i <= 1201; i++ {
			o := &model.Org{ID: i, ParentID: 1, Depth: 1, Path: model.ChildPath(root.Path, i), Name: fmt.Sprint("支部", i),
				Type: model.Branch, Code: fmt.Sprint("B", i), FoundedOn: model.NewDate(2000, 1, 1), TermStart: model.NewDate(2020, 1, 1),
				TermYears: 3, TermExpired: i%2 == 0}
			orgs = append(orgs, o)
		}
		err := s.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.InsertOrgs(ctx, orgs); err != nil {
				return err
			}
			return tx.EnsureNextOrgID(ctx, 1202)
		})
		if err != nil {
			t.Fatal(err)
		}
		verify(t, s)
		if n, err := s.CountOrgs(ctx); err != nil || n != 1201 {
			t.Fatalf("CountOrgs = %d, %v", n, err)
		}
		got, err := s.GetOrg(ctx, store.AllScope, 777)
		if err != nil {
			t.Fatal(err)
		}
		want := *orgs[776]
		got.CreatedAt, got.UpdatedAt = want.CreatedAt, want.UpdatedAt
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("read back %+v\nwant %+v", *got, want)
		}
		if c := counts(t, s, root); c[model.MetricOrgs] != 1201 || c[model.MetricTermExpired] != 600 {
			t.Errorf("root counts %v", c)
		}
		// A taken id is a conflict.
		err = s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertOrgs(ctx, orgs[5:6]) })
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate: %v", err)
		}
	})
}

// TestBulkLoadRefreshesStatistics checks that a large bulk load leaves PostgreSQL's planner
// statistics of members current (pg_class.reltuples is -1 before any ANALYZE).
func TestBulkLoadRefreshesStatistics(t *testing.T) {
	s := storetest.Open(t, "postgres")
	{
		orgs := tree(t, s)
		reltuples := func() float64 {
			var n float64
			if err := store.ReadPool(s).QueryRow(`SELECT reltuples FROM pg_class WHERE relname = 'members'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		small := []*model.Member{member(orgs["A1"], model.Full)}
		if err := bulkLoad(s, small, false, nil); err != nil {
			t.Fatal(err)
		}
		if n := reltuples(); n != -1 {
			t.Fatalf("a small load analyzed members: reltuples %v", n)
		}
		var ms []*model.Member
		for i := 0; i < 12000; i++ {
			m := member(orgs["B1"], model.Full)
			m.IDNumber = fmt.Sprintf("B%017d", i) // unique (the helper's numbers repeat every 1000)
			ms = append(ms, m)
		}
		if err := bulkLoad(s, ms, false, nil); err != nil {
			t.Fatal(err)
		}
		if n := reltuples(); n < 10000 {
			t.Errorf("after 12,000 rows reltuples is %v", n)
		}
	}
}

// TestDeferStatsKeys: a load into an empty database with the rollup's keys deferred writes the
// same counters as one without, and the keys are back after the commit (a duplicate counter or
// one of no organisation is refused); on a database with counters it changes nothing.
func TestDeferStatsKeys(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var city *model.Org
		err := s.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.DeferStatsKeys(ctx); err != nil {
				return err
			}
			ids, err := tx.NextOrgIDs(ctx, 2)
			if err != nil {
				return err
			}
			city = &model.Org{ID: ids, Name: "市委", Type: model.MunicipalCommittee, Path: model.ChildPath("", ids)}
			branch := &model.Org{ID: ids + 1, ParentID: ids, Depth: 1, Name: "支部", Type: model.Branch, Path: model.ChildPath(city.Path, ids+1)}
			if err := tx.InsertOrgs(ctx, []*model.Org{city, branch}); err != nil {
				return err
			}
			tally := store.NewMemberTally()
			var sealed []store.SealedMember
			sealer, err := s.NewMemberSealer()
			if err != nil {
				return err
			}
			for range 2 {
				m := member(branch, model.Full)
				tally.Add(m)
				sealed = append(sealed, sealer.Seal(m))
			}
			at := store.BulkTime()
			if err := tx.InsertMemberRows(ctx, s.MemberRows(sealed, at), at); err != nil {
				return err
			}
			tally.Spread()
			tx.AddMemberTally(tally)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		verify(t, s)
		if c := counts(t, s, city); c[model.MetricBranchBelowMin] != 1 {
			t.Fatalf("city counters %v: the branch of two full members is below the minimum", c)
		}
		if err := store.Exec(ctx, s, `INSERT INTO org_stats (org_id, metric, n) VALUES ($1, $2, 1)`, city.ID, model.MetricBranchBelowMin); err == nil {
			t.Fatal("a duplicate counter was accepted: the primary key is missing")
		}
		if err := store.Exec(ctx, s, `INSERT INTO org_stats (org_id, metric, n) VALUES (987654, 'x', 1)`); err == nil {
			t.Fatal("a counter of no organisation was accepted: the foreign key is missing")
		}
		// With counters present, deferring is refused quietly and the upsert path is kept.
		more := member(city, model.Full)
		err = s.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.DeferStatsKeys(ctx); err != nil {
				return err
			}
			return tx.InsertMember(ctx, more)
		})
		if err != nil {
			t.Fatal(err)
		}
		verify(t, s)
	})
}
