package sheet

import (
	"encoding/csv"
	"io"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// CSVWriter writes UTF-8 CSV with a byte order mark, so that Excel opens Chinese text
// correctly, and CRLF line ends. A cell starting with = + - or @ is written with a leading
// apostrophe so spreadsheet programs do not run it as a formula (Clean drops it on import).
type CSVWriter struct {
	w       io.Writer
	cw      *csv.Writer
	started bool
}

// NewCSVWriter returns a CSV writer on w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &CSVWriter{w: w, cw: cw}
}

func (c *CSVWriter) start() error {
	if c.started {
		return nil
	}
	c.started = true
	_, err := c.w.Write(utf8BOM)
	return err
}

// WriteHeader writes the header row.
func (c *CSVWriter) WriteHeader(cells []string) error { return c.WriteRow(cells) }

// WriteRow writes one row.
func (c *CSVWriter) WriteRow(cells []string) error {
	if err := c.start(); err != nil {
		return err
	}
	out := make([]string, len(cells))
	for i, s := range cells {
		if s != "" && containsByte(formulaStart, s[0]) {
			s = "'" + s
		}
		out[i] = s
	}
	return c.cw.Write(out)
}

// Close writes the byte order mark if nothing else was written, and flushes.
func (c *CSVWriter) Close() error {
	if err := c.start(); err != nil {
		return err
	}
	c.cw.Flush()
	return c.cw.Error()
}

func containsByte(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return true
		}
	}
	return false
}

// XLSXWriter writes a one-sheet xlsx workbook through excelize's StreamWriter, which keeps
// rows in a temporary file rather than memory. Every cell is written as text, so ID numbers
// keep all their digits. The header row is bold and frozen.
type XLSXWriter struct {
	w      io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	row    int
	widths []float64
	bold   int
}

// NewXLSXWriter returns an xlsx writer whose worksheet is named sheetName ("Sheet1" when empty);
// the workbook goes to w on Close.
func NewXLSXWriter(w io.Writer, sheetName string) (*XLSXWriter, error) {
	f := excelize.NewFile()
	if sheetName != "" && sheetName != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheetName); err != nil {
			_ = f.Close()
			return nil, err
		}
	} else {
		sheetName = "Sheet1"
	}
	sw, err := f.NewStreamWriter(sheetName)
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}})
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return &XLSXWriter{w: w, f: f, sw: sw, bold: bold}, nil
}

// SetColumnWidths sets the widths (in characters) of the first columns; call it before
// WriteHeader, which otherwise sizes each column to its header.
func (x *XLSXWriter) SetColumnWidths(widths []float64) { x.widths = widths }

// WriteHeader writes the bold header row, sizes the columns and freezes the row.
func (x *XLSXWriter) WriteHeader(cells []string) error {
	if x.row > 0 {
		return x.WriteRow(cells)
	}
	for i, h := range cells {
		w := max(min(float64(displayWidth(h))+4, 40), 10)
		if i < len(x.widths) && x.widths[i] > 0 {
			w = x.widths[i]
		}
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return x.write(cells, excelize.RowOpts{StyleID: x.bold})
}

// WriteRow writes one row of text cells.
func (x *XLSXWriter) WriteRow(cells []string) error { return x.write(cells) }

func (x *XLSXWriter) write(cells []string, opts ...excelize.RowOpts) error {
	x.row++
	values := make([]any, len(cells))
	for i, c := range cells {
		values[i] = c
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, values, opts...)
}

// Close finishes the workbook, writes it to w and removes the temporary files.
func (x *XLSXWriter) Close() error {
	err := x.sw.Flush()
	if err == nil {
		_, err = x.f.WriteTo(x.w)
	}
	if cerr := x.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// displayWidth counts East Asian wide characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
