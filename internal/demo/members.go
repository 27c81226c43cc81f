package demo

import (
	"strconv"

	"dangjian/internal/model"
	"dangjian/internal/pinyin"
)

var committeePosts = []string{"组织委员", "宣传委员", "纪检委员", "青年委员"}

// member generates the i-th member of branch b.
func (g *generator) member(b *branch, i int) *model.Member {
	p := b.profile
	r := g.rng
	female := r.IntN(100) < p.female
	sex := model.Male
	if female {
		sex = model.Female
	}
	age := p.minAge + triangular(r.IntN(p.maxAge-p.minAge+1), r.IntN(p.maxAge-p.minAge+1))
	birth := g.opt.Today.AddDate(-age, -r.IntN(12), -r.IntN(28))
	region := districts[b.region].region
	m := &model.Member{
		OrgID: b.org.ID, OrgPath: b.org.Path, OrgName: b.org.Name,
		Name: g.name(female), Sex: sex, BirthDate: birth, Ethnicity: g.ethnicity(),
		IDNumber:    g.ids.next(region, birth, female),
		NativePlace: pick(r, nativePlaces), Education: g.education(p), Occupation: pick(r, p.occupations),
		WorkUnit: b.org.UnitName, Phone: g.phone(), Category: model.Full, Status: model.StatusNormal,
	}
	if p.retired {
		m.WorkUnit = ""
	}
	switch m.Education {
	case model.EduPostgraduate:
		m.Degree = model.DegreeMaster
		if r.IntN(5) == 0 {
			m.Degree = model.DegreeDoctor
		}
	case model.EduUndergraduate:
		m.Degree = model.DegreeBachelor
	}
	m.Address = "辽宁省大连市" + districts[b.region].name + pick(r, roads) + strconv.Itoa(1+r.IntN(300)) + "号"
	g.joinDates(m, age)
	g.status(m)
	if m.Status.InRegister() && m.Category == model.Full {
		b.full++
	}
	switch {
	case i == 0:
		m.PartyPosts = "支部书记"
		if b.org.Type == model.PartyGroup {
			m.PartyPosts = "党小组组长"
		}
	case b.org.HasCommittee && i <= 3:
		m.PartyPosts = committeePosts[i-1]
	}
	g.cardSeq++
	m.CardNo = "DL" + strconv.Itoa(20000000+g.cardSeq)
	m.NameInitials = pinyin.Initials(m.Name)
	return m
}

// triangular averages two uniform draws, which centres ages in the profile's range.
func triangular(a, b int) int { return (a + b) / 2 }

func (g *generator) name(female bool) string {
	given := givenMale
	if female {
		given = givenFemale
	}
	n := pick(g.rng, surnames) + pick(g.rng, given)
	if g.rng.IntN(3) != 0 {
		n += pick(g.rng, given)
	}
	return n
}

func (g *generator) ethnicity() string {
	r := g.rng.IntN(1000)
	for _, e := range ethnicities {
		if r < e.weight {
			return e.name
		}
		r -= e.weight
	}
	return "汉族"
}

var phonePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "155", "158", "159", "186", "187", "188", "189"}

func (g *generator) phone() string {
	return pick(g.rng, phonePrefixes) + strconv.Itoa(10000000+g.rng.IntN(90000000))
}

// joinDates sets application, admission and conversion dates consistent with the member's
// age; about 3% are probationary members admitted within the last year.
func (g *generator) joinDates(m *model.Member, age int) {
	r := g.rng
	today := g.opt.Today
	if age >= 20 && r.IntN(100) < 3 {
		m.Category = model.Probationary
		m.AdmittedOn = today.AddDate(0, -1-r.IntN(11), -r.IntN(28))
		m.AppliedOn = m.AdmittedOn.AddDate(-1-r.IntN(2), -r.IntN(12), 0)
		if m.BirthDate.AgeOn(m.AppliedOn) < 18 {
			m.AppliedOn = m.BirthDate.AddDate(18, 1, 0)
		}
		return
	}
	admitAge := 19 + r.IntN(max(1, min(age-19, 27)))
	if admitAge > age-1 {
		admitAge = age - 1
	}
	m.AdmittedOn = m.BirthDate.AddDate(admitAge, r.IntN(12), r.IntN(28))
	if !m.AdmittedOn.Before(today.AddDate(-1, 0, -1)) {
		m.AdmittedOn = today.AddDate(-1, 0, -30)
	}
	m.FullOn = m.AdmittedOn.AddDate(1, 0, 0)
	m.AppliedOn = m.AdmittedOn.AddDate(-1, -r.IntN(12), 0)
	if m.BirthDate.AgeOn(m.AppliedOn) < 18 {
		m.AppliedOn = m.BirthDate.AddDate(18, 0, 1)
	}
}

// status gives most members the normal status and a few each of the others.
func (g *generator) status(m *model.Member) {
	switch r := g.rng.IntN(1000); {
	case r < 15:
		m.Status = model.StatusMobile
	case r < 20:
		m.Status = model.StatusAbroad
	case r < 25:
		m.Status = model.StatusLostContact
	case r < 28:
		m.Status = model.StatusSuspended
	case r < 32:
		m.Status = model.StatusTransferredOut
	case r < 35:
		m.Status = model.StatusExited
		m.ExitType = model.ExitTypes[g.rng.IntN(len(model.ExitTypes))]
		if m.Category == model.Probationary {
			m.ExitType = model.ExitProbationCancelled
		}
	case r < 40 && m.BirthDate.AgeOn(g.opt.Today) > 60:
		m.Status = model.StatusDeceased
	}
}
