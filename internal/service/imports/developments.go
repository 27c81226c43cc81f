package imports

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/development"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

// ImportDevelopments imports a development sheet (发展党员台账) into branches of the caller's
// write scope: each row opens a record with its application and the early steps it dates,
// under the same rules as recording them by hand (time limits, sponsors, order). A row that
// breaks a rule is reported with the rule named and, by default, the whole file is refused.
func (s *Service) ImportDevelopments(ctx context.Context, p *auth.Principal, path string, opt Options, progress jobs.Progress) (*Result, error) {
	start := time.Now()
	total := sheet.EstimateRows(path)
	r, err := sheet.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	res := &Result{DryRun: opt.DryRun, Partial: opt.Partial, Errors: []importer.RowError{}}
	sc := p.WriteScope()
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		orgs := map[string]*model.Org{}
		err := importer.ReadDevelopments(r, func(row *importer.DevelopmentRow, es []importer.RowError) error {
			res.Rows++
			if res.Rows%progressEvery == 0 {
				report(progress, res.Rows, total)
			}
			if len(es) == 0 {
				var err error
				if es, err = s.importDevelopment(ctx, tx, p, sc, orgs, row); err != nil {
					return err
				}
			}
			if len(es) > 0 {
				res.Invalid++
				res.addErrors(es)
				return nil
			}
			res.Created++
			return nil
		})
		if err != nil {
			return err
		}
		if res.mustRollback(opt) {
			return errRollback
		}
		res.Written = res.Created
		return audit.Record(ctx, tx, p, "import", "development", 0, "", nil, map[string]any{
			"file": baseName(path), "created": res.Created, "invalid": res.Invalid})
	})
	if err != nil && !errors.Is(err, errRollback) {
		return nil, err
	}
	res.Seconds = time.Since(start).Seconds()
	report(progress, res.Rows, res.Rows)
	return res, nil
}

// importDevelopment records one row inside a savepoint: on a broken rule the row's writes are
// undone and its errors returned; other errors end the import.
func (s *Service) importDevelopment(ctx context.Context, tx *store.Tx, p *auth.Principal, sc store.Scope,
	orgs map[string]*model.Org, row *importer.DevelopmentRow) ([]importer.RowError, error) {
	ref := row.OrgCode
	if ref == "" {
		ref = row.OrgRef
	}
	o, ok := orgs[ref]
	if !ok {
		var err error
		o, err = tx.GetOrgByCodeOrName(ctx, sc, ref)
		switch {
		case errors.Is(err, store.ErrNotFound):
			o = nil
		case errors.Is(err, store.ErrConflict):
			return []importer.RowError{devRowError(row, 0, "org_id", ref, "import.org_ambiguous", map[string]any{"Value": ref})}, nil
		case err != nil:
			return nil, err
		}
		orgs[ref] = o
	}
	if o == nil {
		return []importer.RowError{devRowError(row, 0, "org_id", ref, "import.org_not_found", map[string]any{"Value": ref})}, nil
	}
	rollback, release, err := tx.Savepoint(ctx)
	if err != nil {
		return nil, err
	}
	es, err := s.recordRow(ctx, tx, p, o, row)
	if err != nil {
		return nil, err
	}
	if len(es) > 0 {
		return es, rollback(ctx)
	}
	return nil, release(ctx)
}

// recordRow opens the record and records the row's steps in order; a domain error becomes the
// row's errors.
func (s *Service) recordRow(ctx context.Context, tx *store.Tx, p *auth.Principal, o *model.Org, row *importer.DevelopmentRow) ([]importer.RowError, error) {
	d := row.Person
	d.OrgID = o.ID
	step := 1
	fail := func(err error) ([]importer.RowError, error) {
		e, ok := errs.As(err)
		if !ok {
			return nil, err
		}
		var out []importer.RowError
		for _, f := range e.Fields {
			out = append(out, devRowError(row, step, f.Field, "", f.Code, f.Params))
		}
		if len(out) == 0 {
			out = append(out, devRowError(row, step, "no", "", e.Code, e.Params))
		}
		return out, nil
	}
	if err := s.Development.CreateInTx(ctx, tx, p, d, development.StepInput{DoneOn: row.AppliedOn, Persons: "导入"}); err != nil {
		return fail(err)
	}
	nos := make([]int, 0, len(row.Steps))
	for no := range row.Steps {
		nos = append(nos, no)
	}
	sort.Ints(nos)
	for _, no := range nos {
		step = no
		in := development.StepInput{No: no, DoneOn: row.Steps[no], Persons: "导入"}
		if no == 5 {
			refs, es, err := s.sponsors(ctx, tx, p, o, row)
			if err != nil || len(es) > 0 {
				return es, err
			}
			in.Data.Sponsors = refs
		}
		if err := s.Development.RecordStepInTx(ctx, tx, p, d, in); err != nil {
			return fail(err)
		}
	}
	return nil, nil
}

