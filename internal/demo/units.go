package demo

import (
	"strings"

	"dangjian/internal/model"
)

// unitAt makes a unit of the district at a street (a random one when sub is empty), with a
// unified social credit code of the given kind (none when kind is empty).
func (g *generator) unitAt(ds *districtState, t model.UnitType, name, sub, kind string, since, until int) *unit {
	r := g.rng
	if sub == "" {
		sub = ds.d.subs[r.IntN(len(ds.d.subs))]
	}
	b := make([]byte, 0, 64)
	b = append(b, "大连市"...)
	b = append(b, ds.d.name...)
	b = append(b, sub...)
	b = append(b, ds.d.roads[r.IntN(len(ds.d.roads))]...)
	b = appendPad(b, 1+r.IntN(300), 1)
	b = append(b, "号"...)
	u := &unit{typ: t, name: name, region: ds.d.region, address: string(b), since: since, until: until}
	u.phone = string(appendPad([]byte("0411-8"), r.IntN(10000000), 7))
	if kind != "" {
		u.code = uscc(kind, ds.d.region, r.IntN(100000000))
	}
	return u
}

// uniq draws names (without their tail, e.g. 社区) until one is new under prefix, and falls back
// to numbering one (锦华二社区).
func (g *generator) uniq(prefix, tail string, draw func() string) string {
	for try := 0; try < 40; try++ {
		if s := draw() + tail; !g.used[prefix+s] {
			g.used[prefix+s] = true
			return s
		}
	}
	stem := draw()
	for n := 2; ; n++ {
		if s := stem + cn(n) + tail; !g.used[prefix+s] {
			g.used[prefix+s] = true
			return s
		}
	}
}

// Organisation names by type: 中共{base}支部委员会 and {short}党支部, and so on. Branches without
// a committee lose the 委员会 later (中共{base}支部).
func orgName(t model.OrgType, base string) string {
	switch t {
	case model.Branch:
		return "中共" + base + "支部委员会"
	case model.JointBranch:
		return "中共" + base + "联合支部委员会"
	case model.TemporaryBranch:
		return "中共" + base + "临时支部"
	case model.GeneralBranch:
		return "中共" + base + "总支部委员会"
	case model.LeadingGroup:
		return "中共" + base + "党组"
	}
	return "中共" + base + "委员会"
}

func shortName(t model.OrgType, short string) string {
	switch t {
	case model.Branch:
		return short + "党支部"
	case model.JointBranch:
		return short + "联合党支部"
	case model.TemporaryBranch:
		return short + "临时党支部"
	case model.GeneralBranch:
		return short + "党总支"
	case model.LeadingGroup:
		return short + "党组"
	}
	return short + "党委"
}

// spec describes how one unit's organisations are laid out.
type spec struct {
	parent      *model.Org
	base, short string
	u           *unit
	prof        *profile
	single      model.OrgType      // the type when one branch suffices
	label       func(i int) string // names the i-th branch (from 0) of a split unit
	group       func(i int) string // names the i-th general branch of a large committee (nil: none)
	retirees    bool               // a split unit keeps its retirees in their own branch
	home        string             // members' address stem (villages); else a random street
}

func numbered(suffix string) func(int) string {
	return func(i int) string { return "第" + cn(i+1) + suffix }
}

func labelled(labels []string) func(int) string {
	return func(i int) string {
		if i < len(labels) {
			return labels[i]
		}
		return labels[i%len(labels)] + cn(i/len(labels)+1)
	}
}

