package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// excelizeRows reads the first sheet as the previous reader did, with excelize's row
// iterator and raw cell values: the reference the reader is checked against.
func excelizeRows(t *testing.T, path string) []row {
	t.Helper()
	f, err := excelize.OpenFile(path)
	must(t, err)
	defer f.Close()
	rows, err := f.Rows(f.GetSheetList()[0])
	must(t, err)
	defer rows.Close()
	var out []row
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		must(t, err)
		out = append(out, row{n, cells})
	}
	must(t, rows.Error())
	return out
}

func readFile(t *testing.T, path string) []row {
	t.Helper()
	r, err := OpenFile(path)
	must(t, err)
	defer r.Close()
	return readAll(t, r)
}

// TestXLSXAgreesWithExcelize compares the reader with excelize on a workbook excelize
// writes (the way Excel stores cells): shared and inline strings, rich text, numbers,
// booleans, formulas with their results, dates with styles, escapes and gaps.
func TestXLSXAgreesWithExcelize(t *testing.T) {
	path := writeWorkbook(t, func(f *excelize.File) {
		must(t, f.SetSheetName("Sheet1", "名册"))
		must(t, f.SetSheetRow("名册", "A1", &[]any{"姓名", "公民身份号码", "出生日期", "人数", "比例", "是否", "备注"}))
		must(t, f.SetSheetRow("名册", "A2", &[]any{"张三", "210202198503041234", time.Date(1985, 3, 4, 0, 0, 0, 0, time.UTC), 12, 0.25, true, "a & b < c > d \"e\" 'f'"}))
		must(t, f.SetSheetRow("名册", "A3", &[]any{" 李四 ", "２１０２", "1985/3/4", -3, 1e21, false, "第一行\n第二行"}))
		must(t, f.SetCellValue("名册", "G4", "tab\there _x000D_ literal _x005F_x0041_ 😀"))
		must(t, f.SetCellRichText("名册", "A4", []excelize.RichTextRun{{Text: "王"}, {Text: "五", Font: &excelize.Font{Bold: true}}}))
		must(t, f.SetCellFormula("名册", "D4", "D2*2"))
		must(t, f.SetCellValue("名册", "D4", 24)) // the cached result
		must(t, f.SetCellFormula("名册", "E4", `"x"&"y"`))
		must(t, f.SetCellStr("名册", "C6", "only C"))
		must(t, f.SetCellInt("名册", "AB7", 7))
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		must(t, err)
		must(t, f.SetCellStyle("名册", "C2", "C3", style))
		custom := "yyyy\"年\"m\"月\"d\"日\""
		cstyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
		must(t, err)
		must(t, f.SetCellStyle("名册", "B5", "B5", cstyle))
		must(t, f.SetCellValue("名册", "B5", 45293))
		must(t, f.SetCellStyle("名册", "A9", "D9", style)) // styled but empty cells
		_, err = f.NewSheet("Other")
		must(t, err)
		must(t, f.SetCellValue("Other", "A1", "not read"))
	})
	got, want := readFile(t, path), excelizeRows(t, path)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("reader and excelize differ:\n got %+v\nwant %+v", got, want)
	}
	if len(got) != 9 || got[3].Cells[0] != "王五" || got[6].Cells[27] != "7" {
		t.Fatalf("unexpected rows %+v", got)
	}
}

// TestXLSXStreamWriterAgreesWithExcelize reads an export of our own writer (inline strings,
// the stream writer's layout) both ways.
func TestXLSXStreamWriterAgreesWithExcelize(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewXLSXWriter(&buf, "党员")
	must(t, err)
	must(t, w.WriteHeader([]string{"姓名", "公民身份号码", "备注"}))
	for i := 0; i < 300; i++ {
		must(t, w.WriteRow([]string{fmt.Sprint("党员", i), fmt.Sprintf("2102021985%08d", i), strings.Repeat("长", i%7)}))
	}
	must(t, w.WriteRow([]string{"", "", ""}))
	must(t, w.WriteRow([]string{"last"}))
	must(t, w.Close())
	path := filepath.Join(t.TempDir(), "export.xlsx")
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	if got, want := readFile(t, path), excelizeRows(t, path); !reflect.DeepEqual(got, want) {
		t.Fatalf("reader and excelize differ:\n got %+v\nwant %+v", got[:3], want[:3])
	}
}

