package importer

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"dangjian/internal/i18n"
	"dangjian/internal/service/sheet"
)

func TestTemplates(t *testing.T) {
	for name, tc := range map[string]struct {
		write func(sheet.Writer) error
		cols  []sheet.Column
		first string
	}{
		"members": {WriteMemberTemplate, MemberColumns, "姓名*,性别,民族,出生日期,公民身份号码*"},
		"orgs":    {WriteOrgTemplate, OrgColumns, "党组织名称*,简称,组织类别*,上级党组织*,组织编码"},
	} {
		var buf bytes.Buffer
		w := sheet.NewCSVWriter(&buf)
		must(t, tc.write(w))
		must(t, w.Close())
		if !strings.Contains(buf.String(), tc.first) || strings.Count(buf.String(), "\n") != 1 {
			t.Errorf("%s template: %q", name, buf.String())
		}
		h, err := sheet.FindHeader(sheet.NewCSVReader(&buf), tc.cols, 0)
		if err != nil || len(h.Index) != len(tc.cols) {
			t.Errorf("%s template does not read back: %v %v", name, h.Index, err)
		}
	}
	var buf bytes.Buffer
	x, err := sheet.NewXLSXWriter(&buf, "党员导入模板")
	must(t, err)
	must(t, WriteMemberTemplate(x))
	must(t, x.Close())
	r, err := sheet.OpenFile(writeFile(t, "t.xlsx", buf.Bytes()))
	must(t, err)
	defer r.Close()
	if _, err := sheet.FindHeader(r, MemberColumns, 0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Next(); err != io.EOF {
		t.Errorf("template has a data row: %v", err)
	}
}

func TestErrorReport(t *testing.T) {
	tr := i18n.For("zh-CN").T
	var buf bytes.Buffer
	w, err := sheet.NewXLSXWriter(&buf, "错误")
	must(t, err)
	must(t, WriteErrorReport(w, []RowError{
		{Row: 5, Column: "公民身份号码", Value: "210202198503041230", Code: "id_number.check_digit", Params: map[string]any{"Expected": "4"}},
		{Row: 0, Code: "import.empty"},
	}, tr))
	must(t, w.Close())
	path := writeFile(t, "errors.xlsx", buf.Bytes())
	r, err := sheet.OpenFile(path)
	must(t, err)
	defer r.Close()
	var got [][]string
	for {
		_, cells, err := r.Next()
		if err != nil {
			break
		}
		got = append(got, cells)
	}
	if len(got) != 3 || strings.Join(got[0], "|") != "行号|列|值|原因" ||
		strings.Join(got[1], "|") != "5|公民身份号码|210202198503041230|公民身份号码校验位错误（应为 4）" || got[2][3] != "文件中没有数据" {
		t.Errorf("%q", got)
	}
	var en bytes.Buffer
	cw := sheet.NewCSVWriter(&en)
	must(t, WriteErrorReport(cw, nil, i18n.For("en").T))
	must(t, cw.Close())
	if !strings.Contains(en.String(), "Row,Column,Value,Reason") {
		t.Errorf("%q", en.String())
	}
	_ = os.Remove(path)
}
