package demo

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/pinyin"
	"dangjian/internal/rules"
)

var today = model.NewDate(2026, 11, 23)

func generate(t testing.TB, n int, seed int64) (*MemorySink, Summary) {
	t.Helper()
	s := &MemorySink{}
	sum, err := Generate(context.Background(), Options{Members: n, Seed: seed, Today: today}, s)
	if err != nil {
		t.Fatal(err)
	}
	return s, sum
}

// digest hashes every field of every organisation and member, and the summary.
func digest(t *testing.T, s *MemorySink, sum Summary) [32]byte {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, o := range s.Orgs {
		if err := enc.Encode(o); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range s.Members {
		h.Write([]byte(m.OrgPath)) // not in the JSON form
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Encode(sum); err != nil {
		t.Fatal(err)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

func TestDeterministic(t *testing.T) {
	a, sa := generate(t, 3000, 7)
	b, sb := generate(t, 3000, 7)
	c, sc := generate(t, 3000, 8)
	if digest(t, a, sa) != digest(t, b, sb) {
		t.Fatal("the same seed gave two different cities")
	}
	if digest(t, a, sa) == digest(t, c, sc) {
		t.Fatal("different seeds gave the same city")
	}
}

// city is a 20,000-member city shared by the tests that only read it.
var city = struct {
	s   *MemorySink
	sum Summary
}{}

func bigCity(t *testing.T) (*MemorySink, Summary) {
	if city.s == nil {
		city.s, city.sum = generate(t, 20000, 1)
	}
	return city.s, city.sum
}

func TestTree(t *testing.T) {
	s, sum := bigCity(t)
	if sum.Orgs != len(s.Orgs) || sum.Orgs < 800 || sum.Orgs > 1300 {
		t.Fatalf("%d organisations (summary %d) for 20000 members, want about 800-1200", len(s.Orgs), sum.Orgs)
	}
	byID := map[int64]*model.Org{}
	names := map[string]bool{}
	maxDepth := 0
	for i, o := range s.Orgs {
		if o.ID != int64(i+1) {
			t.Fatalf("org %d arrives as number %d", o.ID, i+1)
		}
		if i == 0 {
			if o.Type != model.MunicipalCommittee || o.Path != "/1/" || o.ParentID != 0 || o.Depth != 0 {
				t.Fatalf("root %+v", o)
			}
		} else {
			p := byID[o.ParentID]
			if p == nil {
				t.Fatalf("org %d arrives before its parent %d", o.ID, o.ParentID)
			}
			if o.Path != model.ChildPath(p.Path, o.ID) || o.Depth != p.Depth+1 {
				t.Fatalf("org %d path %s depth %d under %s depth %d", o.ID, o.Path, o.Depth, p.Path, p.Depth)
			}
			if p.Type.IsBranchLevel() && o.Type != model.PartyGroup {
				t.Fatalf("org %d (%s) under branch %d", o.ID, o.Type, p.ID)
			}
			if o.Type == model.PartyGroup && p.Type != model.Branch {
				t.Fatalf("party group %d under %s", o.ID, p.Type)
			}
			if o.FoundedOn.Before(p.FoundedOn) {
				t.Fatalf("org %d founded %s before its parent (%s)", o.ID, o.FoundedOn, p.FoundedOn)
			}
		}
		maxDepth = max(maxDepth, o.Depth)
		if !o.Type.Valid() || !o.UnitType.Valid() || o.Name == "" || o.ShortName == "" || o.UnitName == "" ||
			o.Address == "" || o.Phone == "" || len(o.Code) != 14 || o.FoundedOn.IsZero() || today.Before(o.FoundedOn) {
			t.Fatalf("org %d incomplete: %+v", o.ID, o)
		}
		if strings.ContainsAny(o.Name, "0123456789") {
			t.Errorf("org %d name has digits: %s", o.ID, o.Name)
		}
		if names[o.Name] {
			t.Errorf("org name %s given twice", o.Name)
		}
		names[o.Name] = true
		if o.TermYears > 0 {
			if o.TermStart.Before(o.FoundedOn) || today.Before(o.TermStart) {
				t.Fatalf("org %d term starts %s, founded %s", o.ID, o.TermStart, o.FoundedOn)
			}
			if o.TermExpired != o.TermEnd().Before(today) {
				t.Fatalf("org %d term %s+%d marked expired=%v", o.ID, o.TermStart, o.TermYears, o.TermExpired)
			}
		}
		byID[o.ID] = o
	}
	if maxDepth < 3 || maxDepth > 5 {
		t.Errorf("the tree is %d levels deep, want 4 to 6", maxDepth+1)
	}
	for _, typ := range model.OrgTypes {
		if sum.ByType[typ] == 0 {
			t.Errorf("no organisation of type %s", typ)
		}
	}
	industries := map[string]bool{}
	for _, o := range s.Orgs {
		if o.Industry != "" {
			industries[o.Industry] = true
		}
	}
	for _, ind := range rules.MustDefault().Codes.KeyIndustries {
		if !industries[ind.Code] {
			t.Errorf("no organisation in the key industry %s", ind.Code)
		}
		delete(industries, ind.Code)
	}
	if len(industries) > 0 {
		t.Errorf("unknown industries %v", industries)
	}
}

func TestMembers(t *testing.T) {
	s, sum := bigCity(t)
	if len(s.Members) != 20000 || sum.Members != 20000 {
		t.Fatalf("%d members generated (summary %d), want exactly 20000", len(s.Members), sum.Members)
	}
	rs := rules.MustDefault()
	regions := map[string]bool{}
	for _, d := range districts {
		regions[d.region] = true
	}
	byID := map[int64]*model.Org{}
	for _, o := range s.Orgs {
		byID[o.ID] = o
	}
	ids := make(map[string]bool, len(s.Members))
	women, minorities, college, probationary, notNormal := 0, 0, 0, 0, 0
	for i, m := range s.Members {
		o := byID[m.OrgID]
		if o == nil || !o.Type.IsBranchLevel() || o.Type == model.PartyGroup || m.OrgPath != o.Path || m.OrgName != o.Name {
			t.Fatalf("member %s placed in %+v", m.Name, o)
		}
		info, err := model.ParseIDNumber(m.IDNumber)
		if err != nil || info.BirthDate != m.BirthDate || info.Sex != m.Sex || !regions[info.Region] {
			t.Fatalf("member %s: ID %s invalid or disagrees with %s %s (%v)", m.Name, m.IDNumber, m.BirthDate, m.Sex, err)
		}
		if ids[m.IDNumber] {
			t.Fatalf("ID number %s given twice", m.IDNumber)
		}
		ids[m.IDNumber] = true
		if age := m.BirthDate.AgeOn(today); age < 18 || age > 96 {
			t.Fatalf("member %s is %d", m.Name, age)
		}
		if !rs.KnownEthnicity(m.Ethnicity) || m.NativePlace == "" || m.Phone == "" || len(m.Phone) != 11 ||
			m.Address == "" || m.CardNo == "" || m.Occupation == "" || m.ID != 0 {
			t.Fatalf("member incomplete: %+v", m)
		}
		if i%50 == 0 && m.NameInitials != pinyin.Initials(m.Name) {
			t.Fatalf("member %s initials %q, want %q", m.Name, m.NameInitials, pinyin.Initials(m.Name))
		}
		if m.AdmittedOn.Before(m.AppliedOn) || m.BirthDate.AgeOn(m.AppliedOn) < 18 || today.Before(m.AdmittedOn) {
			t.Fatalf("member %s born %s applied %s admitted %s", m.Name, m.BirthDate, m.AppliedOn, m.AdmittedOn)
		}
		switch m.Category {
		case model.Probationary:
			probationary++
			if !m.FullOn.IsZero() || m.AdmittedOn.Before(today.AddDate(-1, 0, 0)) || o.Type == model.TemporaryBranch {
				t.Fatalf("probationary member %s admitted %s full %s in %s", m.Name, m.AdmittedOn, m.FullOn, o.Type)
			}
		case model.Full:
			if m.FullOn != m.AdmittedOn.AddDate(1, 0, 0) || today.Before(m.FullOn) {
				t.Fatalf("full member %s admitted %s full %s", m.Name, m.AdmittedOn, m.FullOn)
			}
		default:
			t.Fatalf("member %s category %q", m.Name, m.Category)
		}
		if (m.Status == model.StatusExited) != (m.ExitType != "") || m.ExitType == model.ExitProbationCancelled {
			t.Fatalf("member %s status %s exit type %q", m.Name, m.Status, m.ExitType)
		}
		if m.Status != model.StatusNormal {
			notNormal++
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
	}
	share := func(n int) float64 { return float64(n) / float64(len(s.Members)) }
	for _, c := range []struct {
		what     string
		n        int
		min, max float64
	}{{"women", women, 0.25, 0.37}, {"minorities", minorities, 0.05, 0.09}, {"college-educated", college, 0.45, 0.65},
		{"probationary", probationary, 0.015, 0.05}, {"not in normal status", notNormal, 0.01, 0.08}} {
		if x := share(c.n); x < c.min || x > c.max {
			t.Errorf("%s %.3f, want %.2f-%.2f", c.what, x, c.min, c.max)
		}
	}
}

// TestProblems checks that the planted problems are there, counted the way the alerts count:
// full and total members in the register.
func TestProblems(t *testing.T) {
	s, sum := bigCity(t)
	full, register := map[int64]int{}, map[int64]int{}
	posts := map[int64][]string{}
	for _, m := range s.Members {
		if m.Status.InRegister() {
			register[m.OrgID]++
			if m.Category == model.Full {
				full[m.OrgID]++
			}
		}
		if m.PartyPosts != "" {
			posts[m.OrgID] = append(posts[m.OrgID], m.PartyPosts)
		}
	}
	small, large, noCommittee, expired := 0, 0, 0, 0
	for _, o := range s.Orgs {
		if o.TermExpired {
			expired++
		}
		if !o.Type.IsBranchLevel() || o.Type == model.PartyGroup {
			continue
		}
		if o.Type == model.Branch && full[o.ID] < 3 {
			small++
		}
		if register[o.ID] > 50 {
			large++
		}
		if o.Type == model.Branch || o.Type == model.JointBranch {
			switch {
			case o.HasCommittee && full[o.ID] < 7:
				t.Errorf("branch %d has a committee with %d full members", o.ID, full[o.ID])
			case !o.HasCommittee && full[o.ID] >= 7:
				noCommittee++
			}
		}
		if p := posts[o.ID]; len(p) == 0 || p[0] != "支部书记" || (o.HasCommittee && len(p) < 4) || (!o.HasCommittee && len(p) > 1) {
			t.Errorf("branch %d (committee %v) posts %v", o.ID, o.HasCommittee, p)
		}
	}
	if small == 0 || large == 0 || noCommittee == 0 || expired == 0 {
		t.Fatalf("planted problems missing: small %d large %d no committee %d expired %d", small, large, noCommittee, expired)
	}
	if expired > len(s.Orgs)/20 || noCommittee > 20 {
		t.Errorf("too many problems: %d expired terms, %d missing committees", expired, noCommittee)
	}
	if len(sum.Problems) != 4 || !strings.HasPrefix(sum.Problems[0], itoa(small)+" ") ||
		!strings.HasPrefix(sum.Problems[1], itoa(large)+" ") || !strings.HasPrefix(sum.Problems[2], itoa(noCommittee)+" ") ||
		!strings.HasPrefix(sum.Problems[3], itoa(expired)+" ") {
		t.Fatalf("summary %q, counted %d %d %d %d", sum.Problems, small, large, noCommittee, expired)
	}
}

// TestSizes checks small and odd sizes: the member count is always exact.
func TestSizes(t *testing.T) {
	for _, n := range []int{1, 2, 7, 50, 137, 999, 4321} {
		s, sum := generate(t, n, int64(n))
		if len(s.Members) != n || sum.Members != n {
			t.Errorf("%d members: got %d (summary %d)", n, len(s.Members), sum.Members)
		}
	}
	if _, err := Generate(context.Background(), Options{Members: 0}, &MemorySink{}); err == nil {
		t.Error("no error for zero members")
	}
}

type batchSink struct {
	MemorySink
	batches []int
}

func (s *batchSink) AddMembers(ctx context.Context, ms []*model.Member) error {
	s.batches = append(s.batches, len(ms))
	return s.MemorySink.AddMembers(ctx, ms)
}

func TestBatches(t *testing.T) {
	s := &batchSink{}
	if _, err := Generate(context.Background(), Options{Members: 2500, Seed: 1, Today: today, BatchSize: 1000}, s); err != nil {
		t.Fatal(err)
	}
	if len(s.batches) != 3 || s.batches[0] != 1000 || s.batches[1] != 1000 || s.batches[2] != 500 {
		t.Fatalf("batches %v", s.batches)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, Options{Members: 100, Seed: 1}, &MemorySink{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestCodes(t *testing.T) {
	// The example of GB 32100: 91350100M000100Y43 (organisation code M000100Y-4).
	ex := []byte("91350100M000100Y43")
	if orgCodeCheck(ex[8:16]) != '4' || usccCheck(ex[:17]) != '3' {
		t.Fatalf("check characters %c %c, want 4 3", orgCodeCheck(ex[8:16]), usccCheck(ex[:17]))
	}
	if got := uscc("91", "210202", 12345678); len(got) != 18 || got[:16] != "9121020212345678" ||
		got[16] != orgCodeCheck([]byte(got[8:16])) || got[17] != usccCheck([]byte(got[:17])) {
		t.Fatalf("uscc %s", got)
	}
	for _, c := range []struct {
		n    int
		want string
	}{{1, "一"}, {10, "十"}, {12, "十二"}, {30, "三十"}, {45, "四十五"}, {100, "一百"}, {105, "一百零五"}, {115, "一百一十五"}, {234, "二百三十四"}} {
		if got := cn(c.n); got != c.want {
			t.Errorf("cn(%d) = %s, want %s", c.n, got, c.want)
		}
	}
	for day := daysFromCivil(1900, 1, 1); day < daysFromCivil(2100, 1, 1); day += 37 {
		y, m, d := civilFromDays(day)
		if daysFromCivil(y, m, d) != day || dayOf(dateOfDay(day)) != day {
			t.Fatalf("day %d → %d-%d-%d", day, y, m, d)
		}
	}
}

type discard struct{}

func (discard) AddOrgs(context.Context, []*model.Org) error       { return nil }
func (discard) AddMembers(context.Context, []*model.Member) error { return nil }

func BenchmarkGenerate100k(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Generate(context.Background(), Options{Members: 100000, Seed: 1, Today: today}, discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOrgLifePlan: the plan is deterministic, dated in the past except one coming meeting per
// branch, and plants the problems the alerts look for.
func TestOrgLifePlan(t *testing.T) {
	s, _ := generate(t, 3000, 7)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	var branches []LifeBranch
	byOrg := map[int64][]*model.Member{}
	for i, m := range s.Members {
		m.ID = int64(i + 1)
		byOrg[m.OrgID] = append(byOrg[m.OrgID], m)
	}
	for _, o := range s.Orgs {
		if o.Type == model.Branch && len(byOrg[o.ID]) > 0 && len(branches) < 8 {
			branches = append(branches, LifeBranch{Org: o, Members: byOrg[o.ID]})
		}
	}
	a, b := PlanOrgLife(7, now, branches), PlanOrgLife(7, now, branches)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatal("the same seed gave two plans")
	}
	coming := 0
	for _, m := range a.Meetings {
		if !m.Held {
			coming++
			if !m.Start.After(now) {
				t.Fatalf("a planned meeting in the past: %+v", m)
			}
		} else if !m.Start.Before(now) {
			t.Fatalf("a held meeting in the future: %+v", m)
		}
	}
	if coming != len(branches) || len(a.Posts) < len(branches) || len(a.Sessions) < len(branches) {
		t.Fatalf("plan: %d coming meetings, %d posts, %d sessions for %d branches", coming, len(a.Posts), len(a.Sessions), len(branches))
	}
	if len(a.Skipped) == 0 || len(a.AbsentAll) == 0 || len(a.Answers) == 0 || len(a.Acks) == 0 {
		t.Fatalf("planted problems and answers: %+v", a)
	}
}
