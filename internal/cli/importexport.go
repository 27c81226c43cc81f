package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"dangjian/internal/i18n"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/imports"
	"dangjian/internal/service/member"
	"dangjian/internal/service/sheet"
)

func runImport(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "members" && args[0] != "orgs") {
		fmt.Fprintln(out, "Usage: dangjian import members|orgs --db PATH|DSN [--dry-run] [--partial] FILE.csv|FILE.xlsx")
		return &exitError{code: 2}
	}
	kind := args[0]
	fs := flags("import "+kind, "import "+kind+" --db PATH|DSN [--dry-run] [--partial] FILE")
	o := dbFlags(fs)
	dry := fs.Bool("dry-run", false, "validate and show what would change; write nothing")
	partial := fs.Bool("partial", false, "import the valid rows even when others are invalid (default: a file with errors writes nothing)")
	lang := fs.String("lang", envOr("DANGJIAN_LANG", "zh-CN"), "language of the error messages: zh-CN or en")
	report := fs.String("report", "", "also write the row errors to this xlsx file")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &exitError{code: 2, msg: "give exactly one file to import"}
	}
	a, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	opt := imports.Options{DryRun: *dry, Partial: *partial}
	var res *imports.Result
	file := fs.Arg(0)
	if kind == "members" {
		res, err = a.Imports.ImportMembers(ctx, auth.System, file, opt, nil)
	} else {
		res, err = a.Imports.ImportOrgs(ctx, auth.System, file, opt, nil)
	}
	if err != nil {
		return explainIn(err, *lang)
	}
	l := i18n.For(*lang)
	for i, e := range res.Errors {
		if i == 100 {
			fmt.Fprintf(out, "… %d more errors\n", res.ErrorCount-100)
			break
		}
		fmt.Fprintf(out, "row %d, %s, %q: %s\n", e.Row, e.Column, e.Value, l.T(e.Code, e.Params))
	}
	verb := "imported"
	if *dry {
		verb = "would import (dry run)"
	}
	fmt.Fprintf(out, "%s: %d rows — %d new, %d updated, %d unchanged, %d invalid; %d written in %.1fs (%.0f rows/s)\n",
		verb, res.Rows, res.Created, res.Updated, res.Unchanged, res.Invalid, res.Written, res.Seconds, float64(res.Rows)/max(res.Seconds, 1e-9))
	if *report != "" && len(res.Errors) > 0 {
		f, err := os.Create(*report)
		if err != nil {
			return err
		}
		defer f.Close()
		w, err := sheet.NewXLSXWriter(f, "errors")
		if err != nil {
			return err
		}
		if err := writeReport(w, res, l.T); err != nil {
			return err
		}
	}
	if res.Invalid > 0 && !*partial && !*dry {
		return &exitError{code: 1, msg: "the file has invalid rows: nothing was written (fix them, or use --partial)"}
	}
	return nil
}

func runExport(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "members" && args[0] != "orgs") {
		fmt.Fprintln(out, "Usage: dangjian export members|orgs --db PATH|DSN --org ID FILE.csv|FILE.xlsx")
		return &exitError{code: 2}
	}
	kind := args[0]
	fs := flags("export "+kind, "export "+kind+" --db PATH|DSN --org ID FILE")
	o := dbFlags(fs)
	orgID := fs.Int64("org", 0, "the subtree's root organisation id")
	status := fs.String("status", "", "members: one status, 'all', or empty for the members in the register")
	masked := fs.Bool("masked", false, "members: mask the ID numbers and phones (the default writes them in full, to edit and re-import; the export is audited either way)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 || *orgID == 0 {
		return &exitError{code: 2, msg: "give --org and exactly one output file"}
	}
	name := fs.Arg(0)
	format, err := sheet.FormatOf(name)
	if err != nil {
		return &exitError{code: 2, msg: "the output file must end in .csv or .xlsx"}
	}
	a, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	var w sheet.Writer
	if format == sheet.CSV {
		w = sheet.NewCSVWriter(f)
	} else if w, err = sheet.NewXLSXWriter(f, strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))); err != nil {
		return err
	}
	var n int64
	if kind == "members" {
		n, err = a.Imports.ExportMembers(ctx, auth.System, a.Members, member.Query{OrgID: *orgID, Status: *status, Unmasked: !*masked}, w)
	} else {
		n, err = a.Imports.ExportOrgs(ctx, auth.System, *orgID, w)
	}
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(out, "Exported %d %s to %s.\n", n, kind, name)
	return nil
}

func writeReport(w *sheet.XLSXWriter, res *imports.Result, tr func(string, map[string]any) string) error {
	if err := importer.WriteErrorReport(w, res.Errors, tr); err != nil {
		return err
	}
	return w.Close()
}
