package importer

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/sheet"
)

// DevelopmentImportSteps are the steps an imported development record may carry (the early
// steps that are dates and names; later steps need votes, reviews and approvals and are
// recorded in the product).
var DevelopmentImportSteps = []int{2, 3, 4, 5, 6, 7, 8}

// stepColumn is the column key of a step's date.
func stepColumn(no int) string { return "step" + strconv.Itoa(no) }

// DevelopmentColumns are the columns of a development sheet (发展党员工作台账): the person, the
// organisation, the application date and the dates of the early steps. Keys are the JSON
// names of model.Development, plus "org", "org_code", "applied_on" (step 1), "stepN" (the
// date of step N) and "sponsors" (the names of the sponsors, step 5).
var DevelopmentColumns = []sheet.Column{
	{Key: "name", Aliases: []string{"姓名", "name"}, Required: true},
	{Key: "sex", Aliases: []string{"性别", "sex", "gender"}},
	{Key: "ethnicity", Aliases: []string{"民族", "ethnicity"}},
	{Key: "birth_date", Aliases: []string{"出生日期", "出生年月", "birth_date"}},
	{Key: "id_number", Aliases: []string{"公民身份号码", "身份证号", "身份证号码", "身份证", "id_number"}, Required: true},
	{Key: "native_place", Aliases: []string{"籍贯", "native_place"}},
	{Key: "education", Aliases: []string{"学历", "education"}},
	{Key: "occupation", Aliases: []string{"职业", "occupation"}},
	{Key: "work_unit", Aliases: []string{"工作单位", "工作单位及职务", "work_unit"}},
	{Key: "work_post", Aliases: []string{"职务", "work_post"}},
	{Key: "phone", Aliases: []string{"联系电话", "手机号码", "手机号", "电话", "phone"}},
	{Key: "address", Aliases: []string{"家庭住址", "住址", "address"}},
	{Key: "org", Aliases: []string{"所在党组织", "所在党支部", "党支部", "党组织名称", "org"}},
	{Key: "org_code", Aliases: []string{"党组织编码", "党组织代码", "org_code"}},
	{Key: "applied_on", Aliases: []string{"申请入党日期", "递交入党申请书日期", "申请入党时间", "applied_on"}, Required: true},
	{Key: "step2", Aliases: []string{"谈话日期", "党组织派人谈话日期", "step2"}},
	{Key: "step3", Aliases: []string{"确定为入党积极分子日期", "确定入党积极分子日期", "列为积极分子时间", "step3"}},
	{Key: "step4", Aliases: []string{"积极分子备案日期", "报上级党委备案日期", "step4"}},
	{Key: "sponsors", Aliases: []string{"培养联系人", "sponsors"}},
	{Key: "step5", Aliases: []string{"指定培养联系人日期", "step5"}},
	{Key: "step6", Aliases: []string{"培养教育考察日期", "考察日期", "step6"}},
	{Key: "step7", Aliases: []string{"确定为发展对象日期", "确定发展对象日期", "列为发展对象时间", "step7"}},
	{Key: "step8", Aliases: []string{"发展对象备案日期", "step8"}},
}

// DevelopmentRow is one parsed row of a development sheet.
type DevelopmentRow struct {
	Row    int
	Person *model.Development
	// OrgRef and OrgCode name the organisation (所在党组织, 党组织编码).
	OrgRef, OrgCode string
	AppliedOn       model.Date
	// Steps are the dates of the other steps given, by step number.
	Steps map[int]model.Date
	// Sponsors are the sponsors' names (step 5).
	Sponsors []string
	header   sheet.Header
}

// ColumnOf returns the header (as the file writes it) of the column an error of the service's
// field belongs to: a step's done_on is that step's date column.
func (r *DevelopmentRow) ColumnOf(step int, field string) string {
	switch {
	case field == "org_id":
		if r.OrgRef == "" && r.OrgCode != "" {
			return r.header.Title("org_code")
		}
		return r.header.Title("org")
	case field == "data.sponsors":
		return r.header.Title("sponsors")
	case step == 1 && (field == "done_on" || field == "no"):
		return r.header.Title("applied_on")
	case step > 1 && (field == "done_on" || field == "no" || strings.HasPrefix(field, "data.")):
		return r.header.Title(stepColumn(step))
	}
	return r.header.Title(field)
}

// Value returns the cell of a column key as the row wrote it.
func (r *DevelopmentRow) Value(cells []string, key string) string {
	v, _ := r.header.Cell(cells, key)
	return v
}

