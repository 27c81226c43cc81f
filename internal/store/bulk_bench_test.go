package store_test

import (
	"context"
	"fmt"
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
			ms := make([]*model.Member, b.N)
			for i := range ms {
				ms[i] = benchMember(orgs[[]string{"A1", "B1"}[i%2]], i)
			}
			at := store.BulkTime()
			sealed, err := s.SealMembers(ms)
			if err != nil {
				b.Fatal(err)
			}
			rows := s.MemberRows(sealed, at)
			tally := store.NewMemberTally()
			for _, m := range ms {
				tally.Add(m)
			}
			tally.Spread()
			b.ResetTimer()
			err = s.InTx(ctx, func(tx *store.Tx) error {
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
