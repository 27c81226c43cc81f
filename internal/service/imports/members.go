package imports

import (
	"context"
	"errors"
	"os"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

// batchSize is how many valid rows are looked up and written together.
const batchSize = 1000

// memberImport is the state of one member import.
type memberImport struct {
	s      *Service
	p      *auth.Principal
	tx     *store.Tx
	res    *Result
	orgs   map[string]orgRef // organisation reference → resolution
	batch  []parsedRow
	scope  store.Scope
	audits int
}

type orgRef struct {
	org  *model.Org
	code string // error code when the reference does not resolve
}

// ImportMembers imports the member sheet at path into organisations of the caller's write scope.
// A member whose ID number is already registered is updated, never duplicated.
func (s *Service) ImportMembers(ctx context.Context, p *auth.Principal, path string, opt Options, progress jobs.Progress) (*Result, error) {
	start := time.Now()
	total := estimateRows(path)
	r, err := sheet.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	res := &Result{DryRun: opt.DryRun, Partial: opt.Partial, Errors: []importer.RowError{}}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		mi := &memberImport{s: s, p: p, tx: tx, res: res, orgs: map[string]orgRef{}, scope: p.WriteScope()}
		if err := mi.loadOrgs(ctx); err != nil {
			return err
		}
		// Parsing and validating run in their own goroutine, writing in this one.
		pctx, cancel := context.WithCancel(ctx)
		defer cancel()
		batches, readErr := s.parseMembers(pctx, r)
		for batch := range batches {
			for _, pr := range batch {
				res.Rows++
				if res.Rows%progressEvery == 0 {
					report(progress, res.Rows, total)
				}
				es := pr.errs
				if len(es) == 0 {
					es = mi.place(ctx, pr.row)
				}
				if len(es) > 0 {
					res.Invalid++
					res.addErrors(es)
					continue
				}
				mi.batch = append(mi.batch, pr)
			}
			if err := mi.flush(ctx); err != nil {
				cancel()
				drain(batches)
				return err
			}
		}
		if err := <-readErr; err != nil {
			return err
		}
		if res.mustRollback(opt) {
			return errRollback
		}
		res.Written = res.Created + res.Updated
		return audit.Record(ctx, tx, p, "import", "member", 0, "", nil, map[string]any{
			"file": baseName(path), "created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged, "invalid": res.Invalid})
	})
	if err != nil && !errors.Is(err, errRollback) {
		return nil, err
	}
	res.Seconds = time.Since(start).Seconds()
	report(progress, res.Rows, res.Rows)
	return res, nil
}

type parsedRow struct {
	row  *importer.MemberRow
	errs []importer.RowError
	// sealed is the row's member with its personal data encrypted and hashed (valid rows).
	sealed store.SealedMember
}

// parseMembers reads, validates and seals (encrypts and hashes the personal data of) the sheet
// in a goroutine, sending rows in batches, so that the single writer only writes; the error
// channel yields the reading's result once the batches are done.
func (s *Service) parseMembers(ctx context.Context, r sheet.Reader) (<-chan []parsedRow, <-chan error) {
	batches := make(chan []parsedRow, 4)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		sealer, err := s.Store.NewMemberSealer()
		if err != nil {
			readErr <- err
			return
		}
		buf := make([]parsedRow, 0, batchSize)
		err = importer.ReadMembers(r, s.Rules, s.Today(), func(row *importer.MemberRow, es []importer.RowError) error {
			pr := parsedRow{row: row, errs: es}
			if len(es) == 0 {
				pr.sealed = sealer.Seal(row.Member)
			}
			buf = append(buf, pr)
			if len(buf) < batchSize {
				return nil
			}
			select {
			case batches <- buf:
				buf = make([]parsedRow, 0, batchSize)
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if err == nil && len(buf) > 0 {
			select {
			case batches <- buf:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		readErr <- err
	}()
	return batches, readErr
}

func drain(ch <-chan []parsedRow) {
	for range ch {
	}
}

// place resolves the row's organisation: a live branch-level organisation in the caller's
// write scope, found by code first, then by name.
func (mi *memberImport) place(ctx context.Context, row *importer.MemberRow) []importer.RowError {
	ref := row.OrgCode
	if ref == "" {
		ref = row.OrgRef
	}
	if ref == "" {
		return []importer.RowError{row.OrgError("required", nil)}
	}
	res, ok := mi.orgs[ref]
	if !ok {
		res = orgRef{code: "import.org_not_found"}
	}
	if res.org == nil {
		return []importer.RowError{row.OrgError(res.code, map[string]any{"Value": ref})}
	}
	row.Member.OrgID, row.Member.OrgPath, row.Member.OrgName = res.org.ID, res.org.Path, res.org.Name
	return nil
}

// loadOrgs reads every organisation of the caller's write scope once, keyed by code and by
// name (a name shared by two live organisations is ambiguous), so that rows resolve their
// organisation without a query each.
func (mi *memberImport) loadOrgs(ctx context.Context) error {
	var roots []*model.Org
	if mi.scope.All {
		var err error
		if roots, err = mi.tx.RootOrgs(ctx, mi.scope); err != nil {
			return err
		}
	} else {
		for _, p := range mi.scope.Paths {
			roots = append(roots, &model.Org{Path: p})
		}
	}
	byName := map[string]*model.Org{}
	ambiguous := map[string]bool{}
	for _, r := range roots {
		orgs, err := mi.tx.SubtreeOrgs(ctx, mi.scope, r.Path)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if o.Code != "" {
				mi.orgs[o.Code] = resolve(o)
			}
			if prev := byName[o.Name]; prev != nil && prev.ID != o.ID && prev.Dissolved() == o.Dissolved() {
				ambiguous[o.Name] = true
			} else if prev == nil || prev.Dissolved() {
				byName[o.Name] = o
			}
		}
	}
	for name, o := range byName {
		if _, isCode := mi.orgs[name]; isCode {
			continue // codes win over names
		}
		if ambiguous[name] {
			mi.orgs[name] = orgRef{code: "import.org_ambiguous"}
		} else {
			mi.orgs[name] = resolve(o)
		}
	}
	return nil
}

// resolve says whether members can be placed in o.
func resolve(o *model.Org) orgRef {
	switch {
	case o.Dissolved():
		return orgRef{code: "org.dissolved"}
	case !o.Type.IsBranchLevel():
		return orgRef{code: "member.org_not_branch"}
	}
	return orgRef{org: o}
}

// flush writes the batch: new ID numbers are inserted, known ones in scope updated when they
// differ, known ones outside the caller's scope refused (moving a member between subtrees is a
// transfer, not an import).
func (mi *memberImport) flush(ctx context.Context) error {
	if len(mi.batch) == 0 {
		return nil
	}
	hashes := make([][]byte, len(mi.batch))
	for i, pr := range mi.batch {
		hashes[i] = pr.sealed.IDHash
	}
	existing, err := mi.tx.MembersByIDHash(ctx, hashes)
	if err != nil {
		return err
	}
	var fresh []store.SealedMember
	for _, pr := range mi.batch {
		row, m := pr.row, pr.row.Member
		old := existing[m.IDNumber]
		switch {
		case old == nil:
			fresh = append(fresh, pr.sealed)
		case !mi.scope.CoversPath(old.OrgPath):
			mi.res.Invalid++
			mi.res.addErrors([]importer.RowError{row.OrgError("import.member_elsewhere", map[string]any{"Value": model.MaskIDNumber(m.IDNumber)})})
		case sameMember(old, m):
			mi.res.Unchanged++
		default:
			m.CreatedAt = old.CreatedAt
			if err := mi.tx.UpdateSealedMember(ctx, old, pr.sealed); err != nil {
				return err
			}
			if err := audit.Record(ctx, mi.tx, mi.p, "import_update", "member", old.ID, m.OrgPath, old.Redacted(), m.Redacted()); err != nil {
				return err
			}
			mi.res.Updated++
		}
	}
	if err := mi.tx.InsertMembers(ctx, fresh); err != nil {
		return err
	}
	mi.res.Created += int64(len(fresh))
	mi.batch = mi.batch[:0]
	return nil
}

// sameMember reports whether an import row would change nothing of a stored member.
func sameMember(a, b *model.Member) bool {
	x, y := *a, *b
	x.ID, x.Version, x.CreatedAt, x.UpdatedAt, x.OrgName = 0, 0, y.CreatedAt, y.UpdatedAt, y.OrgName
	y.ID, y.Version = 0, 0
	return x == y
}

// estimateRows counts the lines of a CSV file (fast, for the progress bar); 0 for xlsx.
func estimateRows(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	if format, err := sheet.FormatOf(path); err != nil || format != sheet.CSV {
		return 0
	}
	buf := make([]byte, 1<<20)
	var n int64
	for {
		k, err := f.Read(buf)
		for _, b := range buf[:k] {
			if b == '\n' {
				n++
			}
		}
		if err != nil {
			return n
		}
	}
}
