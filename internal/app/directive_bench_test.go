package app_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/directive"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// BenchmarkDirectiveCity measures the completion read of a directive issued by the municipal
// committee to every branch of a generated city (DANGJIAN_BENCH_MEMBERS members, default
// 100,000; DANGJIAN_BENCH_ENGINE sqlite or postgres), a tenth of the branches answered: the city
// total and every district's figures. "rollup" is the product's read; "recount" is the same
// figures by counting the targets (what a system without the rollup does), for comparison.
//
//	DANGJIAN_BENCH_MEMBERS=1000000 go test -run '^$' -bench DirectiveCity -benchtime 2000x ./internal/app/
func BenchmarkDirectiveCity(b *testing.B) {
	a, d, root := directiveCity(b)
	ctx := context.Background()
	children, err := a.Store.ChildOrgs(ctx, store.AllScope, root.ID, true)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("rollup", func(b *testing.B) {
		for b.Loop() {
			c, err := a.Directives.Completion(ctx, auth.System, d.ID, root.ID)
			if err != nil || c.Total.Targets != int64(d.Targets) || len(c.Children) == 0 {
				b.Fatalf("completion %+v: %v", c, err)
			}
		}
	})
	b.Run("recount", func(b *testing.B) {
		for b.Loop() {
			n, err := a.Store.RecountDirective(ctx, d.ID, root.ID)
			if err != nil || n.Targets != int64(d.Targets) {
				b.Fatalf("recount %+v: %v", n, err)
			}
			for _, c := range children {
				if _, err := a.Store.RecountDirective(ctx, d.ID, c.ID); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func directiveCity(b *testing.B) (*app.App, *model.Directive, *model.Org) {
	b.Helper()
	members := 100_000
	if v, err := strconv.Atoi(os.Getenv("DANGJIAN_BENCH_MEMBERS")); err == nil && v > 0 {
		members = v
	}
	engine := os.Getenv("DANGJIAN_BENCH_ENGINE")
	if engine == "" {
		engine = "sqlite"
	}
	ctx := context.Background()
	s := storetest.Open(b, engine)
	a, err := app.FromStore(s, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := a.GenerateDemo(ctx, members, 1, false); err != nil {
		b.Fatal(err)
	}
	roots, _ := s.RootOrgs(ctx, store.AllScope)
	root := roots[0]
	today := model.DateOf(time.Now())
	d, err := a.Directives.Issue(ctx, auth.System, directive.Input{OrgID: root.ID, Title: "传达全会精神", IssuedOn: today,
		Deadline: today.AddDate(0, 0, 14), Targeting: model.TargetByType,
		TargetTypes: []model.OrgType{model.Branch, model.JointBranch, model.TemporaryBranch}})
	if err != nil {
		b.Fatal(err)
	}
	targets, _, err := s.ListTargets(ctx, store.AllScope, store.TargetFilter{DirectiveID: d.ID, Path: root.Path})
	if err != nil {
		b.Fatal(err)
	}
	for i, t := range targets {
		if i%10 == 0 {
			if _, err := a.Directives.Answer(ctx, auth.System, d.ID, directive.Answer{OrgID: t.OrgID, Kind: model.AnswerReport, Report: "已传达"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Logf("%s city of %d members: directive to %d branches, %d answered, set up in %s", engine, members, d.Targets,
		(len(targets)+9)/10, time.Since(start).Round(time.Second))
	b.Cleanup(a.Jobs.Shutdown)
	return a, d, root
}
