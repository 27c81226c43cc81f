package demo

import (
	"strconv"

	"dangjian/internal/model"
)

// district is one district or county of the city.
type district struct {
	name, short, region string
	county              bool
	weight              int
	streets             []string
}

var districts = []district{
	{"中山区", "中山", "210202", false, 9, []string{"青泥洼桥", "人民路", "桃源", "老虎滩", "葵英", "海军广场"}},
	{"西岗区", "西岗", "210203", false, 8, []string{"白云", "日新", "北京", "人民广场", "香炉礁"}},
	{"沙河口区", "沙河口", "210204", false, 11, []string{"春柳", "马栏", "南沙", "李家", "黑石礁", "星海湾", "中山公园"}},
	{"甘井子区", "甘井子", "210211", false, 16, []string{"周水子", "椒金山", "泉水", "红旗", "凌水", "大连湾", "革镇堡"}},
	{"旅顺口区", "旅顺口", "210212", false, 6, []string{"登峰", "市场", "得胜", "光荣", "水师营", "龙王塘"}},
	{"金州区", "金州", "210213", false, 13, []string{"拥政", "友谊", "光明", "先进", "董家沟", "大魏家"}},
	{"普兰店区", "普兰店", "210214", true, 9, []string{"丰荣", "铁西", "太平", "皮口", "城子坦", "星台"}},
	{"瓦房店市", "瓦房店", "210281", true, 11, []string{"共济", "岗店", "文兰", "复州城", "老虎屯", "许屯"}},
	{"庄河市", "庄河", "210283", true, 10, []string{"城关", "昌盛", "新华", "兴达", "青堆", "黑岛"}},
	{"长海县", "长海", "210224", true, 2, []string{"大长山岛", "小长山岛", "广鹿", "獐子岛"}},
}

// unitKind is a kind of grassroots unit with its share of the city's members.
type unitKind struct {
	name   string
	weight int
	build  func(g *generator, d *districtState)
}

// districtState is the working state while one district is built.
type districtState struct {
	idx     int
	d       district
	org     *model.Org
	streets []*model.Org // street working committees or township committees
	organs  *model.Org   // 区直机关工委
	newOrgs *model.Org   // 两新组织党工委
	quota   int
	planned int
	serial  int
}

func (g *generator) add(parent *model.Org, name, short string, t model.OrgType, unit model.UnitType, unitName string) *model.Org {
	id := int64(len(g.orgs) + 1)
	o := &model.Org{ID: id, Name: name, ShortName: short, Type: t, UnitType: unit, UnitName: unitName}
	if parent == nil {
		o.Path = model.ChildPath("", id)
	} else {
		o.ParentID, o.Depth, o.Path = parent.ID, parent.Depth+1, model.ChildPath(parent.Path, id)
	}
	o.Code = "DJ" + strconv.FormatInt(21020000000+id, 10)
	o.FoundedOn = g.opt.Today.AddDate(-5-g.rng.IntN(40), -g.rng.IntN(12), -g.rng.IntN(28))
	g.setTerm(o)
	g.orgs = append(g.orgs, o)
	return o
}

// setTerm gives committees a term start; about one in twelve has run past its term.
func (g *generator) setTerm(o *model.Org) {
	if o.Type == model.PartyGroup || o.Type == model.TemporaryBranch || o.Type == model.LeadingGroup {
		return
	}
	years := g.rules.DefaultTermYears(o.Type, o.UnitType)
	if years == 0 {
		return
	}
	o.TermYears = years
	days := g.rng.IntN(years * 365)
	if g.rng.IntN(12) == 0 {
		days = years*365 + 30 + g.rng.IntN(500) // expired
	}
	o.TermStart = g.opt.Today.AddDate(0, 0, -days)
	end := o.TermEnd()
	o.TermExpired = end.Before(g.opt.Today)
}

