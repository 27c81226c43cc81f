package api

import (
	"context"

	"dangjian/internal/model"
	"dangjian/internal/service/alert"
	"dangjian/internal/service/errs"
)

type listAlertsIn struct {
	Org      int64  `query:"org" doc:"subtree root; default the caller's whole scope"`
	Kind     string `query:"kind" maxLength:"80" doc:"an alert kind, or a prefix ending in '.'"`
	Severity string `query:"severity" enum:"info,warning,overdue,"`
	Page     int    `query:"page" minimum:"0"`
	Size     int    `query:"size" minimum:"0" maximum:"200"`
}

// alertMessage renders an alert's text in the request's language.
func alertMessage(ctx context.Context, a *model.Alert) string {
	params := make(map[string]any, len(a.Params))
	for k, v := range a.Params {
		params[k] = v
	}
	if !a.DueOn.IsZero() {
		params["Due"] = a.DueOn.String()
	}
	return localizer(ctx).T("alert."+a.Kind, params)
}

func (s *server) listAlerts(ctx context.Context, in *listAlertsIn) (*listOut[*model.Alert], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := s.Alerts.List(ctx, p, alert.Query{OrgID: in.Org, Kind: in.Kind,
		Severity: model.AlertSeverity(in.Severity), Page: pg, Size: size})
	if err != nil {
		return nil, fail(ctx, err)
	}
	for _, a := range items {
		a.Message = alertMessage(ctx, a)
	}
	return newList(items, total), nil
}

type alertSummaryIn struct {
	Org int64 `query:"org" doc:"subtree root; default the caller's whole scope"`
}

// alertCountView is one line of the alert summary, with its label in the request's language.
type alertCountView struct {
	model.AlertCount
	Label string `json:"label"`
}

type alertSummaryOut struct {
	Body struct {
		Items []alertCountView `json:"items"`
	}
}

func (s *server) alertSummary(ctx context.Context, in *alertSummaryIn) (*alertSummaryOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := s.Alerts.Summary(ctx, p, in.Org)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &alertSummaryOut{}
	out.Body.Items = make([]alertCountView, 0, len(counts))
	l := localizer(ctx)
	for _, c := range counts {
		out.Body.Items = append(out.Body.Items, alertCountView{c, l.T("alert."+c.Kind+".label", nil)})
	}
	return out, nil
}

type alertRunOut struct{ Body alert.RunResult }

func (s *server) runAlerts(ctx context.Context, _ *struct{}) (*alertRunOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if !alert.CanRun(p) {
		return nil, fail(ctx, errs.ErrForbidden)
	}
	res, err := s.Alerts.Run(ctx, s.Alerts.Today())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &alertRunOut{Body: res}, nil
}
