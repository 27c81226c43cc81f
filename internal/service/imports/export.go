package imports

import (
	"context"
	"path/filepath"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/member"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

// ExportMembers writes the members matching q in the caller's scope, with the import
// template's headers so that the file can be edited and imported back.
func (s *Service) ExportMembers(ctx context.Context, p *auth.Principal, members *member.Service, q member.Query, w sheet.Writer) (int64, error) {
	sc, f, err := members.Filter(ctx, p, q)
	if err != nil {
		return 0, err
	}
	if err := s.recordExport(ctx, p, "member", exportPath(sc, f.OrgPath), q); err != nil {
		return 0, err
	}
	if err := importer.WriteMemberExportHeader(w); err != nil {
		return 0, err
	}
	codes := map[int64]string{}
	var n int64
	err = members.Each(ctx, p, q, func(m *model.Member) error {
		code, ok := codes[m.OrgID]
		if !ok {
			if o, err := s.Store.OrgsByIDs(ctx, []int64{m.OrgID}); err == nil && len(o) == 1 {
				code = o[0].Code
			}
			codes[m.OrgID] = code
		}
		n++
		return w.WriteRow(importer.MemberExportRow(m, code))
	})
	if err != nil {
		return n, err
	}
	return n, w.Close()
}

// ExportOrgs writes the organisations of the subtree at orgID in the caller's scope.
func (s *Service) ExportOrgs(ctx context.Context, p *auth.Principal, orgID int64, w sheet.Writer) (int64, error) {
	orgs, err := s.Orgs.Subtree(ctx, p, orgID)
	if err != nil {
		return 0, err
	}
	if len(orgs) > 0 {
		if err := s.recordExport(ctx, p, "org", orgs[0].Path, map[string]any{"org": orgID}); err != nil {
			return 0, err
		}
	}
	if err := importer.WriteOrgExportHeader(w); err != nil {
		return 0, err
	}
	byID := make(map[int64]*model.Org, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	for _, o := range orgs {
		if err := w.WriteRow(importer.OrgExportRow(o, byID[o.ParentID])); err != nil {
			return 0, err
		}
	}
	return int64(len(orgs)), w.Close()
}

// recordExport audits an export before its first row is written: what was asked, by whom,
// under which subtree (so that the subtree's audit administrator sees it).
func (s *Service) recordExport(ctx context.Context, p *auth.Principal, entity, orgPath string, query any) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		return audit.Record(ctx, tx, p, "export", entity, 0, orgPath, nil, map[string]any{"query": query})
	})
}

// exportPath is the subtree an export covers: the filter's organisation, else the scope's only
// subtree, else none (a whole-tree or several-subtree export).
func exportPath(sc store.Scope, orgPath string) string {
	switch {
	case orgPath != "":
		return orgPath
	case len(sc.Paths) == 1:
		return sc.Paths[0]
	case sc.SelfOrgPath != "":
		return sc.SelfOrgPath
	}
	return ""
}

// Template writes the empty import template of kind ("members", "orgs" or "developments").
func Template(kind string, w sheet.Writer) error {
	var err error
	switch kind {
	case "members":
		err = importer.WriteMemberTemplate(w)
	case "orgs":
		err = importer.WriteOrgTemplate(w)
	case "developments":
		err = importer.WriteDevelopmentTemplate(w)
	default:
		return errs.ErrNotFound
	}
	if err != nil {
		return err
	}
	return w.Close()
}

func baseName(path string) string { return filepath.Base(path) }
