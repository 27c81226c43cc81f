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
