package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// csvReader reads CSV (逗号分隔值) text in UTF-8 or GB18030, numbering rows as Excel does.
type csvReader struct {
	cr      *csv.Reader
	closer  io.Closer
	row     int // number of the row last returned
	endLine int // line on which that row ended
}

// NewCSVReader reads CSV from r. A UTF-8 byte order mark is dropped; text that is not valid
// UTF-8 is decoded as GB18030 (a superset of GBK, what Excel and WPS write on Chinese Windows).
// Quotes are read leniently and rows may have any number of cells. Closing the reader does not
// close r.
func NewCSVReader(r io.Reader) Reader { return newCSVReader(r) }

func newCSVReader(r io.Reader) *csvReader {
	cr := csv.NewReader(decodeText(r))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return &csvReader{cr: cr}
}

func (r *csvReader) Next() (int, []string, error) {
	rec, err := r.cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return 0, nil, fileError("import.bad_file", map[string]any{"Detail": pe.Error()})
		}
		return 0, nil, err
	}
	// encoding/csv skips empty lines, which Excel shows as blank rows; count them back in.
	start, _ := r.cr.FieldPos(0)
	r.row += start - r.endLine
	last, _ := r.cr.FieldPos(len(rec) - 1)
	r.endLine = last + strings.Count(rec[len(rec)-1], "\n")
	return r.row, rec, nil
}

func (r *csvReader) Close() error {
	if r.closer != nil {
		return r.closer.Close()
	}
	return nil
}

// sniffSize is how much text is examined to tell UTF-8 from GB18030.
const sniffSize = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText returns r as UTF-8: without a byte order mark, and decoded from GB18030 when the
// first non-ASCII text in it is not valid UTF-8.
func decodeText(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, sniffSize)
	if b, _ := br.Peek(len(utf8BOM)); bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
		return br
	}
	return &sniffer{br: br}
}

// sniffer passes ASCII through until it meets the first non-ASCII byte, then decides the
// encoding from up to sniffSize bytes from there on.
type sniffer struct {
	br  *bufio.Reader
	dec io.Reader
}

func (s *sniffer) Read(p []byte) (int, error) {
	if s.dec != nil {
		return s.dec.Read(p)
	}
	if len(p) == 0 {
		return 0, nil
	}
	buf, err := s.br.Peek(sniffSize)
	i := bytes.IndexFunc(buf, func(r rune) bool { return r >= utf8.RuneSelf })
	switch {
	case len(buf) == 0:
		return 0, err
	case i < 0:
		return s.br.Read(p[:min(len(p), len(buf))])
	case i > 0:
		return s.br.Read(p[:min(len(p), i)])
	}
	if validUTF8Prefix(buf, err != nil) {
		s.dec = s.br
	} else {
		s.dec = transform.NewReader(s.br, simplifiedchinese.GB18030.NewDecoder())
	}
	return s.dec.Read(p)
}

// validUTF8Prefix reports whether b is valid UTF-8, ignoring a rune cut off at its end unless
// b is the whole rest of the input.
func validUTF8Prefix(b []byte, atEOF bool) bool {
	if !atEOF {
		j := len(b) - 1
		for j > 0 && j > len(b)-utf8.UTFMax && !utf8.RuneStart(b[j]) {
			j--
		}
		if j >= 0 && !utf8.FullRune(b[j:]) {
			b = b[:j]
		}
	}
	return utf8.Valid(b)
}
