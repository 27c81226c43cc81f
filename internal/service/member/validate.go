package member

import (
	"errors"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/errs"
)

// Validate checks a normalized member against the register's rules and returns every problem.
func Validate(m *model.Member, rs *rules.Set, today model.Date) []errs.FieldError {
	var fe []errs.FieldError
	add := func(field, code string, params map[string]any) {
		fe = append(fe, errs.FieldError{Field: field, Code: code, Params: params})
	}
	if m.Name == "" {
		add("name", "required", nil)
	} else if utf8.RuneCountInString(m.Name) > 50 {
		add("name", "too_long", map[string]any{"Max": 50})
	}
	if m.Sex != model.Male && m.Sex != model.Female {
		add("sex", "required", nil)
	}
	if m.IDNumber == "" {
		add("id_number", "required", nil)
	} else if info, err := model.ParseIDNumber(m.IDNumber); err != nil {
		params := map[string]any{}
		if errors.Is(err, model.ErrIDCheckDigit) {
			params["Expected"] = string(model.IDCheckDigit(m.IDNumber))
		}
		add("id_number", err.Error(), params)
	} else {
		if !m.BirthDate.IsZero() && m.BirthDate != info.BirthDate {
			add("birth_date", "id_number.birth_mismatch", map[string]any{"Expected": info.BirthDate.String()})
		}
		if m.Sex != "" && m.Sex != info.Sex {
			add("sex", "id_number.sex_mismatch", nil)
		}
	}
	if m.Category != model.Full && m.Category != model.Probationary {
		add("category", "required", nil)
	}
	valid := false
	for _, s := range model.Statuses {
		valid = valid || s == m.Status
	}
	if !valid {
		add("status", "invalid_value", map[string]any{"Value": m.Status})
	}
	if m.Status == model.StatusExited && m.ExitType == "" {
		add("exit_type", "required", nil)
	}
	if m.Ethnicity != "" && !rs.KnownEthnicity(m.Ethnicity) {
		add("ethnicity", "invalid_value", map[string]any{"Value": m.Ethnicity})
	}
	for _, d := range []struct {
		field string
		date  model.Date
	}{{"applied_on", m.AppliedOn}, {"admitted_on", m.AdmittedOn}, {"full_on", m.FullOn}} {
		if today.Before(d.date) {
			add(d.field, "date.future", nil)
		}
	}
	if !m.AdmittedOn.IsZero() && !m.BirthDate.IsZero() && m.BirthDate.AgeOn(m.AdmittedOn) < rs.Member.MinAge {
		add("admitted_on", "member.too_young", map[string]any{"Min": rs.Member.MinAge})
	}
	return fe
}