// ParseDevelopmentRow reads one row of a development sheet. It checks the cells' forms (dates,
// enums); the person and the rules are checked by the development service when the row is
// recorded. It returns nil for a blank row.
func ParseDevelopmentRow(row int, cells []string, h sheet.Header) (*DevelopmentRow, []RowError) {
	if sheet.Blank(cells) {
		return nil, nil
	}
	p := newRowParser(row, cells, h)
	d := &model.Development{
		Name:        hanName(p.text("name")),
		Sex:         choice(p, "sex", sexes),
		Ethnicity:   p.text("ethnicity"),
		BirthDate:   p.date("birth_date"),
		IDNumber:    compact(p.text("id_number")),
		NativePlace: p.text("native_place"),
		Education:   choice(p, "education", educations),
		Occupation:  p.text("occupation"),
		WorkUnit:    p.text("work_unit"),
		WorkPost:    p.text("work_post"),
		Phone:       compact(p.text("phone")),
		Address:     p.text("address"),
	}
	if scientific.MatchString(d.IDNumber) {
		p.fail("id_number", "id_number.scientific", map[string]any{"Value": d.IDNumber})
	}
	out := &DevelopmentRow{Row: row, Person: d, OrgRef: p.text("org"), OrgCode: compact(p.text("org_code")),
		AppliedOn: p.date("applied_on"), Steps: map[int]model.Date{}, header: h}
	if out.AppliedOn.IsZero() && !p.bad["applied_on"] {
		p.fail("applied_on", "required", nil)
	}
	if out.OrgRef == "" && out.OrgCode == "" {
		p.fail("org", "required", nil)
	}
	for _, no := range DevelopmentImportSteps {
		if day := p.date(stepColumn(no)); !day.IsZero() {
			out.Steps[no] = day
		}
	}
	for _, n := range strings.FieldsFunc(p.text("sponsors"), func(r rune) bool { return strings.ContainsRune("、,，;；/ 　", r) }) {
		out.Sponsors = append(out.Sponsors, n)
	}
	if len(out.Sponsors) > 0 && out.Steps[5].IsZero() && !p.bad["step5"] {
		p.fail("step5", "import.sponsors_need_date", nil)
	}
	return out, sortErrors(p.errs, h)
}

// ReadDevelopments reads a development sheet: the header, then every non-blank row with its
// errors. A repeated ID number is an import.duplicate_id error on the later row.
func ReadDevelopments(r sheet.Reader, fn func(*DevelopmentRow, []RowError) error) error {
	h, err := sheet.FindHeader(r, DevelopmentColumns, sheet.DefaultHeaderScan)
	if err != nil {
		return err
	}
	first := map[string]int{}
	for {
		n, cells, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		dr, es := ParseDevelopmentRow(n, cells, h)
		if dr == nil {
			continue
		}
		if id := dr.Person.IDNumber; id != "" {
			if row, dup := first[id]; dup {
				es = append(es, RowError{Row: n, Column: h.Title("id_number"), Value: id, Code: "import.duplicate_id", Params: map[string]any{"Row": row}})
			} else {
				first[id] = n
			}
		}
		if err := fn(dr, es); err != nil {
			return err
		}
	}
}

// WriteDevelopmentTemplate writes the header row of the development import template.
func WriteDevelopmentTemplate(w sheet.Writer) error {
	setWidths(w, DevelopmentColumns)
	return w.WriteHeader(headers(DevelopmentColumns, true))
}

// DevelopmentExportHeaders are the headers of a development export: the import columns, then
// the stage, status, what is due next, and the dates of the later steps (9–25), named after
// the rules' steps.
func DevelopmentExportHeaders(r *rules.DevelopmentRules) []string {
	out := headers(DevelopmentColumns, false)
	out = append(out, "当前阶段", "状态", "下一步", "期限", "预备期满")
	for no := 9; no <= len(r.Steps); no++ {
		out = append(out, "第"+strconv.Itoa(no)+"步 "+r.Step(no).Zh)
	}
	return out
}

// WriteDevelopmentExportHeader sizes the columns and writes the export's header row.
func WriteDevelopmentExportHeader(w sheet.Writer, r *rules.DevelopmentRules) error {
	if x, ok := w.(interface{ SetColumnWidths([]float64) }); ok {
		widths := make([]float64, 0, len(DevelopmentColumns)+25)
		for _, c := range DevelopmentColumns {
			widths = append(widths, columnWidths[c.Key])
		}
		x.SetColumnWidths(widths)
	}
	return w.WriteHeader(DevelopmentExportHeaders(r))
}

var stageWords = map[model.Stage]string{model.StageApplicant: "入党申请人", model.StageActivist: "入党积极分子",
	model.StageCandidate: "发展对象", model.StageProbationary: "预备党员", model.StageFull: "正式党员"}

var devStatusWords = map[model.DevelopmentStatus]string{model.DevActive: "进行中", model.DevCompleted: "已转正", model.DevStopped: "已终止"}

// DevelopmentExportRow formats a record with its recorded steps in the order of
// DevelopmentExportHeaders.
func DevelopmentExportRow(d *model.Development, steps []*model.DevelopmentStep, r *rules.DevelopmentRules, orgCode string) []string {
	dates := map[int]string{}
	var sponsors []string
	for _, s := range steps {
		dates[s.No] = s.DoneOn.String() // a later round overwrites an earlier one
		if s.No == 5 {
			for _, p := range s.Data.Sponsors {
				sponsors = append(sponsors, p.Name)
			}
		}
	}
	values := map[string]string{
		"name": d.Name, "sex": sexes.format(d.Sex), "ethnicity": d.Ethnicity, "birth_date": d.BirthDate.String(),
		"id_number": d.IDNumber, "native_place": d.NativePlace, "education": educations.format(d.Education),
		"occupation": d.Occupation, "work_unit": d.WorkUnit, "work_post": d.WorkPost, "phone": d.Phone, "address": d.Address,
		"org": d.OrgName, "org_code": orgCode, "applied_on": d.AppliedOn.String(), "sponsors": strings.Join(sponsors, "、"),
	}
	for _, no := range DevelopmentImportSteps {
		values[stepColumn(no)] = dates[no]
	}
	out := inOrder(DevelopmentColumns, values)
	next := ""
	if st := r.Step(d.NextStep); st != nil && d.Status == model.DevActive {
		next = "第" + strconv.Itoa(st.No) + "步 " + st.Zh
	}
	out = append(out, stageWords[d.Stage], devStatusWords[d.Status], next, d.NextDue.String(), d.ProbationEnd.String())
	for no := 9; no <= len(r.Steps); no++ {
		out = append(out, dates[no])
	}
	return out
}
