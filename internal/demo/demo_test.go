package demo

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"testing"

	"dangjian/internal/model"
)

func generate(t testing.TB, n int, seed int64) (*MemorySink, Summary) {
	t.Helper()
	s := &MemorySink{}
	sum, err := Generate(context.Background(), Options{Members: n, Seed: seed, Today: model.NewDate(2026, 11, 23)}, s)
	if err != nil {
		t.Fatal(err)
	}
	return s, sum
}

func digest(s *MemorySink) [32]byte {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, o := range s.Orgs {
		enc.Encode(o)
	}
	for _, m := range s.Members {
		enc.Encode(m)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

func TestDeterministic(t *testing.T) {
	a, _ := generate(t, 3000, 7)
	b, _ := generate(t, 3000, 7)
	c, _ := generate(t, 3000, 8)
	if digest(a) != digest(b) {
		t.Fatal("the same seed gave two different cities")
	}
	if digest(a) == digest(c) {
		t.Fatal("different seeds gave the same city")
	}
}

func TestCityShape(t *testing.T) {
	s, sum := generate(t, 20000, 1)
	if len(s.Members) != 20000 || sum.Members != 20000 {
		t.Fatalf("%d members generated, want exactly 20000", len(s.Members))
	}
	if sum.Orgs < 600 || sum.Orgs > 1600 {
		t.Fatalf("%d organisations for 20000 members", sum.Orgs)
	}
	byID := map[int64]*model.Org{}
	for _, o := range s.Orgs {
		if o.ParentID != 0 {
			p := byID[o.ParentID]
			if p == nil {
				t.Fatalf("org %d arrives before its parent", o.ID)
			}
			if o.Path != model.ChildPath(p.Path, o.ID) || o.Depth != p.Depth+1 {
				t.Fatalf("org %d path %s under %s", o.ID, o.Path, p.Path)
			}
		}
		if o.Depth > 5 {
			t.Fatalf("org %d is %d deep", o.ID, o.Depth)
		}
		byID[o.ID] = o
	}
	for _, typ := range []model.OrgType{model.MunicipalCommittee, model.DistrictCommittee, model.CountyCommittee,
		model.PrimaryCommittee, model.WorkingCommittee, model.LeadingGroup, model.GeneralBranch, model.Branch,
		model.JointBranch, model.TemporaryBranch, model.PartyGroup} {
		if sum.ByType[typ] == 0 {
			t.Errorf("no organisation of type %s", typ)
		}
	}
	ids := map[string]bool{}
	women, minorities, college := 0, 0, 0
	perOrg := map[int64]int{}
	for _, m := range s.Members {
		o := byID[m.OrgID]
		if o == nil || !o.Type.IsBranchLevel() || m.OrgPath != o.Path {
			t.Fatalf("member %s placed in %v", m.Name, o)
		}
		info, err := model.ParseIDNumber(m.IDNumber)
		if err != nil || info.BirthDate != m.BirthDate || info.Sex != m.Sex {
			t.Fatalf("member %s: ID %s invalid or disagrees (%v)", m.Name, m.IDNumber, err)
		}
		if ids[m.IDNumber] {
			t.Fatalf("ID number %s given twice", m.IDNumber)
		}
		ids[m.IDNumber] = true
		if m.BirthDate.AgeOn(m.AppliedOn) < 18 || (!m.FullOn.IsZero() && m.FullOn.Before(m.AdmittedOn)) {
			t.Fatalf("member %s: dates %s %s %s %s", m.Name, m.BirthDate, m.AppliedOn, m.AdmittedOn, m.FullOn)
		}
		if m.Sex == model.Female {
			women++
		}
		if m.Ethnicity != "汉族" {
			minorities++
		}
		switch m.Education {
		case model.EduPostgraduate, model.EduUndergraduate, model.EduJuniorCollege:
			college++
		}
		perOrg[m.OrgID]++
	}
	share := func(n int) float64 { return float64(n) / float64(len(s.Members)) }
	if w := share(women); w < 0.25 || w > 0.40 {
		t.Errorf("women %.2f", w)
	}
	if m := share(minorities); m < 0.03 || m > 0.12 {
		t.Errorf("minorities %.2f", m)
	}
	if c := share(college); c < 0.40 || c > 0.75 {
		t.Errorf("college-educated %.2f", c)
	}
	small, large, expired := false, false, false
	for id, n := range perOrg {
		if byID[id].Type == model.Branch && n < 3 {
			small = true
		}
		if n > 50 {
			large = true
		}
	}
	for _, o := range s.Orgs {
		expired = expired || o.TermExpired
	}
	if !small || !large || !expired {
		t.Fatalf("planted problems missing: small %v large %v expired %v (%v)", small, large, expired, sum.Problems)
	}
}

func BenchmarkGenerate100k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Generate(context.Background(), Options{Members: 100000, Seed: 1, Today: model.NewDate(2026, 11, 23)}, discard{})
	}
}

type discard struct{}

func (discard) AddOrgs(context.Context, []*model.Org) error       { return nil }
func (discard) AddMembers(context.Context, []*model.Member) error { return nil }
