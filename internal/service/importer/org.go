package importer

import (
	"errors"
	"io"
	"sort"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/member"
	"dangjian/internal/service/sheet"
)

// OrgRow is one parsed row of an organisation sheet.
type OrgRow struct {
	// Row is the row number as Excel shows it.
	Row int
	// Org is the organisation, not yet placed in the tree.
	Org *model.Org
	// ParentRef is the parent organisation the row names (上级党组织): a name or a code. The
	// caller resolves it, against the tree and against earlier rows of the same file.
	ParentRef string
	header    sheet.Header
}

// ParentError is an error about the row's parent organisation, e.g. ("not_found", nil).
func (r *OrgRow) ParentError(code string, params map[string]any) RowError {
	return RowError{Row: r.Row, Column: r.header.Title("parent"), Value: r.ParentRef, Code: code, Params: params}
}

// orgTextLimits bound an organisation's text fields, in characters.
var orgTextLimits = []struct {
	key string
	get func(*model.Org) string
	max int
}{
	{"name", func(o *model.Org) string { return o.Name }, 100},
	{"short_name", func(o *model.Org) string { return o.ShortName }, 50},
	{"code", func(o *model.Org) string { return o.Code }, 50},
	{"unit_name", func(o *model.Org) string { return o.UnitName }, 100},
	{"industry", func(o *model.Org) string { return o.Industry }, 100},
	{"unit_code", func(o *model.Org) string { return o.UnitCode }, 30},
	{"address", func(o *model.Org) string { return o.Address }, 200},
	{"phone", func(o *model.Org) string { return o.Phone }, 30},
}

// ParseOrgRow reads one row of an organisation sheet whose header is h. It checks what one
// row can tell: name, type and parent given; type and unit type known; dates real and not
// in the future; term years 1–10 (filled from the rules when a term start is given without
// them); phone form; text lengths. Placement rules (what may sit under what, branch sizes)
// are the organisation service's. Blank rows give nil and no errors.
func ParseOrgRow(row int, cells []string, h sheet.Header, rs *rules.Set, today model.Date) (*OrgRow, []RowError) {
	if sheet.Blank(cells) {
		return nil, nil
	}
	p := newRowParser(row, cells, h)
	o := &model.Org{
		Name:         p.text("name"),
		ShortName:    p.text("short_name"),
		Type:         choice(p, "type", orgTypes),
		HasCommittee: p.boolean("has_committee"),
		UnitType:     choice(p, "unit_type", unitTypes),
		UnitName:     p.text("unit_name"),
		Industry:     p.text("industry"),
		Code:         compact(p.text("code")),
		UnitCode:     compact(p.text("unit_code")),
		Address:      p.text("address"),
		Phone:        compact(p.text("phone")),
		FoundedOn:    p.date("founded_on"),
		TermStart:    p.date("term_start"),
		TermYears:    p.number("term_years", "年"),
	}
	parent := p.text("parent")
	for _, f := range []struct{ key, value string }{{"name", o.Name}, {"type", string(o.Type)}, {"parent", parent}} {
		if f.value == "" {
			p.fail(f.key, "required", nil)
		}
	}
	for _, l := range orgTextLimits {
		if utf8.RuneCountInString(l.get(o)) > l.max {
			p.fail(l.key, "too_long", map[string]any{"Max": l.max})
		}
	}
	if o.TermYears == 0 && !o.TermStart.IsZero() && o.Type != "" && rs != nil {
		o.TermYears = rs.Org.DefaultTermYears(o.Type, o.UnitType)
	}
	if o.TermYears < 0 || o.TermYears > 10 {
		p.fail("term_years", "org.term_years", nil)
	}
	if today.Before(o.FoundedOn) {
		p.fail("founded_on", "date.future", nil)
	}
	if today.Before(o.TermStart) {
		p.fail("term_start", "date.future", nil)
	}
	if o.Phone != "" && !member.ValidPhone(o.Phone) {
		p.fail("phone", "member.phone", map[string]any{"Value": o.Phone})
	}
	return &OrgRow{Row: row, Org: o, ParentRef: parent, header: h}, sortErrors(p.errs, h)
}

// sortErrors puts a row's errors in column order, whatever order they were found in.
func sortErrors(es []RowError, h sheet.Header) []RowError {
	if len(es) < 2 {
		return es
	}
	order := map[string]int{}
	for i, c := range h.Columns {
		order[h.Title(c.Key)] = i
	}
	sort.SliceStable(es, func(i, j int) bool { return order[es[i].Column] < order[es[j].Column] })
	return es
}

// ReadOrgs reads an organisation sheet as ReadMembers reads a member sheet. A repeated code,
// or a name repeated under the same parent, is an import.duplicate_org error on the later row
// (names alone may repeat: many committees have a 第一党支部).
func ReadOrgs(r sheet.Reader, rs *rules.Set, today model.Date, fn func(*OrgRow, []RowError) error) error {
	h, err := sheet.FindHeader(r, OrgColumns, sheet.DefaultHeaderScan)
	if err != nil {
		return err
	}
	firstRow := map[string]int{}
	for {
		n, cells, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		or, rowErrs := ParseOrgRow(n, cells, h, rs, today)
		if or == nil {
			continue
		}
		for _, d := range []struct{ key, value, id string }{
			{"code", or.Org.Code, "code\x00" + or.Org.Code},
			{"name", or.Org.Name, "name\x00" + or.ParentRef + "\x00" + or.Org.Name},
		} {
			if d.value == "" {
				continue
			}
			if first, dup := firstRow[d.id]; dup {
				rowErrs = append(rowErrs, RowError{Row: n, Column: h.Title(d.key), Value: d.value,
					Code: "import.duplicate_org", Params: map[string]any{"Row": first}})
			} else {
				firstRow[d.id] = n
			}
		}
		if err := fn(or, rowErrs); err != nil {
			return err
		}
	}
}
