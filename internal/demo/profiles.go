package demo

import "dangjian/internal/model"

// profile describes the members of one kind of unit.
type profile struct {
	minAge, maxAge int
	female         int    // percent
	edu            [6]int // weights in model.Educations order
	occupations    []string
	retired        bool
}

var (
	communityProfile   = profile{30, 92, 40, [6]int{2, 15, 18, 12, 28, 25}, []string{"离退休人员", "社区工作者", "个体工商户", "企业职工", "自由职业者"}, false}
	villageProfile     = profile{28, 90, 18, [6]int{0, 3, 6, 8, 30, 53}, []string{"农民", "渔民", "村干部", "个体工商户", "农民"}, false}
	organProfile       = profile{24, 60, 36, [6]int{22, 62, 12, 2, 2, 0}, []string{"公务员", "公务员", "参照公务员法管理人员", "机关工勤人员"}, false}
	institutionProfile = profile{24, 60, 52, [6]int{30, 52, 12, 4, 2, 0}, []string{"教师", "医生", "护士", "专业技术人员", "管理人员"}, false}
	retireeProfile     = profile{61, 95, 45, [6]int{8, 30, 22, 15, 15, 10}, []string{"离退休人员"}, true}
	enterpriseProfile  = profile{23, 60, 28, [6]int{10, 45, 25, 10, 8, 2}, []string{"企业管理人员", "专业技术人员", "工人", "工程技术人员"}, false}
	privateProfile     = profile{22, 58, 38, [6]int{8, 48, 27, 9, 6, 2}, []string{"律师", "教师", "医生", "企业管理人员", "专业技术人员", "职员", "驾驶员", "导游"}, false}
)

// education draws an education level with the profile's weights.
func (g *generator) education(p *profile) model.Education {
	sum := 0
	for _, w := range p.edu {
		sum += w
	}
	r := g.rng.IntN(sum)
	for i, w := range p.edu {
		if r < w {
			return model.Educations[i]
		}
		r -= w
	}
	return model.EduHighSchool
}
