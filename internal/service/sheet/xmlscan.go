package sheet

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner reads an XML stream tag by tag without building a tree or allocating per
// element: enough for the parts of an xlsx file that grow with the data (the worksheet and
// the shared strings), which encoding/xml reads ten times slower. It understands start,
// end and empty-element tags with namespace prefixes, attributes in either quote, text
// with the predefined and numeric entities, CDATA sections, comments, processing
// instructions and a DOCTYPE without internal subset; it checks no well-formedness beyond
// what reading needs.
type xmlScanner struct {
	r *bufio.Reader
	// keep collects the text (decoded) between tags into text while set.
	keep bool
	text []byte
	// tag holds the attributes of the last tag.
	tag []byte
}

// xmlTag kinds.
const (
	tagStart = iota + 1
	tagEnd
	tagEmpty
)

var errXMLSyntax = errors.New("malformed XML")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, 256<<10)}
}

// next reads up to and including the next element tag and returns its kind and local name
// (valid until the next call; attr reads its attributes). io.EOF ends the stream.
func (s *xmlScanner) next() (int, []byte, error) {
	for {
		if err := s.readText(); err != nil {
			return 0, nil, err
		}
		tag, err := s.readTag()
		if err != nil {
			return 0, nil, err
		}
		if len(tag) == 0 {
			continue // a comment, processing instruction, declaration or CDATA section
		}
		kind := tagStart
		switch {
		case tag[0] == '/':
			kind, tag = tagEnd, tag[1:]
		case tag[len(tag)-1] == '/':
			kind, tag = tagEmpty, tag[:len(tag)-1]
		}
		end := 0
		for end < len(tag) && !isXMLSpace(tag[end]) {
			end++
		}
		name := tag[:end]
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		s.tag = tag[end:]
		return kind, name, nil
	}
}

// readText reads the text before the next '<', keeping it when s.keep is set.
func (s *xmlScanner) readText() error {
	for {
		b, err := s.r.ReadSlice('<')
		if s.keep {
			n := len(b)
			if err == nil {
				n--
			}
			s.appendText(b[:n])
		}
		switch {
		case err == nil:
			return nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(bytes.TrimSpace(b)) == 0:
			return io.EOF
		case errors.Is(err, io.EOF):
			return io.ErrUnexpectedEOF
		}
		return err
	}
}

// appendText appends raw text, decoding entities and normalising line ends as XML
// requires (CR LF and a lone CR read as LF).
func (s *xmlScanner) appendText(b []byte) {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		s.text = append(s.text, b...)
		return
	}
	for len(b) > 0 {
		c := b[0]
		switch {
		case c == '\r':
			s.text = append(s.text, '\n')
			b = b[1:]
			if len(b) > 0 && b[0] == '\n' {
				b = b[1:]
			}
		case c == '&':
			n := bytes.IndexByte(b, ';')
			r, ok := entity(b[1:max(n, 1)])
			if n < 0 || !ok {
				s.text = append(s.text, '&') // not an entity: keep it as it is
				b = b[1:]
				continue
			}
			s.text = utf8.AppendRune(s.text, r)
			b = b[n+1:]
		default:
			s.text = append(s.text, c)
			b = b[1:]
		}
	}
}

