package sheet

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeWorkbook saves a workbook built by fill and returns its path.
func writeWorkbook(t *testing.T, fill func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestXLSXReader(t *testing.T) {
	day := time.Date(1985, 3, 4, 0, 0, 0, 0, time.UTC)
	path := writeWorkbook(t, func(f *excelize.File) {
		must(t, f.SetCellValue("Sheet1", "A1", "大连市XX党委党员名册"))
		must(t, f.MergeCell("Sheet1", "A1", "D1"))
		must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"姓名", "出生日期", "入党日期", "联系电话"}))
		// A real date cell with the built-in short date format: formatted, excelize would
		// read it as "03-04-85".
		must(t, f.SetSheetRow("Sheet1", "A4", &[]any{"张三", day, "2010/7/1", 13800138000}))
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		must(t, err)
		must(t, f.SetCellStyle("Sheet1", "B4", "B4", style))
		must(t, f.SetSheetRow("Sheet1", "B6", &[]any{"only B"}))
		_, err = f.NewSheet("Other")
		must(t, err)
		must(t, f.SetCellValue("Other", "A1", "not read"))
	})
	r, err := OpenFile(path)
	must(t, err)
	got := readAll(t, r)
	must(t, r.Close())
	want := []row{{1, []string{"大连市XX党委党员名册"}}, {2, nil}, {3, []string{"姓名", "出生日期", "入党日期", "联系电话"}},
		{4, []string{"张三", "31110", "2010/7/1", "13800138000"}}, {5, nil}, {6, []string{"", "only B"}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if d, err := ParseDate(got[3].Cells[1]); err != nil || d.String() != "1985-03-04" {
		t.Errorf("date cell reads %v, %v", d, err)
	}
}

func TestXLSXDate1904(t *testing.T) {
	path := writeWorkbook(t, func(f *excelize.File) {
		yes := true
		must(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
		must(t, f.SetCellValue("Sheet1", "A1", time.Date(1985, 3, 4, 0, 0, 0, 0, time.UTC)))
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		must(t, err)
		must(t, f.SetCellStyle("Sheet1", "A1", "A1", style))
	})
	r, err := OpenFile(path)
	must(t, err)
	defer r.Close()
	_, cells, err := r.Next()
	must(t, err)
	if d, err := ParseDate(cells[0]); err != nil || d.String() != "1985-03-04" {
		t.Errorf("1904 date cell %q reads %v, %v", cells, d, err)
	}
}

func TestOpenErrors(t *testing.T) {
	for _, name := range []string{"a.xls", "a.et", "a", "a.txt"} {
		if _, err := FormatOf(name); err == nil || !strings.Contains(err.Error(), "import.unsupported_format") {
			t.Errorf("FormatOf(%q) = %v", name, err)
		}
	}
	if f, err := FormatOf("名册.XLSX"); err != nil || f != XLSX {
		t.Errorf("upper case extension: %v %v", f, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.xlsx")
	must(t, os.WriteFile(bad, []byte("姓名,性别\n"), 0o600))
	if _, err := OpenFile(bad); err == nil || !strings.Contains(err.Error(), "import.bad_file") {
		t.Errorf("a CSV named .xlsx: %v", err)
	}
}

func TestXLSXWriterRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewXLSXWriter(&buf, "党员")
	must(t, err)
	w.SetColumnWidths([]float64{0, 22})
	rows := [][]string{{"张三", "210202198503041234", "=1+1", "", "1985-03-04"}, {"李四"}}
	must(t, w.WriteHeader([]string{"姓名", "公民身份号码", "备注", "空", "出生日期"}))
	for _, r := range rows {
		must(t, w.WriteRow(r))
	}
	must(t, w.Close())
	path := filepath.Join(t.TempDir(), "out.xlsx")
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))

	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	must(t, err)
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"党员"}) {
		t.Errorf("sheets %v", got)
	}
	if wd, _ := f.GetColWidth("党员", "B"); wd != 22 {
		t.Errorf("width of B = %v", wd)
	}
	if wd, _ := f.GetColWidth("党员", "A"); wd != 10 {
		t.Errorf("width of A = %v", wd)
	}
	styleID, _ := f.GetCellStyle("党员", "A1")
	if st, _ := f.GetStyle(styleID); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header not bold: %+v", st)
	}
	if formula, _ := f.GetCellFormula("党员", "C2"); formula != "" {
		t.Errorf("text became a formula %q", formula)
	}
	must(t, f.Close())

	r, err := OpenFile(path)
	must(t, err)
	defer r.Close()
	got := readAll(t, r)
	want := []row{{1, []string{"姓名", "公民身份号码", "备注", "空", "出生日期"}},
		{2, []string{"张三", "210202198503041234", "=1+1", "", "1985-03-04"}}, {3, []string{"李四"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestCSVWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	must(t, w.WriteHeader([]string{"姓名", "备注"}))
	must(t, w.WriteRow([]string{"张三", "=HYPERLINK(\"x\")"}))
	must(t, w.WriteRow([]string{"-5", "a,b\nc"}))
	must(t, w.Close())
	if !bytes.HasPrefix(buf.Bytes(), utf8BOM) || !bytes.Contains(buf.Bytes(), []byte("\r\n")) {
		t.Fatalf("no BOM or CRLF: %q", buf.String())
	}
	if !strings.Contains(buf.String(), `"'=HYPERLINK(""x"")"`) {
		t.Errorf("formula not escaped: %q", buf.String())
	}
	got := readAll(t, NewCSVReader(&buf))
	if len(got) != 3 || Clean(got[1].Cells[1]) != `=HYPERLINK("x")` || Clean(got[2].Cells[0]) != "-5" || got[2].Cells[1] != "a,b\nc" {
		t.Errorf("read back %+v", got)
	}

	var empty bytes.Buffer
	must(t, NewCSVWriter(&empty).Close())
	if !bytes.Equal(empty.Bytes(), utf8BOM) {
		t.Errorf("empty CSV %q", empty.Bytes())
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"\u3000张三\u00a0": "张三", "\ufeff姓名": "姓名", "'=1": "=1", "'abc": "'abc", "'": "'", " a b ": "a b", "\u200b": "",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if !Blank([]string{"", " ", "\u3000"}) || Blank([]string{"", "x"}) || !Blank(nil) {
		t.Error("Blank")
	}
}
