package member

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode"

	"dangjian/internal/i18n"
	"dangjian/internal/model"
	"dangjian/internal/rules"
)

var (
	testRules = rules.MustDefault()
	testToday = model.NewDate(2025, 6, 1)
)

// testID returns a valid ID number for a birth date "YYYYMMDD" and sex.
func testID(birth string, sex model.Sex) string {
	seq := "123"
	if sex == model.Female {
		seq = "124"
	}
	s := "210202" + birth + seq
	return s + string(model.IDCheckDigit(s))
}

func validMember() *model.Member {
	return &model.Member{
		Name: "张三", Sex: model.Male, Ethnicity: "汉族", BirthDate: model.NewDate(1985, 3, 4),
		IDNumber: testID("19850304", model.Male), Category: model.Full, Status: model.StatusNormal,
		AppliedOn: model.NewDate(2005, 3, 1), AdmittedOn: model.NewDate(2006, 7, 1), FullOn: model.NewDate(2007, 7, 1),
		Phone: "13800138000", Education: model.EduUndergraduate, Degree: model.DegreeBachelor,
	}
}

func codes(t *testing.T, m *model.Member) []string {
	t.Helper()
	var out []string
	for _, fe := range Validate(m, testRules, testToday) {
		out = append(out, fe.Field+":"+fe.Code)
	}
	sort.Strings(out)
	return out
}

func TestValidateAcceptsAValidMember(t *testing.T) {
	if got := codes(t, validMember()); len(got) != 0 {
		t.Fatalf("valid member rejected: %v", got)
	}
	m := validMember()
	m.BirthDate, m.AppliedOn, m.FullOn, m.Category = model.Date{}, model.Date{}, model.Date{}, model.Full
	m.Phone, m.Ethnicity, m.Education, m.Degree = "0411-84123456", "", "", ""
	if got := codes(t, m); len(got) != 0 {
		t.Fatalf("optional fields left out: %v", got)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(m *model.Member)
		want   string
	}{
		{"no name", func(m *model.Member) { m.Name = "" }, "name:required"},
		{"long name", func(m *model.Member) { m.Name = strings.Repeat("张", 51) }, "name:too_long"},
		{"no sex", func(m *model.Member) { m.Sex = "" }, "sex:required"},
		{"bad sex", func(m *model.Member) { m.Sex = "x" }, "sex:invalid_value"},
		{"no ID", func(m *model.Member) { m.IDNumber = "" }, "id_number:required"},
		{"short ID", func(m *model.Member) { m.IDNumber = "21020219850304" }, "id_number:id_number.length"},
		{"letters in ID", func(m *model.Member) { m.IDNumber = "2102021985O304123X" }, "id_number:id_number.characters"},
		{"bad birth in ID", func(m *model.Member) { m.IDNumber = testID("19850230", model.Male); m.BirthDate = model.Date{} },
			"id_number:id_number.birth_date"},
		{"check digit", func(m *model.Member) { m.IDNumber = m.IDNumber[:17] + wrongDigit(m.IDNumber) }, "id_number:id_number.check_digit"},
		{"birth mismatch", func(m *model.Member) { m.BirthDate = model.NewDate(1985, 3, 5) }, "birth_date:id_number.birth_mismatch"},
		{"sex mismatch", func(m *model.Member) { m.Sex = model.Female }, "sex:id_number.sex_mismatch"},
		{"no category", func(m *model.Member) { m.Category = "" }, "category:required"},
		{"bad category", func(m *model.Member) { m.Category = "x" }, "category:invalid_value"},
		{"no status", func(m *model.Member) { m.Status = "" }, "status:required"},
		{"bad status", func(m *model.Member) { m.Status = "x" }, "status:invalid_value"},
		{"exited without type", func(m *model.Member) { m.Status = model.StatusExited }, "exit_type:required"},
		{"type without exit", func(m *model.Member) { m.ExitType = model.ExitExpelled }, "exit_type:member.exit_type_unexpected"},
		{"bad exit type", func(m *model.Member) { m.Status, m.ExitType = model.StatusExited, "x" }, "exit_type:invalid_value"},
		{"bad education", func(m *model.Member) { m.Education = "x" }, "education:invalid_value"},
		{"bad degree", func(m *model.Member) { m.Degree = "x" }, "degree:invalid_value"},
		{"ethnicity", func(m *model.Member) { m.Ethnicity = "火星族" }, "ethnicity:member.ethnicity"},
		{"future", func(m *model.Member) { m.FullOn = testToday.AddDate(0, 0, 1) }, "full_on:date.future"},
		{"future birth", func(m *model.Member) {
			m.BirthDate, m.IDNumber = testToday.AddDate(0, 0, 1), testID("20250602", model.Male)
			m.AppliedOn, m.AdmittedOn, m.FullOn = model.Date{}, model.Date{}, model.Date{}
		},
			"birth_date:date.future"},
		{"admitted before applied", func(m *model.Member) { m.AdmittedOn = m.AppliedOn.AddDate(0, 0, -1) },
			"admitted_on:member.admitted_before_applied"},
		{"full before admitted", func(m *model.Member) { m.FullOn = m.AdmittedOn.AddDate(0, 0, -1) }, "full_on:member.full_before_admitted"},
		{"too young", func(m *model.Member) { m.AppliedOn, m.AdmittedOn = model.Date{}, model.NewDate(2003, 3, 3) }, "admitted_on:member.too_young"},
		{"too young on application", func(m *model.Member) { m.AppliedOn = model.NewDate(2003, 3, 3) }, "applied_on:member.too_young_applied"},
		{"young by the ID's birth date", func(m *model.Member) {
			m.BirthDate, m.AppliedOn, m.AdmittedOn = model.Date{}, model.Date{}, model.NewDate(2003, 3, 4).AddDate(0, 0, -1)
		}, "admitted_on:member.too_young"},
		{"phone", func(m *model.Member) { m.Phone = "1380013800" }, "phone:member.phone"},
		{"long address", func(m *model.Member) { m.Address = strings.Repeat("路", 201) }, "address:too_long"},
	} {
		m := validMember()
		tc.change(m)
		if got := codes(t, m); !reflect.DeepEqual(got, []string{tc.want}) {
			t.Errorf("%s: got %v, want [%s]", tc.name, got, tc.want)
		}
	}
}

