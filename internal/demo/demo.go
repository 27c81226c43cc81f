// Package demo generates a deterministic synthetic city for demonstrations, tests and
// benchmarks: a municipal committee, its districts and counties, streets and townships,
// communities and villages, government organs, public institutions, state-owned and
// non-public enterprises in the key industries, social organisations, and their members —
// with realistic names, valid ID numbers, and a few deliberate problems for the alerts to find.
// Every name and person is fictional.
package demo

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
)

// Sink receives the generated city. Organisations arrive parents first with ID, ParentID,
// Depth and Path set; members arrive in batches after all organisations, without IDs.
type Sink interface {
	AddOrgs(ctx context.Context, orgs []*model.Org) error
	AddMembers(ctx context.Context, members []*model.Member) error
}

// Options size and seed the city.
type Options struct {
	Members   int
	Seed      int64
	Today     model.Date
	BatchSize int // members per AddMembers call; default 5000
}

// Summary describes what was generated.
type Summary struct {
	Orgs     int                   `json:"orgs"`
	Members  int                   `json:"members"`
	ByType   map[model.OrgType]int `json:"by_type"`
	Problems []string              `json:"problems"`
}

// Generate builds the city for opt and hands it to sink. The same options give the same city.
func Generate(ctx context.Context, opt Options, sink Sink) (Summary, error) {
	if opt.Members < 1 {
		return Summary{}, errors.New("demo: at least one member")
	}
	if opt.Today.IsZero() {
		opt.Today = model.DateOf(time.Now())
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 5000
	}
	g := newGenerator(opt)
	g.buildTree()
	for start := 0; start < len(g.orgs); start += 5000 {
		if err := sink.AddOrgs(ctx, g.orgs[start:min(start+5000, len(g.orgs))]); err != nil {
			return Summary{}, err
		}
	}
	batch := make([]*model.Member, 0, opt.BatchSize)
	for _, b := range g.branches {
		for i := 0; i < b.size; i++ {
			batch = append(batch, g.member(b, i))
			if len(batch) == opt.BatchSize {
				if err := sink.AddMembers(ctx, batch); err != nil {
					return Summary{}, err
				}
				batch = make([]*model.Member, 0, opt.BatchSize)
			}
		}
	}
	if len(batch) > 0 {
		if err := sink.AddMembers(ctx, batch); err != nil {
			return Summary{}, err
		}
	}
	return g.summary(), nil
}

// generator holds the state of one generation.
type generator struct {
	opt      Options
	rng      *rand.Rand
	rules    *rules.OrgRules
	orgs     []*model.Org
	branches []*branch
	ids      idAllocator
	planned  int
	problems []string
	cardSeq  int
}

// branch is a member-holding organisation with its planned size and profile.
type branch struct {
	org     *model.Org
	size    int
	profile *profile
	region  int // index into districts
	full    int // full members generated
}

func newGenerator(opt Options) *generator {
	rs := rules.MustDefault()
	return &generator{opt: opt, rng: rand.New(rand.NewPCG(uint64(opt.Seed), 0x5eed_da1a)), rules: &rs.Org,
		ids: idAllocator{used: map[uint64][2]uint16{}}}
}

func (g *generator) summary() Summary {
	s := Summary{Orgs: len(g.orgs), ByType: map[model.OrgType]int{}}
	for _, o := range g.orgs {
		s.ByType[o.Type]++
	}
	for _, b := range g.branches {
		s.Members += b.size
	}
	s.Problems = append(s.Problems, g.problems...)
	return s
}
