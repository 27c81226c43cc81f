package api

import (
	"context"
	"io"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/model"
	"dangjian/internal/service/attachment"
)

// uploadOverhead is what an upload request may carry beyond the file: the multipart form
// around it. The service's (configured) limit applies to the file itself.
const uploadOverhead = 1 << 20

// attachmentMaxBytes is the configured size limit of one attachment (the default when the
// server is built without services, to write the OpenAPI document).
func (s *server) attachmentMaxBytes() int64 {
	if s.Attachments == nil {
		return attachment.DefaultMaxBytes
	}
	return s.Attachments.MaxBytes
}

type uploadIn struct {
	OwnerType string `query:"owner_type" enum:"meeting,directive,directive_target,study_course,document,development_step" required:"true"`
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
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.Attachments.MaxBytes+1))
	if err != nil {
		return nil, fail(ctx, err)
	}
	a, err := s.Attachments.Upload(ctx, p, in.OwnerType, in.OwnerID, f.Filename, data)
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
		// Always a download, never rendered in the console's origin: the content type is the
		// one recognised at upload, the browser may not guess another, and a sandbox keeps
		// anything opened from running with the console's rights.
		hctx.SetHeader("Content-Type", f.ContentType)
		hctx.SetHeader("Content-Disposition", contentDisposition(f.Name))
		hctx.SetHeader("X-Content-Type-Options", "nosniff")
		hctx.SetHeader("Content-Security-Policy", "sandbox")
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
	OwnerType string `query:"owner_type" enum:"meeting,directive,directive_target,study_course,document,development_step" required:"true"`
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
