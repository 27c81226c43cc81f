package importer

import (
	"strings"

	"golang.org/x/text/width"

	"dangjian/internal/model"
)

// vocab maps the words people type for an enum to its values, and values to the Chinese word
// written on export. English values are accepted as they are.
type vocab[T ~string] struct {
	lookup map[string]T
	name   map[T]string
	names  []string
}

// words lists the Chinese words for one value, the one written on export first.
type words[T ~string] struct {
	value T
	words []string
}

func newVocab[T ~string](entries ...words[T]) *vocab[T] {
	v := &vocab[T]{lookup: map[string]T{}, name: map[T]string{}}
	for _, e := range entries {
		if e.value != "" {
			v.lookup[wordKey(string(e.value))] = e.value
			v.name[e.value] = e.words[0]
			v.names = append(v.names, e.words[0])
		}
		for _, w := range e.words {
			v.lookup[wordKey(w)] = e.value
		}
	}
	return v
}

// parse returns the value a word means; an empty word is the empty value.
func (v *vocab[T]) parse(s string) (T, bool) {
	// Most cells hold a word as written (wordKey of a key is the key itself).
	if t, ok := v.lookup[s]; ok {
		return t, true
	}
	k := wordKey(s)
	if k == "" {
		return "", true
	}
	t, ok := v.lookup[k]
	return t, ok
}

// format returns the Chinese word for a value ("" for the empty value, the value itself when
// unknown).
func (v *vocab[T]) format(t T) string {
	if n, ok := v.name[t]; ok {
		return n
	}
	return string(t)
}

// allowed lists the Chinese words to suggest, e.g. "男、女".
func (v *vocab[T]) allowed() string { return strings.Join(v.names, "、") }

// wordKey is the form words are compared in: half-width, lower case, without spaces.
func wordKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.ToLower(width.Fold.String(s)))
}

var sexes = newVocab(
	words[model.Sex]{model.Male, []string{"男", "男性", "m"}},
	words[model.Sex]{model.Female, []string{"女", "女性", "f"}},
)

var categories = newVocab(
	words[model.Category]{model.Full, []string{"正式党员", "正式"}},
	words[model.Category]{model.Probationary, []string{"预备党员", "预备"}},
)

var statuses = newVocab(
	words[model.Status]{model.StatusNormal, []string{"正常", "在册"}},
	words[model.Status]{model.StatusMobile, []string{"流动党员", "流动", "流动(持活动证)"}},
	words[model.Status]{model.StatusAbroad, []string{"出国(境)保留党籍", "出国境", "出国(境)", "出国(境)保留", "出国境保留党籍"}},
	words[model.Status]{model.StatusLostContact, []string{"失联", "失去联系", "失联党员"}},
	words[model.Status]{model.StatusSuspended, []string{"停止党籍"}},
	words[model.Status]{model.StatusTransferredOut, []string{"已转出", "转出"}},
	words[model.Status]{model.StatusExited, []string{"已出党", "出党"}},
	words[model.Status]{model.StatusDeceased, []string{"已死亡", "死亡", "已故"}},
)

var exitTypes = newVocab(
	words[model.ExitType]{model.ExitExpelled, []string{"开除党籍", "开除"}},
	words[model.ExitType]{model.ExitWithdrew, []string{"退党除名", "退党"}},
	words[model.ExitType]{model.ExitAdvisedOut, []string{"劝退"}},
	words[model.ExitType]{model.ExitRemovedAfterRefusing, []string{"劝而不退除名"}},
	words[model.ExitType]{model.ExitSelfLapse, []string{"自行脱党除名", "自行脱党"}},
	words[model.ExitType]{model.ExitProbationCancelled, []string{"取消预备党员资格"}},
	words[model.ExitType]{model.ExitNotRecognised, []string{"不予承认"}},
)

var educations = newVocab(
	words[model.Education]{model.EduPostgraduate, []string{"研究生", "博士研究生", "硕士研究生", "研究生及以上", "博士", "硕士"}},
	words[model.Education]{model.EduUndergraduate, []string{"大学本科", "本科"}},
	words[model.Education]{model.EduJuniorCollege, []string{"大学专科", "大专", "专科"}},
	words[model.Education]{model.EduSecondaryVocation, []string{"中专", "中等专科", "中等专业学校"}},
	words[model.Education]{model.EduHighSchool, []string{"高中", "中技", "高中中技", "高中、中技", "高中/中技", "职高"}},
	words[model.Education]{model.EduJuniorHighOrBelow, []string{"初中及以下", "初中", "小学", "小学及以下"}},
)

var degrees = newVocab(
	words[model.Degree]{model.DegreeBachelor, []string{"学士"}},
	words[model.Degree]{model.DegreeMaster, []string{"硕士"}},
	words[model.Degree]{model.DegreeDoctor, []string{"博士"}},
	words[model.Degree]{model.DegreeNone, []string{"无"}},
)

var orgTypes = newVocab(
	words[model.OrgType]{model.MunicipalCommittee, []string{"市委"}},
	words[model.OrgType]{model.DistrictCommittee, []string{"区委"}},
	words[model.OrgType]{model.CountyCommittee, []string{"县委"}},
	words[model.OrgType]{model.PrimaryCommittee, []string{"党委", "基层党委"}},
	words[model.OrgType]{model.WorkingCommittee, []string{"党工委"}},
	words[model.OrgType]{model.LeadingGroup, []string{"党组"}},
	words[model.OrgType]{model.GeneralBranch, []string{"党总支", "总支部", "总支", "党总支部"}},
	words[model.OrgType]{model.Branch, []string{"党支部", "支部"}},
	words[model.OrgType]{model.JointBranch, []string{"联合党支部", "联合支部"}},
	words[model.OrgType]{model.TemporaryBranch, []string{"临时党支部", "临时支部"}},
	words[model.OrgType]{model.PartyGroup, []string{"党小组"}},
)

var unitTypes = newVocab(
	words[model.UnitType]{model.UnitVillage, []string{"建制村", "村"}},
	words[model.UnitType]{model.UnitCommunity, []string{"社区"}},
	words[model.UnitType]{model.UnitTownship, []string{"乡镇", "乡", "镇"}},
	words[model.UnitType]{model.UnitStreet, []string{"街道"}},
	words[model.UnitType]{model.UnitGovernmentOrgan, []string{"机关", "党政机关"}},
	words[model.UnitType]{model.UnitPublicInstitution, []string{"事业单位"}},
	words[model.UnitType]{model.UnitStateEnterprise, []string{"国有企业", "国企"}},
	words[model.UnitType]{model.UnitCollectiveEnterprise, []string{"集体企业"}},
	words[model.UnitType]{model.UnitNonPublicEnterprise, []string{"非公企业", "非公有制企业", "民营企业", "私营企业"}},
	words[model.UnitType]{model.UnitSocialOrganisation, []string{"社会组织"}},
	words[model.UnitType]{model.UnitOther, []string{"其他"}},
)

// booleans reads yes/no cells (是/否).
var booleans = newVocab(
	words[string]{"true", []string{"是", "有", "设", "设立", "y", "yes", "1", "√"}},
	words[string]{"false", []string{"否", "无", "不设", "未设", "n", "no", "0", "×"}},
)

// yesNo writes a boolean as 是 or 否.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
