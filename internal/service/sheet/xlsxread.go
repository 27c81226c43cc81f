package sheet

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// Limits on what an uploaded xlsx file may unpack to, against zip bombs (a million-row
// register unpacks to about 1.3 GB); worksheets larger
// than XLSXMemoryLimit are unpacked to a temporary file and streamed from there.
const (
	XLSXUnzipLimit  = 4 << 30
	XLSXMemoryLimit = 4 << 20
)

// xlsxReader streams the first worksheet of an xlsx workbook.
type xlsxReader struct {
	f    *excelize.File
	rows *excelize.Rows
	opts excelize.Options
	row  int
}

// openXLSX opens the workbook at path and starts on its first worksheet.
//
// Cells are read raw, without their number format: excelize would otherwise format a date cell
// with the built-in short date format as "01-02-24", ambiguous, while the raw value is the
// Excel serial day number ("45293"), which ParseDate reads. Workbooks on the 1904 date system
// (old Mac Excel) have serials offset by four years, so there the cells are formatted instead,
// with yyyy-mm-dd as the short date pattern and Chinese built-in formats.
func openXLSX(path string) (Reader, error) {
	// The date patterns apply only when cells are formatted, and only as options of the file.
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: XLSXUnzipLimit, UnzipXMLSizeLimit: XLSXMemoryLimit,
		ShortDatePattern: "yyyy-mm-dd", CultureInfo: excelize.CultureNameZhCN})
	if err != nil {
		return nil, fileError("import.bad_file", map[string]any{"Detail": err.Error()})
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		_ = f.Close()
		return nil, fileError("import.empty", nil)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		_ = f.Close()
		return nil, fileError("import.bad_file", map[string]any{"Detail": err.Error()})
	}
	opts := excelize.Options{RawCellValue: true}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil && *props.Date1904 {
		opts = excelize.Options{RawCellValue: false}
	}
	return &xlsxReader{f: f, rows: rows, opts: opts}, nil
}

func (r *xlsxReader) Next() (int, []string, error) {
	// Rows.Next also stops at rows missing from the file (blank rows), so counting calls
	// gives Excel's row numbers.
	if !r.rows.Next() {
		if err := r.rows.Error(); err != nil {
			return 0, nil, fileError("import.bad_file", map[string]any{"Detail": err.Error()})
		}
		return 0, nil, io.EOF
	}
	r.row++
	cells, err := r.rows.Columns(r.opts)
	if err != nil {
		return 0, nil, fileError("import.bad_file", map[string]any{"Detail": err.Error()})
	}
	return r.row, cells, nil
}

func (r *xlsxReader) Close() error {
	err := r.rows.Close()
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	return err
}
