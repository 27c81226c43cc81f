package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

func TestSessionUser(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		orgs := tree(t, s)
		at := time.Now().UTC().Truncate(time.Second)
		users := map[string]*model.User{}
		grants := map[string][]model.Grant{
			"none": nil,
			"one":  {{Role: model.RoleStaff, OrgID: orgs["A"].ID, OrgPath: orgs["A"].Path}},
			"two":  {{Role: model.RoleAdmin}, {Role: model.RoleSecretary, OrgID: orgs["B1"].ID, OrgPath: orgs["B1"].Path}},
		}
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for name, gs := range grants {
				u := &model.User{Username: name, DisplayName: "名" + name, PasswordHash: "h"}
				if err := tx.InsertUser(ctx, u); err != nil {
					return err
				}
				for i := range gs {
					gs[i].UserID = u.ID
					if err := tx.InsertGrant(ctx, &gs[i]); err != nil {
						return err
					}
				}
				if err := tx.InsertSession(ctx, &model.Session{TokenHash: "t-" + name, UserID: u.ID, CreatedAt: at,
					LastSeen: at, ExpiresAt: at.Add(time.Hour)}); err != nil {
					return err
				}
				users[name] = u
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range users {
			sess, u, err := s.SessionUser(ctx, "t-"+name)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if sess.UserID != want.ID || !sess.ExpiresAt.Equal(at.Add(time.Hour)) || !sess.LastSeen.Equal(at) {
				t.Errorf("%s: session %+v", name, sess)
			}
			full, err := s.GetUser(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			full.CreatedAt, u.CreatedAt = time.Time{}, time.Time{}
			if !reflect.DeepEqual(u, full) {
				t.Errorf("%s: user %+v, want %+v", name, u, full)
			}
			if len(u.Grants) != len(grants[name]) {
				t.Errorf("%s: %d grants", name, len(u.Grants))
			}
		}
		if _, _, err := s.SessionUser(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown token: %v", err)
		}
	})
}
