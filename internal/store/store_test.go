package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// tree builds: 1 city / 2 district A / 3 branch A1, and 1 / 4 district B / 5 branch B1.
func tree(t testing.TB, s *store.Store) map[string]*model.Org {
	t.Helper()
	ctx := context.Background()
	orgs := map[string]*model.Org{}
	add := func(tx *store.Tx, key, parent string, typ model.OrgType) {
		id, err := tx.NextOrgIDs(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		o := &model.Org{ID: id, Name: key, Type: typ}
		if p := orgs[parent]; p != nil {
			o.ParentID, o.Path, o.Depth = p.ID, model.ChildPath(p.Path, id), p.Depth+1
		} else {
			o.Path = model.ChildPath("", id)
		}
		if err := tx.InsertOrg(ctx, o); err != nil {
			t.Fatal(err)
		}
		orgs[key] = o
	}
	err := s.InTx(ctx, func(tx *store.Tx) error {
		add(tx, "city", "", model.MunicipalCommittee)
		add(tx, "A", "city", model.DistrictCommittee)
		add(tx, "A1", "A", model.Branch)
		add(tx, "B", "city", model.DistrictCommittee)
		add(tx, "B1", "B", model.Branch)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return orgs
}

var idSeq = 0

func member(org *model.Org, cat model.Category) *model.Member {
	idSeq++
	base := fmt.Sprintf("2102021980%04d%03d", 101+idSeq%1000, idSeq%1000)[:17]
	id := base + string(model.IDCheckDigit(base))
	return &model.Member{OrgID: org.ID, OrgPath: org.Path, Name: "张伟", Sex: model.Male, Ethnicity: "汉族",
		BirthDate: model.NewDate(1980, 1, 1), IDNumber: id, Category: cat, Status: model.StatusNormal,
		Education: model.EduUndergraduate}
}

func counts(t *testing.T, s *store.Store, org *model.Org) map[string]int64 {
	t.Helper()
	c, err := s.OrgCounts(context.Background(), org.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func verify(t *testing.T, s *store.Store) {
	t.Helper()
	diffs, err := s.VerifyStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) > 0 {
		t.Fatalf("rollup differs from recount: %+v", diffs)
	}
}

func TestRollupFollowsWrites(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		if c := counts(t, s, orgs["city"]); c[model.MetricBranchBelowMin] != 2 || c[model.MetricOrgs] != 5 {
			t.Fatalf("empty branches must count as below minimum: %v", c)
		}
		var ms []*model.Member
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for i := 0; i < 3; i++ {
				ms = append(ms, member(orgs["A1"], model.Full))
			}
			ms = append(ms, member(orgs["B1"], model.Probationary))
			sealed, err := s.SealMembers(ms)
			if err != nil {
				return err
			}
			return tx.InsertMembers(ctx, sealed)
		})
		if err != nil {
			t.Fatal(err)
		}
		city := counts(t, s, orgs["city"])
		if city[model.MetricMembers] != 4 || city["member.category.full"] != 3 || city[model.MetricBranchBelowMin] != 1 {
			t.Fatalf("city after inserts: %v", city)
		}
		if a := counts(t, s, orgs["A"]); a[model.MetricMembers] != 3 || a[model.MetricBranchBelowMin] != 0 {
			t.Fatalf("district A: %v", a)
		}
		verify(t, s)

		// One full member of A1 leaves the register: A1 falls below the minimum again.
		list, _, err := s.ListMembers(ctx, store.SubtreeScope(orgs["A1"].Path), store.MemberFilter{Limit: 10})
		if err != nil || len(list) != 3 {
			t.Fatalf("list A1: %v %d", err, len(list))
		}
		old := list[0]
		upd := *old
		upd.Status, upd.ExitType = model.StatusExited, model.ExitWithdrew
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, old, &upd) }); err != nil {
			t.Fatal(err)
		}
		if c := counts(t, s, orgs["city"]); c[model.MetricBranchBelowMin] != 2 || c[model.MetricMembers] != 3 || c["member.status.exited"] != 1 {
			t.Fatalf("after exit: %v", c)
		}
		// A stale version is refused.
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, old, &upd) }); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("stale update: %v", err)
		}
		verify(t, s)
	})
}

