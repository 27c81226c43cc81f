package importer

import (
	"context"
	"strings"
	"testing"

	"dangjian/internal/demo"
	"dangjian/internal/model"
	"dangjian/internal/service/sheet"
)

// cityRows returns n demo members as the cells of a member export, and its header.
func cityRows(b *testing.B, n int) ([][]string, sheet.Header) {
	b.Helper()
	sink := &demo.MemorySink{}
	if _, err := demo.Generate(context.Background(), demo.Options{Members: n, Seed: 1, Today: testToday}, sink); err != nil {
		b.Fatal(err)
	}
	names := map[int64]*model.Org{}
	for _, o := range sink.Orgs {
		names[o.ID] = o
	}
	rows := make([][]string, len(sink.Members))
	for i, m := range sink.Members {
		o := names[m.OrgID]
		m.OrgName = o.Name
		rows[i] = MemberExportRow(m, o.Code)
	}
	r := sheet.NewCSVReader(strings.NewReader(strings.Join(MemberExportHeaders(), ",")))
	h, err := sheet.FindHeader(r, MemberColumns, 0)
	if err != nil {
		b.Fatal(err)
	}
	return rows, h
}

// BenchmarkParseMemberRow parses and validates rows of a demo city's export.
func BenchmarkParseMemberRow(b *testing.B) {
	rows, h := cityRows(b, 20000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := rows[i%len(rows)]
		if m, es := ParseMemberRow(i+2, r, h, testRules, testToday); m == nil || len(es) > 0 {
			b.Fatalf("row %d: %v", i, es)
		}
	}
}
