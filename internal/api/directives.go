package api

import (
	"context"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/model"
	"dangjian/internal/service/directive"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

type listDirectivesIn struct {
	Org  int64  `query:"org" required:"true"`
	Box  string `query:"box" enum:"issued,received," doc:"issued in the subtree (default) or received from above"`
	Q    string `query:"q" maxLength:"100"`
	Page int    `query:"page" minimum:"0"`
	Size int    `query:"size" minimum:"0" maximum:"200"`
}

func (s *server) listDirectives(ctx context.Context, in *listDirectivesIn) (*listOut[*model.Directive], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := s.Directives.List(ctx, p, directive.Query{OrgID: in.Org, Received: in.Box == "received", Q: in.Q, Page: pg, Size: size})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, total), nil
}

type directiveBody struct {
	OrgID       int64      `json:"org_id"`
	Title       string     `json:"title" maxLength:"400"`
	Content     string     `json:"content,omitempty" maxLength:"100000"`
	IssuedOn    model.Date `json:"issued_on,omitempty"`
	Deadline    model.Date `json:"deadline,omitempty"`
	Targeting   string     `json:"targeting,omitempty" maxLength:"20" doc:"descendants (default), by_type or by_depth"`
	TargetTypes []string   `json:"target_types,omitempty" maxItems:"20"`
	TargetDepth int        `json:"target_depth,omitempty"`
	_           struct{}   `additionalProperties:"true"`
}

type directiveDetail struct {
	Directive   *model.Directive    `json:"directive"`
	Attachments []*model.Attachment `json:"attachments"`
	// CanWrite reports whether the caller may remind the targets (the issuer's writers).
	CanWrite bool `json:"can_write"`
}

type directiveOut struct{ Body directiveDetail }

func (s *server) directiveOut(ctx context.Context, d *model.Directive) (*directiveOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	files, err := s.Attachments.List(ctx, p, "directive", d.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	if files == nil {
		files = []*model.Attachment{}
	}
	return &directiveOut{Body: directiveDetail{Directive: d, Attachments: files, CanWrite: p.WriteScope().CoversPath(d.OrgPath)}}, nil
}

type createDirectiveIn struct{ Body directiveBody }

func (s *server) createDirective(ctx context.Context, in *createDirectiveIn) (*directiveOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	types := make([]model.OrgType, len(b.TargetTypes))
	for i, t := range b.TargetTypes {
		types[i] = model.OrgType(t)
	}
	d, err := s.Directives.Issue(ctx, p, directive.Input{OrgID: b.OrgID, Title: b.Title, Content: b.Content, IssuedOn: b.IssuedOn,
		Deadline: b.Deadline, Targeting: model.DirectiveTargeting(b.Targeting), TargetTypes: types, TargetDepth: b.TargetDepth})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.directiveOut(ctx, d)
}

func (s *server) getDirective(ctx context.Context, in *idIn) (*directiveOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.Directives.Get(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.directiveOut(ctx, d)
}

type completionIn struct {
	ID  int64 `path:"id"`
	Org int64 `query:"org" doc:"the organisation to read at (default: the issuer, or the top of the caller's scope)"`
}

type completionOut struct{ Body *directive.Completion }

func (s *server) directiveCompletion(ctx context.Context, in *completionIn) (*completionOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Directives.Completion(ctx, p, in.ID, in.Org)
	if err != nil {
		return nil, fail(ctx, err)
	}
	if c.Children == nil {
		c.Children = []model.DirectiveCounts{}
	}
	return &completionOut{Body: c}, nil
}

type targetsIn struct {
	ID    int64  `path:"id"`
	Org   int64  `query:"org"`
	State string `query:"state" enum:"answered,pending,overdue,late,"`
	Page  int    `query:"page" minimum:"0"`
	Size  int    `query:"size" minimum:"0" maximum:"200"`
}

// targetView is a target with whether the caller may answer for it.
type targetView struct {
	*model.DirectiveTarget
	CanAnswer bool `json:"can_answer"`
}

func (s *server) directiveTargets(ctx context.Context, in *targetsIn) (*listOut[targetView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	items, total, err := s.Directives.Targets(ctx, p, in.ID, directive.TargetQuery{OrgID: in.Org, State: store.TargetState(in.State), Page: pg, Size: size})
	if err != nil {
		return nil, fail(ctx, err)
	}
	ws := p.WriteScope()
	out := make([]targetView, len(items))
	for i, t := range items {
		out[i] = targetView{t, ws.CoversPath(t.OrgPath)}
	}
	return newList(out, total), nil
}

type answerIn struct {
	ID   int64 `path:"id"`
	Body struct {
		OrgID     int64    `json:"org_id" doc:"the target organisation answering"`
		Kind      string   `json:"kind" enum:"meeting,report"`
		MeetingID int64    `json:"meeting_id,omitempty"`
		Report    string   `json:"report,omitempty" maxLength:"40000"`
		_         struct{} `additionalProperties:"true"`
	}
}

type answerOut struct{ Body *model.DirectiveTarget }

func (s *server) answerDirective(ctx context.Context, in *answerIn) (*answerOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.Directives.Answer(ctx, p, in.ID, directive.Answer{OrgID: in.Body.OrgID, Kind: model.AnswerKind(in.Body.Kind),
		MeetingID: in.Body.MeetingID, Report: in.Body.Report})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &answerOut{Body: t}, nil
}

type remindIn struct {
	ID   int64 `path:"id"`
	Body struct {
		OrgID int64 `json:"org_id,omitempty" doc:"remind the unanswered targets under this organisation (default: all)"`
	}
}

type remindOut struct {
	Body struct {
		Reminded int64 `json:"reminded"`
	}
}

func (s *server) remindDirective(ctx context.Context, in *remindIn) (*remindOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.Directives.Remind(ctx, p, in.ID, in.Body.OrgID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &remindOut{}
	out.Body.Reminded = n
	return out, nil
}

type exportDirectiveIn struct {
	ID     int64  `path:"id"`
	Org    int64  `query:"org"`
	Format string `query:"format" enum:"xlsx,csv," doc:"xlsx (default) or csv"`
}

func (s *server) exportDirective(ctx context.Context, in *exportDirectiveIn) (*huma.StreamResponse, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	check := func() error {
		if _, err := s.Directives.Completion(ctx, p, in.ID, in.Org); err != nil {
			return err
		}
		return s.auditExport(ctx, p, "directive", in.Org, map[string]any{"directive": in.ID, "org": in.Org})
	}
	return stream(ctx, check, in.Format, "directive-"+strconv.FormatInt(in.ID, 10), func(w sheet.Writer) error {
		return s.Directives.Export(ctx, p, in.ID, in.Org, orgLifeLabel(ctx), w)
	})
}
