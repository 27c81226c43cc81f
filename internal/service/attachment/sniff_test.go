package attachment

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"dangjian/internal/rules"
	"dangjian/internal/service/errs"
)

// zipOf builds a zip package holding the named parts.
func zipOf(t testing.TB, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range parts {
		w, _ := z.Create(p)
		w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// compound builds a minimal OLE compound file (version 3, 512-byte sectors) whose root holds
// the named empty streams: the container of the legacy .doc, .xls and .ppt formats.
func compound(t testing.TB, streams ...string) []byte {
	t.Helper()
	if len(streams) > 3 {
		t.Fatal("compound: at most 3 streams")
	}
	const end, fatSect, free, none = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF
	out := make([]byte, 512*3)
	le := binary.LittleEndian
	copy(out, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(out[24:], 0x3E)
	le.PutUint16(out[26:], 3)
	le.PutUint16(out[28:], 0xFFFE)
	le.PutUint16(out[30:], 9)
	le.PutUint16(out[32:], 6)
	le.PutUint32(out[44:], 1)    // one FAT sector
	le.PutUint32(out[48:], 1)    // the directory at sector 1
	le.PutUint32(out[56:], 4096) // mini stream cutoff
	le.PutUint32(out[60:], end)  // no mini FAT
	le.PutUint32(out[68:], end)  // no DIFAT sectors
	le.PutUint32(out[76:], 0)    // the FAT at sector 0
	for i := 80; i < 512; i += 4 {
		le.PutUint32(out[i:], free)
	}
	fat := out[512:1024]
	for i := 0; i < 512; i += 4 {
		le.PutUint32(fat[i:], free)
	}
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], end)
	dir := out[1024:]
	entry := func(i int, name string, typ byte, right, child uint32) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[j*2:], c)
		}
		le.PutUint16(e[64:], uint16((len(u)+1)*2))
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], none)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], end)
	}
	child := uint32(none)
	if len(streams) > 0 {
		child = 1
	}
	entry(0, "Root Entry", 5, none, child)
	for i, s := range streams {
		right := uint32(none)
		if i+1 < len(streams) {
			right = uint32(i + 2)
		}
		typ := byte(2)
		if s == "Macros" || s == "VBA" {
			typ = 1 // a storage
		}
		entry(i+1, s, typ, right, none)
	}
	return out
}

