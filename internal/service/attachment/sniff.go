package attachment

import (
	"archive/zip"
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
)

// Kinds of content the sniffer recognises. Which of them a deployment accepts, under which
// names and content types, is rule data (security.yaml, attachment_kinds). Executables, HTML,
// SVG, scripts, archives and macro-enabled Office files are deliberately not recognised, so no
// rules file can let them in.
const (
	KindPDF  = "pdf"
	KindJPEG = "jpeg"
	KindPNG  = "png"
	KindGIF  = "gif"
	KindWebP = "webp"
	// KindDOCX, KindXLSX and KindPPTX are Office Open XML documents (zip packages).
	KindDOCX = "docx"
	KindXLSX = "xlsx"
	KindPPTX = "pptx"
	// KindOFD is the Chinese fixed-layout document format of official documents (GB/T 33190).
	KindOFD = "ofd"
	// KindDOC, KindXLS and KindPPT are the legacy Office formats (OLE compound files).
	KindDOC = "doc"
	KindXLS = "xls"
	KindPPT = "ppt"
	// KindText is plain text in UTF-8 or GB18030/GBK, without markup.
	KindText = "text"
)

// Recognised reports whether kind is one the sniffer can recognise.
func Recognised(kind string) bool {
	switch kind {
	case KindPDF, KindJPEG, KindPNG, KindGIF, KindWebP, KindDOCX, KindXLSX, KindPPTX, KindOFD, KindDOC, KindXLS, KindPPT, KindText:
		return true
	}
	return false
}

// Sniff returns the kind of a file from its content, or "" when it is none of the recognised
// kinds. The file's name plays no part: the caller checks that the name agrees.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return KindPDF
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return KindJPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return KindPNG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return KindGIF
	case len(data) >= 12 && bytes.HasPrefix(data, []byte("RIFF")) && string(data[8:12]) == "WEBP":
		return KindWebP
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return sniffCompound(data)
	}
	if isPlainText(data) {
		return KindText
	}
	return ""
}

// sniffZip tells the Office Open XML and OFD packages apart by their parts; any other zip
// (and a macro-enabled document, which carries a VBA project) is not recognised.
func sniffZip(data []byte) string {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	has := map[string]bool{}
	for _, f := range z.File {
		name := strings.ToLower(f.Name)
		if strings.HasSuffix(name, "vbaproject.bin") {
			return ""
		}
		has[name] = true
		if i := strings.IndexByte(name, '/'); i > 0 {
			has[name[:i+1]] = true
		}
	}
	switch {
	case has["ofd.xml"]:
		return KindOFD
	case !has["[content_types].xml"]:
		return ""
	case has["word/"]:
		return KindDOCX
	case has["xl/"]:
		return KindXLSX
	case has["ppt/"]:
		return KindPPTX
	}
	return ""
}

// sniffCompound tells the legacy Office formats apart by their main stream; compound files
// carrying macros (and other compound files, e.g. installer packages) are not recognised.
func sniffCompound(data []byte) (kind string) {
	defer func() {
		if recover() != nil { // a malformed file is simply not recognised
			kind = ""
		}
	}()
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	for e, err := doc.Next(); err == nil; e, err = doc.Next() {
		switch e.Name {
		case "Macros", "_VBA_PROJECT_CUR", "VBA", "_VBA_PROJECT":
			return ""
		case "WordDocument":
			kind = KindDOC
		case "Workbook", "Book":
			kind = KindXLS
		case "PowerPoint Document":
			kind = KindPPT
		}
	}
	return kind
}

// textHead is how much of a text file is checked for markup.
const textHead = 4096

// isPlainText accepts UTF-8 (with or without a byte-order mark) or GB18030/GBK text without
// control characters, and refuses markup (HTML, SVG, XML) and scripts with an interpreter line.
func isPlainText(data []byte) bool {
	body := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	for _, c := range body {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
		if c == 0x7F {
			return false
		}
	}
	if !utf8.Valid(body) && !validGBK(body) {
		return false
	}
	head := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), textHead)]))
	if bytes.HasPrefix(head, []byte("<")) || bytes.HasPrefix(head, []byte("#!")) {
		return false
	}
	for _, tag := range []string{"<script", "<html", "<svg", "<!doctype", "<iframe", "<object", "<?xml"} {
		if bytes.Contains(head, []byte(tag)) {
			return false
		}
	}
	return true
}

// validGBK reports whether b is a well-formed GB18030 byte sequence (its one- and two-byte
// forms, which hold every GBK character, and its four-byte form).
func validGBK(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
		case c >= 0x81 && c <= 0xFE && i+1 < len(b) && b[i+1] >= 0x40 && b[i+1] <= 0xFE && b[i+1] != 0x7F:
			i += 2
		case c >= 0x81 && c <= 0xFE && i+3 < len(b) && b[i+1] >= 0x30 && b[i+1] <= 0x39 &&
			b[i+2] >= 0x81 && b[i+2] <= 0xFE && b[i+3] >= 0x30 && b[i+3] <= 0x39:
			i += 4
		default:
			return false
		}
	}
	return true
}
