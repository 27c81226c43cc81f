package demo

import (
	"strings"

	"dangjian/internal/model"
)

// district is one district, county-level city or county of the city.
type district struct {
	name    string // 中山区, 瓦房店市, 长海县
	region  string // administrative division code, the first six digits of ID numbers
	county  bool   // county rank: its committee is a county_committee
	weight  int    // share of the city's members
	village int    // per cent of its members in villages
	fishing bool   // villages are fishing villages
	subs    []string
	roads   []string
}

// districts of the city. subs lists streets (街道) and towns (镇, 乡) in the order they are set
// up; a small city sets up only the first few.
var districts = []*district{
	{name: "中山区", region: "210202", weight: 16,
		subs:  split(`青泥洼桥街道 人民路街道 桃源街道 老虎滩街道 海军广场街道 葵英街道 昆明街道 桂林街道`),
		roads: split(`人民路 中山路 解放路 延安路 友好路 鲁迅路 天津街 港湾街 七一街`)},
	{name: "西岗区", region: "210203", weight: 14,
		subs:  split(`人民广场街道 白云街道 日新街道 北京街道 八一路街道 香炉礁街道`),
		roads: split(`五四路 北京街 长江路 新开路 黄河路 八一路 香炉礁街 胜利路`)},
	{name: "沙河口区", region: "210204", weight: 20,
		subs:  split(`春柳街道 马栏街道 南沙河口街道 李家街道 黑石礁街道 星海湾街道 中山公园街道 兴工街道 西安路街道`),
		roads: split(`西安路 五一路 黄河路 中山路 兴工街 太原街 连山街 星海二路 高尔基路`)},
	{name: "甘井子区", region: "210211", weight: 34, village: 5,
		subs:  split(`周水子街道 椒金山街道 泉水街道 红旗街道 凌水街道 大连湾街道 革镇堡街道 辛寨子街道 甘井子街道 中华路街道 营城子街道 金家街街道`),
		roads: split(`华北路 东北路 数码路 泉水路 红旗西路 椒金山街 凌水路 革镇堡路 中华西路`)},
	{name: "旅顺口区", region: "210212", weight: 11, village: 14,
		subs:  split(`登峰街道 市场街道 得胜街道 光荣街道 水师营街道 龙王塘街道 铁山街道 双岛湾街道 三涧堡街道`),
		roads: split(`黄河路 长江路 太阳沟路 得胜街 水师营街 登峰路 斯大林路`)},
	{name: "金州区", region: "210213", weight: 32, village: 12,
		subs:  split(`拥政街道 友谊街道 光明街道 先进街道 董家沟街道 大魏家街道 杏树街道 七顶山街道 华家街道 向应街道 登沙河街道`),
		roads: split(`斯大林路 金马路 辽河西路 先进街 友谊街 东山路 五一路 黄海西路`)},
	{name: "普兰店区", region: "210214", weight: 16, village: 26,
		subs:  split(`丰荣街道 铁西街道 太平街道 皮口街道 城子坦街道 星台街道 墨盘街道 安波镇 唐房街道 大刘家街道 乐甲满族乡`),
		roads: split(`中长街 站前街 丰荣路 南山路 铁西街 胜利街`)},
	{name: "瓦房店市", region: "210281", county: true, weight: 19, village: 30,
		subs:  split(`共济街道 复州城镇 岗店街道 老虎屯镇 文兰街道 许屯镇 祝华街道 得利寺镇 万家岭镇 松树镇 李官镇 仙浴湾镇`),
		roads: split(`共济街 岗店街 北共济街 辽西路 海港路 东长春路 世纪大街`)},
	{name: "庄河市", region: "210283", county: true, weight: 18, village: 32,
		subs:  split(`城关街道 青堆镇 昌盛街道 黑岛镇 新华街道 大郑镇 兴达街道 栗子房镇 光明山镇 徐岭镇 吴炉镇 明阳街道`),
		roads: split(`黄海大街 新华路 昌盛街 北山路 胜利路 向阳路 北大街`)},
	{name: "长海县", region: "210224", county: true, weight: 3, village: 30, fishing: true,
		subs:  split(`大长山岛镇 小长山岛镇 广鹿乡 獐子岛镇 海洋岛镇`),
		roads: split(`四块石路 海滨路 鲜户路 建设路 环岛路`)},
}

// prefix is how the district names its units: 大连市中山区 for a district of the city, 瓦房店市
// for a county-level city or county.
func (d *district) prefix() string {
	if d.county {
		return d.name
	}
	return "大连市" + d.name
}

