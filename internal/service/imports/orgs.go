package imports

import (
	"context"
	"errors"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/org"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

// ImportOrgs imports an organisation sheet. Each row names its parent by code or name — an
// organisation of the caller's write scope or an earlier row of the file. A row whose code
// matches an existing organisation in scope updates it (its place in the tree is changed by a
// move, not an import).
func (s *Service) ImportOrgs(ctx context.Context, p *auth.Principal, path string, opt Options, progress jobs.Progress) (*Result, error) {
	start := time.Now()
	total := sheet.EstimateRows(path)
	r, err := sheet.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	res := &Result{DryRun: opt.DryRun, Partial: opt.Partial, Errors: []importer.RowError{}}
	scope := p.WriteScope()
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		inFile := map[string]*model.Org{} // name and code of rows already written
		err := importer.ReadOrgs(r, s.Rules, s.Today(), func(row *importer.OrgRow, es []importer.RowError) error {
			res.Rows++
			if res.Rows%progressEvery == 0 {
				report(progress, res.Rows, total)
			}
			if len(es) > 0 {
				res.Invalid++
				res.addErrors(es)
				return nil
			}
			o, rowErr, err := s.importOrg(ctx, tx, p, scope, row, inFile)
			if err != nil {
				return err
			}
			if rowErr != nil {
				res.Invalid++
				res.addErrors([]importer.RowError{*rowErr})
				return nil
			}
			switch {
			case o == nil:
				res.Unchanged++
			case o.Version == 1:
				res.Created++
			default:
				res.Updated++
			}
			if o != nil {
				inFile["name:"+o.Name] = o
				if o.Code != "" {
					inFile["code:"+o.Code] = o
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if res.mustRollback(opt) {
			return errRollback
		}
		res.Written = res.Created + res.Updated
		return audit.Record(ctx, tx, p, "import", "org", 0, "", nil, map[string]any{
			"file": baseName(path), "created": res.Created, "updated": res.Updated, "invalid": res.Invalid})
	})
	if err != nil && !errors.Is(err, errRollback) {
		return nil, err
	}
	res.Seconds = time.Since(start).Seconds()
	report(progress, res.Rows, res.Rows)
	return res, nil
}

// importOrg creates or updates one organisation; a rule violation becomes a row error.
func (s *Service) importOrg(ctx context.Context, tx *store.Tx, p *auth.Principal, scope store.Scope, row *importer.OrgRow, inFile map[string]*model.Org) (*model.Org, *importer.RowError, error) {
	o := row.Org
	in := org.Input{Name: o.Name, ShortName: o.ShortName, Type: o.Type, HasCommittee: o.HasCommittee,
		UnitType: o.UnitType, UnitName: o.UnitName, Industry: o.Industry, Code: o.Code, UnitCode: o.UnitCode,
		Address: o.Address, Phone: o.Phone, FoundedOn: o.FoundedOn, TermStart: o.TermStart, TermYears: o.TermYears}
	if o.Code != "" {
		if old, err := tx.GetOrgByCodeOrName(ctx, scope, o.Code); err == nil && old.Code == o.Code {
			saved, _, err := s.Orgs.UpdateInTx(ctx, tx, p, old.ID, old.Version, in)
			return saved, rowError(row, err), nil
		}
	}
	parent := inFile["code:"+row.ParentRef]
	if parent == nil {
		parent = inFile["name:"+row.ParentRef]
	}
	if parent == nil {
		found, err := tx.GetOrgByCodeOrName(ctx, scope, row.ParentRef)
		if err != nil {
			code := "import.org_not_found"
			if errors.Is(err, store.ErrConflict) {
				code = "import.org_ambiguous"
			}
			re := row.ParentError(code, map[string]any{"Value": row.ParentRef})
			return nil, &re, nil
		}
		parent = found
	}
	in.ParentID = parent.ID
	created, _, err := s.Orgs.CreateInTx(ctx, tx, p, in)
	return created, rowError(row, err), nil
}

// rowError turns a service refusal into the row's error (nil when err is nil).
func rowError(row *importer.OrgRow, err error) *importer.RowError {
	if err == nil {
		return nil
	}
	e, ok := errs.As(err)
	if !ok {
		re := row.ParentError("internal", nil)
		return &re
	}
	code, params := e.Code, e.Params
	if len(e.Fields) > 0 {
		code, params = e.Fields[0].Code, e.Fields[0].Params
	}
	re := row.ParentError(code, params)
	return &re
}
