package api

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/service/errs"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/imports"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/sheet"
)

// maxUpload bounds an import file (a million members is about 150 MB of CSV).
const maxUpload = 1 << 30

type templateIn struct {
	Kind   string `path:"kind" enum:"members,orgs,developments"`
	Format string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
}

func (s *server) importTemplate(ctx context.Context, in *templateIn) (*huma.StreamResponse, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	name := map[string]string{"members": "党员导入模板", "orgs": "党组织导入模板", "developments": "发展党员导入模板"}[in.Kind]
	return stream(ctx, func() error { return nil }, in.Format, name, func(w sheet.Writer) error {
		return imports.Template(in.Kind, w)
	})
}

type importIn struct {
	Kind    string `path:"kind" enum:"members,orgs,developments"`
	DryRun  bool   `query:"dry_run" doc:"validate and count only; nothing is written"`
	Partial bool   `query:"partial" doc:"import the valid rows even when others are invalid"`
	RawBody huma.MultipartFormFiles[struct {
		File huma.FormFile `form:"file" contentType:"text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/octet-stream" required:"true"`
	}]
}

// importFile saves the upload to a temporary file and imports it as a job.
func (s *server) importFile(ctx context.Context, in *importIn) (*jobOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	sc := p.WriteScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, fail(ctx, errs.ErrForbidden)
	}
	f := in.RawBody.Data().File
	ext := strings.ToLower(filepath.Ext(f.Filename))
	if _, err := sheet.FormatOf("x" + ext); err != nil {
		return nil, fail(ctx, errs.Field("file", "import.bad_format", map[string]any{"Value": f.Filename}))
	}
	tmp, err := os.CreateTemp("", "dangjian-import-*"+ext)
	if err != nil {
		return nil, fail(ctx, err)
	}
	if _, err := io.Copy(tmp, f); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fail(ctx, err)
	}
	tmp.Close()
	opt := imports.Options{DryRun: in.DryRun, Partial: in.Partial}
	path := tmp.Name()
	kind := "import_" + in.Kind
	if opt.DryRun {
		kind += "_dry_run"
	}
	j, err := s.Jobs.Start(ctx, p, kind, "", func(jctx context.Context, progress jobs.Progress) (any, error) {
		defer os.Remove(path)
		switch in.Kind {
		case "orgs":
			return s.Imports.ImportOrgs(jctx, p, path, opt, progress)
		case "developments":
			return s.Imports.ImportDevelopments(jctx, p, path, opt, progress)
		}
		return s.Imports.ImportMembers(jctx, p, path, opt, progress)
	})
	if err != nil {
		os.Remove(path)
		return nil, fail(ctx, err)
	}
	out := &jobOut{}
	out.Body.JobID = j.ID
	return out, nil
}

// importResult decodes a job's result as an import result, wording each row error in the
// reader's language.
func importResult(ctx context.Context, raw string) (*imports.Result, []FieldErrorRow, bool) {
	var r imports.Result
	if raw == "" || json.Unmarshal([]byte(raw), &r) != nil {
		return nil, nil, false
	}
	l := localizer(ctx)
	rows := make([]FieldErrorRow, len(r.Errors))
	for i, e := range r.Errors {
		rows[i] = FieldErrorRow{Row: e.Row, Column: e.Column, Value: e.Value, Code: e.Code, Message: l.T(e.Code, e.Params)}
	}
	return &r, rows, true
}

// FieldErrorRow is one import row error as the API shows it.
type FieldErrorRow struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Value   string `json:"value"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (s *server) jobErrors(ctx context.Context, in *idIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	j, err := s.Jobs.Get(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	res, _, ok := importResult(ctx, j.Result)
	if !ok {
		return nil, fail(ctx, errs.ErrNotFound)
	}
	l := localizer(ctx)
	return stream(ctx, func() error { return nil }, "xlsx", "导入错误报告", func(w sheet.Writer) error {
		if err := importer.WriteErrorReport(w, res.Errors, l.T); err != nil {
			return err
		}
		return w.Close()
	})
}