// layout sets up the organisations of a unit of t members: one branch up to 50 members (a
// few planted ones up to 80), a general branch up to 100, a primary committee above, whose
// branches a large enterprise groups into general branches; retirees get their own branch.
func (g *generator) layout(ds *districtState, s *spec, t int) {
	r := g.rng
	if s.single == "" {
		s.single = model.Branch
	}
	if s.label == nil {
		s.label = numbered("")
	}
	if t <= 50 || (t <= 80 && s.single == model.Branch && g.plantLarge()) {
		g.addBranch(ds, s, s.parent, s.single, s.base, s.short, s.prof, t, t > 50)
		return
	}
	retire := 0
	if s.retirees && t >= 60 {
		retire = t * (12 + r.IntN(14)) / 100
	}
	work := t - retire
	k := max(2, (work+31)/32)
	typ := model.GeneralBranch
	if t > 100 {
		typ = model.PrimaryCommittee
	}
	top := g.add(s.parent, typ, orgName(typ, s.base), shortName(typ, s.short), s.u)
	sizes := g.splitSizes(work, k)
	if s.group != nil && typ == model.PrimaryCommittee && k >= 6 {
		ng := (k + 3) / 4
		i := 0
		for j := 0; j < ng; j++ {
			lab := s.group(j)
			gb := g.add(top, model.GeneralBranch, orgName(model.GeneralBranch, s.base+lab), shortName(model.GeneralBranch, lab), s.u)
			for n := 0; i < (j+1)*k/ng; i, n = i+1, n+1 {
				bl := s.label(n)
				g.addBranch(ds, s, gb, model.Branch, s.base+lab+bl, bl, s.prof, sizes[i], false)
			}
		}
	} else {
		for i, n := range sizes {
			bl := s.label(i)
			g.addBranch(ds, s, top, model.Branch, s.base+bl, bl, s.prof, n, false)
		}
	}
	if retire > 0 {
		nr := 1 + retire/46
		for i, n := range g.splitSizes(retire, nr) {
			bl := "离退休"
			if nr > 1 {
				bl += "第" + cn(i+1)
			}
			g.addBranch(ds, s, top, model.Branch, s.base+bl, bl, retireeProfile, n, false)
		}
	}
}

// splitSizes splits total into k sizes of about total/k (±20%), each at least 3 when possible.
func (g *generator) splitSizes(total, k int) []int {
	out := make([]int, k)
	rest := total
	for i := 0; i < k-1; i++ {
		left := k - i
		avg := rest / left
		n := avg
		if j := avg / 5; j > 0 {
			n += g.rng.IntN(2*j+1) - j
		}
		n = max(min(n, rest-3*(left-1)), min(3, rest-(left-1)), 1)
		out[i] = n
		rest -= n
	}
	out[k-1] = rest
	return out
}

// plantLarge decides whether a unit of 51–80 members keeps one branch (over the advised 50).
func (g *generator) plantLarge() bool {
	if g.need.large || g.rng.IntN(100) < 6 {
		g.need.large = false
		return true
	}
	return false
}

// addBranch adds a member-holding organisation of size members; large branches of the plain
// type get two to four party groups.
func (g *generator) addBranch(ds *districtState, s *spec, parent *model.Org, t model.OrgType, base, short string,
	p *profile, size int, large bool) {
	o := g.add(parent, t, orgName(t, base), shortName(t, short), s.u)
	b := &branch{org: o, prof: p, district: ds.idx, home: s.home, size: size, large: large}
	g.branches = append(g.branches, b)
	ds.last = b
	if t == model.Branch && size > 40 && (size > 45 || g.rng.IntN(3) == 0) {
		for i := 1; i <= min(4, size/14); i++ {
			g.add(o, model.PartyGroup, base+"党支部第"+cn(i)+"党小组", "第"+cn(i)+"党小组", s.u)
		}
	}
}

// tri draws from lo to hi, centred.
func (g *generator) tri(lo, hi int) int {
	n := hi - lo + 1
	return lo + (g.rng.IntN(n)+g.rng.IntN(n))/2
}

// randomStreet returns a street (town when wantTown) of the district, any when there is none.
func (g *generator) randomStreet(ds *districtState, wantTown bool) *street {
	var c []*street
	for _, st := range ds.streets {
		if st.town == wantTown {
			c = append(c, st)
		}
	}
	if len(c) == 0 {
		c = ds.streets
	}
	return c[g.rng.IntN(len(c))]
}

