package demo

import (
	"math/rand/v2"
	"strings"

	"dangjian/internal/model"
)

// profile describes the members of one kind of unit: ages, share of women, education,
// occupations and posts, and how often they are mobile or gone from the register.
type profile struct {
	minAge, maxAge int
	skew           int    // ages: 0 centred in the range, 1 towards the young end, -1 towards the old
	female         int    // per cent
	edu            [6]int // weights in model.Educations order
	occupations    []occupation
	local          int  // per cent born in Dalian
	mobile         int  // per mille who are mobile members (流动党员)
	probationary   bool // whether the unit admits new (probationary) members
	retired        bool
}

// occupation is a job; atUnit says the member works in the unit the branch is built in, and
// posts are the work posts (工作岗位) that go with the job there.
type occupation struct {
	name   string
	atUnit bool
	posts  []string
}

// occ parses "name" (works elsewhere or not at all), "name+" (works in the unit) and
// "name:post/post" (works in the unit in one of these posts).
func occ(spec string) []occupation {
	var out []occupation
	for _, f := range strings.Fields(spec) {
		o := occupation{name: strings.TrimSuffix(f, "+"), atUnit: strings.HasSuffix(f, "+")}
		if i := strings.IndexByte(f, ':'); i >= 0 {
			o = occupation{name: f[:i], atUnit: true, posts: strings.Split(f[i+1:], "/")}
		}
		out = append(out, o)
	}
	return out
}

