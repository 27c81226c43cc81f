package importer

import (
	"strconv"

	"dangjian/internal/model"
	"dangjian/internal/service/sheet"
)

// WriteMemberTemplate writes the header row of the member import template (党员导入模板):
// the Chinese headers, required ones marked with "*". It writes no example row, which would
// be imported, and does not close w.
func WriteMemberTemplate(w sheet.Writer) error {
	setWidths(w, MemberColumns)
	return w.WriteHeader(headers(MemberColumns, true))
}

// WriteOrgTemplate writes the header row of the organisation import template (党组织导入模板).
func WriteOrgTemplate(w sheet.Writer) error {
	setWidths(w, OrgColumns)
	return w.WriteHeader(headers(OrgColumns, true))
}

// MemberExportHeaders are the headers of a member export: the template's, so an export can be
// imported again.
func MemberExportHeaders() []string { return headers(MemberColumns, false) }

// WriteMemberExportHeader sizes the columns and writes the member export's header row.
func WriteMemberExportHeader(w sheet.Writer) error {
	setWidths(w, MemberColumns)
	return w.WriteHeader(MemberExportHeaders())
}

// MemberExportRow formats a member in the order of MemberExportHeaders, enums in Chinese and
// dates as YYYY-MM-DD. The organisation is written by name (m.OrgName) and orgCode, when the
// caller knows it, fills 党组织编码 so that re-importing finds the organisation even when its
// name is not unique.
func MemberExportRow(m *model.Member, orgCode string) []string {
	values := map[string]string{
		"name": m.Name, "sex": sexes.format(m.Sex), "ethnicity": m.Ethnicity, "birth_date": m.BirthDate.String(),
		"id_number": m.IDNumber, "native_place": m.NativePlace, "education": educations.format(m.Education),
		"degree": degrees.format(m.Degree), "occupation": m.Occupation, "work_unit": m.WorkUnit, "work_post": m.WorkPost,
		"phone": m.Phone, "address": m.Address, "category": categories.format(m.Category),
		"status": statuses.format(m.Status), "exit_type": exitTypes.format(m.ExitType),
		"applied_on": m.AppliedOn.String(), "admitted_on": m.AdmittedOn.String(), "full_on": m.FullOn.String(),
		"party_posts": m.PartyPosts, "card_no": m.CardNo, "org": m.OrgName, "org_code": orgCode,
	}
	return inOrder(MemberColumns, values)
}

// OrgExportHeaders are the headers of an organisation export, the template's.
func OrgExportHeaders() []string { return headers(OrgColumns, false) }

// WriteOrgExportHeader sizes the columns and writes the organisation export's header row.
func WriteOrgExportHeader(w sheet.Writer) error {
	setWidths(w, OrgColumns)
	return w.WriteHeader(OrgExportHeaders())
}

// OrgExportRow formats an organisation in the order of OrgExportHeaders. The parent (nil for
// a root) is written as its code when it has one, else its name.
func OrgExportRow(o *model.Org, parent *model.Org) []string {
	parentRef := ""
	if parent != nil {
		parentRef = parent.Code
		if parentRef == "" {
			parentRef = parent.Name
		}
	}
	years := ""
	if o.TermYears != 0 {
		years = strconv.Itoa(o.TermYears)
	}
	values := map[string]string{
		"name": o.Name, "short_name": o.ShortName, "type": orgTypes.format(o.Type), "parent": parentRef, "code": o.Code,
		"has_committee": yesNo(o.HasCommittee), "unit_type": unitTypes.format(o.UnitType), "unit_name": o.UnitName,
		"industry": o.Industry, "unit_code": o.UnitCode, "address": o.Address, "phone": o.Phone,
		"founded_on": o.FoundedOn.String(), "term_start": o.TermStart.String(), "term_years": years,
	}
	return inOrder(OrgColumns, values)
}

func inOrder(cols []sheet.Column, values map[string]string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = values[c.Key]
	}
	return out
}