// xlsxFile is a workbook written by the same library the product exports with.
func xlsxFile(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "会议签到表")
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSniff(t *testing.T) {
	gbk := []byte{0xD6, 0xA7, 0xB2, 0xBF, 0xBB, 0xE1, 0xD2, 0xE9, '\r', '\n'} // "支部会议" in GBK
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.7\n"), KindPDF},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, KindJPEG},
		{"png", []byte("\x89PNG\r\n\x1a\n...."), KindPNG},
		{"gif", []byte("GIF89a\x01\x00"), KindGIF},
		{"webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), KindWebP},
		{"docx", zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml"), KindDOCX},
		{"xlsx", xlsxFile(t), KindXLSX},
		{"pptx", zipOf(t, "[Content_Types].xml", "ppt/presentation.xml"), KindPPTX},
		{"ofd", zipOf(t, "OFD.xml", "Doc_0/Document.xml"), KindOFD},
		{"doc", compound(t, "WordDocument", "1Table"), KindDOC},
		{"xls", compound(t, "Workbook"), KindXLS},
		{"xls (BIFF5)", compound(t, "Book"), KindXLS},
		{"ppt", compound(t, "PowerPoint Document", "Current User"), KindPPT},
		{"utf-8 text", []byte("会议纪要\n一、传达学习\t全会精神\r\n"), KindText},
		{"utf-8 text with BOM", []byte("\xEF\xBB\xBF会议纪要"), KindText},
		{"gbk text", gbk, KindText},

		// Refused: not a recognised kind, however it is named.
		{"zip that is no document", zipOf(t, "readme.txt"), ""},
		{"docm: a VBA project", zipOf(t, "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), ""},
		{"xlsm: a VBA project", zipOf(t, "[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin"), ""},
		{"doc with macros", compound(t, "WordDocument", "Macros"), ""},
		{"xls with a VBA storage", compound(t, "Workbook", "_VBA_PROJECT_CUR"), ""},
		{"compound file of another kind (msi)", compound(t, "\u4840\u3b3f"), ""},
		{"broken compound file", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, ""},
		{"broken zip", []byte("PK\x03\x04garbage"), ""},
		{"windows executable", []byte("MZ\x90\x00\x03\x00\x00\x00"), ""},
		{"elf executable", []byte("\x7fELF\x02\x01\x01"), ""},
		{"html", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), ""},
		{"html after whitespace", []byte("\n  <html><body>"), ""},
		{"svg", []byte("<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"), ""},
		{"xml", []byte("<?xml version='1.0'?><a/>"), ""},
		{"markup behind text", []byte("纪要\n<script>alert(1)</script>"), ""},
		{"shell script", []byte("#!/bin/sh\nrm -rf /\n"), ""},
		{"binary junk", []byte{1, 2, 3, 0, 5}, ""},
		{"not UTF-8 nor GBK", []byte{0x80, 0x80, 0x80}, ""},
	} {
		if got := Sniff(c.data); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestEveryKindInTheRulesIsRecognised: the embedded rules list only kinds the sniffer knows
// (New refuses others), and a rules file cannot let in a kind the sniffer has never heard of.
func TestEveryKindInTheRulesIsRecognised(t *testing.T) {
	rs := rules.MustDefault()
	if _, err := New(nil, rs.Security.AttachmentKinds, 0); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"svg", "html", "exe", "zip", ""} {
		if _, err := New(nil, []rules.AttachmentKind{{Kind: k, ContentType: "x/y", Extensions: []string{".x"}}}, 0); err == nil {
			t.Errorf("kind %q accepted", k)
		}
	}
}

// TestCheck: the content decides the kind, the name must agree with it, the size limit holds
// at its boundary, and the content type comes from the rules.
func TestCheck(t *testing.T) {
	s, err := New(nil, rules.MustDefault().Security.AttachmentKinds, 8192)
	if err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n")
	exact := append(append([]byte{}, pdf...), bytes.Repeat([]byte(" "), 8192-len(pdf))...)
	for _, c := range []struct {
		name   string
		data   []byte
		want   string // content type, or the error code
		reason string
	}{
		{"申请书.pdf", pdf, "application/pdf", "a PDF"},
		{"申请书.PDF", pdf, "application/pdf", "the extension in capitals"},
		{"满.pdf", exact, "application/pdf", "exactly the limit"},
		{"超.pdf", append(exact, ' '), "attachment.too_large", "one byte over the limit"},
		{"空.pdf", nil, "attachment.empty", "no content"},
		{"照片.png", pdf, "attachment.bad_type", "a PDF named .png"},
		{"申请书", pdf, "attachment.bad_type", "no extension"},
		{"纪要.doc", compound(t, "WordDocument"), "application/msword", "a legacy Word document"},
		{"纪要.wps", compound(t, "WordDocument"), "application/msword", "a WPS document (the same container)"},
		{"表.xls", compound(t, "Workbook"), "application/vnd.ms-excel", "a legacy workbook"},
		{"表.doc", compound(t, "Workbook"), "attachment.bad_type", "a workbook named .doc"},
		{"表.xlsx", xlsxFile(t), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "a workbook"},
		{"纪要.txt", []byte("会议纪要"), "text/plain", "plain text"},
		{"page.html", []byte("会议纪要"), "attachment.bad_type", "text named .html"},
		{"纪要.txt", []byte("<html><script>alert(1)</script>"), "attachment.bad_type", "HTML named .txt"},
		{"a.exe", []byte("MZ\x90\x00"), "attachment.bad_type", "an executable"},
	} {
		ct, err := s.Check(c.name, c.data)
		got := ct
		if err != nil {
			e, ok := errs.As(err)
			if !ok || len(e.Fields) != 1 || e.Fields[0].Field != "file" {
				t.Fatalf("%s: %v", c.reason, err)
			}
			got = e.Fields[0].Code
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.reason, got, c.want)
		}
	}
	if a := s.AllowedExtensions(); !strings.Contains(a, ".pdf") || !strings.Contains(a, ".xls") || strings.Contains(a, ".html") {
		t.Errorf("allowed extensions: %s", a)
	}
	if sizeText(20<<20) != "20 MB" || sizeText(8192) != "8 KB" {
		t.Errorf("size text: %s %s", sizeText(20<<20), sizeText(8192))
	}
}

// FuzzSniff: no content, however malformed, makes the sniffer fail, and whatever it
// recognises is stable.
func FuzzSniff(f *testing.F) {
	f.Add([]byte("%PDF-1.4"))
	f.Add(zipOf(f, "[Content_Types].xml", "word/document.xml"))
	f.Add(compound(f, "WordDocument", "Macros"))
	f.Add(compound(f, "Workbook"))
	f.Add([]byte("会议纪要"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k := Sniff(data)
		if k != "" && !Recognised(k) {
			t.Fatalf("unknown kind %q", k)
		}
		if Sniff(data) != k {
			t.Fatal("not stable")
		}
	})
}
