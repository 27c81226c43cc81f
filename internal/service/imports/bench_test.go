package imports_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/imports"
	"dangjian/internal/service/org"
	"dangjian/internal/store/storetest"
)

// BenchmarkImportCSV imports b.N synthetic members (valid, 50 branches) into SQLite.
func BenchmarkImportCSV(b *testing.B) {
	s := storetest.Open(b, "sqlite")
	ctx := context.Background()
	rs := rules.MustDefault()
	orgs := org.New(s, rs)
	root, _, err := orgs.Create(ctx, auth.System, org.Input{Name: "根", Type: model.MunicipalCommittee, Code: "ROOT"})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		if _, _, err := orgs.Create(ctx, auth.System, org.Input{ParentID: root.ID, Name: fmt.Sprint("支部", i), Type: model.Branch, Code: fmt.Sprint("B", i)}); err != nil {
			b.Fatal(err)
		}
	}
	var sb strings.Builder
	sb.WriteString("姓名,性别,公民身份号码,民族,学历,党员类别,入党日期,联系电话,党组织编码\n")
	for i := 0; i < b.N; i++ {
		base := fmt.Sprintf("2102%02d%04d%02d%02d%03d", i%100, 1940+(i/1000)%40, 1+(i%336)/28, 1+i%28, (i/336)%1000)
		id := base + string(model.IDCheckDigit(base))
		sex := "女"
		if (base[16]-'0')%2 == 1 {
			sex = "男"
		}
		fmt.Fprintf(&sb, "张伟%d,%s,%s,汉族,大学本科,正式党员,2005-07-01,139%08d,B%d\n", i%7, sex, id, i, i%50)
	}
	path := filepath.Join(b.TempDir(), "m.csv")
	os.WriteFile(path, []byte(sb.String()), 0o600)
	svc := imports.New(s, rs, orgs)
	b.ResetTimer()
	res, err := svc.ImportMembers(ctx, auth.System, path, imports.Options{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	if res.Created != int64(b.N) {
		b.Fatalf("created %d of %d: %+v", res.Created, b.N, res.Errors[:min(3, len(res.Errors))])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
