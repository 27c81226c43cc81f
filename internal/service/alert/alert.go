// Package alert keeps the alerts (预警/提醒) an organisation must act on. Each area registers a
// Generator for the kinds it owns; a run recomputes every kind from the base data and replaces
// the open alerts, so an alert exists exactly while its condition holds.
package alert

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Generator computes, for the whole tree, every alert of the kinds it owns that holds today.
type Generator interface {
	// Kinds lists the alert kinds the generator owns; no two generators share a kind.
	Kinds() []string
	// Generate returns the alerts that hold on day today. Each must carry one of Kinds, an
	// organisation (OrgID and OrgPath) and a subject.
	Generate(ctx context.Context, today model.Date) ([]model.Alert, error)
}

// Service keeps the alerts.
type Service struct {
	Store *store.Store
	// Today returns the current date (tests fix it).
	Today func() model.Date

	mu         sync.Mutex
	generators []Generator
}

// New returns the alert service with no generators.
func New(s *store.Store) *Service {
	return &Service{Store: s, Today: func() model.Date { return model.DateOf(time.Now()) }}
}

// Register adds a generator. It panics when a kind is already owned (a wiring mistake).
func (s *Service) Register(g Generator) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range g.Kinds() {
		for _, h := range s.generators {
			if slices.Contains(h.Kinds(), k) {
				panic("alert: kind " + k + " registered twice")
			}
		}
	}
	s.generators = append(s.generators, g)
}

// Kinds lists every registered kind.
func (s *Service) Kinds() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, g := range s.generators {
		out = append(out, g.Kinds()...)
	}
	slices.Sort(out)
	return out
}

// RunResult counts what a run changed.
type RunResult struct {
	Generators int   `json:"generators"`
	Open       int   `json:"open"`
	Raised     int   `json:"raised"`
	Updated    int   `json:"updated"`
	Cleared    int   `json:"cleared"`
	Millis     int64 `json:"millis"`
}

// Run recomputes every registered kind for day today, one transaction per generator, so a
// failing generator leaves its previous alerts in place and the others still run.
func (s *Service) Run(ctx context.Context, today model.Date) (RunResult, error) {
	start := time.Now()
	s.mu.Lock()
	gens := slices.Clone(s.generators)
	s.mu.Unlock()
	var res RunResult
	var failed []error
	for _, g := range gens {
		alerts, err := g.Generate(ctx, today)
		if err == nil {
			err = check(g.Kinds(), alerts)
		}
		if err == nil {
			err = s.Store.InTx(ctx, func(tx *store.Tx) error {
				r, err := tx.ReplaceAlerts(ctx, g.Kinds(), alerts)
				res.Raised, res.Updated, res.Cleared = res.Raised+r.Raised, res.Updated+r.Updated, res.Cleared+r.Cleared
				return err
			})
		}
		if err != nil {
			failed = append(failed, fmt.Errorf("alerts %v: %w", g.Kinds(), err))
			continue
		}
		res.Generators++
		res.Open += len(alerts)
	}
	res.Millis = time.Since(start).Milliseconds()
	if len(failed) > 0 {
		return res, fmt.Errorf("%v", failed)
	}
	return res, nil
}

// check refuses alerts a generator has no right to, or that lack what the store needs.
func check(kinds []string, alerts []model.Alert) error {
	for _, a := range alerts {
		switch {
		case !slices.Contains(kinds, a.Kind):
			return fmt.Errorf("generator returned foreign kind %q", a.Kind)
		case a.OrgID == 0 || a.OrgPath == "":
			return fmt.Errorf("alert %s for %s %d has no organisation", a.Kind, a.SubjectType, a.SubjectID)
		case a.SubjectType == "":
			return fmt.Errorf("alert %s has no subject", a.Kind)
		case !a.Severity.Valid():
			return fmt.Errorf("alert %s has severity %q", a.Kind, a.Severity)
		}
	}
	return nil
}

// RunDaily runs now and then every day until ctx ends.
func (s *Service) RunDaily(ctx context.Context, log func(error)) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		if _, err := s.Run(ctx, s.Today()); err != nil && ctx.Err() == nil {
			log(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Query selects alerts for a list.
type Query struct {
	// OrgID is the subtree root; 0 means the caller's whole scope.
	OrgID int64
	// Kind is an exact kind or a prefix ending in "." ("development.").
	Kind       string
	Severity   model.AlertSeverity
	Page, Size int
}

// subtree resolves the query's organisation inside the caller's read scope.
func (s *Service) subtree(ctx context.Context, sc store.Scope, orgID int64) (string, error) {
	if orgID == 0 {
		return "", nil
	}
	o, err := s.Store.GetOrg(ctx, sc, orgID)
	if err != nil {
		return "", errs.ErrNotFound
	}
	return o.Path, nil
}

// filter builds the store filter of a caller: subtree alerts for business roles; for a member
// seeing only themselves, the alerts about that member alone.
func (s *Service) filter(ctx context.Context, p *auth.Principal, orgID int64) (store.Scope, store.AlertFilter, error) {
	sc := p.ReadScope()
	path, err := s.subtree(ctx, sc, orgID)
	if err != nil {
		return sc, store.AlertFilter{}, err
	}
	f := store.AlertFilter{Path: path}
	if !sc.All && len(sc.Paths) == 0 {
		f.SubjectType, f.SubjectID = "member", sc.SelfMemberID
	}
	return sc, f, nil
}

// List returns the alerts under the subtree that the caller may see, most urgent first.
func (s *Service) List(ctx context.Context, p *auth.Principal, q Query) ([]*model.Alert, int64, error) {
	if q.Severity != "" && !q.Severity.Valid() {
		return nil, 0, errs.Field("severity", "alert.severity_invalid", nil)
	}
	sc, f, err := s.filter(ctx, p, q.OrgID)
	if err != nil {
		return nil, 0, err
	}
	f.Kind, f.Severity, f.Limit, f.Offset = q.Kind, q.Severity, q.Size, (q.Page-1)*q.Size
	return s.Store.ListAlerts(ctx, sc, f)
}

// Summary counts the alerts under the subtree by kind and severity.
func (s *Service) Summary(ctx context.Context, p *auth.Principal, orgID int64) ([]model.AlertCount, error) {
	sc, f, err := s.filter(ctx, p, orgID)
	if err != nil {
		return nil, err
	}
	return s.Store.CountAlerts(ctx, sc, f)
}

// CanRun reports whether the caller may run the generators on demand (administrators and
// organisation-department staff).
func CanRun(p *auth.Principal) bool { return p.HasRole(model.RoleAdmin, model.RoleStaff) }