// level is the last character of the name: 区, 市 or 县 (as in 区直机关工委).
func (d *district) level() string { return d.name[len(d.name)-len("区"):] }

// isTown reports whether a subdivision is a town or township rather than a street.
func isTown(sub string) bool { return strings.HasSuffix(sub, "镇") || strings.HasSuffix(sub, "乡") }

// street is a street working committee or a township committee set up in a district.
type street struct {
	org  *model.Org
	name string
	town bool
}

// districtState is the working state while one district is built.
type districtState struct {
	idx                        int
	d                          *district
	prefix                     string
	org                        *model.Org
	streets                    []*street
	organs, education, newOrgs *model.Org
	organCands                 []organCand
	organMean                  int
	instCands                  []instCand
	socialCands                []string
	jointSeq                   [len(keyIndustries)]int
	last                       *branch // the last member-holding organisation built
}

// unit is what every organisation built in one unit shares: the unit's kind, name, codes,
// address and phone, and the window in which its organisations were founded.
type unit struct {
	typ          model.UnitType
	name         string
	industry     string
	code         string // unified social credit code
	region       string
	address      string
	phone        string
	since, until int // day numbers; 0 means the defaults
}

// add appends an organisation under parent (nil for the root) and gives it an id, a path, a
// code, a founding date and a committee term.
func (g *generator) add(parent *model.Org, t model.OrgType, name, short string, u *unit) *model.Org {
	id := int64(len(g.orgs) + 1)
	o := &model.Org{ID: id, Name: name, ShortName: short, Type: t, UnitType: u.typ, UnitName: u.name,
		Industry: u.industry, UnitCode: u.code, Address: u.address, Phone: u.phone}
	if parent == nil {
		o.Path = model.ChildPath("", id)
	} else {
		o.ParentID, o.Depth, o.Path = parent.ID, parent.Depth+1, model.ChildPath(parent.Path, id)
	}
	o.Code = string(appendPad([]byte(u.region), int(id), 8))
	lo, hi := u.since, u.until
	if lo == 0 {
		lo = daysFromCivil(1950, 1, 1)
	}
	if hi == 0 {
		hi = g.today - 365
	}
	if parent != nil {
		lo = max(lo, dayOf(parent.FoundedOn)+30)
	}
	if lo > hi {
		lo = hi
	}
	n := hi - lo + 1
	founded := lo + min(g.rng.IntN(n), g.rng.IntN(n)) // older organisations are more common
	o.FoundedOn = dateOfDay(founded)
	switch t {
	case model.MunicipalCommittee, model.DistrictCommittee, model.CountyCommittee, model.PrimaryCommittee,
		model.WorkingCommittee, model.GeneralBranch:
		o.HasCommittee = true
	}
	g.setTerm(o, founded)
	g.orgs = append(g.orgs, o)
	return o
}

// setTerm gives organisations with a committee term (rules: 5 years for villages, communities,
// townships and committees, 3 for branches and general branches) the start of the current
// term. A few, and always the first branch, have overrun their term (TermExpired).
func (g *generator) setTerm(o *model.Org, founded int) {
	switch o.Type {
	case model.TemporaryBranch, model.PartyGroup, model.LeadingGroup:
		return
	}
	years := g.rules.DefaultTermYears(o.Type, o.UnitType)
	if years == 0 {
		return
	}
	o.TermYears = years
	ago := addYears(g.today, -years)
	expire := false
	switch o.Type {
	case model.MunicipalCommittee, model.DistrictCommittee, model.CountyCommittee:
		// elected by party congresses on a fixed cycle: never planted
	default:
		expire = (g.need.expired && o.Type == model.Branch) || g.rng.IntN(1000) < 20
	}
	if expire {
		if start := ago - 30 - g.rng.IntN(400); start >= founded {
			o.TermStart, o.TermExpired = dateOfDay(start), true
			if o.Type == model.Branch {
				g.need.expired = false
			}
			return
		}
	}
	lo, hi := max(ago+1, founded), g.today-1
	if lo > hi {
		lo = hi
	}
	o.TermStart = dateOfDay(lo + g.rng.IntN(hi-lo+1))
}

// buildCity lays out the municipal committee and every district, planning each branch's size
// so that the sizes add up to exactly Options.Members.
func (g *generator) buildCity() error {
	root := g.add(nil, model.MunicipalCommittee, "中共大连市委员会", "大连市委", &unit{typ: model.UnitGovernmentOrgan,
		name: "中共大连市委员会", region: "210200", address: "大连市西岗区人民广场街道长江路1号", phone: "0411-83631000",
		since: daysFromCivil(1949, 4, 1), until: daysFromCivil(1950, 12, 31)})
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
	return nil
}

