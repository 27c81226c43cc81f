package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

type row struct {
	N     int
	Cells []string
}

func readAll(t testing.TB, r Reader) []row {
	t.Helper()
	var out []row
	for {
		n, cells, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		out = append(out, row{n, cells})
	}
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCSVEncodings(t *testing.T) {
	text := "大连市XX党委党员名册\r\n,,\r\n姓名,性别,公民身份号码\r\n张三,男,210202198503041234\r\n"
	want := []row{{1, []string{"大连市XX党委党员名册"}}, {2, []string{"", "", ""}},
		{3, []string{"姓名", "性别", "公民身份号码"}}, {4, []string{"张三", "男", "210202198503041234"}}}
	for name, b := range map[string][]byte{
		"utf8":     []byte(text),
		"utf8 bom": append([]byte{0xEF, 0xBB, 0xBF}, text...),
		"gbk":      gbk(t, text),
	} {
		got := readAll(t, NewCSVReader(bytes.NewReader(b)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
	}
}

// The encoding is decided at the first non-ASCII text, even beyond the sniffing window.
func TestCSVEncodingAfterLongASCII(t *testing.T) {
	prefix := strings.Repeat("a,b,c\n", 20000) // 120 KB of ASCII
	text := prefix + "党支部,预备党员,汉族\n" + strings.Repeat("党员,", 30000) + "\n"
	for name, b := range map[string][]byte{"utf8": []byte(text), "gbk": gbk(t, text)} {
		rows := readAll(t, NewCSVReader(bytes.NewReader(b)))
		if len(rows) != 20002 {
			t.Fatalf("%s: %d rows", name, len(rows))
		}
		if got := rows[20000]; got.N != 20001 || got.Cells[0] != "党支部" || got.Cells[2] != "汉族" {
			t.Errorf("%s: row %+v", name, got)
		}
		if got := rows[20001].Cells; got[29999] != "党员" {
			t.Errorf("%s: last row ends %q", name, got[len(got)-3:])
		}
	}
}

func TestValidUTF8Prefix(t *testing.T) {
	b := []byte("党员")
	if !validUTF8Prefix(b[:4], false) || validUTF8Prefix(b[:4], true) {
		t.Error("a rune cut off at the window's end is ignored only before the end of input")
	}
	if validUTF8Prefix(gbk(t, "党员名册"), false) {
		t.Error("GBK text taken for UTF-8")
	}
}

func TestCSVRowNumbers(t *testing.T) {
	// Blank lines are rows in Excel; a quoted cell with line breaks is one row.
	text := "title\n\n\nname,note\n\"a\",\"line 1\nline 2\r\nline 3\"\nb,\"x\"\"y\"\nc,bad\"quote\n\n"
	got := readAll(t, NewCSVReader(strings.NewReader(text)))
	want := []row{{1, []string{"title"}}, {4, []string{"name", "note"}}, {5, []string{"a", "line 1\nline 2\nline 3"}},
		{6, []string{"b", `x"y`}}, {7, []string{"c", `bad"quote`}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\"x\ny\",z\r\n\n\nq", "\xef\xbb\xbf姓名,性别\n", "\xd0\xd5\xc3\xfb,a\n", "a\"b,c\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewCSVReader(bytes.NewReader(b))
		last := 0
		var got [][]string
		for {
			n, cells, err := r.Next()
			if err != nil {
				break
			}
			if n <= last {
				t.Fatalf("row numbers not increasing: %d after %d", n, last)
			}
			last = n
			got = append(got, cells)
		}
		// Valid UTF-8 without a byte order mark reads exactly as encoding/csv reads it, and
		// never has more rows than lines.
		if !bytes.HasPrefix(b, utf8BOM) && isUTF8(b) {
			cr := csv.NewReader(bytes.NewReader(b))
			cr.FieldsPerRecord, cr.LazyQuotes = -1, true
			var want [][]string
			for {
				rec, err := cr.Read()
				if err != nil {
					break
				}
				want = append(want, rec)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %q, want %q", got, want)
			}
			if lines := bytes.Count(b, []byte("\n")) + 1; last > lines {
				t.Fatalf("row %d beyond %d lines", last, lines)
			}
		}
	})
}

func isUTF8(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }
