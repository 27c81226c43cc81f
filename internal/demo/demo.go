// Package demo generates a deterministic synthetic city for demonstrations, tests and
// benchmarks, modelled on Dalian: the municipal committee, its districts and counties, streets
// and townships, communities and villages, government organs, public institutions, state-owned
// enterprises, non-public enterprises in the ten key industries, social organisations, joint
// and temporary branches — and their members, with realistic names, valid and unique ID
// numbers, and a few deliberate problems for the alerts to find. Every name and person is
// fictional. The same options always give the same city.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
)

// Sink receives the generated city. Orgs arrive parents before children, with ID, ParentID,
// Depth and Path already set (ids 1..N in generation order, Path via model.ChildPath).
// Members arrive in batches after all organisations, without IDs (the store assigns them).
// A sink may keep the organisations and members it is given, but not the slices.
type Sink interface {
	AddOrgs(ctx context.Context, orgs []*model.Org) error
	AddMembers(ctx context.Context, members []*model.Member) error
}

// Options size and seed the city.
type Options struct {
	// Members is the exact number of members generated; organisations scale with it
	// (about one branch per 25 members).
	Members int
	// Seed selects the city: the same seed, Members and Today give the same city.
	Seed int64
	// Today anchors ages, admission dates and committee terms; zero means today.
	Today model.Date
	// BatchSize is the number of members per AddMembers call; zero means 5000.
	BatchSize int
}

// MaxMembers is the largest city Generate makes.
const MaxMembers = 10_000_000

// Summary describes what was generated.
type Summary struct {
	Orgs    int                   `json:"orgs"`
	Members int                   `json:"members"`
	ByType  map[model.OrgType]int `json:"by_type"`
	// Problems describes the deliberate problems planted for the alerts, one line each.
	Problems []string `json:"problems"`
	// Phases are how long each part of writing the city took, in order (set by the writer).
	Phases []Phase `json:"phases,omitempty"`
}

// Phase is one timed part of writing the demo city.
type Phase struct {
	Name     string        `json:"name"`
	Duration time.Duration `json:"duration"`
}

const orgBatch = 5000

// Generate builds the city for opt and hands it to sink: every organisation first, then the
// members in batches.
func Generate(ctx context.Context, opt Options, sink Sink) (Summary, error) {
	if opt.Members < 1 || opt.Members > MaxMembers {
		return Summary{}, errors.New("demo: the number of members must be between 1 and 10,000,000")
	}
	if opt.Today.IsZero() {
		opt.Today = model.DateOf(time.Now())
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 5000
	}
	g := newGenerator(opt)
	if err := g.buildCity(); err != nil {
		return Summary{}, err
	}
	planned := 0
	for _, b := range g.branches {
		planned += b.size
	}
	if planned != opt.Members {
		return Summary{}, fmt.Errorf("demo: planned %d members instead of %d", planned, opt.Members)
	}
	g.planMembers()
	for start := 0; start < len(g.orgs); start += orgBatch {
		if err := ctx.Err(); err != nil {
			return Summary{}, err
		}
		if err := sink.AddOrgs(ctx, g.orgs[start:min(start+orgBatch, len(g.orgs))]); err != nil {
			return Summary{}, err
		}
	}
	var slab []model.Member
	var batch []*model.Member
	left := opt.Members
	for _, b := range g.branches {
		for i := 0; i < b.size; i++ {
			if len(slab) == 0 {
				n := min(opt.BatchSize, left)
				slab, batch = make([]model.Member, n), make([]*model.Member, 0, n)
			}
			m := &slab[0]
			slab = slab[1:]
			left--
			if err := g.member(m, b, i); err != nil {
				return Summary{}, err
			}
			batch = append(batch, m)
			if len(batch) == cap(batch) {
				if err := ctx.Err(); err != nil {
					return Summary{}, err
				}
				if err := sink.AddMembers(ctx, batch); err != nil {
					return Summary{}, err
				}
				batch = nil
			}
		}
	}
	return g.summary(), nil
}

// generator holds the state of one generation.
type generator struct {
	opt      Options
	rng      *rand.Rand
	rules    *rules.OrgRules
	today    int // day number of opt.Today
	orgs     []*model.Org
	branches []*branch
	kinds    []uint8 // every member's category and status, branch after branch
	used     map[string]bool
	need     plannedProblems
	ids      *idAllocator
	schoolNo int
	cardSeq  int
	buf, ini []byte
}

func newGenerator(opt Options) *generator {
	today := dayOf(opt.Today)
	regions := make([]string, len(districts))
	for i, d := range districts {
		regions[i] = d.region
	}
	return &generator{
		opt:   opt,
		rng:   rand.New(rand.NewPCG(uint64(opt.Seed), 0xda1a_5eed_c17e_0411)),
		rules: &rules.MustDefault().Org,
		today: today,
		used:  map[string]bool{},
		need:  plannedProblems{small: true, large: true, noCommittee: true, expired: true},
		ids:   newIDAllocator(regions, today-100*366, today),
		buf:   make([]byte, 0, 256),
		ini:   make([]byte, 0, 8),
	}
}

func (g *generator) summary() Summary {
	s := Summary{Orgs: len(g.orgs), ByType: map[model.OrgType]int{}, Problems: g.problems()}
	for _, o := range g.orgs {
		s.ByType[o.Type]++
	}
	for _, b := range g.branches {
		s.Members += b.size
	}
	return s
}
