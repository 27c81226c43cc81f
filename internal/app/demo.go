package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"dangjian/internal/demo"
	"dangjian/internal/model"
	"dangjian/internal/store"
)

// demoBatch is one step of loading the demo city: organisations, or members converted to
// column values.
type demoBatch struct {
	orgs []*model.Org
	rows *store.MemberRows
}

// demoSink hands the generated city to the writer. It runs in the generator's goroutine,
// where the members are also sealed (their personal data encrypted and hashed), converted and
// counted for the rollup, so that the writer only inserts.
type demoSink struct {
	s        *store.Store
	sealer   *store.MemberSealer
	at       time.Time
	out      chan<- demoBatch
	tally    *store.MemberTally
	orgsOnly bool
}

func (k *demoSink) send(ctx context.Context, b demoBatch) error {
	select {
	case k.out <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (k *demoSink) AddOrgs(ctx context.Context, orgs []*model.Org) error {
	return k.send(ctx, demoBatch{orgs: slices.Clone(orgs)})
}

func (k *demoSink) AddMembers(ctx context.Context, ms []*model.Member) error {
	if k.orgsOnly {
		return nil
	}
	sealed := make([]store.SealedMember, len(ms))
	for i, m := range ms {
		sealed[i] = k.sealer.Seal(m)
		k.tally.Add(m)
	}
	return k.send(ctx, demoBatch{rows: k.s.MemberRows(sealed, k.at)})
}

// GenerateDemo fills an empty database with the demo city of seed (see internal/demo); with
// orgsOnly it writes the organisations and not the members (import benchmarks load those).
// The city is written in one transaction, the members indexes deferred to its end (the
// database is empty), while another goroutine generates.
func (a *App) GenerateDemo(ctx context.Context, members int, seed int64, orgsOnly bool) (demo.Summary, error) {
	if n, err := a.Store.CountOrgs(ctx); err != nil {
		return demo.Summary{}, err
	} else if n > 0 {
		return demo.Summary{}, fmt.Errorf("the database already holds %d organisations; the demo city needs an empty one", n)
	}
	var sum demo.Summary
	sealer, err := a.Store.NewMemberSealer()
	if err != nil && !orgsOnly {
		return demo.Summary{}, err
	}
	phaseStart := time.Now()
	phase := func(name string) {
		sum.Phases = append(sum.Phases, demo.Phase{Name: name, Duration: time.Since(phaseStart)})
		phaseStart = time.Now()
	}
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan demoBatch, 4)
	sink := &demoSink{s: a.Store, sealer: sealer, at: store.BulkTime(), out: batches, tally: store.NewMemberTally(), orgsOnly: orgsOnly}
	generated := make(chan error, 1)
	go func() {
		defer close(batches)
		var err error
		sum, err = demo.Generate(gctx, demo.Options{Members: members, Seed: seed, Today: model.DateOf(time.Now())}, sink)
		if err == nil {
			sink.tally.Spread()
		}
		generated <- err
	}()
	err = a.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeferMemberIndexes(ctx, true); err != nil {
			return err
		}
		if err := tx.DeferStatsKeys(ctx); err != nil {
			return err
		}
		var maxID int64
		for b := range batches {
			if err := tx.InsertOrgs(ctx, b.orgs); err != nil {
				return err
			}
			for _, o := range b.orgs {
				maxID = max(maxID, o.ID)
			}
			if b.rows != nil {
				if err := tx.InsertMemberRows(ctx, b.rows, sink.at); err != nil {
					return err
				}
			}
		}
		if err := <-generated; err != nil {
			return err
		}
		tx.AddMemberTally(sink.tally)
		return tx.EnsureNextOrgID(ctx, maxID+1)
	})
	if err != nil {
		cancel()
		for range batches {
		}
		return sum, err
	}
	phase("register")
	// Committees whose term ended are marked by the sweep, as they would be in service.
	if _, err = a.Orgs.SweepTerms(ctx); err != nil || orgsOnly {
		return sum, err
	}
	if err := a.plantOrgLife(ctx, seed); err != nil {
		return sum, err
	}
	phase("organisational life")
	err = a.demoDevelopments(ctx, seed, model.DateOf(time.Now()))
	phase("development")
	return sum, err
}
