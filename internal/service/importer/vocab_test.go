package importer

import (
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/service/sheet"
)

// Every enum value has a Chinese word that reads back as the value, and the English value is
// accepted as it is.
func TestVocabularies(t *testing.T) {
	checkVocab(t, sexes, []model.Sex{model.Male, model.Female})
	checkVocab(t, categories, model.Categories)
	checkVocab(t, statuses, model.Statuses)
	checkVocab(t, exitTypes, model.ExitTypes)
	checkVocab(t, educations, model.Educations)
	checkVocab(t, degrees, []model.Degree{model.DegreeBachelor, model.DegreeMaster, model.DegreeDoctor})
	checkVocab(t, orgTypes, model.OrgTypes)
	checkVocab(t, unitTypes, model.UnitTypes)
	for word, want := range map[string]string{"M": "male", " 女 ": "female", "Female": "female"} {
		if got, ok := sexes.parse(word); !ok || string(got) != want {
			t.Errorf("sex %q = %q", word, got)
		}
	}
	for word, want := range map[string]model.Status{"出国（境）保留党籍": model.StatusAbroad, "出国境": model.StatusAbroad, "死亡": model.StatusDeceased} {
		if got, ok := statuses.parse(word); !ok || got != want {
			t.Errorf("status %q = %q", word, got)
		}
	}
	for word, want := range map[string]model.Education{"博士研究生": model.EduPostgraduate, "中等专科": model.EduSecondaryVocation,
		"高中中技": model.EduHighSchool, "小学": model.EduJuniorHighOrBelow} {
		if got, ok := educations.parse(word); !ok || got != want {
			t.Errorf("education %q = %q", word, got)
		}
	}
	for word, want := range map[string]model.OrgType{"总支部": model.GeneralBranch, "基层党委": model.PrimaryCommittee, "联合党支部": model.JointBranch} {
		if got, ok := orgTypes.parse(word); !ok || got != want {
			t.Errorf("org type %q = %q", word, got)
		}
	}
	if d, ok := degrees.parse("无"); !ok || d != model.DegreeNone || degrees.format(model.DegreeNone) != "" {
		t.Error("degree 无")
	}
	if _, ok := sexes.parse("男女"); ok || sexes.allowed() != "男、女" {
		t.Error("unknown word accepted")
	}
}

func checkVocab[T ~string](t *testing.T, v *vocab[T], values []T) {
	t.Helper()
	for _, value := range values {
		word := v.format(value)
		if word == string(value) || word == "" {
			t.Errorf("%q has no Chinese word", value)
		}
		if got, ok := v.parse(word); !ok || got != value {
			t.Errorf("%q reads as %q", word, got)
		}
		if got, ok := v.parse(string(value)); !ok || got != value {
			t.Errorf("English %q reads as %q", value, got)
		}
	}
}

// No header names two columns.
func TestAliasesUnique(t *testing.T) {
	for name, cols := range map[string][]sheet.Column{"members": MemberColumns, "orgs": OrgColumns} {
		seen := map[string]string{}
		for _, c := range cols {
			for _, a := range c.Aliases {
				n := sheet.NormalizeHeader(a)
				if k, dup := seen[n]; dup && k != c.Key {
					t.Errorf("%s: %q names %s and %s", name, a, k, c.Key)
				}
				seen[n] = c.Key
			}
		}
	}
}
