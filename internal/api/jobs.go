package api

import (
	"context"
	"encoding/json"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/service/imports"
)

type jobView struct {
	Body struct {
		*model.Job
		Result json.RawMessage `json:"result,omitempty"`
		Error  string          `json:"error,omitempty"`
	}
}

func (s *server) getJob(ctx context.Context, in *idIn) (*jobView, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	j, err := s.Jobs.Get(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &jobView{}
	out.Body.Job = j
	if res, rows, ok := importResult(ctx, j.Result); ok && strings.HasPrefix(j.Kind, "import") {
		body := struct {
			*imports.Result
			Errors []FieldErrorRow `json:"errors"`
		}{res, rows}
		b, _ := json.Marshal(body)
		out.Body.Result = b
	} else if j.Result != "" {
		out.Body.Result = json.RawMessage(j.Result)
	}
	if j.Error != "" {
		out.Body.Error = localizer(ctx).T(j.Error, nil)
	}
	return out, nil
}
