package sheet

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// workbook is what reading the first worksheet needs from an xlsx package: where the sheet,
// the shared strings and the styles are, and the workbook's date system.
type workbook struct {
	files         map[string]*zip.File // by normalised name
	sheet         *zip.File
	sharedStrings *zip.File
	styles        *zip.File
	date1904      bool
}

// partName normalises a part name for lookup: no leading slash, forward slashes, lower case
// (writers differ in case and a few use backslashes; Excel does not mind).
func partName(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/"))
}

// openWorkbook finds the parts of the first worksheet: the office document named in
// _rels/.rels (xl/workbook.xml when absent), its first <sheet> and the targets of its
// relationships.
func openWorkbook(zr *zip.Reader) (*workbook, error) {
	wb := &workbook{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		wb.files[partName(f.Name)] = f
	}
	bookPath := "xl/workbook.xml"
	if rels, err := wb.rels("_rels/.rels"); err != nil {
		return nil, err
	} else {
		for _, r := range rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				bookPath = resolvePart("", r.Target)
			}
		}
	}
	var book struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			// The relationship id, r:id (its namespace differs in strict files).
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := wb.decode(bookPath, &book); err != nil {
		return nil, err
	}
	wb.date1904 = book.Pr.Date1904 == "1" || strings.EqualFold(book.Pr.Date1904, "true")
	if len(book.Sheets) == 0 {
		return wb, nil
	}
	rels, err := wb.rels(path.Join(path.Dir(bookPath), "_rels", path.Base(bookPath)+".rels"))
	if err != nil {
		return nil, err
	}
	dir := path.Dir(bookPath)
	find := func(kind, fallback string) *zip.File {
		for _, r := range rels {
			if strings.HasSuffix(r.Type, "/"+kind) {
				return wb.files[partName(resolvePart(dir, r.Target))]
			}
		}
		return wb.files[fallback]
	}
	id := ""
	for _, a := range book.Sheets[0].Attrs {
		if a.Name.Local == "id" && a.Name.Space != "" {
			id = a.Value
		}
	}
	for _, r := range rels {
		if r.ID == id {
			wb.sheet = wb.files[partName(resolvePart(dir, r.Target))]
		}
	}
	if wb.sheet == nil {
		return nil, errors.New("the first worksheet is missing")
	}
	wb.sharedStrings = find("sharedStrings", "xl/sharedstrings.xml")
	wb.styles = find("styles", "xl/styles.xml")
	return wb, nil
}

// resolvePart resolves a relationship target against the directory of its source part.
func resolvePart(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return target[1:]
	}
	return path.Join(dir, target)
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// rels reads a relationships part; a missing one has no relationships.
func (wb *workbook) rels(name string) ([]relationship, error) {
	var rels struct {
		Rels []relationship `xml:"Relationship"`
	}
	if wb.files[partName(name)] == nil {
		return nil, nil
	}
	err := wb.decode(name, &rels)
	return rels.Rels, err
}

// smallPartLimit bounds the parts read whole with encoding/xml (workbook, relationships,
// styles): far more than any real file needs.
const smallPartLimit = 64 << 20

// decode unmarshals a small part.
func (wb *workbook) decode(name string, v any) error {
	f := wb.files[partName(name)]
	if f == nil {
		return fmt.Errorf("%s is missing", name)
	}
	if f.UncompressedSize64 > smallPartLimit {
		return fmt.Errorf("%s is too large", name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, smallPartLimit)).Decode(v)
}

