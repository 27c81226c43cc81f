package sheet

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"strconv"
)

// EstimateRows guesses how many rows the spreadsheet at path holds, quickly, for progress
// bars and for choosing how to load: the lines of a CSV file; for xlsx, the sheet's
// dimension when it spans more than one row, else the unpacked size of the sheet divided by
// the size of its first rows. 0 when it cannot tell.
func EstimateRows(path string) int64 {
	format, err := FormatOf(path)
	if err != nil {
		return 0
	}
	if format == CSV {
		return countLines(path)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return 0
	}
	defer zr.Close()
	wb, err := openWorkbook(&zr.Reader)
	if err != nil || wb.sheet == nil {
		return 0
	}
	rc, err := wb.sheet.Open()
	if err != nil {
		return 0
	}
	defer rc.Close()
	const sample = 1 << 20
	head, _ := io.ReadAll(io.LimitReader(rc, sample))
	if n := dimensionRows(head); n > 1 {
		return n
	}
	start := bytes.Index(head, []byte("<sheetData"))
	rows := bytes.Count(head, []byte("<row")) + bytes.Count(head, []byte(":row "))
	if start < 0 || rows == 0 {
		return 0
	}
	if len(head) < sample {
		return int64(rows)
	}
	perRow := float64(len(head)-start) / float64(rows)
	return int64(float64(wb.sheet.UncompressedSize64-uint64(start)) / perRow)
}

// dimensionRows reads the last row of a <dimension ref="A1:W1000001"/>.
func dimensionRows(head []byte) int64 {
	i := bytes.Index(head, []byte("dimension ref=\""))
	if i < 0 {
		return 0
	}
	ref := head[i+len("dimension ref=\""):]
	end := bytes.IndexByte(ref, '"')
	if end < 0 {
		return 0
	}
	ref = ref[:end]
	if c := bytes.IndexByte(ref, ':'); c >= 0 {
		ref = ref[c+1:]
	}
	digits := bytes.TrimLeft(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$")
	n, _ := strconv.ParseInt(string(digits), 10, 64)
	return n
}

// countLines counts the line ends of a file.
func countLines(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	var n int64
	for {
		k, err := f.Read(buf)
		n += int64(bytes.Count(buf[:k], []byte{'\n'}))
		if err != nil {
			return n
		}
	}
}
