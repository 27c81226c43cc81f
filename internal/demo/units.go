package demo

import (
	"strconv"

	"dangjian/internal/model"
)

// unitKinds lists the kinds of grassroots unit a district is built from, with their shares.
func unitKinds(county bool) []unitKind {
	village := 4
	if county {
		village = 30
	}
	return []unitKind{
		{"community", 24, buildCommunity},
		{"village", village, buildVillage},
		{"organ", 14, buildOrgan},
		{"institution", 12, buildInstitution},
		{"soe", 10, buildSOE},
		{"enterprise", 12, buildEnterprise},
		{"social", 4, buildSocial},
		{"joint", 3, buildJoint},
	}
}

func (ds *districtState) next() int { ds.serial++; return ds.serial }

func (g *generator) street(ds *districtState) *model.Org {
	return ds.streets[g.rng.IntN(len(ds.streets))]
}

func buildCommunity(g *generator, ds *districtState) {
	st := g.street(ds)
	base := pick(g.rng, communityNames) + strconv.Itoa(ds.next())
	unit := base + "社区居民委员会"
	if g.rng.IntN(3) == 0 {
		c := g.add(st, "中共"+base+"社区委员会", base+"社区党委", model.PrimaryCommittee, model.UnitCommunity, unit)
		for i := 1; i <= 2+g.rng.IntN(3); i++ {
			b := g.add(c, "中共"+base+"社区第"+cn(i)+"支部委员会", "第"+cn(i)+"党支部", model.Branch, model.UnitCommunity, unit)
			g.plan(ds, b, &communityProfile, 0)
		}
		return
	}
	b := g.add(st, "中共"+base+"社区支部委员会", base+"社区党支部", model.Branch, model.UnitCommunity, unit)
	g.plan(ds, b, &communityProfile, 0)
}

func buildVillage(g *generator, ds *districtState) {
	st := g.street(ds)
	base := pick(g.rng, villageNames) + strconv.Itoa(ds.next())
	b := g.add(st, "中共"+base+"村支部委员会", base+"村党支部", model.Branch, model.UnitVillage, base+"村民委员会")
	g.plan(ds, b, &villageProfile, 0)
}

func buildOrgan(g *generator, ds *districtState) {
	name := ds.d.name + pick(g.rng, organNames)
	if n := ds.next(); n > len(organNames) {
		name += strconv.Itoa(n)
	}
	b := g.add(ds.organs, "中共大连市"+name+"机关支部委员会", name+"机关党支部", model.Branch, model.UnitGovernmentOrgan, "大连市"+name)
	g.plan(ds, b, &organProfile, 0)
	if g.rng.IntN(5) == 0 {
		g.add(ds.org, "中共大连市"+name+"党组", name+"党组", model.LeadingGroup, model.UnitGovernmentOrgan, "大连市"+name)
	}
}

func buildInstitution(g *generator, ds *districtState) {
	kind := institutionNames[g.rng.IntN(len(institutionNames))]
	name := ds.d.name + pick(g.rng, placeNames) + kind + strconv.Itoa(ds.next())
	c := g.add(ds.org, "中共大连市"+name+"委员会", name+"党委", model.PrimaryCommittee, model.UnitPublicInstitution, "大连市"+name)
	for i := 1; i <= 2+g.rng.IntN(3); i++ {
		b := g.add(c, "中共大连市"+name+"第"+cn(i)+"支部委员会", "第"+cn(i)+"党支部", model.Branch, model.UnitPublicInstitution, "大连市"+name)
		g.plan(ds, b, &institutionProfile, 0)
	}
	b := g.add(c, "中共大连市"+name+"离退休支部委员会", "离退休党支部", model.Branch, model.UnitPublicInstitution, "大连市"+name)
	g.plan(ds, b, &retireeProfile, 0)
}

func buildSOE(g *generator, ds *districtState) {
	name := "大连" + pick(g.rng, placeNames) + pick(g.rng, soeNames) + strconv.Itoa(ds.next())
	c := g.add(ds.org, "中共"+name+"委员会", name+"党委", model.PrimaryCommittee, model.UnitStateEnterprise, name)
	for i := 1; i <= 1+g.rng.IntN(2); i++ {
		gb := g.add(c, "中共"+name+"第"+cn(i)+"总支部委员会", "第"+cn(i)+"党总支", model.GeneralBranch, model.UnitStateEnterprise, name)
		for j := 1; j <= 2+g.rng.IntN(2); j++ {
			b := g.add(gb, "中共"+name+"第"+cn(i)+"总支第"+cn(j)+"支部委员会", "第"+cn(j)+"党支部", model.Branch, model.UnitStateEnterprise, name)
			g.plan(ds, b, &enterpriseProfile, 0)
		}
	}
}

func buildEnterprise(g *generator, ds *districtState) {
	ind := keyIndustries[g.rng.IntN(len(keyIndustries))]
	name := "大连" + pick(g.rng, brandNames) + ind.suffix
	if n := ds.next(); n%3 == 0 {
		name = "大连" + pick(g.rng, brandNames) + pick(g.rng, brandNames) + ind.suffix
	}
	b := g.add(ds.newOrgs, "中共"+name+"支部委员会", name+"党支部", model.Branch, model.UnitNonPublicEnterprise, name)
	b.Industry = ind.code
	g.plan(ds, b, &privateProfile, 0)
}

func buildSocial(g *generator, ds *districtState) {
	name := "大连市" + ds.d.short + pick(g.rng, socialNames) + strconv.Itoa(ds.next())
	b := g.add(ds.newOrgs, "中共"+name+"支部委员会", name+"党支部", model.Branch, model.UnitSocialOrganisation, name)
	g.plan(ds, b, &privateProfile, 0)
}

func buildJoint(g *generator, ds *districtState) {
	name := pick(g.rng, placeNames) + "商务楼宇" + strconv.Itoa(ds.next())
	b := g.add(ds.newOrgs, "中共"+name+"联合支部委员会", name+"联合党支部", model.JointBranch, model.UnitNonPublicEnterprise, name+"非公企业")
	g.plan(ds, b, &privateProfile, 3+g.rng.IntN(10))
}

func buildTemporary(g *generator, ds *districtState) {
	name := ds.d.short + pick(g.rng, placeNames) + "棚户区改造项目"
	b := g.add(ds.newOrgs, "中共"+name+"临时支部委员会", name+"临时党支部", model.TemporaryBranch, model.UnitOther, name+"指挥部")
	g.plan(ds, b, &organProfile, 4+g.rng.IntN(6))
}

type industry struct{ code, suffix string }

// keyIndustries are the ten key industries of seed 000 with a typical firm name ending.
var keyIndustries = []industry{
	{"private_education", "教育培训学校"}, {"private_hospital", "医院有限公司"}, {"law_firm", "律师事务所"},
	{"real_estate_agency", "房地产经纪有限公司"}, {"cultural_market", "文化传媒有限公司"},
	{"construction_cost", "工程造价咨询有限公司"}, {"private_technical_school", "职业技能培训学校"},
	{"taxi", "出租汽车有限公司"}, {"vocational_training", "职业培训中心"}, {"tour_guide", "国际旅行社有限公司"},
}