// dateStyles reports, for each cell format (the s attribute of a cell), whether it shows a
// date: a built-in date format or a custom format with a day, month-with-day or year part.
func (wb *workbook) dateStyles() ([]bool, error) {
	if wb.styles == nil {
		return nil, nil
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID string `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := wb.decode(wb.styles.Name, &st); err != nil {
		return nil, err
	}
	custom := map[int]bool{}
	for _, f := range st.NumFmts {
		custom[f.ID] = isDateFormat(f.Code)
	}
	out := make([]bool, len(st.Xfs))
	for i, xf := range st.Xfs {
		id, err := strconv.Atoi(xf.NumFmtID)
		if err != nil {
			continue
		}
		if d, ok := custom[id]; ok {
			out[i] = d
		} else {
			out[i] = builtinDateFormat(id)
		}
	}
	return out, nil
}

// builtinDateFormat reports whether a built-in number format shows a date (ECMA-376
// 18.8.30, with the ids Chinese Excel and WPS use for 年月日 formats); time-only formats
// are not dates.
func builtinDateFormat(id int) bool {
	switch {
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 54, id == 57, id == 58:
		return true
	}
	return false
}

// isDateFormat reports whether a number format code shows a date: it has a y or d outside
// quoted text, escapes and [colour]/[locale] brackets, in its first section ("General"
// has neither).
func isDateFormat(code string) bool {
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal (or padding)
		case c == ';':
			return false
		case c == 'y' || c == 'Y' || c == 'd' || c == 'D':
			return true
		}
	}
	return false
}

// sharedStrings is a workbook's shared string table (共享字符串), kept compact: all strings in
// one, cut at offsets, so a million strings cost no million string headers.
type sharedStrings struct {
	all  string
	ends []uint32 // end offset of each string in all
}

// size is the memory the table holds.
func (t *sharedStrings) size() int64 { return int64(len(t.all) + 4*cap(t.ends)) }

// get returns string i.
func (t *sharedStrings) get(i int) (string, bool) {
	if t == nil || i < 0 || i >= len(t.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.all[start:t.ends[i]], true
}

// readSharedStrings reads the table: the text of each <si>, from its <t> or the <t> of its
// rich-text runs <r>, without phonetic runs <rPh>.
func readSharedStrings(f *zip.File, limit int64) (*sharedStrings, error) {
	t := &sharedStrings{}
	if f == nil {
		return t, nil
	}
	if int64(f.UncompressedSize64) > limit {
		return nil, fmt.Errorf("the shared strings unpack to more than %d bytes", limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var all strings.Builder
	s := newXMLScanner(rc)
	for {
		kind, name, err := s.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if kind == tagStart && string(name) == "sst" {
			// Size the table once from the counts the writer declares (a <si><t></t></si>
			// costs 16 bytes of markup), instead of growing it by copies.
			if n, err := strconv.Atoi(string(s.attr("uniqueCount"))); err == nil && n > 0 && n < 1<<28 {
				t.ends = make([]uint32, 0, n)
				all.Grow(max(0, int(f.UncompressedSize64)-16*n))
			}
		}
		if kind == tagStart && string(name) == "si" {
			text, err := readRichText(s, "si")
			if err != nil {
				return nil, err
			}
			all.Write(text)
			if all.Len() > 1<<32-1 {
				return nil, errors.New("the shared strings are too large")
			}
			t.ends = append(t.ends, uint32(all.Len()))
		} else if kind == tagEmpty && string(name) == "si" {
			t.ends = append(t.ends, uint32(all.Len()))
		}
	}
	t.all = all.String()
	if all.Cap() > all.Len()+all.Len()/8 {
		t.all = strings.Clone(t.all) // sized too large: keep only what is used
	}
	return t, nil
}

// readRichText reads the content of an element holding a string (a shared string <si> or an
// inline string <is>) up to its end tag, and returns its text, _xHHHH_ escapes decoded. The
// result is valid until the scanner's next text.
func readRichText(s *xmlScanner, end string) ([]byte, error) {
	s.text = s.text[:0]
	for {
		kind, name, err := s.next()
		if err != nil {
			return nil, err
		}
		switch {
		case kind == tagStart && string(name) == "t":
			s.keep = true
		case kind == tagEnd && string(name) == "t":
			s.keep = false
		case kind == tagStart && (string(name) == "rPh" || string(name) == "rPr"):
			if err := s.skip(); err != nil {
				return nil, err
			}
		case kind == tagEnd && string(name) == end:
			s.keep = false
			return unescapeOOXML(s.text), nil
		}
	}
}