// plan adds a member-holding organisation with a planned size, drawn around 25 with a few
// planted problems (too small, too large).
func (g *generator) plan(ds *districtState, o *model.Org, p *profile, size int) {
	if size <= 0 {
		size = 6 + g.rng.IntN(34)
		switch r := g.rng.IntN(100); {
		case r < 3:
			size = 1 + g.rng.IntN(2) // below the minimum of 3 full members
		case r < 5:
			size = 52 + g.rng.IntN(20) // over the advised 50
		}
	}
	if rest := ds.quota - ds.planned; size > rest {
		size = rest
	}
	if size <= 0 {
		return
	}
	ds.planned += size
	g.branches = append(g.branches, &branch{org: o, size: size, profile: p, region: ds.idx})
	o.HasCommittee = o.Type != model.TemporaryBranch && size >= 8 && g.rng.IntN(50) != 0
	if size > 35 && o.Type == model.Branch {
		for i := 1; i <= 2+g.rng.IntN(2); i++ {
			g.add(o, o.Name+"第"+cn(i)+"党小组", "第"+cn(i)+"党小组", model.PartyGroup, o.UnitType, o.UnitName)
		}
	}
}

// buildTree lays out the whole city and plans every branch's size so that the sizes add up
// to exactly Options.Members.
func (g *generator) buildTree() {
	root := g.add(nil, "中共大连市委员会", "大连市委", model.MunicipalCommittee, model.UnitGovernmentOrgan, "中共大连市委员会")
	total := 0
	for _, d := range districts {
		total += d.weight
	}
	remaining := g.opt.Members
	for i, d := range districts {
		quota := g.opt.Members * d.weight / total
		if i == len(districts)-1 {
			quota = remaining
		}
		remaining -= quota
		g.buildDistrict(root, i, d, quota)
	}
	g.noteProblems()
}

func (g *generator) buildDistrict(root *model.Org, idx int, d district, quota int) {
	t := model.DistrictCommittee
	if d.county {
		t = model.CountyCommittee
	}
	ds := &districtState{idx: idx, d: d, quota: quota}
	ds.org = g.add(root, "中共大连市"+d.name+"委员会", d.name+"委", t, model.UnitGovernmentOrgan, "中共大连市"+d.name+"委员会")
	streets := min(len(d.streets), 1+quota/3000)
	for i := 0; i < streets; i++ {
		if d.county {
			name := d.streets[i] + "镇"
			ds.streets = append(ds.streets, g.add(ds.org, "中共"+d.short+name+"委员会", name+"党委", model.PrimaryCommittee, model.UnitTownship, name+"人民政府"))
		} else {
			name := d.streets[i] + "街道"
			ds.streets = append(ds.streets, g.add(ds.org, "中共大连市"+d.name+name+"工作委员会", name+"党工委", model.WorkingCommittee, model.UnitStreet, name+"办事处"))
		}
	}
	ds.organs = g.add(ds.org, "中共大连市"+d.name+"直属机关工作委员会", "区直机关工委", model.WorkingCommittee, model.UnitGovernmentOrgan, d.name+"机关")
	ds.newOrgs = g.add(ds.org, "中共大连市"+d.name+"新兴领域工作委员会", "两新工委", model.WorkingCommittee, model.UnitOther, d.name+"新兴领域")
	kinds := unitKinds(d.county)
	sum := 0
	for _, k := range kinds {
		sum += k.weight
	}
	if quota > 200 {
		buildTemporary(g, ds)
	}
	for ds.planned < ds.quota {
		r := g.rng.IntN(sum)
		for _, k := range kinds {
			if r < k.weight {
				k.build(g, ds)
				break
			}
			r -= k.weight
		}
	}
}

func (g *generator) noteProblems() {
	small, large, noCommittee, expired := 0, 0, 0, 0
	for _, b := range g.branches {
		if b.org.Type == model.Branch && b.size < 3 {
			small++
		}
		if b.size > 50 {
			large++
		}
		if b.org.Type == model.Branch && b.size >= 8 && !b.org.HasCommittee {
			noCommittee++
		}
	}
	for _, o := range g.orgs {
		if o.TermExpired {
			expired++
		}
	}
	g.problems = append(g.problems,
		strconv.Itoa(small)+" branches with fewer than 3 members (below the minimum of full members)",
		strconv.Itoa(large)+" branches with more than 50 members",
		strconv.Itoa(noCommittee)+" branches of 8 or more members without a branch committee",
		strconv.Itoa(expired)+" organisations whose committee term has expired")
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// cn writes 1–99 in Chinese numerals (larger numbers in digits).
func cn(n int) string {
	switch {
	case n >= 100 || n < 0:
		return strconv.Itoa(n)
	case n <= 10:
		return cnDigits[n]
	case n < 20:
		return "十" + cnDigits[n-10]
	case n%10 == 0:
		return cnDigits[n/10] + "十"
	default:
		return cnDigits[n/10] + "十" + cnDigits[n%10]
	}
}
