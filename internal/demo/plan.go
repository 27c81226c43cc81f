package demo

import (
	"strconv"
	"strings"

	"dangjian/internal/model"
)

// branch is a member-holding organisation with its planned members.
type branch struct {
	org      *model.Org
	prof     *profile
	district int    // index into districts: the members' region
	home     string // members' address stem, when they all live in one village
	size     int
	large    bool    // planted: one branch of more than 50 members
	kinds    []uint8 // per member: index into model.Statuses, | kindProbationary
	full     int     // full members in the register
	register int     // members in the register
}

const kindProbationary = 0x80

// Indexes into model.Statuses.
const (
	kNormal uint8 = iota
	kMobile
	kAbroad
	kLostContact
	kSuspended
	kTransferredOut
	kExited
	kDeceased
)

// plannedProblems tracks the deliberate problems that must appear at least once; each is
// planted at the first chance and then at random.
type plannedProblems struct{ small, large, noCommittee, expired bool }

// planMembers decides every member's category and status before any organisation is handed
// out, so that HasCommittee can follow the number of full members (rules §1.4: a branch with
// at least 7 full members has a committee). A few branches with 7 or more full members are
// left without one (planted).
func (g *generator) planMembers() {
	g.kinds = make([]uint8, g.opt.Members)
	committeeAt := g.rules.CommitteeRequiredAtFull
	off := 0
	for _, b := range g.branches {
		b.kinds = g.kinds[off : off+b.size : off+b.size]
		off += b.size
		g.planKinds(b)
		o := b.org
		if o.Type == model.Branch || o.Type == model.JointBranch {
			o.HasCommittee = b.full >= committeeAt
			if o.HasCommittee && o.Type == model.Branch && !b.large && (g.need.noCommittee || g.rng.IntN(1000) < 5) {
				o.HasCommittee, g.need.noCommittee = false, false
			}
			if !o.HasCommittee {
				o.Name = strings.TrimSuffix(o.Name, "委员会")
			}
		}
	}
}

// planKinds draws the category and status of each member of b. The first members (the
// secretary and the committee) are full members in good standing.
func (g *generator) planKinds(b *branch) {
	r := g.rng
	lead := 1
	if b.size >= 7 {
		lead = 4
	}
	if b.size >= 30 {
		lead = 5
	}
	p := b.prof
	probationary := 0
	if p.probationary && b.org.Type != model.TemporaryBranch {
		probationary = 30
	}
	deceased := 0
	if p.maxAge >= 75 {
		deceased = 5
	}
	b.full, b.register = 0, 0
	for i := range b.kinds {
		k := kNormal
		if i >= lead {
			x := r.IntN(1000)
			switch {
			case x < probationary:
				k = kindProbationary
				if x < probationary/25 {
					k |= kMobile
				}
			case x < probationary+p.mobile:
				k = kMobile
			case x < probationary+p.mobile+4:
				k = kAbroad
			case x < probationary+p.mobile+8:
				k = kLostContact
			case x < probationary+p.mobile+10:
				k = kSuspended
			case x < probationary+p.mobile+13:
				k = kTransferredOut
			case x < probationary+p.mobile+15:
				k = kExited
			case x < probationary+p.mobile+15+deceased:
				k = kDeceased
			}
		}
		b.kinds[i] = k
	}
	// A planted large branch must have more than 50 members in the register.
	for i := len(b.kinds) - 1; b.large && i >= 0 && g.registerCount(b) <= 50; i-- {
		if !model.Statuses[b.kinds[i]&^kindProbationary].InRegister() {
			b.kinds[i] = kNormal
		}
	}
	for _, k := range b.kinds {
		if model.Statuses[k&^kindProbationary].InRegister() {
			b.register++
			if k&kindProbationary == 0 {
				b.full++
			}
		}
	}
}

func (g *generator) registerCount(b *branch) int {
	n := 0
	for _, k := range b.kinds {
		if model.Statuses[k&^kindProbationary].InRegister() {
			n++
		}
	}
	return n
}

// problems describes the deliberate problems in the plan.
func (g *generator) problems() []string {
	var small, large, noCommittee, expired []*model.Org
	committeeAt := g.rules.CommitteeRequiredAtFull
	for _, b := range g.branches {
		o := b.org
		if o.Type == model.Branch && b.full < g.rules.BranchMinFullMembers {
			small = append(small, o)
		}
		if b.register > g.rules.BranchAdvisedMaxMembers {
			large = append(large, o)
		}
		if (o.Type == model.Branch || o.Type == model.JointBranch) && b.full >= committeeAt && !o.HasCommittee {
			noCommittee = append(noCommittee, o)
		}
	}
	for _, o := range g.orgs {
		if o.TermExpired {
			expired = append(expired, o)
		}
	}
	return []string{
		describe(small, "branches with fewer than "+strconv.Itoa(g.rules.BranchMinFullMembers)+" full members"),
		describe(large, "branches with more than "+strconv.Itoa(g.rules.BranchAdvisedMaxMembers)+" members"),
		describe(noCommittee, "branches with "+strconv.Itoa(committeeAt)+" or more full members but no branch committee"),
		describe(expired, "organisations whose committee term has expired"),
	}
}

// describe writes a count and up to two examples, e.g.
// "3 branches with more than 50 members, e.g. 中共…支部委员会 (id 12)".
func describe(orgs []*model.Org, what string) string {
	s := strconv.Itoa(len(orgs)) + " " + what
	for i, o := range orgs[:min(2, len(orgs))] {
		if i == 0 {
			s += ", e.g. "
		} else {
			s += "; "
		}
		s += o.Name + " (id " + strconv.FormatInt(o.ID, 10) + ")"
	}
	return s
}