// xlsxFiles builds an xlsx package from parts (name → content) with the relationships and
// content types a workbook with one sheet needs, unless parts override them.
func xlsxFiles(t *testing.T, parts map[string]string) string {
	t.Helper()
	all := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":     `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
	}
	for k, v := range parts {
		all[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range all {
		if content == "" {
			continue // a part the fixture leaves out
		}
		fw, err := zw.Create(name)
		must(t, err)
		_, err = io.WriteString(fw, content)
		must(t, err)
	}
	must(t, zw.Close())
	path := filepath.Join(t.TempDir(), "book.xlsx")
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	return path
}

const mainNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`

// TestXLSXLibreOffice reads a file as LibreOffice Calc writes it: cells typed t="n" and
// t="b", every cell styled (s="0"), styled empty cells, shared strings with
// xml:space="preserve", a date format with upper-case, escaped tokens, rows full of layout
// attributes, and the 1904 date system spelled "true".
func TestXLSXLibreOffice(t *testing.T) {
	for _, system := range []string{"false", "true"} {
		serial := "31110" // 1985-03-04 on the 1900 system
		if system == "true" {
			serial = "29648" // the same day counted from 1904
		}
		path := xlsxFiles(t, map[string]string{
			"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook ` + mainNS + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><fileVersion appName="Calc"/><workbookPr backupFile="false" showObjects="all" date1904="` + system + `"/><workbookProtection/><bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="名册" sheetId="1" state="visible" r:id="rId1"/></sheets><calcPr iterateCount="100" refMode="A1" iterate="false" iterateDelta="0.001"/></workbook>`,
			"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet ` + mainNS + `><numFmts count="2"><numFmt numFmtId="164" formatCode="General"/><numFmt numFmtId="165" formatCode="YYYY\-MM\-DD"/></numFmts><fonts count="1"><font><sz val="10"/><name val="Arial"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border diagonalUp="false" diagonalDown="false"><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyFont="true"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyFont="false" applyBorder="false" applyAlignment="false" applyProtection="false"><alignment horizontal="general" vertical="bottom" textRotation="0" wrapText="false" indent="0" shrinkToFit="false"/><protection locked="true" hidden="false"/></xf><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyFont="false" applyBorder="false" applyAlignment="false" applyProtection="false"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>`,
			"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst ` + mainNS + ` count="4" uniqueCount="4"><si><t xml:space="preserve">姓名</t></si><si><t xml:space="preserve">出生日期</t></si><si><t xml:space="preserve"> 张三 </t></si><si><t xml:space="preserve">人数</t></si></sst>`,
			"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet ` + mainNS + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr filterMode="false"><pageSetUpPr fitToPage="false"/></sheetPr><dimension ref="A1:D3"/><sheetViews><sheetView showFormulas="false" workbookViewId="0"><selection pane="topLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews><sheetFormatPr defaultColWidth="11.53515625" defaultRowHeight="12.8" zeroHeight="false" outlineLevelRow="0" outlineLevelCol="0"></sheetFormatPr><cols><col collapsed="false" customWidth="false" hidden="false" outlineLevel="0" max="1025" min="1" style="0" width="11.52"/></cols><sheetData>
<row r="1" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"><c r="A1" s="0" t="s"><v>0</v></c><c r="B1" s="0" t="s"><v>1</v></c><c r="C1" s="0" t="s"><v>3</v></c><c r="D1" s="0"/></row>
<row r="3" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"><c r="A3" s="0" t="s"><v>2</v></c><c r="B3" s="1" t="n"><v>` + serial + `</v></c><c r="C3" s="2" t="n"><v>1462</v></c><c r="D3" s="0" t="b"><v>1</v></c><c r="E3" s="0"/></row>
</sheetData><printOptions headings="false" gridLines="false"/><pageMargins left="0.7875" right="0.7875" top="1.05277777777778" bottom="1.05277777777778" header="0.7875" footer="0.7875"/></worksheet>`,
		})
		got := readFile(t, path)
		want := []row{{1, []string{"姓名", "出生日期", "人数"}}, {2, nil}, {3, []string{" 张三 ", "31110", "1462", "1"}}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("date1904=%s: got %+v\nwant %+v", system, got, want)
		}
		if d, err := ParseDate(got[2].Cells[1]); err != nil || d.String() != "1985-03-04" {
			t.Errorf("date1904=%s: the date cell reads %v %v", system, d, err)
		}
	}
}

// TestXLSXWPS reads a file as WPS Office writes it in Chinese: a custom 年月日 date format
// with a text section (;@), a built-in Chinese date format (id 31), formula strings t="str",
// inline strings beside shared ones, numbers held as text, and the 1904 system as "1".
func TestXLSXWPS(t *testing.T) {
	path := xlsxFiles(t, map[string]string{
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook ` + mainNS + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><fileVersion appName="xl" lastEdited="3" lowestEdited="5" rupBuild="9302"/><workbookPr date1904="1"/><bookViews><workbookView windowWidth="28800" windowHeight="12345"/></bookViews><sheets><sheet name="党员名册" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="144525"/></workbook>`,
		"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet ` + mainNS + `><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/><numFmt numFmtId="177" formatCode="0.00_ ;[Red]\-0.00\ "/></numFmts><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="177" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
		"xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst ` + mainNS + ` count="3" uniqueCount="3"><si><t>姓名</t></si><si><t>入党日期</t></si><si><t>210202198503041234</t></si></sst>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet ` + mainNS + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"><sheetPr/><dimension ref="A1:F2"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews><sheetFormatPr defaultColWidth="9" defaultRowHeight="13.5" outlineLevelRow="1"/><sheetData><row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>金额</t></is></c></row><row r="2" spans="1:6"><c r="A2" t="str"><f>"张"&amp;"三"</f><v>张三</v></c><c r="B2" s="1"><v>29648</v></c><c r="C2" s="3"><v>12.5</v></c><c r="D2" s="2"><v>29648.5</v></c><c r="E2" s="4" t="s"><v>2</v></c><c r="F2" s="4"><v>13800138000</v></c></row></sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/><headerFooter/><extLst><ext uri="{ABC}"><etc:cellFormula><x14:formula>a&gt;b</x14:formula></etc:cellFormula></ext></extLst></worksheet>`,
	})
	got := readFile(t, path)
	want := []row{{1, []string{"姓名", "入党日期", "金额"}}, {2, []string{"张三", "31110", "12.5", "31110.5", "210202198503041234", "13800138000"}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

// TestXLSXOtherWriters covers what other programs write: prefixed elements (the .NET Open
// XML SDK), cells and rows without r attributes, strict-namespace relationship ids, a
// workbook under another name, part names in another case, rich shared strings with
// phonetic runs, entities, CDATA, comments and a '>' inside an attribute.
func TestXLSXOtherWriters(t *testing.T) {
	path := xlsxFiles(t, map[string]string{
		"_rels/.rels":                `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/xl/Book.xml"/></Relationships>`,
		"xl/workbook.xml":            "",
		"xl/Book.xml":                `<?xml version="1.0"?><x:workbook xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"><x:sheets><x:sheet name="B" sheetId="2" r:id="R7"/><x:sheet name="A" sheetId="1" r:id="R2"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": "",
		"xl/_rels/Book.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="R2" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="sheets/second.xml"/>` +
			`<Relationship Id="R7" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="/xl/sheets/First.xml"/>` +
			`<Relationship Id="R9" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/sharedStrings" Target="strings.xml"/></Relationships>`,
		"xl/strings.xml": `<?xml version="1.0"?><x:sst xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main"><x:si><x:r><x:rPr><x:b/></x:rPr><x:t>東</x:t></x:r><x:r><x:t>京</x:t></x:r><x:rPh sb="0" eb="2"><x:t>トウキョウ</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si><x:si/><x:si><x:t>&#x4E2D;&#20849;&amp;&lt;党&gt;</x:t></x:si></x:sst>`,
		"xl/sheets/first.xml": `<?xml version="1.0"?><!-- written by a generator --><x:worksheet xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main"><x:sheetData>` +
			`<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>` +
			`<x:row><x:c t="inlineStr"><x:is><x:t><![CDATA[<a & b>]]></x:t></x:is></x:c><x:c x:foo="1>0"><x:v>42</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c t="d"><x:v>1985-03-04T00:00:00</x:v></x:c></x:row>` +
			`<x:row r="5"><x:c r="C5" t="inlineStr"><x:is><x:t>line1&#13;&#10;line2` + "\r\n" + `line3</x:t></x:is></x:c><x:c><x:v>1</x:v></x:c></x:row>` +
			`</x:sheetData></x:worksheet>`,
		"xl/sheets/second.xml": `<worksheet ` + mainNS + `><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>second</t></is></c></row></sheetData></worksheet>`,
	})
	got := readFile(t, path)
	want := []row{
		{1, []string{"東京", "", "中共&<党>"}},
		{2, []string{"<a & b>", "42", "#N/A", "1985-03-04T00:00:00"}},
		{3, nil}, {4, nil},
		{5, []string{"", "", "line1\r\nline2\nline3", "1"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if d, err := ParseDate(got[1].Cells[3]); err != nil || d.String() != "1985-03-04" {
		t.Errorf("a t=\"d\" cell reads %v %v", d, err)
	}
}

func TestXLSXBadFiles(t *testing.T) {
	sheet := func(data string) map[string]string {
		return map[string]string{"xl/worksheets/sheet1.xml": `<worksheet ` + mainNS + `><sheetData>` + data + `</sheetData></worksheet>`}
	}
	for name, parts := range map[string]map[string]string{
		"no workbook":           {"xl/workbook.xml": ""},
		"sheet missing":         {"xl/worksheets/sheet1.xml": ""},
		"bad string index":      sheet(`<row r="1"><c r="A1" t="s"><v>5</v></c></row>`),
		"bad cell reference":    sheet(`<row r="1"><c r="11" t="inlineStr"><is><t>x</t></is></c></row>`),
		"column beyond XFD":     sheet(`<row r="1"><c r="XFE1"><v>1</v></c></row>`),
		"row beyond 1048576":    sheet(`<row r="1048577"><c><v>1</v></c></row>`),
		"bad row number":        sheet(`<row r="x"><c><v>1</v></c></row>`),
		"cut off":               {"xl/worksheets/sheet1.xml": `<worksheet ` + mainNS + `><sheetData><row r="1"><c><v>1`},
		"shared strings cut":    {"xl/sharedStrings.xml": `<sst ` + mainNS + `><si><t>a`},
		"styles not XML (1904)": {"xl/workbook.xml": `<workbook ` + mainNS + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`, "xl/styles.xml": "<styleSheet"},
	} {
		if _, ok := parts["xl/worksheets/sheet1.xml"]; !ok {
			parts["xl/worksheets/sheet1.xml"] = `<worksheet ` + mainNS + `><sheetData><row r="1"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`
		}
		path := xlsxFiles(t, parts)
		r, err := OpenFile(path)
		if err == nil {
			_, _, err = r.Next()
			for err == nil {
				_, _, err = r.Next()
			}
			r.Close()
		}
		if err == nil || errors.Is(err, io.EOF) || !strings.Contains(err.Error(), "import.bad_file") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A workbook without sheets is empty, not broken.
	path := xlsxFiles(t, map[string]string{"xl/workbook.xml": `<workbook ` + mainNS + `><sheets/></workbook>`})
	if _, err := OpenFile(path); err == nil || !strings.Contains(err.Error(), "import.empty") {
		t.Errorf("no sheets: %v", err)
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd": true, "YYYY\\-MM\\-DD": true, "m/d/yy": true, `yyyy"年"m"月"d"日";@`: true, "[$-F800]dddd, mmmm dd, yyyy": true,
		"General": false, "0.00": false, "0.00E+00": false, "h:mm:ss": false, `"day"0`: false, "[Red]0.00": false,
		`0.00_ ;[Red]\-0.00\ `: false, "@": false, "mm:ss": false, `\d0`: false, "General;yyyy": false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v", code, got)
		}
	}
}

// BenchmarkXLSXRead reads a 20,000-row export of our own writer with the reader and with
// excelize's row iterator.
func BenchmarkXLSXRead(b *testing.B) {
	var buf bytes.Buffer
	w, _ := NewXLSXWriter(&buf, "党员")
	w.WriteHeader([]string{"姓名", "性别", "民族", "出生日期", "公民身份号码", "籍贯", "学历", "联系电话", "家庭住址", "所在党组织"})
	for i := 0; i < 20000; i++ {
		w.WriteRow([]string{"李兴宇", "男", "汉族", "1992-03-30", fmt.Sprintf("2102021992033%05d", i), "辽宁丹东", "研究生",
			fmt.Sprintf("155%08d", i), "辽宁省大连市中山区老虎滩街道中山路153号4单元903室", "中共大连市中山区污水处理厂扩建工程项目临时支部"})
	}
	w.Close()
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	os.WriteFile(path, buf.Bytes(), 0o600)
	b.Run("own", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			r, err := OpenFile(path)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				_, _, err := r.Next()
				if err != nil {
					break
				}
				n++
			}
			r.Close()
		}
		b.ReportMetric(float64(20001*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("excelize", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			f, _ := excelize.OpenFile(path)
			rows, _ := f.Rows("党员")
			for rows.Next() {
				rows.Columns(excelize.Options{RawCellValue: true})
			}
			rows.Close()
			f.Close()
		}
		b.ReportMetric(float64(20001*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

func TestEstimateRows(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "m.csv")
	must(t, os.WriteFile(csvPath, []byte("a,b\n1,2\n3,4\n"), 0o600))
	if n := EstimateRows(csvPath); n != 3 {
		t.Errorf("CSV: %d", n)
	}
	// Our writer's sheets say A1 as their dimension: the estimate comes from the sizes.
	var buf bytes.Buffer
	w, err := NewXLSXWriter(&buf, "")
	must(t, err)
	for i := 0; i < 30000; i++ {
		must(t, w.WriteRow([]string{fmt.Sprint("党员", i), fmt.Sprintf("2102021985%08d", i)}))
	}
	must(t, w.Close())
	xlsxPath := filepath.Join(dir, "m.xlsx")
	must(t, os.WriteFile(xlsxPath, buf.Bytes(), 0o600))
	if n := EstimateRows(xlsxPath); n < 27000 || n > 33000 {
		t.Errorf("xlsx by size: %d, want about 30000", n)
	}
	// A workbook with a dimension.
	dim := xlsxFiles(t, map[string]string{"xl/worksheets/sheet1.xml": `<worksheet ` + mainNS + `><dimension ref="A1:W1000001"/><sheetData/></worksheet>`})
	if n := EstimateRows(dim); n != 1000001 {
		t.Errorf("xlsx by dimension: %d", n)
	}
	if n := EstimateRows(filepath.Join(dir, "missing.xlsx")); n != 0 {
		t.Errorf("missing file: %d", n)
	}
}

// FuzzXLSXSheet feeds arbitrary worksheet XML to the reader: it must end, with rows in
// increasing order, or fail as a bad file, never panic.
func FuzzXLSXSheet(f *testing.F) {
	for _, s := range []string{
		`<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`,
		`<row><c t="s"><v>0</v></c><c><v>1.5</v></c></row><row r="4"/>`,
		`<x:row r="2"><x:c r="B2" t="str"><x:f>1</x:f><x:v>a&amp;b</x:v></x:c></x:row>`,
		`<row r="3"><c r="C3"><v><![CDATA[7]]></v></c><!-- > --></row>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		path := xlsxFiles(t, map[string]string{
			"xl/sharedStrings.xml":     `<sst ` + mainNS + `><si><t>s0</t></si></sst>`,
			"xl/worksheets/sheet1.xml": `<worksheet ` + mainNS + `><sheetData>` + data + `</sheetData></worksheet>`,
		})
		r, err := OpenFile(path)
		if err != nil {
			return
		}
		defer r.Close()
		last := 0
		for {
			n, _, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				if !strings.Contains(err.Error(), "import.bad_file") {
					t.Fatalf("unclassified error %v", err)
				}
				return
			}
			if n <= last || n > xlsxMaxRows {
				t.Fatalf("row %d after %d", n, last)
			}
			last = n
		}
	})
}
