package api

import (
	"context"

	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
)

// auditExport records an export before its first row is written, under the subtree of orgID
// (or the caller's only subtree when the export names none). The organisation is read in the
// caller's scope, so an organisation outside it is the same 404 as the export's own check.
func (s *server) auditExport(ctx context.Context, p *auth.Principal, entity string, orgID int64, query map[string]any) error {
	path := ""
	if orgID != 0 {
		o, err := s.Orgs.Get(ctx, p, orgID)
		if err != nil {
			return err
		}
		path = o.Path
	} else if sc := p.ReadScope(); len(sc.Paths) == 1 {
		path = sc.Paths[0]
	}
	return audit.Export(ctx, s.Store, p, entity, path, query)
}
