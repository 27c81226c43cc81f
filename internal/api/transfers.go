package api

import (
	"bytes"
	"context"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/sheet"
	"dangjian/internal/service/transfer"
)

// TransferListParams are the query parameters of the transfer list and export.
type TransferListParams struct {
	Org       int64  `query:"org" doc:"the subtree sending or receiving; default the caller's whole scope"`
	Direction string `query:"direction" enum:"out,in," doc:"out: sent from the subtree; in: received into it; empty: both"`
	Status    string `query:"status" enum:"requested,issued,completed,returned,cancelled,"`
	Kind      string `query:"kind" enum:"internal,outgoing,incoming,"`
	Open      bool   `query:"open" doc:"only transfers still waiting for someone"`
	Q         string `query:"q" maxLength:"50" doc:"the member's name, or a letter number"`
	Page      int    `query:"page" minimum:"0"`
	Size      int    `query:"size" minimum:"0" maximum:"200"`
}

func (in *TransferListParams) query() transfer.Query {
	return transfer.Query{OrgID: in.Org, Direction: in.Direction, Status: in.Status, Kind: in.Kind, Q: in.Q, OpenOnly: in.Open}
}

type exportTransfersIn struct {
	TransferListParams
	Format string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
}

func (s *server) exportTransfers(ctx context.Context, in *exportTransfersIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	q := in.query()
	check := func() error {
		if _, _, err := s.Transfers.List(ctx, p, transfer.Query{OrgID: q.OrgID, Page: 1, Size: 1}); err != nil {
			return err
		}
		return s.auditExport(ctx, p, "transfer", q.OrgID, map[string]any{"org": q.OrgID, "direction": q.Direction,
			"status": q.Status, "kind": q.Kind, "q": q.Q, "open": q.OpenOnly})
	}
	return stream(ctx, check, in.Format, "组织关系转接", func(w sheet.Writer) error {
		if err := w.WriteHeader(importer.TransferExportHeaders); err != nil {
			return err
		}
		if err := s.Transfers.Each(ctx, p, q, func(t *model.Transfer) error { return w.WriteRow(importer.TransferExportRow(t)) }); err != nil {
			return err
		}
		return w.Close()
	})
}

func (s *server) listTransfers(ctx context.Context, in *TransferListParams) (*listOut[*model.Transfer], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := s.Transfers.List(ctx, p, transfer.Query{OrgID: in.Org, Direction: in.Direction, Status: in.Status,
		Kind: in.Kind, Q: in.Q, OpenOnly: in.Open, Page: pg, Size: size})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, total), nil
}

type transferOut struct{ Body *model.Transfer }

func (s *server) getTransfer(ctx context.Context, in *idIn) (*transferOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.Transfers.Get(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &transferOut{Body: t}, nil
}

type requestTransferIn struct {
	Body struct {
		MemberID      int64              `json:"member_id"`
		Kind          model.TransferKind `json:"kind" enum:"internal,outgoing"`
		ToOrgID       int64              `json:"to_org_id,omitempty"`
		ExternalOrg   string             `json:"external_org,omitempty" maxLength:"200"`
		Reason        string             `json:"reason,omitempty" maxLength:"400"`
		DuesPaidUntil string             `json:"dues_paid_until,omitempty" maxLength:"20" doc:"YYYY-MM"`
	}
}

func (s *server) requestTransfer(ctx context.Context, in *requestTransferIn) (*transferOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	t, err := s.Transfers.Request(ctx, p, transfer.RequestInput{MemberID: b.MemberID, Kind: b.Kind, ToOrgID: b.ToOrgID,
		ExternalOrg: b.ExternalOrg, Reason: b.Reason, DuesPaidUntil: b.DuesPaidUntil})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &transferOut{Body: t}, nil
}

type issueLetterIn struct {
	ID   int64 `path:"id"`
	Body struct {
		IssuedOn   model.Date `json:"issued_on,omitempty" doc:"default today"`
		ValidUntil model.Date `json:"valid_until,omitempty" doc:"default: the validity of the rules in force"`
		Version    int64      `json:"version"`
	}
}

func (s *server) approveTransfer(ctx context.Context, in *issueLetterIn) (*transferOut, error) {
	return s.transferAction(ctx, func(p *auth.Principal) (*model.Transfer, error) {
		return s.Transfers.Approve(ctx, p, in.ID, transfer.IssueInput{Version: in.Body.Version, IssuedOn: in.Body.IssuedOn, ValidUntil: in.Body.ValidUntil})
	})
}

func (s *server) reissueTransfer(ctx context.Context, in *issueLetterIn) (*transferOut, error) {
	return s.transferAction(ctx, func(p *auth.Principal) (*model.Transfer, error) {
		return s.Transfers.Reissue(ctx, p, in.ID, transfer.IssueInput{Version: in.Body.Version, IssuedOn: in.Body.IssuedOn, ValidUntil: in.Body.ValidUntil})
	})
}

type doneTransferIn struct {
	ID   int64 `path:"id"`
	Body struct {
		On      model.Date `json:"on,omitempty" doc:"default today"`
		Note    string     `json:"note,omitempty" maxLength:"400" doc:"the reason of a return; a note on acceptance or receipt"`
		Version int64      `json:"version"`
	}
}

func (in *doneTransferIn) input() transfer.DoneInput {
	return transfer.DoneInput{Version: in.Body.Version, On: in.Body.On, Note: in.Body.Note}
}

func (s *server) acceptTransfer(ctx context.Context, in *doneTransferIn) (*transferOut, error) {
	return s.transferAction(ctx, func(p *auth.Principal) (*model.Transfer, error) { return s.Transfers.Accept(ctx, p, in.ID, in.input()) })
}

func (s *server) returnTransfer(ctx context.Context, in *doneTransferIn) (*transferOut, error) {
	return s.transferAction(ctx, func(p *auth.Principal) (*model.Transfer, error) { return s.Transfers.Return(ctx, p, in.ID, in.input()) })
}

func (s *server) receiptTransfer(ctx context.Context, in *doneTransferIn) (*transferOut, error) {
	return s.transferAction(ctx, func(p *auth.Principal) (*model.Transfer, error) {
		return s.Transfers.RecordReceipt(ctx, p, in.ID, in.input())
	})
}

type cancelTransferIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Version int64 `json:"version"`
	}
}