func TestValidateCheckDigitParam(t *testing.T) {
	m := validMember()
	want := m.IDNumber[17:]
	m.IDNumber = m.IDNumber[:17] + wrongDigit(m.IDNumber)
	fe := Validate(m, testRules, testToday)
	if len(fe) != 1 || fe[0].Params["Expected"] != want {
		t.Fatalf("got %+v, want Expected %s", fe, want)
	}
	m = validMember()
	m.BirthDate = model.NewDate(1986, 1, 1)
	if fe := Validate(m, testRules, testToday); len(fe) != 1 || fe[0].Params["Expected"] != "1985-03-04" {
		t.Fatalf("birth mismatch params %+v", fe)
	}
}

func wrongDigit(id string) string {
	if id[17] == '0' {
		return "1"
	}
	return "0"
}

func TestValidPhone(t *testing.T) {
	for s, want := range map[string]bool{
		"13800138000": true, "0411-12345678": true, "041112345678": true, "010-1234567": true, "84123456": true,
		"0411-84123456-123": true, "1380013800": false, "138001380001": false, "23800138000": false, "1234567": false,
		"0411-123": false, "": false, "138 0013 8000": false, "+8613800138000": false, "电话": false,
	} {
		if got := ValidPhone(s); got != want {
			t.Errorf("ValidPhone(%q) = %v", s, got)
		}
	}
}

func ExampleValidate() {
	m := validMember()
	m.IDNumber = "210202198503041235"
	for _, fe := range Validate(m, testRules, testToday) {
		fmt.Println(fe.Field, fe.Code, fe.Params)
	}
	// Output: id_number id_number.check_digit map[Expected:4]
}

// Every code Validate produces has a Chinese and an English message.
func TestValidateMessages(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range messageCases() {
		for _, fe := range Validate(m, testRules, testToday) {
			seen[fe.Code] = true
		}
	}
	if len(seen) < 15 {
		t.Fatalf("only %d codes seen", len(seen))
	}
	zh, en := i18n.For("zh-CN"), i18n.For("en")
	params := map[string]any{"Value": "v", "Min": 18, "Max": 5, "Expected": "X"}
	for code := range seen {
		z, e := zh.T(code, params), en.T(code, params)
		if z == code || !hasHan(z) {
			t.Errorf("%s: no Chinese message (%q)", code, z)
		}
		if e == code || hasHan(strings.ReplaceAll(strings.ReplaceAll(e, "汉族", ""), "回族", "")) {
			t.Errorf("%s: no English message (%q)", code, e)
		}
	}
}

// messageCases are members that, between them, break every rule.
func messageCases() []*model.Member {
	var out []*model.Member
	for _, change := range []func(m *model.Member){
		func(m *model.Member) { m.Name, m.Sex, m.Category, m.Status, m.IDNumber = "", "", "", "", "" },
		func(m *model.Member) { m.Name, m.Sex, m.Category, m.Status = strings.Repeat("a", 60), "x", "x", "x" },
		func(m *model.Member) { m.IDNumber = "1" },
		func(m *model.Member) { m.IDNumber = "21020219850304123Y" },
		func(m *model.Member) { m.IDNumber = testID("19851304", model.Male) },
		func(m *model.Member) { m.IDNumber = m.IDNumber[:17] + wrongDigit(m.IDNumber) },
		func(m *model.Member) { m.BirthDate, m.Sex = model.NewDate(1990, 1, 1), model.Female },
		func(m *model.Member) {
			m.Status, m.Education, m.Degree, m.Ethnicity = model.StatusExited, "x", "x", "x"
		},
		func(m *model.Member) { m.ExitType, m.Phone = model.ExitWithdrew, "1" },
		func(m *model.Member) {
			m.AppliedOn, m.AdmittedOn, m.FullOn = model.NewDate(2000, 1, 1), model.NewDate(1999, 1, 1), model.NewDate(1998, 1, 1)
		},
		func(m *model.Member) { m.FullOn = model.NewDate(2030, 1, 1) },
	} {
		m := validMember()
		change(m)
		out = append(out, m)
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
