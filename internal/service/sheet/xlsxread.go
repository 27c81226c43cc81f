package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Limits on what an uploaded xlsx file may unpack to, against zip bombs: the worksheet (a
// million-row register unpacks to about 1.5 GB, streamed) and the shared strings (held in
// memory).
const (
	XLSXUnzipLimit         = 4 << 30
	XLSXSharedStringsLimit = 512 << 20
)

// Excel's sheet size; larger row or column numbers make a file invalid.
const (
	xlsxMaxRows    = 1 << 20
	xlsxMaxColumns = 1 << 14
)

// xlsxReader streams the first worksheet of an xlsx workbook with its own scanner of the
// sheet XML. Cells read raw, as stored: text as it is, numbers as written, so a date cell
// reads as its serial day number ("31110", which ParseDate reads; a formatted date such as
// 03-04-85 would be ambiguous). Workbooks on the 1904 date system (old Mac Excel) store
// serials four years shorter, so there cells in a date format are moved to the 1900 system.
// Memory stays constant apart from the shared strings table.
type xlsxReader struct {
	zr    *zip.ReadCloser
	body  io.ReadCloser
	s     *xmlScanner
	sst   *sharedStrings
	dates []bool // per cell format, whether it shows a date; only for 1904 workbooks
	row   int    // number of the row last returned
	// ahead is a row read from the file whose number lies beyond row+1: the blank rows
	// before it are returned first.
	ahead      int
	aheadCells []string
	ended      bool
	release    func() // gives back the memory held for the shared strings
	arena      []byte
	spans      []cellSpan
}

// cellSpan is one cell's value while a row is read: text in the row's arena, or a shared
// string.
type cellSpan struct {
	col    int
	a, b   int
	shared string
	isSST  bool
}

// openXLSX opens the workbook at path and starts on its first worksheet.
func openXLSX(path string) (Reader, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fileError("import.bad_file", map[string]any{"Detail": err.Error()})
	}
	r, err := startXLSX(zr)
	if err != nil {
		zr.Close()
		return nil, err
	}
	return r, nil
}

func startXLSX(zr *zip.ReadCloser) (*xlsxReader, error) {
	bad := func(err error) error { return fileError("import.bad_file", map[string]any{"Detail": err.Error()}) }
	wb, err := openWorkbook(&zr.Reader)
	if err != nil {
		return nil, bad(err)
	}
	if wb.sheet == nil {
		return nil, fileError("import.empty", nil)
	}
	if wb.sheet.UncompressedSize64 > XLSXUnzipLimit {
		return nil, bad(fmt.Errorf("the worksheet unpacks to more than %d bytes", int64(XLSXUnzipLimit)))
	}
	r := &xlsxReader{zr: zr}
	if r.sst, err = readSharedStrings(wb.sharedStrings, XLSXSharedStringsLimit); err != nil {
		return nil, bad(err)
	}
	r.release = holdMemory(r.sst.size())
	if wb.date1904 {
		if r.dates, err = wb.dateStyles(); err != nil {
			r.release()
			return nil, bad(err)
		}
	}
	if r.body, err = wb.sheet.Open(); err != nil {
		r.release()
		return nil, bad(err)
	}
	r.s = newXMLScanner(r.body)
	return r, nil
}

func (r *xlsxReader) Next() (int, []string, error) {
	if r.ahead == 0 && !r.ended {
		n, cells, err := r.readRow()
		switch {
		case errors.Is(err, io.EOF):
			r.ended = true
		case err != nil:
			return 0, nil, fileError("import.bad_file", map[string]any{"Detail": err.Error()})
		default:
			r.ahead, r.aheadCells = n, cells
		}
	}
	if r.ahead == 0 {
		return 0, nil, io.EOF
	}
	r.row++
	if r.row < r.ahead {
		return r.row, nil, nil // a row missing from the file: blank
	}
	cells := r.aheadCells
	r.ahead, r.aheadCells = 0, nil
	return r.row, cells, nil
}

// readRow reads the next <row> of the sheet data: its number (the r attribute, else the one
// after the previous row) and its cells, blank cells between filled ones included.
func (r *xlsxReader) readRow() (int, []string, error) {
	for {
		kind, name, err := r.s.next()
		if err != nil {
			return 0, nil, err
		}
		if kind == tagEnd && string(name) == "sheetData" {
			return 0, nil, io.EOF
		}
		if string(name) != "row" || kind == tagEnd {
			continue
		}
		n := r.row + 1
		if ref := r.s.attr("r"); ref != nil {
			if n, err = strconv.Atoi(string(bytes.TrimSpace(ref))); err != nil || n < 1 {
				return 0, nil, fmt.Errorf("invalid row number %q", ref)
			}
		}
		if n > xlsxMaxRows {
			return 0, nil, fmt.Errorf("row %d is beyond the %d rows of a worksheet", n, xlsxMaxRows)
		}
		if n <= r.row {
			n = r.row + 1 // rows out of order: take them in file order
		}
		if kind == tagEmpty {
			return n, nil, nil
		}
		cells, err := r.readCells()
		return n, cells, err
	}
}