var (
	communityProfile = &profile{minAge: 24, maxAge: 93, female: 33, edu: [6]int{2, 13, 17, 12, 27, 29},
		occupations: occ(`离退休人员 离退休人员 离退休人员 离退休人员 社区工作者:社区网格员/社区主任助理/社区副主任 个体工商户 企业职工 自由职业者 灵活就业人员`),
		local:       75, mobile: 30, probationary: true}
	villageProfile = &profile{minAge: 26, maxAge: 90, female: 18, edu: [6]int{0, 3, 8, 8, 30, 51},
		occupations: occ(`农民 农民 农民 农民 渔民 村干部:村委会委员/村委会副主任/村务监督委员会主任 个体工商户 外出务工人员`),
		local:       92, mobile: 35, probationary: true}
	fishingProfile = &profile{minAge: 26, maxAge: 88, female: 16, edu: [6]int{0, 2, 7, 8, 30, 53},
		occupations: occ(`渔民 渔民 渔民 水产养殖户 村干部:村委会委员/村委会副主任/村务监督委员会主任 个体工商户`),
		local:       95, mobile: 25, probationary: true}
	organProfile = &profile{minAge: 22, maxAge: 60, female: 30, edu: [6]int{18, 60, 17, 3, 2, 0},
		occupations: occ(`公务员:一级科员/四级主任科员/三级主任科员/二级主任科员/科长/副科长 公务员:一级科员/四级主任科员/三级主任科员/科长 参照公务员法管理人员:一级科员/四级主任科员/科长 机关工勤人员+`),
		local:       60, mobile: 3, probationary: true}
	teacherProfile = &profile{minAge: 22, maxAge: 60, female: 52, edu: [6]int{16, 64, 15, 4, 1, 0},
		occupations: occ(`教师:教师/班主任/教研组长/年级组长 教师:教师/班主任 教师:教师/教研组长 教育管理人员:教务主任/德育主任/副校长/校长 教辅人员+`),
		local:       65, mobile: 3, probationary: true}
	medicalProfile = &profile{minAge: 23, maxAge: 60, female: 48, edu: [6]int{26, 50, 18, 5, 1, 0},
		occupations: occ(`医生:住院医师/主治医师/副主任医师/主任医师/科主任 医生:住院医师/主治医师 护士:护士/护师/主管护师/护士长 护士:护士/护师 医技人员:技师/主管技师 药剂人员:药师/主管药师 管理人员:科员/科长/副院长`),
		local:       60, mobile: 3, probationary: true}
	institutionProfile = &profile{minAge: 22, maxAge: 60, female: 36, edu: [6]int{18, 58, 18, 4, 2, 0},
		occupations: occ(`专业技术人员:助理工程师/工程师/高级工程师 管理人员:科员/科长/副主任/主任 工勤技能人员+`),
		local:       70, mobile: 5, probationary: true}
	retireeProfile = &profile{minAge: 60, maxAge: 95, skew: 1, female: 28, edu: [6]int{5, 28, 22, 14, 17, 14},
		occupations: occ(`离退休人员 离退休人员 离退休人员 退休干部`),
		local:       70, mobile: 10, retired: true}
	soeProfile = &profile{minAge: 22, maxAge: 60, female: 20, edu: [6]int{8, 38, 26, 11, 12, 5},
		occupations: occ(`企业管理人员:主管/部门经理/副总经理 专业技术人员:技术员/工程师/高级工程师 工程技术人员:技术员/工程师 工人:操作工/班组长/车间主任 工人:操作工/班组长 职员:职员/主管`),
		local:       70, mobile: 8, probationary: true}
	professionalProfile = &profile{minAge: 22, maxAge: 62, skew: 1, female: 33, edu: [6]int{8, 48, 28, 9, 5, 2},
		occupations: occ(`专业技术人员:职员/主管/项目经理 企业管理人员:部门经理/负责人/合伙人 职员+`),
		local:       55, mobile: 25, probationary: true}
	lawyerProfile = &profile{minAge: 24, maxAge: 65, female: 40, edu: [6]int{30, 62, 6, 1, 1, 0},
		occupations: occ(`律师:执业律师/合伙人/主任 律师:执业律师 律师:执业律师/合伙人 律师助理:实习律师/律师助理 行政人员+`),
		local:       55, mobile: 20, probationary: true}
	driverProfile = &profile{minAge: 25, maxAge: 62, female: 6, edu: [6]int{0, 4, 16, 18, 40, 22},
		occupations: occ(`出租汽车驾驶员+ 出租汽车驾驶员+ 出租汽车驾驶员+ 调度员+ 企业管理人员:车队长/经理`),
		local:       75, mobile: 15, probationary: true}
	guideProfile = &profile{minAge: 22, maxAge: 50, skew: 1, female: 52, edu: [6]int{4, 44, 40, 8, 4, 0},
		occupations: occ(`导游:导游/领队 导游:导游 导游:导游/领队 计调+ 企业管理人员:部门经理/总经理`),
		local:       50, mobile: 40, probationary: true}
	agentProfile = &profile{minAge: 22, maxAge: 50, skew: 1, female: 38, edu: [6]int{2, 34, 44, 12, 7, 1},
		occupations: occ(`房地产经纪人:经纪人/置业顾问 房地产经纪人:经纪人 经纪人助理+ 门店经理:店长`),
		local:       50, mobile: 45, probationary: true}
	socialProfile = &profile{minAge: 22, maxAge: 70, female: 40, edu: [6]int{6, 44, 30, 10, 7, 3},
		occupations: occ(`社会工作者:社工/项目主管 社会组织从业人员+ 社会组织从业人员+ 志愿者 离退休人员`),
		local:       70, mobile: 20, probationary: true}
	temporaryProfile = &profile{minAge: 25, maxAge: 58, female: 22, edu: [6]int{10, 50, 26, 8, 5, 1},
		occupations: occ(`工程技术人员 企业管理人员 公务员 专业技术人员`),
		local:       60, mobile: 0}
)

// drawAge draws an age from the profile's range: centred (a triangular distribution) or
// skewed towards one end.
func (p *profile) drawAge(r *rand.Rand) int {
	span := p.maxAge - p.minAge + 1
	a, b := r.IntN(span), r.IntN(span)
	switch p.skew {
	case 1:
		return p.minAge + min(a, b)
	case -1:
		return p.minAge + max(a, b)
	}
	return p.minAge + (a+b)/2
}

// drawEducation draws an education level with the profile's weights.
func (p *profile) drawEducation(r *rand.Rand) model.Education {
	sum := 0
	for _, w := range p.edu {
		sum += w
	}
	x := r.IntN(sum)
	for i, w := range p.edu {
		if x < w {
			return model.Educations[i]
		}
		x -= w
	}
	return model.EduHighSchool
}
