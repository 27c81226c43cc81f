package app

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/demo"
	"dangjian/internal/model"
	"dangjian/internal/store"
)

// storeSink writes a generated demo city into the store: organisations with their own ids,
// members in batches, each batch one transaction with its rollup deltas.
type storeSink struct {
	s        *store.Store
	maxID    int64
	orgsOnly bool
}

func (k *storeSink) AddOrgs(ctx context.Context, orgs []*model.Org) error {
	return k.s.InTx(ctx, func(tx *store.Tx) error {
		for _, o := range orgs {
			if err := tx.InsertOrg(ctx, o); err != nil {
				return err
			}
			k.maxID = max(k.maxID, o.ID)
		}
		return tx.EnsureNextOrgID(ctx, k.maxID+1)
	})
}

func (k *storeSink) AddMembers(ctx context.Context, ms []*model.Member) error {
	if k.orgsOnly {
		return nil
	}
	sealed, err := k.s.SealMembers(ms)
	if err != nil {
		return err
	}
	return k.s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMembers(ctx, sealed) })
}

// GenerateDemo fills an empty database with the demo city of seed (see internal/demo); with
// orgsOnly it writes the organisations and not the members (import benchmarks load those).
func (a *App) GenerateDemo(ctx context.Context, members int, seed int64, orgsOnly bool) (demo.Summary, error) {
	if n, err := a.Store.CountOrgs(ctx); err != nil {
		return demo.Summary{}, err
	} else if n > 0 {
		return demo.Summary{}, fmt.Errorf("the database already holds %d organisations; the demo city needs an empty one", n)
	}
	sink := &storeSink{s: a.Store, orgsOnly: orgsOnly}
	sum, err := demo.Generate(ctx, demo.Options{Members: members, Seed: seed, Today: model.DateOf(time.Now())}, sink)
	if err != nil {
		return sum, err
	}
	// Committees whose term ended are marked by the sweep, as they would be in service.
	if _, err = a.Orgs.SweepTerms(ctx); err != nil || orgsOnly {
		return sum, err
	}
	if err := a.plantOrgLife(ctx, seed); err != nil {
		return sum, err
	}
	return sum, a.demoDevelopments(ctx, seed, model.DateOf(time.Now()))
}