func TestScopeHidesOtherSubtrees(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		b := member(orgs["B1"], model.Full)
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMember(ctx, b) }); err != nil {
			t.Fatal(err)
		}
		scopeA := store.SubtreeScope(orgs["A"].Path)
		if _, err := s.GetMember(ctx, scopeA, b.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("member of B read with A's scope: %v", err)
		}
		if _, err := s.GetOrg(ctx, scopeA, orgs["B1"].ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("org of B read with A's scope: %v", err)
		}
		if _, n, _ := s.ListMembers(ctx, scopeA, store.MemberFilter{Limit: 10}); n != 0 {
			t.Fatalf("A's scope lists %d members", n)
		}
		if _, n, _ := s.ListMembers(ctx, scopeA, store.MemberFilter{OrgPath: orgs["B"].Path, Limit: 10}); n != 0 {
			t.Fatalf("A's scope with B's filter lists %d members", n)
		}
		if _, n, _ := s.ListMembers(ctx, store.SubtreeScope(orgs["B"].Path), store.MemberFilter{Limit: 10}); n != 1 {
			t.Fatalf("B's scope lists %d members", n)
		}
		self := store.Scope{SelfMemberID: b.ID, SelfOrgPath: orgs["B1"].Path}
		if m, err := s.GetMember(ctx, self, b.ID); err != nil || m.ID != b.ID {
			t.Fatalf("self read: %v", err)
		}
		roots, _ := s.RootOrgs(ctx, scopeA)
		if len(roots) != 1 || roots[0].ID != orgs["A"].ID {
			t.Fatalf("roots of A's scope: %+v", roots)
		}
	})
}

func TestMoveSubtree(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		ms := []*model.Member{member(orgs["A1"], model.Full), member(orgs["A1"], model.Full)}
		sealed, _ := s.SealMembers(ms)
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMembers(ctx, sealed) }); err != nil {
			t.Fatal(err)
		}
		err := s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.MoveOrg(ctx, orgs["A1"], orgs["B"])
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if a := counts(t, s, orgs["A"]); a[model.MetricMembers] != 0 || a[model.MetricOrgs] != 1 {
			t.Fatalf("A after move: %v", a)
		}
		if b := counts(t, s, orgs["B"]); b[model.MetricMembers] != 2 || b[model.MetricOrgs] != 3 || b[model.MetricBranchBelowMin] != 2 {
			t.Fatalf("B after move: %v", b)
		}
		if _, n, _ := s.ListMembers(ctx, store.SubtreeScope(orgs["B"].Path), store.MemberFilter{Limit: 10}); n != 2 {
			t.Fatalf("B lists %d members after move", n)
		}
		moved, err := s.GetOrg(ctx, store.AllScope, orgs["A1"].ID)
		if err != nil || moved.Path != model.ChildPath(orgs["B"].Path, moved.ID) || moved.ParentID != orgs["B"].ID || moved.Depth != 2 {
			t.Fatalf("moved org: %+v %v", moved, err)
		}
		// A subtree cannot move under itself.
		err = s.InTx(ctx, func(tx *store.Tx) error { _, err := tx.MoveOrg(ctx, orgs["B"], moved); return err })
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("move under own descendant: %v", err)
		}
		verify(t, s)
	})
}

func TestSearchMembers(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		m := member(orgs["A1"], model.Full)
		m.Name, m.NameInitials, m.Phone = "欧阳娜娜", "oynn", "13912345678"
		if err := s.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMember(ctx, m) }); err != nil {
			t.Fatal(err)
		}
		// The ID number and phone are encrypted: they match by keyed hash, whole (the phone also
		// written with spaces or hyphens) or, for the ID number, by its last four characters.
		for _, q := range []string{"娜娜", "oy", "OYNN", "13912345678", "139-1234-5678", m.IDNumber[14:], m.IDNumber, strings.ToLower(m.IDNumber)} {
			items, n, err := s.ListMembers(ctx, store.AllScope, store.MemberFilter{Q: q, Limit: 5})
			if err != nil || n != 1 || items[0].ID != m.ID || items[0].IDNumber != m.IDNumber || items[0].Phone != m.Phone {
				t.Errorf("q=%q: n=%d err=%v", q, n, err)
			}
		}
		for _, q := range []string{"139123", m.IDNumber[13:], m.IDNumber[15:], m.IDNumber[:6]} {
			if _, n, _ := s.ListMembers(ctx, store.AllScope, store.MemberFilter{Q: q, Limit: 5}); n != 0 {
				t.Errorf("q=%q (neither whole nor the last four) matched %d", q, n)
			}
		}
		if _, n, _ := s.ListMembers(ctx, store.AllScope, store.MemberFilter{Q: "王", Limit: 5}); n != 0 {
			t.Errorf("q=王 matched %d", n)
		}
	})
}
