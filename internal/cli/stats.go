package cli

import (
	"context"
	"fmt"
	"io"
)

func runStats(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "rebuild") {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprintln(out, "Usage: dangjian stats verify|rebuild --db PATH|DSN\n\n  verify   recompute every count from the base tables and report differences (exit 1 if any)\n  rebuild  replace the rollup with the recount")
			return nil
		}
		return &exitError{code: 2, msg: "usage: dangjian stats verify|rebuild --db PATH|DSN"}
	}
	fs := flags("stats "+args[0], "stats "+args[0]+" --db PATH|DSN")
	o := dbFlags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := o.openWithoutKeys(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if args[0] == "rebuild" {
		n, err := a.Store.RebuildStats(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Rollup rebuilt: %d counters.\n", n)
		return nil
	}
	diffs, err := a.Store.VerifyStats(ctx)
	if err != nil {
		return err
	}
	if len(diffs) == 0 {
		fmt.Fprintln(out, "Rollup verified: no differences.")
		return nil
	}
	for i, d := range diffs {
		if i == 50 {
			fmt.Fprintf(out, "… and %d more\n", len(diffs)-50)
			break
		}
		fmt.Fprintf(out, "org %d  %-32s stored %d  expected %d\n", d.OrgID, d.Metric, d.Stored, d.Expected)
	}
	return &exitError{code: 1, msg: fmt.Sprintf("%d rollup counters differ; run 'dangjian stats rebuild'", len(diffs))}
}
