package imports

import (
	"context"
	"errors"
	"sort"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

// batchSize is how many rows are read, looked up and written together.
const batchSize = 1000

// DefaultBulkMinRows is the default of Service.BulkMinRows.
const DefaultBulkMinRows = 5000

// memberImport is the state of one member import. The rows are read, validated, placed in
// their organisations, looked up and converted in one goroutine (prepare); the transaction's
// goroutine only writes them.
type memberImport struct {
	s     *Service
	p     *auth.Principal
	tx    *store.Tx
	opt   Options
	res   *Result
	orgs  map[string]orgRef // organisation reference → resolution
	scope store.Scope
	// keys holds the registered ID numbers when the members indexes are deferred.
	keys *store.MemberKeys
	at   time.Time // creation time of the new members
}

type orgRef struct {
	org  *model.Org
	code string // error code when the reference does not resolve
}

// memberBatch is what prepare hands the writer for up to batchSize rows of the file.
type memberBatch struct {
	rows      int64 // rows read, valid or not
	fresh     *store.MemberRows
	updates   []memberUpdate
	created   int64
	unchanged int64
	invalid   int64
	errors    []importer.RowError
}

// memberUpdate is a registered member (old) and what the file says of it (m, sealed).
type memberUpdate struct {
	old *model.Member
	m   store.SealedMember
}

// prepared is prepare's outcome once every batch is sent: the rollup counts of the new
// members, or the error that stopped the reading.
type prepared struct {
	tally *store.MemberTally
	err   error
}

// ImportMembers imports the member sheet at path into organisations of the caller's write scope.
// A member whose ID number is already registered is updated, never duplicated.
func (s *Service) ImportMembers(ctx context.Context, p *auth.Principal, path string, opt Options, progress jobs.Progress) (*Result, error) {
	start := time.Now()
	total := sheet.EstimateRows(path)
	r, err := sheet.OpenFile(path)
	if err != nil {
		return nil, err
	}
	r = sheet.ReadAhead(r) // unpacking and scanning beside the validation
	defer r.Close()
	res := &Result{DryRun: opt.DryRun, Partial: opt.Partial, Errors: []importer.RowError{}}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		mi := &memberImport{s: s, p: p, tx: tx, opt: opt, res: res, orgs: map[string]orgRef{}, scope: p.WriteScope(), at: store.BulkTime()}
		if err := mi.loadOrgs(ctx); err != nil {
			return err
		}
		if err := mi.deferIndexes(ctx, total); err != nil {
			return err
		}
		pctx, cancel := context.WithCancel(ctx)
		defer cancel()
		batches, done := mi.prepare(pctx, r)
		for b := range batches {
			before := res.Rows / progressEvery
			res.Rows += b.rows
			res.Created += b.created
			res.Updated += int64(len(b.updates))
			res.Unchanged += b.unchanged
			res.Invalid += b.invalid
			res.addErrors(b.errors)
			if res.Rows/progressEvery != before {
				report(progress, res.Rows, total)
			}
			if res.mustRollback(opt) {
				continue // nothing written would be kept: only read on, for the report
			}
			if err := mi.write(ctx, b); err != nil {
				cancel()
				drain(batches)
				return err
			}
		}
		out := <-done
		if out.err != nil {
			return out.err
		}
		if res.mustRollback(opt) {
			return errRollback
		}
		tx.AddMemberTally(out.tally)
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

// deferIndexes defers the members indexes (store.Tx.DeferMemberIndexes) when the file is
// large, at least BulkMinRows rows, and holds at least as many rows as the table: then
// building the indexes once at the end costs less than keeping them up to date row by row.
// The registered ID numbers are read into memory first, for the lookups.
func (mi *memberImport) deferIndexes(ctx context.Context, rows int64) error {
	minRows := int64(mi.s.BulkMinRows)
	if minRows <= 0 {
		minRows = DefaultBulkMinRows
	}
	if mi.opt.DryRun || rows < minRows || mi.s.Store.Dialect() != store.SQLite {
		return nil
	}
	n, err := mi.tx.CountMembers(ctx)
	if err != nil || n > rows {
		return err
	}
	if mi.keys, err = mi.tx.LoadMemberKeys(ctx); err != nil {
		return err
	}
	return mi.tx.DeferMemberIndexes(ctx, false)
}

// prepare reads, validates, places, seals (encrypts and hashes the personal data of), looks
// up and converts the rows in a goroutine and sends them in batches; done yields the outcome
// once the batches are sent.
func (mi *memberImport) prepare(ctx context.Context, r sheet.Reader) (<-chan *memberBatch, <-chan prepared) {
	batches := make(chan *memberBatch, 4)
	done := make(chan prepared, 1)
	go func() {
		defer close(batches)
		sealer, err := mi.s.Store.NewMemberSealer()
		if err != nil {
			done <- prepared{err: err}
			return
		}
		tally := store.NewMemberTally()
		b := &memberBatch{}
		var valid []*importer.MemberRow
		send := func() error {
			if err := mi.classify(ctx, b, valid, sealer, tally); err != nil {
				return err
			}
			select {
			case batches <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
			b, valid = &memberBatch{}, valid[:0]
			return nil
		}
		err = importer.ReadMembers(r, mi.s.Rules, mi.s.Today(), func(row *importer.MemberRow, es []importer.RowError) error {
			b.rows++
			if len(es) == 0 {
				es = mi.place(row)
			}
			if len(es) > 0 {
				b.invalid++
				b.errors = append(b.errors, es...)
			} else {
				valid = append(valid, row)
			}
			if b.rows < batchSize {
				return nil
			}
			return send()
		})
		if err == nil && b.rows > 0 {
			err = send()
		}
		if err == nil {
			tally.Spread()
		}
		done <- prepared{tally: tally, err: err}
	}()
	return batches, done
}

func drain(ch <-chan *memberBatch) {
	for range ch {
	}
}

// classify seals the valid rows of a batch and looks them up by ID number: new numbers are
// converted for insertion and counted in the tally, known ones in scope become updates when
// they differ, known ones outside the caller's scope are refused (moving a member between
// subtrees is a transfer, not an import). Registered members are read through the read pool:
// they were committed before the import, and the file names each ID number once.
func (mi *memberImport) classify(ctx context.Context, b *memberBatch, valid []*importer.MemberRow, sealer *store.MemberSealer, tally *store.MemberTally) error {
	sealed := make([]store.SealedMember, len(valid))
	for i, row := range valid {
		sealed[i] = sealer.Seal(row.Member)
	}
	existing, err := mi.lookup(ctx, sealed)
	if err != nil {
		return err
	}
	fresh := make([]store.SealedMember, 0, len(valid))
	elsewhere := false
	for i, row := range valid {
		m := row.Member
		old := existing[m.IDNumber]
		switch {
		case old == nil:
			fresh = append(fresh, sealed[i])
			tally.Add(m)
			b.created++
		case !mi.scope.CoversPath(old.OrgPath):
			b.invalid++
			b.errors = append(b.errors, row.OrgError("import.member_elsewhere", map[string]any{"Value": model.MaskIDNumber(m.IDNumber)}))
			elsewhere = true
		case sameMember(old, m):
			b.unchanged++
		default:
			m.CreatedAt = old.CreatedAt
			b.updates = append(b.updates, memberUpdate{old, sealed[i]})
		}
	}
	if elsewhere {
		sort.SliceStable(b.errors, func(i, j int) bool { return b.errors[i].Row < b.errors[j].Row })
	}
	b.fresh = mi.s.Store.MemberRows(fresh, mi.at)
	return nil
}

// lookup returns the registered members holding the sealed rows' ID numbers, by number.
func (mi *memberImport) lookup(ctx context.Context, rows []store.SealedMember) (map[string]*model.Member, error) {
	if mi.keys == nil {
		hashes := make([][]byte, len(rows))
		for i, sm := range rows {
			hashes[i] = sm.IDHash
		}
		return mi.s.Store.MembersByIDHash(ctx, hashes)
	}
	var ids []int64
	for _, sm := range rows {
		if id, ok := mi.keys.Get(sm.IDHash); ok {
			ids = append(ids, id)
		}
	}
	out := map[string]*model.Member{}
	if len(ids) == 0 {
		return out, nil
	}
	byID, err := mi.s.Store.MembersByIDs(ctx, ids)
	for _, m := range byID {
		out[m.IDNumber] = m
	}
	return out, err
}

// write inserts a batch's new members and applies its updates, each audited.
func (mi *memberImport) write(ctx context.Context, b *memberBatch) error {
	if err := mi.tx.InsertMemberRows(ctx, b.fresh, mi.at); err != nil {
		return err
	}
	for _, u := range b.updates {
		if err := mi.tx.UpdateSealedMember(ctx, u.old, u.m); err != nil {
			return err
		}
		if err := audit.Record(ctx, mi.tx, mi.p, "import_update", "member", u.old.ID, u.m.OrgPath, u.old.Redacted(), u.m.Redacted()); err != nil {
			return err
		}
	}
	return nil
}

// place resolves the row's organisation: a live branch-level organisation in the caller's
// write scope, found by code first, then by name.
func (mi *memberImport) place(row *importer.MemberRow) []importer.RowError {
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

// sameMember reports whether an import row would change nothing of a stored member.
func sameMember(a, b *model.Member) bool {
	x, y := *a, *b
	x.ID, x.Version, x.CreatedAt, x.UpdatedAt, x.OrgName = 0, 0, y.CreatedAt, y.UpdatedAt, y.OrgName
	y.ID, y.Version = 0, 0
	return x == y
}