// entity decodes the name of an entity reference (amp, #39, #x4E2D).
func entity(name []byte) (rune, bool) {
	switch string(name) {
	case "amp":
		return '&', true
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	base, digits := 10, name[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || !utf8.ValidRune(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// readTag reads a tag after its '<' and returns its content, empty for markup that is not
// an element (whose text, for CDATA, is kept).
func (s *xmlScanner) readTag() ([]byte, error) {
	b, err := s.readUntil('>', nil)
	if err != nil {
		return nil, err
	}
	// more reads on to the next '>', keeping what was read (copied out of the buffer).
	more := func() error {
		b, err = s.readUntil('>', append(bytes.Clone(b), '>'))
		return err
	}
	switch {
	case bytes.HasPrefix(b, []byte("!--")):
		for len(b) < 5 || !bytes.HasSuffix(b, []byte("--")) {
			if err := more(); err != nil {
				return nil, err
			}
		}
		return nil, nil
	case bytes.HasPrefix(b, []byte("![CDATA[")):
		for !bytes.HasSuffix(b, []byte("]]")) {
			if err := more(); err != nil {
				return nil, err
			}
		}
		if s.keep {
			s.text = append(s.text, b[len("![CDATA["):len(b)-2]...)
		}
		return nil, nil
	case len(b) > 0 && (b[0] == '?' || b[0] == '!'):
		return nil, nil
	}
	// A '>' inside a quoted attribute value does not end the tag.
	for quoteOpen(b) {
		if err := more(); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// readUntil returns the bytes up to delim (dropped), appended to acc when acc is not nil;
// without acc the result may point into the reader's buffer, valid until the next read.
func (s *xmlScanner) readUntil(delim byte, acc []byte) ([]byte, error) {
	for {
		b, err := s.r.ReadSlice(delim)
		switch {
		case err == nil:
			b = b[:len(b)-1]
			if acc == nil {
				return b, nil
			}
			return append(acc, b...), nil
		case errors.Is(err, bufio.ErrBufferFull):
			acc = append(acc, b...) // a tag longer than the buffer: rare, so copied
		case errors.Is(err, io.EOF):
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

// quoteOpen reports whether b ends inside a quoted attribute value.
func quoteOpen(b []byte) bool {
	var q byte
	for _, c := range b {
		switch {
		case q == 0 && (c == '"' || c == '\''):
			q = c
		case c == q:
			q = 0
		}
	}
	return q != 0
}

// attr returns the value of the attribute of the last tag with this local name (prefixes
// ignored), entities decoded only when it has any; nil when the tag has none.
func (s *xmlScanner) attr(local string) []byte {
	b := s.tag
	for {
		i := 0
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		start := i
		for i < len(b) && b[i] != '=' && !isXMLSpace(b[i]) {
			i++
		}
		name := b[start:i]
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) || b[i] != '=' {
			return nil
		}
		i++
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) || (b[i] != '"' && b[i] != '\'') {
			return nil
		}
		end := bytes.IndexByte(b[i+1:], b[i])
		if end < 0 {
			return nil
		}
		value := b[i+1 : i+1+end]
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		if string(name) == local {
			if bytes.IndexByte(value, '&') >= 0 {
				var d xmlScanner
				d.appendText(value)
				return d.text
			}
			return value
		}
		b = b[i+2+end:]
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// plainValue reads, in one step, the content and end tag of a cell just opened when it is
// one of the two forms spreadsheet writers use for nearly every cell: <v>text</v></c>, or
// with inline true <is><t>text</t></is></c> (its text with _xHHHH_ escapes decoded), without
// markup inside the text. Otherwise, or when the cell is not all in the reader's buffer, it
// reads nothing and returns false, for the general reading.
func (s *xmlScanner) plainValue(inline bool) ([]byte, bool) {
	open, end := "<v>", "</v></c>"
	if inline {
		open, end = "<is><t>", "</t></is></c>"
	}
	buf, _ := s.r.Peek(s.r.Buffered())
	if !bytes.HasPrefix(buf, []byte(open)) {
		return nil, false
	}
	n := bytes.IndexByte(buf[len(open):], '<')
	if n < 0 || !bytes.HasPrefix(buf[len(open)+n:], []byte(end)) {
		return nil, false
	}
	s.text = s.text[:0]
	s.appendText(buf[len(open) : len(open)+n])
	if _, err := s.r.Discard(len(open) + n + len(end)); err != nil {
		return nil, false
	}
	if inline {
		return unescapeOOXML(s.text), true
	}
	return s.text, true
}

// skip reads past the end of the element whose start tag was just read.
func (s *xmlScanner) skip() error {
	depth := 1
	keep := s.keep
	s.keep = false
	defer func() { s.keep = keep }()
	for depth > 0 {
		kind, _, err := s.next()
		if err != nil {
			return err
		}
		switch kind {
		case tagStart:
			depth++
		case tagEnd:
			depth--
		}
	}
	return nil
}

// unescapeOOXML decodes the _xHHHH_ escapes spreadsheet files use for characters XML cannot
// carry (ECMA-376 ST_Xstring; _x005F_ is a literal underscore), as excelize does.
func unescapeOOXML(b []byte) []byte {
	if bytes.Index(b, []byte("_x")) < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if i+7 <= len(b) && b[i] == '_' && b[i+1] == 'x' && b[i+6] == '_' && isHex(b[i+2:i+6]) {
			n, _ := strconv.ParseUint(string(b[i+2:i+6]), 16, 32)
			if r := rune(n); utf8.ValidRune(r) {
				out = utf8.AppendRune(out, r)
			}
			i += 7
			continue
		}
		out = append(out, b[i])
		i++
	}
	return out
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
