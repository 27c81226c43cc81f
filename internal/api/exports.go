package api

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/service/errs"
	"dangjian/internal/service/sheet"
)

// download starts a file response and returns a sheet writer for it.
func download(hctx huma.Context, format, base string) (sheet.Writer, error) {
	name := fmt.Sprintf("%s-%s.%s", base, time.Now().Format("20060102"), format)
	hctx.SetHeader("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	hctx.SetHeader("Cache-Control", "no-store")
	if format == "csv" {
		hctx.SetHeader("Content-Type", "text/csv; charset=utf-8")
		return sheet.NewCSVWriter(hctx.BodyWriter()), nil
	}
	hctx.SetHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	return sheet.NewXLSXWriter(hctx.BodyWriter(), base)
}

// stream answers with a file produced by write, or with the error write returns first (before
// any byte is sent, write's checks fail as ordinary API errors).
func stream(ctx context.Context, check func() error, format, base string, write func(sheet.Writer) error) (*huma.StreamResponse, error) {
	if format != "" && format != "csv" && format != "xlsx" {
		return nil, fail(ctx, errs.Field("format", "invalid_value", map[string]any{"Value": format}))
	}
	if format == "" {
		format = "xlsx"
	}
	if err := check(); err != nil {
		return nil, fail(ctx, err)
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		w, err := download(hctx, format, base)
		if err == nil {
			err = write(w)
		}
		if err != nil {
			logFromContext(ctx).Error("export failed", "err", err)
			io.WriteString(hctx.BodyWriter(), "\n")
		}
	}}, nil
}

type exportMembersIn struct {
	MemberListParams
	Format   string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
	Unmasked bool   `query:"unmasked" doc:"full ID numbers and phones (roles that may see them; audited) — needed to edit and re-import the file"`
}

func (s *server) exportMembers(ctx context.Context, in *exportMembersIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	q := in.query()
	q.Unmasked = in.Unmasked
	check := func() error { return s.Members.CheckExport(ctx, p, q) }
	return stream(ctx, check, in.Format, "members", func(w sheet.Writer) error {
		_, err := s.Imports.ExportMembers(ctx, p, s.Members, q, w)
		return err
	})
}

type exportOrgsIn struct {
	Org    int64  `query:"org" required:"true"`
	Format string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
}

func (s *server) exportOrgs(ctx context.Context, in *exportOrgsIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	check := func() error { _, err := s.Orgs.Get(ctx, p, in.Org); return err }
	return stream(ctx, check, in.Format, "orgs", func(w sheet.Writer) error {
		_, err := s.Imports.ExportOrgs(ctx, p, in.Org, w)
		return err
	})
}

type exportDevelopmentsIn struct {
	DevelopmentListParams
	Format   string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
	Unmasked bool   `query:"unmasked" doc:"full ID numbers and phones (roles that may see them; audited)"`
}

func (s *server) exportDevelopments(ctx context.Context, in *exportDevelopmentsIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	q := in.query()
	q.Unmasked = in.Unmasked
	check := func() error { return s.Development.CheckExport(ctx, p, q) }
	return stream(ctx, check, in.Format, "发展党员", func(w sheet.Writer) error {
		_, err := s.Imports.ExportDevelopments(ctx, p, q, w)
		return err
	})
}
