package api

import (
	"context"
	"io"
	"net/url"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/model"
	"dangjian/internal/service/attachment"
)

// attachmentUpload bounds an upload request: one file and the form around it.
const attachmentUpload = attachment.MaxBytes + 1<<20

type uploadIn struct {
	OwnerType string `query:"owner_type" enum:"meeting,directive,directive_target,study_course,document" required:"true"`
	OwnerID   int64  `query:"owner_id" required:"true"`
	RawBody   huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" required:"true"`
	}]
}

type attachmentOut struct{ Body *model.Attachment }

func (s *server) uploadAttachment(ctx context.Context, in *uploadIn) (*attachmentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	f := in.RawBody.Data().File
	data, err := io.ReadAll(io.LimitReader(f, attachment.MaxBytes+1))
	if err != nil {
		return nil, fail(ctx, err)
	}
	a, err := s.Attachments.Upload(ctx, p, in.OwnerType, in.OwnerID, f.Filename, f.ContentType, data)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &attachmentOut{Body: a}, nil
}

func (s *server) downloadAttachment(ctx context.Context, in *idIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	f, err := s.Attachments.Get(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		// Always a download, never rendered in the page: an uploaded HTML file cannot run.
		hctx.SetHeader("Content-Type", "application/octet-stream")
		hctx.SetHeader("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
		hctx.SetHeader("Content-Length", strconv.FormatInt(f.Size, 10))
		hctx.SetHeader("Cache-Control", "private, no-store")
		hctx.BodyWriter().Write(f.Data)
	}}, nil
}

func (s *server) deleteAttachment(ctx context.Context, in *idIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return nil, failOrNil(ctx, s.Attachments.Delete(ctx, p, in.ID))
}

type listAttachmentsIn struct {
	OwnerType string `query:"owner_type" enum:"meeting,directive,directive_target,study_course,document" required:"true"`
	OwnerID   int64  `query:"owner_id" required:"true"`
}

func (s *server) listAttachments(ctx context.Context, in *listAttachmentsIn) (*listOut[*model.Attachment], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.Attachments.List(ctx, p, in.OwnerType, in.OwnerID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, int64(len(items))), nil
}
