package member

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/errs"
)

// MaxNameLen is the longest name accepted, in characters.
const MaxNameLen = 50

// textLimits bound the free-text fields of a member, in characters.
var textLimits = []struct {
	field string
	get   func(*model.Member) string
	max   int
}{
	{"ethnicity", func(m *model.Member) string { return m.Ethnicity }, 20},
	{"native_place", func(m *model.Member) string { return m.NativePlace }, 100},
	{"occupation", func(m *model.Member) string { return m.Occupation }, 100},
	{"work_unit", func(m *model.Member) string { return m.WorkUnit }, 100},
	{"work_post", func(m *model.Member) string { return m.WorkPost }, 100},
	{"phone", func(m *model.Member) string { return m.Phone }, 30},
	{"address", func(m *model.Member) string { return m.Address }, 200},
	{"party_posts", func(m *model.Member) string { return m.PartyPosts }, 100},
	{"card_no", func(m *model.Member) string { return m.CardNo }, 30},
}

// idErrors pairs each ID number error with its message code.
var idErrors = []error{model.ErrIDLength, model.ErrIDCharacters, model.ErrIDBirthDate, model.ErrIDCheckDigit}

// Validate checks a member record (党员信息) against the register's rules and returns every
// problem, each on the JSON name of its field. It expects a normalized member (Normalize) and
// changes nothing. Checked: name, sex, ID number, category and status required; the ID number
// per GB 11643 with the birth date and sex agreeing with it; enums known; ethnicity in the
// code list; dates not in the future and in order (applied ≤ admitted ≤ full); the minimum
// age on application and admission; exit type exactly when exited; phone form; text lengths.
// A full member without a conversion date is accepted: older records often lack it.
func Validate(m *model.Member, rs *rules.Set, today model.Date) []errs.FieldError {
	v := &validation{}
	switch n := utf8.RuneCountInString(m.Name); {
	case n == 0:
		v.add("name", "required", nil)
	case n > MaxNameLen:
		v.add("name", "too_long", map[string]any{"Max": MaxNameLen})
	}
	enum(v, "sex", m.Sex, true, model.Male, model.Female)
	enum(v, "category", m.Category, true, model.Categories...)
	enum(v, "status", m.Status, true, model.Statuses...)
	enum(v, "exit_type", m.ExitType, false, model.ExitTypes...)
	enum(v, "education", m.Education, false, model.Educations...)
	enum(v, "degree", m.Degree, false, model.DegreeBachelor, model.DegreeMaster, model.DegreeDoctor)
	birth := v.idNumber(m)
	if m.Ethnicity != "" && rs != nil && !rs.KnownEthnicity(m.Ethnicity) {
		v.add("ethnicity", "member.ethnicity", map[string]any{"Value": m.Ethnicity})
	}
	v.dates(m, birth, rs, today)
	switch {
	case m.Status == model.StatusExited && m.ExitType == "":
		v.add("exit_type", "required", nil)
	case m.Status != model.StatusExited && m.ExitType != "":
		v.add("exit_type", "member.exit_type_unexpected", nil)
	}
	if m.Phone != "" && !ValidPhone(m.Phone) {
		v.add("phone", "member.phone", map[string]any{"Value": m.Phone})
	}
	for _, l := range textLimits {
		if utf8.RuneCountInString(l.get(m)) > l.max {
			v.add(l.field, "too_long", map[string]any{"Max": l.max})
		}
	}
	return v.fe
}

type validation struct{ fe []errs.FieldError }

func (v *validation) add(field, code string, params map[string]any) {
	v.fe = append(v.fe, errs.FieldError{Field: field, Code: code, Params: params})
}

// has reports whether field already has an error.
func (v *validation) has(field string) bool {
	for _, f := range v.fe {
		if f.Field == field {
			return true
		}
	}
	return false
}