func buildCommunity(g *generator, ds *districtState, rest int) int {
	st := g.randomStreet(ds, false)
	t := fit(g.tri(15, 125), rest)
	if g.rng.IntN(10) == 0 {
		t = fit(g.tri(120, 260), rest)
	}
	prefix := ds.prefix + st.name
	name := g.uniq(prefix, "社区", func() string {
		s := communityName(g.rng)
		return strings.TrimSuffix(s, "社区")
	})
	u := g.unitAt(ds, model.UnitCommunity, prefix+name+"居民委员会", st.name, "54", 0, 0)
	g.layout(ds, &spec{parent: st.org, base: prefix + name, short: name, u: u, prof: communityProfile,
		label: numbered("网格")}, t)
	return t
}

func buildVillage(g *generator, ds *districtState, rest int) int {
	st := g.randomStreet(ds, true)
	t := fit(g.tri(12, 100), rest)
	prefix := ds.prefix + st.name
	name := g.uniq(prefix, "村", func() string { return strings.TrimSuffix(villageName(g.rng), "村") })
	u := g.unitAt(ds, model.UnitVillage, prefix+name+"村民委员会", st.name, "54", 0, 0)
	u.address = "大连市" + ds.d.name + st.name + name
	p := villageProfile
	if ds.d.fishing {
		p = fishingProfile
	}
	g.layout(ds, &spec{parent: st.org, base: prefix + name, short: name, u: u, prof: p,
		label: numbered(""), home: "辽宁省" + u.address}, t)
	return t
}

// organCand is a government organ: a bureau under the organs' working committee, or a street
// office under its street.
type organCand struct {
	item   string
	street *street
}

// bureaus of a district government and the party's own organs, most important first.
var bureaus = split(`纪委监委 委办公室 委组织部 委宣传部 委统战部 委政法委员会 人民政府办公室 发展和改革局 教育局
	财政局 人力资源和社会保障局 民政局 住房和城乡建设局 卫生健康局 人民法院 人民检察院 司法局 审计局
	市场监督管理局 应急管理局 农业农村局 商务局 文化和旅游局 退役军人事务局 统计局 医疗保障局 信访局
	城市管理局 科学技术局 交通运输局 总工会 妇女联合会 工商业联合会 档案局 机关事务服务中心`)

func (g *generator) prepareCandidates(ds *districtState) {
	for _, b := range bureaus {
		ds.organCands = append(ds.organCands, organCand{item: b})
	}
	for _, st := range ds.streets {
		ds.organCands = append(ds.organCands, organCand{item: st.name, street: st})
	}
	for _, s := range split(`实验小学 第二实验小学 实验中学 外国语学校 第一中学 第二中学 职业教育中心 特殊教育学校 中心幼儿园`) {
		ds.instCands = append(ds.instCands, instCand{s, instSchool})
	}
	for _, st := range ds.streets {
		short := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(st.name, "街道"), "镇"), "乡")
		ds.instCands = append(ds.instCands, instCand{short + "小学", instSchool}, instCand{short + "中学", instSchool},
			instCand{st.name + "社区卫生服务中心", instHealth})
	}
	for _, s := range split(`人民医院 中医医院 妇幼保健院 疾病预防控制中心 精神卫生中心 中心医院`) {
		ds.instCands = append(ds.instCands, instCand{s, instHealth})
	}
	for _, s := range split(`图书馆 文化馆 融媒体中心 档案馆 公共就业和人才服务中心 退役军人服务中心 青少年活动中心
		环境卫生服务中心 不动产登记中心 城市建设服务中心 农业技术推广中心 政务服务中心`) {
		ds.instCands = append(ds.instCands, instCand{s, instOther})
	}
	ds.socialCands = split(`个体劳动者协会 慈善总会 志愿者协会 老年人体育协会 物业管理协会 餐饮行业协会 青年企业家商会
		浙江商会 福建商会 社会组织发展促进会 红十字会 文学艺术界联合会`)
}

