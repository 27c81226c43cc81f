// Package sheet reads and writes spreadsheets (电子表格) for imports and exports: CSV and xlsx,
// one row at a time, so memory stays constant whatever the file's size.
//
// Reading: Open a file saved on disk (uploads are saved to a temporary file first; xlsx needs
// random access) or wrap any stream of CSV with NewCSVReader, locate the header row with
// FindHeader, then call Next until io.EOF. Writing: NewCSVWriter or NewXLSXWriter.
package sheet

import (
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"dangjian/internal/service/errs"
)

// Reader yields the rows of a spreadsheet (the first worksheet of an xlsx file) in order.
type Reader interface {
	// Next returns the next row: its 1-based number as Excel shows it, and its cells (which
	// may be fewer than the header's). Blank rows may be returned (with no or empty cells) or
	// skipped (a CSV file's empty lines), but they always count in the numbering. At the end
	// it returns io.EOF.
	Next() (row int, cells []string, err error)
	// Close releases the file and any temporary files.
	Close() error
}

// Writer writes a spreadsheet row by row. WriteHeader, when used, comes first.
type Writer interface {
	WriteHeader(cells []string) error
	WriteRow(cells []string) error
	// Close flushes what is buffered; it does not close the underlying io.Writer.
	Close() error
}

// Format is a spreadsheet file format.
type Format string

// Supported formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// FormatOf returns the format named by a file name's extension (.csv or .xlsx, any case).
// Other extensions, such as the old binary .xls, are an import.unsupported_format error.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV, nil
	case ".xlsx":
		return XLSX, nil
	}
	return "", fileError("import.unsupported_format", map[string]any{"Name": filepath.Base(name)})
}

// Open opens the spreadsheet at path, read as format f. Pass the format of the original file
// name (FormatOf) when path is a temporary copy of an upload.
func Open(path string, f Format) (Reader, error) {
	switch f {
	case CSV:
		file, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		r := newCSVReader(file)
		r.closer = file
		return r, nil
	case XLSX:
		return openXLSX(path)
	}
	return nil, fileError("import.unsupported_format", map[string]any{"Name": string(f)})
}

// OpenFile opens the spreadsheet at path, choosing the format by its extension.
func OpenFile(path string) (Reader, error) {
	f, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	return Open(path, f)
}

// fileError is a file-level import error: its code names a message in import.*.toml.
func fileError(code string, params map[string]any) error {
	return &errs.Error{Kind: errs.Invalid, Code: code, Params: params}
}

// Blank reports whether every cell of a row is empty or white space.
func Blank(cells []string) bool {
	for _, c := range cells {
		if Clean(c) != "" {
			return false
		}
	}
	return true
}

// Clean trims white space from both ends of a cell, including the ideographic space (全角空格),
// no-break and zero-width spaces and a stray byte order mark, and drops the apostrophe the
// CSV writer puts before a leading = + - @ to keep spreadsheet programs from running formulas.
func Clean(s string) string {
	if s == "" {
		return s
	}
	if first, last := s[0], s[len(s)-1]; first <= ' ' || first >= utf8.RuneSelf || last <= ' ' || last >= utf8.RuneSelf {
		s = strings.TrimFunc(s, isSpace) // text that starts and ends with visible ASCII has nothing to trim
	}
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(formulaStart, rune(s[1])) {
		s = s[1:]
	}
	return s
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', 0x85, 0xA0, 0x3000, 0x200B, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// formulaStart are the characters that make a CSV cell a formula in spreadsheet programs.
const formulaStart = "=+-@"
