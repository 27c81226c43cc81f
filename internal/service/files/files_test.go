package files

import (
	"archive/zip"
	"bytes"
	"testing"
)

func docx(t *testing.T, entries ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range entries {
		w, _ := z.Create(e)
		w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSniff(t *testing.T) {
	office := docx(t, "[Content_Types].xml", "word/document.xml")
	plainZip := docx(t, "readme.txt")
	for _, c := range []struct {
		name string
		head []byte
		want string
	}{
		{"a.pdf", []byte("%PDF-1.7\n"), "application/pdf"},
		{"A.PDF", []byte("%PDF-1.7\n"), "application/pdf"},
		{"p.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0}, "image/jpeg"},
		{"p.jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE1}, "image/jpeg"},
		{"p.png", []byte("\x89PNG\r\n\x1a\n...."), "image/png"},
		{"d.docx", office, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"d.xlsx", office, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"d.docx", plainZip, ""},                         // a zip that is not an Office document
		{"a.png", []byte("%PDF-1.7\n"), ""},              // content and name disagree
		{"a.pdf", []byte("<html><script>"), ""},          // markup named .pdf
		{"a.exe", []byte("MZ\x90\x00"), ""},              // not an accepted kind
		{"a.svg", []byte("<svg xmlns='...'></svg>"), ""}, // scriptable images are refused
	} {
		if got := Sniff(c.name, c.head); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