func buildOrgan(g *generator, ds *districtState, rest int) int {
	if len(ds.organCands) == 0 {
		return 0
	}
	c := ds.organCands[0]
	ds.organCands = ds.organCands[1:]
	t := fit(ds.organMean*(60+g.rng.IntN(81))/100, rest)
	if len(ds.organCands) == 0 {
		t = rest
	}
	s := &spec{parent: ds.organs, prof: organProfile, label: numbered("")}
	if c.street != nil {
		unitName := ds.prefix + c.item + "办事处"
		if c.street.town {
			unitName = ds.prefix + c.item + "人民政府"
		}
		s.parent, s.base, s.short = c.street.org, ds.prefix+c.item+"机关", c.item+"机关"
		s.u = g.unitAt(ds, model.UnitGovernmentOrgan, unitName, c.item, "11", 0, 0)
	} else {
		s.base, s.short = ds.prefix+c.item+"机关", ds.d.level()+c.item+"机关"
		s.u = g.unitAt(ds, model.UnitGovernmentOrgan, ds.prefix+c.item, "", "11", 0, 0)
		// leading party members' groups (党组) of the government, the court, the procuratorate
		// and a few bureaus
		switch {
		case c.item == "人民政府办公室":
			g.add(ds.org, model.LeadingGroup, orgName(model.LeadingGroup, ds.prefix+"人民政府"), ds.d.level()+"政府党组", s.u)
		case c.item == "人民法院" || c.item == "人民检察院" || (strings.HasSuffix(c.item, "局") && g.rng.IntN(6) == 0):
			g.add(ds.org, model.LeadingGroup, orgName(model.LeadingGroup, ds.prefix+c.item), ds.d.level()+c.item+"党组", s.u)
		}
	}
	g.layout(ds, s, t)
	return t
}

// instCand is a public institution of the district.
type instCand struct {
	item string
	kind int
}

const (
	instSchool = iota
	instHealth
	instOther
)

func buildInstitution(g *generator, ds *districtState, rest int) int {
	var c instCand
	var name string
	if n := len(ds.instCands); n > 0 {
		i := g.rng.IntN(n)
		c = ds.instCands[i]
		ds.instCands[i] = ds.instCands[n-1]
		ds.instCands = ds.instCands[:n-1]
		name = ds.prefix + c.item
	} else {
		g.schoolNo++
		c = instCand{"第" + cn(g.schoolNo) + "中学", instSchool}
		name = "大连市" + c.item
	}
	s := &spec{parent: ds.org, base: name, short: c.item, retirees: true}
	var t int
	switch c.kind {
	case instSchool:
		t = g.tri(12, 100)
		s.parent, s.prof, s.label = ds.education, teacherProfile, labelled(split(`教师第一 教师第二 教师第三 行政后勤`))
	case instHealth:
		t = g.tri(20, 90)
		if strings.HasSuffix(c.item, "医院") {
			t = g.tri(120, 360)
		}
		s.prof, s.label = medicalProfile, labelled(split(`内科 外科 医技 护理 门诊 行政后勤`))
	default:
		t = g.tri(6, 32)
		s.prof = institutionProfile
	}
	t = fit(t, rest)
	s.u = g.unitAt(ds, model.UnitPublicInstitution, name, "", "12", daysFromCivil(1950, 1, 1), 0)
	g.layout(ds, s, t)
	return t
}

var soeSuffixes = split(`国有资产投资经营集团有限公司 城市建设发展集团有限公司 水务集团有限公司 供热有限公司 公共交通有限公司
	旅游发展集团有限公司 港口物流有限公司 农业发展有限公司 市政工程有限公司 粮食储备有限公司 海洋渔业集团有限公司
	产业投资有限公司 物业管理有限公司 城市更新有限公司`)

