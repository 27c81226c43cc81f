package demo

import (
	"dangjian/internal/model"
)

var (
	ethnicities  = newWeighted(`汉族:935 满族:44 回族:7 蒙古族:5 朝鲜族:4 锡伯族:2 壮族:1 土家族:1 苗族:1`)
	nativePlaces = newWeighted(`辽宁沈阳:10 辽宁丹东:8 辽宁营口:6 辽宁鞍山:6 辽宁锦州:4 辽宁铁岭:3 辽宁朝阳:3
		山东烟台:6 山东威海:4 山东青岛:3 山东潍坊:2 吉林长春:4 吉林四平:2 黑龙江哈尔滨:4 黑龙江齐齐哈尔:2
		河北唐山:2 河南郑州:1 内蒙古赤峰:1 北京:1 江苏徐州:1`)
	phonePrefixes = split(`130 131 132 133 135 136 137 138 139 150 151 152 155 158 159 186 187 188 189`)
	exitTypes     = []model.ExitType{model.ExitExpelled, model.ExitWithdrew, model.ExitAdvisedOut,
		model.ExitRemovedAfterRefusing, model.ExitSelfLapse, model.ExitSelfLapse, model.ExitNotRecognised}
	committeePosts = []string{"支部书记", "组织委员", "宣传委员", "纪检委员", "支部副书记"}
)

// member fills m as the i-th member of branch b. All its own strings share one allocation.
func (g *generator) member(m *model.Member, b *branch, i int) error {
	r := g.rng
	p := b.prof
	o := b.org
	k := b.kinds[i]
	status := model.Statuses[k&^kindProbationary]
	probationary := k&kindProbationary != 0
	female := r.IntN(100) < p.female
	age := p.drawAge(r)
	switch {
	case status == model.StatusDeceased:
		age = max(age, 66+r.IntN(26))
	case probationary:
		age = min(max(p.minAge, 20)+r.IntN(16), p.maxAge)
	}
	birth := g.today - age*365 - age/4 - r.IntN(365)
	by, bm, bd := civilFromDays(birth)
	d := districts[b.district]

	buf := g.buf[:0]
	buf, g.ini = appendName(buf, g.ini[:0], r, female)
	nameEnd := len(buf)
	buf = append(buf, g.ini...)
	iniEnd := len(buf)
	buf, err := g.ids.appendID(buf, b.district, birth, by, bm, bd, female)
	if err != nil {
		return err
	}
	idEnd := len(buf)
	buf = append(buf, phonePrefixes[r.IntN(len(phonePrefixes))]...)
	buf = appendPad(buf, r.IntN(100000000), 8)
	phoneEnd := len(buf)
	if b.home != "" {
		buf = append(buf, b.home...)
		buf = appendPad(buf, 1+r.IntN(400), 1)
		buf = append(buf, "号"...)
	} else {
		buf = append(buf, "辽宁省大连市"...)
		buf = append(buf, d.name...)
		buf = append(buf, d.subs[r.IntN(len(d.subs))]...)
		buf = append(buf, d.roads[r.IntN(len(d.roads))]...)
		buf = appendPad(buf, 1+r.IntN(300), 1)
		buf = append(buf, "号"...)
		buf = appendPad(buf, 1+r.IntN(6), 1)
		buf = append(buf, "单元"...)
		buf = appendPad(buf, 1+r.IntN(18), 1)
		buf = appendPad(buf, 1+r.IntN(4), 2)
		buf = append(buf, "室"...)
	}
	addrEnd := len(buf)
	g.cardSeq++
	buf = append(buf, "DL"...)
	buf = appendPad(buf, g.cardSeq, 9)
	g.buf = buf
	s := string(buf)

	*m = model.Member{OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name,
		Name: s[:nameEnd], NameInitials: s[nameEnd:iniEnd], IDNumber: s[iniEnd:idEnd], Phone: s[idEnd:phoneEnd],
		Address: s[phoneEnd:addrEnd], CardNo: s[addrEnd:],
		Sex: model.Male, BirthDate: dateOfDay(birth), Ethnicity: ethnicities.draw(r),
		Education: p.drawEducation(r), Category: model.Full, Status: status}
	if female {
		m.Sex = model.Female
	}
	if r.IntN(100) < p.local {
		m.NativePlace = "辽宁大连"
	} else {
		m.NativePlace = nativePlaces.draw(r)
	}
	switch m.Education {
	case model.EduPostgraduate:
		m.Degree = model.DegreeMaster
		if r.IntN(100) < 15 {
			m.Degree = model.DegreeDoctor
		}
	case model.EduUndergraduate:
		if r.IntN(100) < 92 {
			m.Degree = model.DegreeBachelor
		}
	}
	job := p.occupations[r.IntN(len(p.occupations))]
	m.Occupation = job.name
	if job.atUnit {
		m.WorkUnit = o.UnitName
		if len(job.posts) > 0 && r.IntN(4) != 0 {
			m.WorkPost = job.posts[r.IntN(len(job.posts))]
		}
	}
	if status == model.StatusExited {
		m.ExitType = exitTypes[r.IntN(len(exitTypes))]
	}
	switch {
	case i == 0:
		m.PartyPosts = committeePosts[0]
	case o.HasCommittee && i < 4, o.HasCommittee && i == 4 && b.size >= 30:
		m.PartyPosts = committeePosts[i]
	}
	g.joinDates(m, birth, by, bm, bd, probationary)
	return nil
}

// joinDates sets the application, admission and conversion dates. Probationary members were
// admitted within the last year; full members at 18½ to about 35, a year before conversion,
// and applied one to four years before admission, never before turning 18.
func (g *generator) joinDates(m *model.Member, birth, by, bm, bd int, probationary bool) {
	r := g.rng
	adult := daysFromCivil(by+18, bm, bd)
	var admitted int
	if probationary {
		m.Category = model.Probationary
		admitted = g.today - 7 - r.IntN(355)
	} else {
		lo, latest := adult+180, g.today-400
		admitted = lo + r.IntN(max(1, min(latest-lo, 17*365)))
		admitted = min(admitted, latest)
		m.FullOn = dateOfDay(addYears(admitted, 1))
	}
	applied := admitted - 365 - r.IntN(3*365)
	if applied < adult {
		applied = adult + r.IntN(max(1, admitted-adult+1))
	}
	m.AdmittedOn, m.AppliedOn = dateOfDay(admitted), dateOfDay(applied)
}
