package importer

import (
	"errors"
	"io"
	"maps"
	"regexp"
	"strings"
	"unicode"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/member"
	"dangjian/internal/service/sheet"
)

// MemberRow is one parsed row of a member sheet.
type MemberRow struct {
	// Row is the row number as Excel shows it.
	Row int
	// Member is the normalized member (member.Normalize), not yet placed in an organisation.
	Member *model.Member
	// OrgRef is the organisation the row names (所在党组织): a name or a code; OrgCode is the
	// 党组织编码 column. The caller resolves them.
	OrgRef, OrgCode string
	header          sheet.Header
}

// OrgError is an error about the row's organisation, e.g. ("not_found", nil) when OrgRef
// names no organisation in the caller's scope; it points at the org column (or org_code when
// only that is filled).
func (r *MemberRow) OrgError(code string, params map[string]any) RowError {
	key, value := "org", r.OrgRef
	if value == "" && r.OrgCode != "" {
		key, value = "org_code", r.OrgCode
	}
	return RowError{Row: r.Row, Column: r.header.Title(key), Value: value, Code: code, Params: params}
}

// scientific matches an ID number Excel has turned into a number shown in scientific
// notation (2.10202E+17): its last digits are lost.
var scientific = regexp.MustCompile(`^\d(\.\d+)?[eE]\+?\d+$`)

// ParseMemberRow reads one row of a member sheet whose header is h, and validates the member
// with member.Validate. It returns nil and no errors for a blank row; otherwise the row (even
// when invalid) and its errors, at most one per column.
func ParseMemberRow(row int, cells []string, h sheet.Header, rs *rules.Set, today model.Date) (*MemberRow, []RowError) {
	if sheet.Blank(cells) {
		return nil, nil
	}
	p := newRowParser(row, cells, h)
	m := &model.Member{
		Name:        hanName(p.text("name")),
		Sex:         choice(p, "sex", sexes),
		Ethnicity:   ethnicity(p.text("ethnicity"), rs),
		BirthDate:   p.date("birth_date"),
		IDNumber:    compact(p.text("id_number")),
		NativePlace: p.text("native_place"),
		Education:   choice(p, "education", educations),
		Degree:      choice(p, "degree", degrees),
		Occupation:  p.text("occupation"),
		WorkUnit:    p.text("work_unit"),
		WorkPost:    p.text("work_post"),
		Phone:       compact(p.text("phone")),
		Address:     p.text("address"),
		Category:    choice(p, "category", categories),
		Status:      choice(p, "status", statuses),
		ExitType:    choice(p, "exit_type", exitTypes),
		AppliedOn:   p.date("applied_on"),
		AdmittedOn:  p.date("admitted_on"),
		FullOn:      p.date("full_on"),
		PartyPosts:  p.text("party_posts"),
		CardNo:      compact(p.text("card_no")),
	}
	if strings.ContainsAny(m.IDNumber, "eE") && scientific.MatchString(m.IDNumber) {
		p.fail("id_number", "id_number.scientific", map[string]any{"Value": m.IDNumber})
	}
	if model.IsMasked(m.IDNumber) {
		p.fail("id_number", "import.masked", nil)
	}
	if model.IsMasked(m.Phone) {
		p.fail("phone", "import.masked", nil)
	}
	member.Normalize(m)
	for _, fe := range member.Validate(m, rs, today) {
		// Without a sex the ID number would have given it: its error is the one to fix.
		if !(fe.Field == "sex" && fe.Code == "required" && (p.bad["id_number"] || m.IDNumber != "")) {
			p.fail(fe.Field, fe.Code, fe.Params)
		}
	}
	return &MemberRow{Row: row, Member: m, OrgRef: p.text("org"), OrgCode: compact(p.text("org_code")), header: h},
		maskPersonal(sortErrors(p.errs, h), h)
}

// maskPersonal masks the ID numbers and phones that row errors quote: the errors are kept
// with the import job, and personal data is stored encrypted only.
func maskPersonal(es []RowError, h sheet.Header) []RowError {
	for i := range es {
		var mask func(string) string
		switch es[i].Column {
		case h.Title("id_number"):
			mask = model.MaskIDNumber
		case h.Title("phone"):
			mask = model.MaskPhone
		default:
			continue
		}
		es[i].Value = mask(es[i].Value)
		if v, ok := es[i].Params["Value"].(string); ok {
			params := maps.Clone(es[i].Params)
			params["Value"] = mask(v)
			es[i].Params = params
		}
	}
	return es
}

// ReadMembers reads a member sheet: it finds the header (a file-level error, from
// sheet.FindHeader, ends it at once), then calls fn with every non-blank row and its errors,
// in order. A repeated ID number is an import.duplicate_id error on the later row. An error
// from fn stops the reading and is returned.
func ReadMembers(r sheet.Reader, rs *rules.Set, today model.Date, fn func(*MemberRow, []RowError) error) error {
	h, err := sheet.FindHeader(r, MemberColumns, sheet.DefaultHeaderScan)
	if err != nil {
		return err
	}
	firstRow := newSeenIDs()
	for {
		n, cells, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		mr, rowErrs := ParseMemberRow(n, cells, h, rs, today)
		if mr == nil {
			continue
		}
		if id := mr.Member.IDNumber; id != "" {
			if first, dup := firstRow.get(id); dup {
				rowErrs = append(rowErrs, RowError{Row: n, Column: h.Title("id_number"), Value: model.MaskIDNumber(id),
					Code: "import.duplicate_id", Params: map[string]any{"Row": first}})
			} else {
				firstRow.put(id, n)
			}
		}
		if err := fn(mr, rowErrs); err != nil {
			return err
		}
	}
}

// hanName removes the spaces registers put inside two-character names to align them
// ("张  三"), but keeps those between Latin words.
func hanName(s string) string {
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); {
		if !unicode.IsSpace(rs[i]) {
			out = append(out, rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if !(i > 0 && j < len(rs) && unicode.Is(unicode.Han, rs[i-1]) && unicode.Is(unicode.Han, rs[j])) {
			out = append(out, rs[i:j]...)
		}
		i = j
	}
	return string(out)
}

// ethnicity completes a short ethnic group name ("汉" → "汉族") when the code list knows it.
func ethnicity(s string, rs *rules.Set) string {
	if s != "" && rs != nil && !rs.KnownEthnicity(s) && rs.KnownEthnicity(s+"族") {
		return s + "族"
	}
	return s
}

// seenIDs remembers the first row of each ID number in a file. Valid numbers (18 bytes) are
// kept as fixed-size keys, which halves the memory of a million-row import.
type seenIDs struct {
	fixed map[[18]byte]int32
	other map[string]int
}

func newSeenIDs() *seenIDs { return &seenIDs{fixed: map[[18]byte]int32{}, other: map[string]int{}} }

func (s *seenIDs) get(id string) (int, bool) {
	if len(id) == 18 {
		n, ok := s.fixed[[18]byte([]byte(id))]
		return int(n), ok
	}
	n, ok := s.other[id]
	return n, ok
}

func (s *seenIDs) put(id string, row int) {
	if len(id) == 18 {
		s.fixed[[18]byte([]byte(id))] = int32(row)
		return
	}
	s.other[id] = row
}