// kind is a kind of grassroots unit; build sets up one unit of it with at most rest members
// and returns how many it took (0 when the district has no more units of this kind).
type kind struct {
	share func(d *district) int
	build func(g *generator, ds *districtState, rest int) int
}

var kinds = []kind{
	{func(d *district) int { return max(8, 30-d.village/2) }, buildCommunity},
	{func(d *district) int { return d.village }, buildVillage},
	{func(*district) int { return 10 }, buildOrgan},
	{func(*district) int { return 16 }, buildInstitution},
	{func(d *district) int { return 12 - d.village/6 }, buildSOE},
	{func(*district) int { return 13 }, buildEnterprise},
	{func(*district) int { return 2 }, buildSocial},
	{func(*district) int { return 1 }, buildJoint},
}

func (g *generator) buildDistrict(root *model.Org, idx int, d *district, quota int) {
	ds := &districtState{idx: idx, d: d, prefix: d.prefix()}
	t := model.DistrictCommittee
	if d.county {
		t = model.CountyCommittee
	}
	name := "中共" + ds.prefix + "委员会"
	ds.org = g.add(root, t, name, d.name+"委", g.unitAt(ds, model.UnitGovernmentOrgan, name, d.subs[0], "11",
		daysFromCivil(1950, 1, 1), daysFromCivil(1992, 12, 31)))
	n := min(len(d.subs), max(2, quota/2500+1))
	for _, sub := range d.subs[:n] {
		st := &street{name: sub, town: isTown(sub)}
		if st.town {
			st.org = g.add(ds.org, model.PrimaryCommittee, "中共"+ds.prefix+sub+"委员会", sub+"党委",
				g.unitAt(ds, model.UnitTownship, ds.prefix+sub+"人民政府", sub, "11", 0, daysFromCivil(2000, 12, 31)))
		} else {
			st.org = g.add(ds.org, model.WorkingCommittee, "中共"+ds.prefix+sub+"工作委员会", sub+"党工委",
				g.unitAt(ds, model.UnitStreet, ds.prefix+sub+"办事处", sub, "11", 0, daysFromCivil(2000, 12, 31)))
		}
		ds.streets = append(ds.streets, st)
	}
	lv := d.level()
	ds.organs = g.add(ds.org, model.WorkingCommittee, "中共"+ds.prefix+"直属机关工作委员会", lv+"直机关工委",
		g.unitAt(ds, model.UnitGovernmentOrgan, ds.prefix+"直属机关", "", "", 0, 0))
	ds.education = g.add(ds.org, model.WorkingCommittee, "中共"+ds.prefix+"委教育工作委员会", lv+"委教育工委",
		g.unitAt(ds, model.UnitGovernmentOrgan, ds.prefix+"教育局", "", "11", 0, 0))
	ds.newOrgs = g.add(ds.org, model.WorkingCommittee, "中共"+ds.prefix+"委两新组织工作委员会", lv+"委两新工委",
		g.unitAt(ds, model.UnitOther, ds.prefix+"非公有制经济组织和社会组织", "", "", daysFromCivil(2000, 1, 1), 0))
	g.prepareCandidates(ds)

	if quota > 400 {
		quota -= buildTemporary(g, ds, quota)
	}
	shares, sum := make([]int, len(kinds)), 0
	for i, k := range kinds {
		shares[i] = k.share(d)
		sum += shares[i]
	}
	ds.organMean = max(28, quota*shares[2]/sum*10/(len(ds.organCands)*8+1))
	carry, given := 0, 0
	for i, k := range kinds {
		q := quota * shares[i] / sum
		if i == len(kinds)-1 {
			q = quota - given
		}
		given += q
		rest := q + carry
		for rest >= 3 {
			n := k.build(g, ds, rest)
			if n == 0 {
				break
			}
			rest -= n
		}
		carry = rest
	}
	if carry > 0 {
		if ds.last != nil {
			ds.last.size += carry
		} else {
			buildCommunity(g, ds, carry)
		}
	}
}

// fit shrinks a unit's wanted size to what is left, and takes all that is left when the rest
// would be too small for another unit.
func fit(want, rest int) int {
	if want > rest || rest-want < 3 {
		return rest
	}
	return want
}
