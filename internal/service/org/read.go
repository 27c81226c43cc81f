package org

import (
	"context"
	"errors"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Ref names an organisation along a path (breadcrumbs).
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Get returns an organisation in the caller's read scope.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*model.Org, error) {
	o, err := s.Store.GetOrg(ctx, p.ReadScope(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.ErrNotFound
	}
	return o, err
}

// Browse returns an organisation of the caller's directory scope (its business read scope, and
// for a security administrator the subtrees where they give grants): the organisation tree's
// names and structure, without statistics or members.
func (s *Service) Browse(ctx context.Context, p *auth.Principal, id int64) (*model.Org, error) {
	o, err := s.Store.GetOrg(ctx, p.DirectoryScope(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.ErrNotFound
	}
	return o, err
}

// Ancestors returns the organisations from the top of the caller's directory scope down to
// o's parent.
func (s *Service) Ancestors(ctx context.Context, p *auth.Principal, o *model.Org) ([]Ref, error) {
	ids := model.PathIDs(o.Path)
	orgs, err := s.Store.OrgsByIDs(ctx, ids[:len(ids)-1])
	if err != nil {
		return nil, err
	}
	byID := map[int64]*model.Org{}
	for _, a := range orgs {
		byID[a.ID] = a
	}
	sc := p.DirectoryScope()
	out := []Ref{}
	for _, id := range ids[:len(ids)-1] {
		if a := byID[id]; a != nil && sc.CoversPath(a.Path) {
			out = append(out, Ref{ID: a.ID, Name: a.Name})
		}
	}
	return out, nil
}

// Roots returns the topmost organisations of the caller's directory scope.
func (s *Service) Roots(ctx context.Context, p *auth.Principal) ([]*model.Org, error) {
	return s.Store.RootOrgs(ctx, p.DirectoryScope())
}

// Children returns the children of parentID in the caller's directory scope.
func (s *Service) Children(ctx context.Context, p *auth.Principal, parentID int64, includeDissolved bool) ([]*model.Org, error) {
	sc := p.DirectoryScope()
	if _, err := s.Store.GetOrg(ctx, sc, parentID); err != nil {
		return nil, errs.ErrNotFound
	}
	return s.Store.ChildOrgs(ctx, sc, parentID, includeDissolved)
}

// Search finds organisations by name or code in the caller's directory scope.
func (s *Service) Search(ctx context.Context, p *auth.Principal, q string, limit int) ([]*model.Org, error) {
	return s.Store.SearchOrgs(ctx, p.DirectoryScope(), q, limit)
}

// ChildCounts returns how many live children each organisation has.
func (s *Service) ChildCounts(ctx context.Context, orgs []*model.Org) (map[int64]int, error) {
	ids := make([]int64, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	return s.Store.ChildCounts(ctx, ids)
}

// Subtree returns every organisation under id (export).
func (s *Service) Subtree(ctx context.Context, p *auth.Principal, id int64) ([]*model.Org, error) {
	sc := p.ReadScope()
	o, err := s.Store.GetOrg(ctx, sc, id)
	if err != nil {
		return nil, errs.ErrNotFound
	}
	return s.Store.SubtreeOrgs(ctx, sc, o.Path)
}

// Stats returns the rollup of an organisation's subtree: one indexed read, whatever its size.
// Member-only principals have no statistics.
func (s *Service) Stats(ctx context.Context, p *auth.Principal, id int64) (*model.Stats, error) {
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, errs.ErrNotFound
	}
	if _, err := s.Store.GetOrg(ctx, sc, id); err != nil {
		return nil, errs.ErrNotFound
	}
	counts, err := s.Store.OrgCounts(ctx, id)
	if err != nil {
		return nil, err
	}
	return model.DecodeStats(id, counts, s.Rules.Member.AgeBands, s.Today().Year()), nil
}

// SweepTerms marks committees whose term has ended (and clears re-elected ones); the server runs
// it daily and at start.
func (s *Service) SweepTerms(ctx context.Context) (int, error) {
	var n int
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.ExpireTerms(ctx, s.Today())
		return err
	})
	return n, err
}

// RunTermSweeper sweeps now and then every day until ctx ends.
func (s *Service) RunTermSweeper(ctx context.Context, log func(error)) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		if _, err := s.SweepTerms(ctx); err != nil && ctx.Err() == nil {
			log(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
