package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
)

const auditUsage = `Usage: dangjian audit verify|archive [flags]

  verify  [--db PATH|DSN]                 check the live audit chain from its base to its head;
                                          exit 1 naming every edited, deleted or reordered entry
  verify  --archive FILE [--db PATH|DSN]  check an archive file (and, with --db, that the live
                                          chain continues from it)
  archive --before YYYY-MM-DD --out FILE  move the entries older than the date to FILE and delete
                                          them; refused for anything younger than the retention
                                          (rules: security.audit_retention_days, at least 180)`

func runAudit(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "archive") {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprintln(out, auditUsage)
			return nil
		}
		return &exitError{code: 2, msg: auditUsage}
	}
	fs := flags("audit "+args[0], "audit "+args[0]+" [flags]")
	o := dbFlags(fs)
	archiveFile := fs.String("archive", "", "verify: an archive file written by 'audit archive'")
	before := fs.String("before", "", "archive: entries older than this date (YYYY-MM-DD)")
	outFile := fs.String("out", "", "archive: the file to write")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	dbGiven := false
	fs.Visit(func(f *flag.Flag) { dbGiven = dbGiven || f.Name == "db" })
	if args[0] == "verify" && *archiveFile != "" {
		return verifyArchiveFile(ctx, *archiveFile, dbGiven, o, out)
	}
	a, err := o.openWithoutKeys(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	if args[0] == "verify" {
		r, err := audit.Verify(ctx, a.Store)
		if err != nil {
			return err
		}
		return reportChain(out, "live audit chain", r)
	}
	d, err := model.ParseDate(*before)
	if err != nil || *before == "" || *outFile == "" {
		return &exitError{code: 2, msg: "audit archive needs --before YYYY-MM-DD and --out FILE"}
	}
	if _, err := os.Stat(*outFile); err == nil {
		return &exitError{code: 1, msg: *outFile + " exists; choose a new file"}
	}
	tmp, err := os.CreateTemp(filepath.Dir(*outFile), ".audit-archive-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	days := a.Rules.Security.AuditRetentionDays
	res, err := audit.Archive(ctx, a.Store, d, model.DateOf(time.Now()), days, tmp)
	if errors.Is(err, audit.ErrTooYoung) {
		tmp.Close()
		return &exitError{code: 1, msg: fmt.Sprintf("the audit log is kept at least %d days: entries after %s cannot be archived",
			days, model.DateOf(time.Now()).AddDate(0, 0, -days))}
	}
	if err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if res.Deleted == 0 {
		fmt.Fprintf(out, "No audit entries older than %s: nothing archived.\n", d)
		return nil
	}
	if err := os.Rename(tmp.Name(), *outFile); err != nil {
		return fmt.Errorf("the entries were archived to %s but could not be renamed: %w", tmp.Name(), err)
	}
	h := res.Header
	fmt.Fprintf(out, "Archived %d audit entries (%d–%d) to %s; last hash %s.\nThe live chain continues from entry %d.\n",
		h.Entries, h.FirstID, h.LastID, *outFile, h.LastHash, h.LastID)
	return nil
}

func verifyArchiveFile(ctx context.Context, file string, dbGiven bool, o *dbOptions, out io.Writer) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	hdr, r, err := audit.VerifyArchive(f)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	if err := reportChain(out, "archive "+file, r); err != nil {
		return err
	}
	if !dbGiven {
		return nil
	}
	a, err := o.openWithoutKeys(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	head, err := a.Store.GetAuditHead(ctx)
	if err != nil {
		return err
	}
	switch {
	case head.BaseID == hdr.LastID && head.BaseHash == hdr.LastHash:
		fmt.Fprintf(out, "The live chain continues from this archive (entry %d).\n", hdr.LastID)
	case head.BaseID > hdr.LastID:
		fmt.Fprintf(out, "A later archive follows this one: the live chain continues from entry %d.\n", head.BaseID)
	default:
		return &exitError{code: 1, msg: fmt.Sprintf("the live chain continues from entry %d (hash %s), not from this archive's last entry %d",
			head.BaseID, head.BaseHash, hdr.LastID)}
	}
	return nil
}

// reportChain prints a verification and fails with exit code 1 when the chain is broken.
func reportChain(out io.Writer, what string, r *audit.Report) error {
	if r.OK() {
		if r.Entries == 0 {
			fmt.Fprintf(out, "The %s is intact: no entries after entry %d.\n", what, r.BaseID)
		} else {
			fmt.Fprintf(out, "The %s is intact: %d entries (%d–%d) from base %d; head hash %s.\n",
				what, r.Entries, r.FirstID, r.LastID, r.BaseID, r.LastHash)
		}
		return nil
	}
	for _, p := range r.Problems {
		fmt.Fprintln(out, p)
	}
	return &exitError{code: 1, msg: fmt.Sprintf("the %s is broken: %d problem(s), first: %s", what, len(r.Problems), r.Problems[0])}
}