// readCells reads the cells of a row up to </row>.
func (r *xlsxReader) readCells() ([]string, error) {
	r.arena, r.spans = r.arena[:0], r.spans[:0]
	col := -1
	for {
		kind, name, err := r.s.next()
		if err != nil {
			return nil, err
		}
		if kind == tagEnd && string(name) == "row" {
			break
		}
		if kind == tagEnd || string(name) != "c" {
			if kind == tagStart {
				if err := r.s.skip(); err != nil {
					return nil, err
				}
			}
			continue
		}
		col++
		if ref := r.s.attr("r"); ref != nil {
			if col, err = columnIndex(ref); err != nil {
				return nil, err
			}
		}
		typ := string(r.s.attr("t"))
		style := -1
		if s := r.s.attr("s"); s != nil {
			style, _ = strconv.Atoi(string(s))
		}
		if kind == tagEmpty {
			continue
		}
		if err := r.readCell(col, typ, style); err != nil {
			return nil, err
		}
	}
	if len(r.spans) == 0 {
		return nil, nil
	}
	text := string(r.arena)
	cells := make([]string, r.spans[len(r.spans)-1].col+1)
	for _, sp := range r.spans {
		if sp.col >= len(cells) {
			cells = append(cells, make([]string, sp.col+1-len(cells))...)
		}
		if sp.isSST {
			cells[sp.col] = sp.shared
		} else {
			cells[sp.col] = text[sp.a:sp.b]
		}
	}
	return cells, nil
}

// readCell reads a cell's content up to </c> and records its value, when not empty.
func (r *xlsxReader) readCell(col int, typ string, style int) error {
	value, hasValue := r.s.plainValue(typ == "inlineStr")
	for !hasValue {
		kind, name, err := r.s.next()
		if err != nil {
			return err
		}
		if kind == tagEnd && string(name) == "c" {
			break
		}
		if kind != tagStart {
			continue
		}
		switch string(name) {
		case "v":
			r.s.text, r.s.keep = r.s.text[:0], true
			if _, _, err := r.s.next(); err != nil { // </v>
				return err
			}
			r.s.keep = false
			value, hasValue = r.s.text, true
		case "is":
			text, err := readRichText(r.s, "is")
			if err != nil {
				return err
			}
			value, hasValue = text, true
		default: // a formula <f>, extensions
			if err := r.s.skip(); err != nil {
				return err
			}
		}
	}
	if !hasValue || len(value) == 0 {
		return nil
	}
	switch typ {
	case "s":
		i, err := strconv.Atoi(string(bytes.TrimSpace(value)))
		s, ok := r.sst.get(i)
		if err != nil || !ok {
			return fmt.Errorf("invalid shared string index %q", value)
		}
		if s != "" {
			r.spans = append(r.spans, cellSpan{col: col, shared: s, isSST: true})
		}
		return nil
	case "", "n":
		if r.dates != nil && style >= 0 && style < len(r.dates) && r.dates[style] {
			value = from1904(value)
		}
	}
	a := len(r.arena)
	r.arena = append(r.arena, value...)
	r.spans = append(r.spans, cellSpan{col: col, a: a, b: len(r.arena)})
	return nil
}

// from1904 moves a serial day number of the 1904 date system to the 1900 system (1462 days
// later); other text is left as it is.
func from1904(v []byte) []byte {
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return v
	}
	return strconv.AppendFloat(nil, f+1462, 'f', -1, 64)
}

// columnIndex returns the 0-based column of a cell reference such as "AB12".
func columnIndex(ref []byte) (int, error) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		if col > xlsxMaxColumns {
			return 0, fmt.Errorf("cell %q is beyond the %d columns of a worksheet", ref, xlsxMaxColumns)
		}
	}
	if i == 0 {
		return 0, fmt.Errorf("invalid cell reference %q", ref)
	}
	return col - 1, nil
}

func (r *xlsxReader) Close() error {
	if r.release != nil {
		r.release()
	}
	var err error
	if r.body != nil {
		err = r.body.Close()
	}
	if cerr := r.zr.Close(); err == nil {
		err = cerr
	}
	return err
}