func (s *server) cancelTransfer(ctx context.Context, in *cancelTransferIn) (*transferOut, error) {
	return s.transferAction(ctx, func(p *auth.Principal) (*model.Transfer, error) {
		return s.Transfers.Cancel(ctx, p, in.ID, in.Body.Version)
	})
}

type incomingTransferIn struct {
	Body struct {
		Member        memberBody `json:"member"`
		ExternalOrg   string     `json:"external_org,omitempty" maxLength:"200"`
		LetterNo      string     `json:"letter_no,omitempty" maxLength:"100"`
		IssuedOn      model.Date `json:"issued_on,omitempty"`
		ValidUntil    model.Date `json:"valid_until,omitempty"`
		DuesPaidUntil string     `json:"dues_paid_until,omitempty" maxLength:"20"`
		ReceivedOn    model.Date `json:"received_on,omitempty"`
	}
}

func (s *server) incomingTransfer(ctx context.Context, in *incomingTransferIn) (*transferOut, error) {
	return s.transferAction(ctx, func(p *auth.Principal) (*model.Transfer, error) {
		b := in.Body
		return s.Transfers.Incoming(ctx, p, transfer.IncomingInput{Member: b.Member.member(), ExternalOrg: b.ExternalOrg,
			LetterNo: b.LetterNo, IssuedOn: b.IssuedOn, ValidUntil: b.ValidUntil, DuesPaidUntil: b.DuesPaidUntil, ReceivedOn: b.ReceivedOn})
	})
}

// transferAction runs a transfer operation as the caller.
func (s *server) transferAction(ctx context.Context, fn func(*auth.Principal) (*model.Transfer, error)) (*transferOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	t, err := fn(p)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &transferOut{Body: t}, nil
}

type destinationsIn struct {
	Q string `query:"q" maxLength:"50" doc:"part of the organisation's name (at least 2 characters)"`
}

type destinationsOut struct {
	Body struct {
		Items []transfer.Destination `json:"items"`
	}
}

func (s *server) transferDestinations(ctx context.Context, in *destinationsIn) (*destinationsOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.Transfers.Destinations(ctx, p, in.Q)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &destinationsOut{}
	out.Body.Items = items
	return out, nil
}

// transferLetter answers the print-ready letter (HTML with a print stylesheet).
func (s *server) transferLetter(ctx context.Context, in *idIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := s.Transfers.WriteLetter(ctx, p, in.ID, &buf); err != nil {
		return nil, fail(ctx, err)
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		hctx.SetHeader("Content-Type", "text/html; charset=utf-8")
		hctx.SetHeader("Cache-Control", "private, no-store")
		hctx.SetHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
		hctx.BodyWriter().Write(buf.Bytes())
	}}, nil
}