// sponsors finds each named sponsor among the full members of the record's organisation.
func (s *Service) sponsors(ctx context.Context, tx *store.Tx, p *auth.Principal, o *model.Org, row *importer.DevelopmentRow) ([]model.PersonRef, []importer.RowError, error) {
	var refs []model.PersonRef
	for _, name := range row.Sponsors {
		ms, _, err := tx.ListMembers(ctx, p.ReadScope(), store.MemberFilter{OrgPath: o.Path, Q: name, Category: model.Full,
			Statuses: []model.Status{model.StatusNormal, model.StatusMobile, model.StatusAbroad}, Limit: 10})
		if err != nil {
			return nil, nil, err
		}
		var exact []*model.Member
		for _, m := range ms {
			if m.Name == name {
				exact = append(exact, m)
			}
		}
		switch len(exact) {
		case 1:
			refs = append(refs, model.PersonRef{MemberID: exact[0].ID, Name: name})
		case 0:
			return nil, []importer.RowError{devRowError(row, 5, "data.sponsors", name, "import.sponsor_not_found", map[string]any{"Value": name})}, nil
		default:
			return nil, []importer.RowError{devRowError(row, 5, "data.sponsors", name, "import.sponsor_ambiguous", map[string]any{"Value": name})}, nil
		}
	}
	return refs, nil, nil
}

// devRowError is an error on the column a service field of a step belongs to.
func devRowError(row *importer.DevelopmentRow, step int, field, value, code string, params map[string]any) importer.RowError {
	col := row.ColumnOf(step, field)
	if value == "" {
		switch {
		case field == "done_on" && step == 1:
			value = row.AppliedOn.String()
		case field == "done_on" || field == "no":
			value = row.Steps[step].String()
		case field == "data.sponsors":
			value = strings.Join(row.Sponsors, "、")
		}
	}
	return importer.RowError{Row: row.Row, Column: col, Value: value, Code: code, Params: params}
}

// ExportDevelopments writes the development records matching q in the caller's scope with
// their step dates, audited; ID numbers and phones masked unless q.Unmasked (roles that may
// see them).
func (s *Service) ExportDevelopments(ctx context.Context, p *auth.Principal, q development.Query, w sheet.Writer) (int64, error) {
	if err := s.Development.CheckExport(ctx, p, q); err != nil {
		return 0, err
	}
	sc, f, err := s.Development.Filter(ctx, p, q)
	if err != nil {
		return 0, err
	}
	if err := s.recordExport(ctx, p, "development", exportPath(sc, f.OrgPath), q); err != nil {
		return 0, err
	}
	r := &s.Rules.Development
	if err := importer.WriteDevelopmentExportHeader(w, r); err != nil {
		return 0, err
	}
	codes := map[int64]string{}
	var n int64
	err = s.Store.EachDevelopment(ctx, sc, f, func(d *model.Development) error {
		steps, err := s.Store.DevelopmentSteps(ctx, d.ID)
		if err != nil {
			return err
		}
		code, ok := codes[d.OrgID]
		if !ok {
			if o, err := s.Store.OrgsByIDs(ctx, []int64{d.OrgID}); err == nil && len(o) == 1 {
				code = o[0].Code
			}
			codes[d.OrgID] = code
		}
		n++
		if !q.Unmasked {
			d = d.Redacted()
		}
		return w.WriteRow(importer.DevelopmentExportRow(d, steps, r, code))
	})
	if err != nil {
		return n, err
	}
	return n, w.Close()
}