func buildSOE(g *generator, ds *districtState, rest int) int {
	name := g.uniq("", "", func() string {
		suffix := soeSuffixes[g.rng.IntN(len(soeSuffixes))]
		if g.rng.IntN(2) == 0 {
			return "大连" + strings.TrimSuffix(strings.TrimSuffix(ds.d.name, "区"), "市") + suffix
		}
		return "大连" + brand(g.rng) + suffix
	})
	t := fit(g.tri(30, 330), rest)
	u := g.unitAt(ds, model.UnitStateEnterprise, name, "", "91", daysFromCivil(1960, 1, 1), 0)
	g.layout(ds, &spec{parent: ds.org, base: name, short: name, u: u, prof: soeProfile, retirees: true,
		group: labelled(split(`第一分公司 第二分公司 第三分公司 运营分公司 工程分公司 机关`))}, t)
	return t
}

// industry is one of the ten key industries of seed 000: its code in codes.yaml, its name,
// how its firms are named, their size and their members' profile.
type industry struct {
	code, name string
	prefix     string // 大连 or 辽宁
	suffixes   []string
	uscc       string
	min, max   int
	prof       *profile
	label      func(int) string
}

var keyIndustries = [...]industry{
	{"private_education", "民办教育", "大连", split(`教育培训学校 外国语培训学校 艺术培训学校 实验学校`), "52", 4, 28, teacherProfile, nil},
	{"private_hospital", "民营医院", "大连", split(`医院 口腔医院 眼科医院 骨科医院 康复医院 中医医院`), "52", 4, 70, medicalProfile, labelled(split(`临床 医技 护理 行政后勤`))},
	{"law_firm", "律师", "辽宁", split(`律师事务所`), "31", 4, 30, lawyerProfile, nil},
	{"real_estate_agency", "房地产中介", "大连", split(`房地产经纪有限公司 房屋中介有限公司 置业顾问有限公司`), "91", 4, 24, agentProfile, nil},
	{"cultural_market", "文化市场", "大连", split(`文化传媒有限公司 文化娱乐有限公司 演艺有限公司 图书有限公司`), "91", 3, 18, professionalProfile, nil},
	{"construction_cost", "工程造价", "大连", split(`工程造价咨询有限公司 工程咨询有限公司 建设工程管理有限公司`), "91", 4, 22, professionalProfile, nil},
	{"private_technical_school", "民办技工学校", "大连", split(`技工学校 职业技术学校 高级技工学校`), "52", 5, 40, teacherProfile, nil},
	{"taxi", "出租汽车", "大连", split(`出租汽车有限公司 客运出租汽车有限公司`), "91", 8, 130, driverProfile, numbered("车队")},
	{"vocational_training", "职业培训", "大连", split(`职业培训学校 职业技能培训中心 人力资源培训中心`), "52", 3, 18, professionalProfile, nil},
	{"tour_guide", "导游", "大连", split(`国际旅行社有限公司 旅行社有限公司 导游服务有限公司`), "91", 3, 30, guideProfile, nil},
}

// plantSmall decides whether a small firm's branch has fewer than 3 members.
func (g *generator) plantSmall() bool {
	if g.need.small || g.rng.IntN(1000) < 25 {
		g.need.small = false
		return true
	}
	return false
}

func buildEnterprise(g *generator, ds *districtState, rest int) int {
	ind := &keyIndustries[g.rng.IntN(len(keyIndustries))]
	name := g.uniq("", "", func() string {
		return ind.prefix + brand(g.rng) + ind.suffixes[g.rng.IntN(len(ind.suffixes))]
	})
	t := g.tri(ind.min, ind.max)
	if rest >= 5 && g.plantSmall() {
		t = 1 + g.rng.IntN(2)
	}
	t = fit(t, rest)
	u := g.unitAt(ds, model.UnitNonPublicEnterprise, name, "", ind.uscc, daysFromCivil(1998, 1, 1), 0)
	u.industry = ind.code
	g.layout(ds, &spec{parent: ds.newOrgs, base: name, short: name, u: u, prof: ind.prof, label: ind.label}, t)
	return t
}

