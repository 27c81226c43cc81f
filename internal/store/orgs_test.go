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

// TestListMembersInSubtreeOfScope lists a subtree inside the scope (the scope narrowed to it)
// and one outside (nothing, whatever the filter says).
func TestListMembersInSubtreeOfScope(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for _, o := range []string{"A1", "A1", "B1"} {
				if err := tx.InsertMember(ctx, member(orgs[o], model.Full)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			scope store.Scope
			path  string
			want  int64
		}{
			{store.SubtreeScope(orgs["city"].Path), orgs["A1"].Path, 2},
			{store.SubtreeScope(orgs["A"].Path), orgs["A1"].Path, 2},
			{store.SubtreeScope(orgs["A"].Path), orgs["B1"].Path, 0},
			{store.SubtreeScope(orgs["A1"].Path), orgs["A"].Path, 2},
			{store.AllScope, orgs["B"].Path, 1},
			{store.Scope{}, orgs["A1"].Path, 0},
		} {
			items, n, err := s.ListMembers(ctx, c.scope, store.MemberFilter{OrgPath: c.path})
			if err != nil || n != c.want || int64(len(items)) != c.want {
				t.Errorf("scope %v, subtree %s: %d (%d items), %v; want %d", c.scope, c.path, n, len(items), err, c.want)
			}
		}
	})
}
