package api

import (
	"context"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

type listAuditIn struct {
	Entity   string     `query:"entity"`
	EntityID int64      `query:"entity_id"`
	Username string     `query:"username"`
	Action   string     `query:"action"`
	From     model.Date `query:"from"`
	To       model.Date `query:"to"`
	Page     int        `query:"page" minimum:"0"`
	Size     int        `query:"size" minimum:"0" maximum:"200"`
}

func (s *server) listAudit(ctx context.Context, in *listAuditIn) (*listOut[auditView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	sc := p.AuditScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, fail(ctx, errs.ErrForbidden)
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := audit.List(ctx, s.Store, p, store.AuditFilter{Entity: in.Entity, EntityID: in.EntityID,
		Username: in.Username, Action: in.Action, From: in.From, To: in.To, Limit: size, Offset: (pg - 1) * size})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, total), nil
}

type verifyOut struct{ Body *audit.Report }

// verifyAudit checks the whole live chain (audit administrators of the whole tree: the chain
// is one for all subtrees).
func (s *server) verifyAudit(ctx context.Context, _ *struct{}) (*verifyOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if !p.AuditScope().All {
		return nil, fail(ctx, errs.ErrForbidden)
	}
	r, err := audit.Verify(ctx, s.Store)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &verifyOut{Body: r}, nil
}
