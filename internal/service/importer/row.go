package importer

import (
	"errors"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"dangjian/internal/model"
	"dangjian/internal/service/sheet"
)

// RowError is one problem with one cell of an imported row (行错误).
type RowError struct {
	// Row is the row number as Excel shows it.
	Row int `json:"row"`
	// Column is the header as the file writes it, else the column's Chinese header.
	Column string `json:"column"`
	// Value is the cell's text.
	Value string `json:"value"`
	// Code names the message; Params fill it.
	Code   string         `json:"code"`
	Params map[string]any `json:"params,omitempty"`
}

// Translate turns a message code and its params into text, e.g. (*i18n.Localizer).T.
type Translate func(code string, params map[string]any) string

// Message is the error's text in tr's language.
func (e RowError) Message(tr Translate) string { return tr(e.Code, e.Params) }

// rowParser reads the cells of one row and collects its errors.
type rowParser struct {
	row   int
	cells []string
	h     sheet.Header
	errs  []RowError
	bad   map[string]bool   // columns with an error already
	shown map[string]string // what to show as a column's value instead of its cell
}

func newRowParser(row int, cells []string, h sheet.Header) *rowParser {
	return &rowParser{row: row, cells: cells, h: h}
}

// text returns the cleaned cell of column key ("" when the file lacks the column).
func (p *rowParser) text(key string) string {
	v, _ := p.h.Cell(p.cells, key)
	return v
}

// fail records an error on column key, once per column.
func (p *rowParser) fail(key, code string, params map[string]any) {
	if p.bad[key] {
		return
	}
	if p.bad == nil {
		p.bad = map[string]bool{}
	}
	p.bad[key] = true
	value, ok := p.shown[key]
	if !ok {
		value = p.text(key)
	}
	p.errs = append(p.errs, RowError{Row: p.row, Column: p.h.Title(key), Value: value, Code: code, Params: params})
}

// date parses a date cell. An xlsx date cell reads as a serial day number (31110); errors
// show it as the date it is.
func (p *rowParser) date(key string) model.Date {
	s := p.text(key)
	d, err := sheet.ParseDate(s)
	switch {
	case err == nil:
		if !d.IsZero() && isSerial(s) {
			if p.shown == nil {
				p.shown = map[string]string{}
			}
			p.shown[key] = d.String()
		}
		return d
	case errors.Is(err, sheet.ErrDateInvalid):
		p.fail(key, "date.impossible", map[string]any{"Value": s})
	case errors.Is(err, sheet.ErrDateAmbiguous):
		p.fail(key, "date.ambiguous", map[string]any{"Value": s})
	default:
		p.fail(key, "invalid_date", map[string]any{"Value": s})
	}
	return model.Date{}
}

// isSerial reports whether s is an Excel serial day number as an xlsx date cell reads
// (31110, 31110.5).
func isSerial(s string) bool {
	whole, frac, dot := strings.Cut(s, ".")
	return len(whole) >= 1 && len(whole) <= 5 && allDigits(whole) && (!dot || frac != "" && allDigits(frac))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// choice parses a cell with one of an enum's words.
func choice[T ~string](p *rowParser, key string, v *vocab[T]) T {
	s := p.text(key)
	t, ok := v.parse(s)
	if !ok {
		p.fail(key, "import.invalid_choice", map[string]any{"Value": s, "Allowed": v.allowed()})
	}
	return t
}

// boolean parses a 是/否 cell; empty is false.
func (p *rowParser) boolean(key string) bool { return choice(p, key, booleans) == "true" }

// number parses a whole number cell, allowing a unit after it ("5年"); empty is 0.
func (p *rowParser) number(key, unit string) int {
	s := p.text(key)
	t := strings.TrimSuffix(width.Fold.String(s), unit)
	t = strings.TrimSuffix(strings.TrimSpace(t), ".0") // an xlsx number cell
	if t == "" {
		return 0
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		p.fail(key, "import.not_number", map[string]any{"Value": s})
	}
	return n
}

// compact folds a code-like cell to half-width and removes all white space inside it.
func compact(s string) string {
	if plain(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0' {
			return -1
		}
		return r
	}, width.Fold.String(s))
}

// tooLong records too_long for text longer than max characters.
func (p *rowParser) tooLong(key, s string, max int) {
	if len([]rune(s)) > max {
		p.fail(key, "too_long", map[string]any{"Max": max})
	}
}

// plain reports whether s is printable ASCII without spaces, which compact and wordKey leave
// as it is.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
