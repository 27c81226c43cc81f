package store_test

import (
	"context"
	"errors"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

func TestGetOrgCount(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for _, c := range []model.Category{model.Full, model.Full, model.Probationary} {
				if err := tx.InsertMember(ctx, member(orgs["A1"], c)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		scopeA := store.Scope{Paths: []string{orgs["A"].Path}}
		for metric, want := range map[string]int64{model.MetricMembers: 3, "member.category.full": 2, "member.sex.female": 0} {
			o, n, err := s.GetOrgCount(ctx, scopeA, orgs["A"].ID, metric)
			if err != nil || o.ID != orgs["A"].ID || o.Path != orgs["A"].Path || n != want {
				t.Errorf("%s: %+v %d %v, want %d", metric, o, n, err, want)
			}
		}
		if o, n, err := s.GetOrgCount(ctx, scopeA, orgs["A1"].ID, ""); err != nil || o.Name != "A1" || n != 0 {
			t.Errorf("without a metric: %+v %d %v", o, n, err)
		}
		if _, _, err := s.GetOrgCount(ctx, scopeA, orgs["B"].ID, model.MetricMembers); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("outside the scope: %v", err)
		}
	})
}