var socialKinds = split(`社会工作服务中心 养老服务中心 公益服务中心 社区服务中心 青少年服务中心`)

func buildSocial(g *generator, ds *districtState, rest int) int {
	var item string
	if n := len(ds.socialCands); n > 0 {
		item, ds.socialCands = ds.socialCands[0], ds.socialCands[1:]
		item = ds.prefix + item
	} else {
		item = g.uniq("", "", func() string {
			return ds.prefix + brand(g.rng) + socialKinds[g.rng.IntN(len(socialKinds))]
		})
	}
	t := g.tri(3, 18)
	if rest >= 5 && g.plantSmall() {
		t = 1 + g.rng.IntN(2)
	}
	t = fit(t, rest)
	kind := "51"
	if strings.HasSuffix(item, "中心") {
		kind = "52"
	}
	u := g.unitAt(ds, model.UnitSocialOrganisation, item, "", kind, daysFromCivil(2005, 1, 1), 0)
	short := strings.TrimPrefix(item, ds.prefix)
	g.layout(ds, &spec{parent: ds.newOrgs, base: item, short: short, u: u, prof: socialProfile}, t)
	return t
}

var buildingKinds = split(`大厦 商务中心 国际广场 科技园 创业园 商厦`)

// buildJoint sets up a joint branch of small firms: those of a business building, under its
// street, or small firms of one key industry, under the district's two-new committee.
func buildJoint(g *generator, ds *districtState, rest int) int {
	t := fit(g.tri(3, 12), rest)
	s := &spec{single: model.JointBranch, prof: professionalProfile}
	if g.rng.IntN(2) == 0 {
		st := g.randomStreet(ds, false)
		b := g.uniq(ds.prefix, "", func() string {
			return brand(g.rng) + buildingKinds[g.rng.IntN(len(buildingKinds))]
		})
		s.parent, s.base, s.short = st.org, ds.prefix+st.name+b, b
		s.u = g.unitAt(ds, model.UnitNonPublicEnterprise, b+"入驻企业", st.name, "", daysFromCivil(2010, 1, 1), 0)
	} else {
		i := g.rng.IntN(len(keyIndustries))
		ind := &keyIndustries[i]
		ds.jointSeq[i]++
		s.parent, s.prof = ds.newOrgs, ind.prof
		s.base = ds.prefix + ind.name + "行业第" + cn(ds.jointSeq[i])
		s.short = ind.name + "行业第" + cn(ds.jointSeq[i])
		s.u = g.unitAt(ds, model.UnitNonPublicEnterprise, ds.prefix+ind.name+"行业小微企业", "", "", daysFromCivil(2010, 1, 1), 0)
		s.u.industry = ind.code
	}
	g.layout(ds, s, t)
	return t
}

var projects = split(`地铁配套工程 棚户区改造工程 老旧小区改造工程 滨海路提升改造工程 乡村振兴示范带建设 港区扩建工程
	中小学新建工程 污水处理厂扩建工程 城市更新示范片区建设`)

// buildTemporary sets up the district's temporary branch for a project of the last two years.
func buildTemporary(g *generator, ds *districtState, rest int) int {
	t := fit(g.tri(5, 14), rest)
	p := projects[g.rng.IntN(len(projects))]
	u := g.unitAt(ds, model.UnitOther, ds.prefix+p+"项目指挥部", "", "", g.today-730, g.today-182)
	g.layout(ds, &spec{parent: ds.org, base: ds.prefix + p + "项目", short: p + "项目", u: u, prof: temporaryProfile,
		single: model.TemporaryBranch}, t)
	return t
}
