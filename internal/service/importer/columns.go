// Package importer maps spreadsheet rows to members and organisations and back (导入导出):
// column definitions with Chinese headers and English aliases, the words people type for
// each enum, row parsing with validation, import templates, the row error report and export
// rows. It reads and writes through package sheet and touches no database: resolving the
// organisation a row names, and storing, are the import job's work.
package importer

import "dangjian/internal/service/sheet"

// MemberColumns are the columns of a member sheet (党员名册). Keys are the JSON names of
// model.Member, plus "org" (the organisation's name or code) and "org_code".
var MemberColumns = []sheet.Column{
	{Key: "name", Aliases: []string{"姓名", "name"}, Required: true},
	{Key: "sex", Aliases: []string{"性别", "sex", "gender"}},
	{Key: "ethnicity", Aliases: []string{"民族", "ethnicity", "ethnic group"}},
	{Key: "birth_date", Aliases: []string{"出生日期", "birth_date", "date of birth", "birthday"}},
	{Key: "id_number", Aliases: []string{"公民身份号码", "身份证号", "身份证号码", "身份证", "id_number", "id card"}, Required: true},
	{Key: "native_place", Aliases: []string{"籍贯", "native_place"}},
	{Key: "education", Aliases: []string{"学历", "education"}},
	{Key: "degree", Aliases: []string{"学位", "degree"}},
	{Key: "occupation", Aliases: []string{"职业", "occupation"}},
	{Key: "work_unit", Aliases: []string{"工作单位", "work_unit", "employer"}},
	{Key: "work_post", Aliases: []string{"职务", "work_post", "job title"}},
	{Key: "phone", Aliases: []string{"联系电话", "手机号码", "手机号", "手机", "电话", "phone", "mobile"}},
	{Key: "address", Aliases: []string{"家庭住址", "住址", "address"}},
	{Key: "category", Aliases: []string{"党员类别", "人员类别", "category"}, Required: true},
	{Key: "status", Aliases: []string{"党籍状态", "status"}},
	{Key: "exit_type", Aliases: []string{"出党方式", "exit_type"}},
	{Key: "applied_on", Aliases: []string{"申请入党日期", "申请入党时间", "applied_on"}},
	{Key: "admitted_on", Aliases: []string{"入党日期", "入党时间", "admitted_on"}},
	{Key: "full_on", Aliases: []string{"转正日期", "转正时间", "full_on"}},
	{Key: "party_posts", Aliases: []string{"党内职务", "party_posts"}},
	{Key: "card_no", Aliases: []string{"党员证号", "党员证编号", "card_no"}},
	{Key: "org", Aliases: []string{"所在党组织", "党组织名称", "所在党支部", "org", "organisation", "organization"}},
	{Key: "org_code", Aliases: []string{"党组织编码", "党组织代码", "org_code"}},
}

// OrgColumns are the columns of an organisation sheet (党组织). Keys are the JSON names of
// model.Org, plus "parent" (the parent organisation's name or code).
var OrgColumns = []sheet.Column{
	{Key: "name", Aliases: []string{"党组织名称", "组织名称", "name"}, Required: true},
	{Key: "short_name", Aliases: []string{"简称", "short_name"}},
	{Key: "type", Aliases: []string{"组织类别", "组织类型", "党组织类别", "党组织类型", "type"}, Required: true},
	{Key: "parent", Aliases: []string{"上级党组织", "上级组织", "parent"}, Required: true},
	{Key: "code", Aliases: []string{"组织编码", "党组织编码", "组织代码", "code"}},
	{Key: "has_committee", Aliases: []string{"是否设支委会", "是否设立支委会", "has_committee"}},
	{Key: "unit_type", Aliases: []string{"单位类型", "unit_type"}},
	{Key: "unit_name", Aliases: []string{"单位名称", "unit_name"}},
	{Key: "industry", Aliases: []string{"所属行业", "industry"}},
	{Key: "unit_code", Aliases: []string{"统一社会信用代码", "unit_code"}},
	{Key: "address", Aliases: []string{"地址", "address"}},
	{Key: "phone", Aliases: []string{"联系电话", "phone"}},
	{Key: "founded_on", Aliases: []string{"成立日期", "成立时间", "founded_on"}},
	{Key: "term_start", Aliases: []string{"本届任期开始", "本届任期开始日期", "换届日期", "term_start"}},
	{Key: "term_years", Aliases: []string{"任期年限", "term_years"}},
}

// columnWidths are the widths (in characters) of columns whose content is wider than their
// header; other columns are sized to their header.
var columnWidths = map[string]float64{
	"id_number": 22, "address": 30, "org": 30, "work_unit": 24, "name": 12, "phone": 16, "unit_name": 24,
	"parent": 30, "unit_code": 22, "birth_date": 12, "applied_on": 14, "admitted_on": 12, "full_on": 12,
	"founded_on": 12, "term_start": 14, "exit_type": 16, "status": 16, "party_posts": 16,
}

// headers returns the Chinese headers of cols, required ones marked with "*" when mark is set.
func headers(cols []sheet.Column, mark bool) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Title()
		if mark && c.Required {
			out[i] += "*"
		}
	}
	return out
}

// setWidths sizes the columns of an xlsx writer; other writers have no widths.
func setWidths(w sheet.Writer, cols []sheet.Column) {
	x, ok := w.(interface{ SetColumnWidths([]float64) })
	if !ok {
		return
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = columnWidths[c.Key]
	}
	x.SetColumnWidths(widths)
}
