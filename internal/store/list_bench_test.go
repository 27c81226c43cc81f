package store_test

import (
	"context"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// BenchmarkMemberPage reads one page of 20 members of a district in path order, pages 1–10,
// as the member list does (the total comes from the rollup), on a register of 60,000 members
// in two districts: the store's share of a member list request.
//
//	go test -run '^$' -bench MemberPage -count 6 ./internal/store/
func BenchmarkMemberPage(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			s := storetest.Open(b, engine)
			ctx := context.Background()
			orgs := tree(b, s)
			rows, tally, at := benchRows(b, s, orgs, 60000)
			if err := s.InTx(ctx, func(tx *store.Tx) error {
				if err := tx.InsertMemberRows(ctx, rows, at); err != nil {
					return err
				}
				tx.AddMemberTally(tally)
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			var register []model.Status
			for _, st := range model.Statuses {
				if st.InRegister() {
					register = append(register, st)
				}
			}
			paths := []string{orgs["A"].Path, orgs["B"].Path}
			i := 0
			for b.Loop() {
				f := store.MemberFilter{OrgPath: paths[i%2], Statuses: register, Limit: 20, Offset: i % 10 * 20, SkipCount: true}
				page, _, err := s.ListMembers(ctx, store.AllScope, f)
				if err != nil || len(page) != 20 {
					b.Fatalf("page %d: %d members, %v", i, len(page), err)
				}
				i++
			}
		})
	}
}