// enum checks that value is one of allowed (or empty, when not required).
func enum[T ~string](v *validation, field string, value T, required bool, allowed ...T) {
	if value == "" {
		if required {
			v.add(field, "required", nil)
		}
		return
	}
	if !slices.Contains(allowed, value) {
		v.add(field, "invalid_value", map[string]any{"Value": string(value)})
	}
}

// idNumber validates the ID number and its agreement with birth date and sex; it returns the
// birth date to check ages with (the record's, else the ID number's).
func (v *validation) idNumber(m *model.Member) model.Date {
	if m.IDNumber == "" {
		v.add("id_number", "required", nil)
		return m.BirthDate
	}
	info, err := model.ParseIDNumber(m.IDNumber)
	if err != nil {
		for _, e := range idErrors {
			if errors.Is(err, e) {
				var params map[string]any
				if e == model.ErrIDCheckDigit {
					params = map[string]any{"Expected": string(model.IDCheckDigit(m.IDNumber))}
				}
				v.add("id_number", e.Error(), params)
			}
		}
		return m.BirthDate
	}
	if !m.BirthDate.IsZero() && m.BirthDate != info.BirthDate {
		v.add("birth_date", "id_number.birth_mismatch", map[string]any{"Expected": info.BirthDate.String()})
	}
	if (m.Sex == model.Male || m.Sex == model.Female) && m.Sex != info.Sex {
		v.add("sex", "id_number.sex_mismatch", nil)
	}
	if m.BirthDate.IsZero() {
		return info.BirthDate
	}
	return m.BirthDate
}

// dates checks that dates are not in the future, come in order, and that the member was old
// enough on application and admission.
func (v *validation) dates(m *model.Member, birth model.Date, rs *rules.Set, today model.Date) {
	for _, d := range []struct {
		field string
		date  model.Date
	}{{"birth_date", m.BirthDate}, {"applied_on", m.AppliedOn}, {"admitted_on", m.AdmittedOn}, {"full_on", m.FullOn}} {
		if !today.IsZero() && today.Before(d.date) {
			v.add(d.field, "date.future", nil)
		}
	}
	if !m.AppliedOn.IsZero() && !m.AdmittedOn.IsZero() && m.AdmittedOn.Before(m.AppliedOn) {
		v.add("admitted_on", "member.admitted_before_applied", nil)
	}
	if !m.AdmittedOn.IsZero() && !m.FullOn.IsZero() && m.FullOn.Before(m.AdmittedOn) {
		v.add("full_on", "member.full_before_admitted", nil)
	}
	if rs == nil || birth.IsZero() {
		return
	}
	minAge := rs.Member.MinAge
	if !m.AppliedOn.IsZero() && ageOn(birth, m.AppliedOn) < minAge && !v.has("applied_on") {
		v.add("applied_on", "member.too_young_applied", map[string]any{"Min": minAge})
	}
	if !m.AdmittedOn.IsZero() && ageOn(birth, m.AdmittedOn) < minAge && !v.has("admitted_on") {
		v.add("admitted_on", "member.too_young", map[string]any{"Min": minAge})
	}
}

// ageOn is the age in whole years on day on, negative when on is before birth.
func ageOn(birth, on model.Date) int {
	if on.Before(birth) {
		return -1
	}
	return birth.AgeOn(on)
}

var (
	mobilePhone   = regexp.MustCompile(`^1\d{10}$`)
	landlinePhone = regexp.MustCompile(`^(0\d{2,3}-?\d{7,8}|[2-9]\d{6,7})(-\d{1,6})?$`)
)

// ValidPhone reports whether s is a mainland mobile number (11 digits starting with 1) or a
// landline such as 0411-12345678, 041112345678 or 84123456, optionally with an extension
// (-123).
func ValidPhone(s string) bool {
	if len(s) == 11 && s[0] == '1' && strings.Trim(s, "0123456789") == "" {
		return true // a mobile number, the common case, without the regular expressions
	}
	return mobilePhone.MatchString(s) || landlinePhone.MatchString(s)
}
