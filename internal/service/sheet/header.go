package sheet

import (
	"errors"
	"io"
	"strings"

	"golang.org/x/text/width"
)

// Column is one column an import understands (列).
type Column struct {
	// Key identifies the column in code, e.g. "id_number".
	Key string
	// Aliases are the headers that name the column: the Chinese header written in templates
	// first, then other Chinese and English names.
	Aliases []string
	// Required columns must be present in the file.
	Required bool
}

// Title is the column's Chinese header, as templates write it.
func (c Column) Title() string {
	if len(c.Aliases) == 0 {
		return c.Key
	}
	return c.Aliases[0]
}

// Header is the header row (表头) found in a file.
type Header struct {
	// Row is the header's row number.
	Row int
	// Index maps a column key to the 0-based index of its cell in each row.
	Index map[string]int
	// Titles maps a column key to the header as written in the file.
	Titles map[string]string
	// Columns are the columns that were looked for.
	Columns []Column
}

// Cell returns the cleaned cell of column key in a row, and whether the file has the column.
func (h Header) Cell(cells []string, key string) (string, bool) {
	i, ok := h.Index[key]
	if !ok {
		return "", false
	}
	if i >= len(cells) {
		return "", true
	}
	return Clean(cells[i]), true
}

// Title returns the header of column key as the file writes it, else the column's Chinese
// header, else key itself.
func (h Header) Title(key string) string {
	if t, ok := h.Titles[key]; ok {
		return t
	}
	for _, c := range h.Columns {
		if c.Key == key {
			return c.Title()
		}
	}
	return key
}

// DefaultHeaderScan is how many rows FindHeader looks at when given no limit.
const DefaultHeaderScan = 10

// FindHeader reads rows until it finds the header row: the first, among the first maxScan
// rows, in which at least half of the required columns are named (any column when none is
// required). Title rows above it, such as a merged "XX党委党员名册" and a blank row, are
// skipped; unknown columns are ignored; when two cells name one column the first counts.
// A required column missing from the header is an import.missing_columns error naming it,
// and no header at all is import.no_header (import.empty for a file without data).
// Headers match whatever their width (全角/半角), case, surrounding and inner spaces or
// underscores, and a leading or trailing "*" or "（必填）".
func FindHeader(r Reader, columns []Column, maxScan int) (Header, error) {
	if maxScan <= 0 {
		maxScan = DefaultHeaderScan
	}
	lookup := make(map[string]string)
	var required []string
	for _, c := range columns {
		for _, a := range c.Aliases {
			if _, dup := lookup[NormalizeHeader(a)]; !dup {
				lookup[NormalizeHeader(a)] = c.Key
			}
		}
		if c.Required {
			required = append(required, c.Key)
		}
	}
	seen := false
	for {
		row, cells, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Header{}, err
		}
		if row > maxScan {
			break
		}
		seen = seen || !Blank(cells)
		h := Header{Row: row, Index: map[string]int{}, Titles: map[string]string{}, Columns: columns}
		for i, cell := range cells {
			key, ok := lookup[NormalizeHeader(cell)]
			if _, dup := h.Index[key]; ok && !dup {
				h.Index[key], h.Titles[key] = i, Clean(cell)
			}
		}
		if !enough(h.Index, required) {
			continue
		}
		var missing []string
		for _, c := range columns {
			if _, ok := h.Index[c.Key]; c.Required && !ok {
				missing = append(missing, c.Title())
			}
		}
		if len(missing) > 0 {
			return h, fileError("import.missing_columns", map[string]any{"Columns": strings.Join(missing, "、"), "Row": row})
		}
		return h, nil
	}
	if !seen {
		return Header{}, fileError("import.empty", nil)
	}
	var names []string
	for _, c := range columns {
		if c.Required {
			names = append(names, c.Title())
		}
	}
	return Header{}, fileError("import.no_header", map[string]any{"Rows": maxScan, "Columns": strings.Join(names, "、")})
}

// enough reports whether a row names at least half of the required columns (or, with none
// required, any column).
func enough(found map[string]int, required []string) bool {
	if len(required) == 0 {
		return len(found) > 0
	}
	n := 0
	for _, k := range required {
		if _, ok := found[k]; ok {
			n++
		}
	}
	return n > 0 && 2*n >= len(required)
}

// NormalizeHeader reduces a header to the form headers are compared in: half-width, lower
// case, without spaces, underscores, a leading or trailing "*" or a trailing "(必填)".
func NormalizeHeader(s string) string {
	s = strings.ToLower(width.Fold.String(s))
	s = strings.Map(func(r rune) rune {
		if r == '_' || isSpace(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSuffix(strings.Trim(s, "*"), "(必填)")
	return strings.Trim(s, "*")
}
