package api

import (
	"context"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/org"
)

// listOut is every list response: the page's items and the total.
type listOut[T any] struct {
	Body struct {
		Items []T   `json:"items"`
		Total int64 `json:"total"`
	}
}

func newList[T any](items []T, total int64) *listOut[T] {
	out := &listOut[T]{}
	if items == nil {
		items = []T{}
	}
	out.Body.Items, out.Body.Total = items, total
	return out
}

// orgView is an organisation with its number of live children and, for a single read, its
// ancestors inside the caller's scope.
type orgView struct {
	model.Org
	ChildCount int       `json:"child_count"`
	TermEnd    string    `json:"term_end,omitempty"`
	Ancestors  []org.Ref `json:"ancestors,omitempty"`
}

type listOrgsIn struct {
	Parent int64  `query:"parent" doc:"list the children of this organisation"`
	Q      string `query:"q" maxLength:"100" doc:"search by name or code"`
	All    bool   `query:"include_dissolved" doc:"include dissolved children"`
}

func (s *server) views(ctx context.Context, orgs []*model.Org) ([]orgView, error) {
	counts, err := s.Orgs.ChildCounts(ctx, orgs)
	if err != nil {
		return nil, err
	}
	out := make([]orgView, len(orgs))
	for i, o := range orgs {
		out[i] = orgView{Org: *o, ChildCount: counts[o.ID], TermEnd: o.TermEnd().String()}
	}
	return out, nil
}

func (s *server) listOrgs(ctx context.Context, in *listOrgsIn) (*listOut[orgView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	var orgs []*model.Org
	switch {
	case strings.TrimSpace(in.Q) != "":
		orgs, err = s.Orgs.Search(ctx, p, strings.TrimSpace(in.Q), 50)
	case in.Parent != 0:
		orgs, err = s.Orgs.Children(ctx, p, in.Parent, in.All)
	default:
		orgs, err = s.Orgs.Roots(ctx, p)
	}
	if err != nil {
		return nil, fail(ctx, err)
	}
	views, err := s.views(ctx, orgs)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(views, int64(len(views))), nil
}

type idIn struct {
	ID int64 `path:"id"`
}

type orgOut struct{ Body orgView }

func (s *server) getOrg(ctx context.Context, in *idIn) (*orgOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.Orgs.Browse(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.orgOut(ctx, p, o)
}

func (s *server) orgOut(ctx context.Context, p *auth.Principal, o *model.Org) (*orgOut, error) {
	views, err := s.views(ctx, []*model.Org{o})
	if err != nil {
		return nil, fail(ctx, err)
	}
	v := views[0]
	if v.Ancestors, err = s.Orgs.Ancestors(ctx, p, o); err != nil {
		return nil, fail(ctx, err)
	}
	return &orgOut{Body: v}, nil
}

// orgBody is the editable part of an organisation as the API takes it.
type orgBody struct {
	ParentID     int64          `json:"parent_id,omitempty"`
	Name         string         `json:"name,omitempty" maxLength:"200"`
	ShortName    string         `json:"short_name,omitempty" maxLength:"100"`
	Type         model.OrgType  `json:"type,omitempty"`
	HasCommittee bool           `json:"has_committee,omitempty"`
	UnitType     model.UnitType `json:"unit_type,omitempty"`
	UnitName     string         `json:"unit_name,omitempty" maxLength:"200"`
	Industry     string         `json:"industry,omitempty" maxLength:"100"`
	Code         string         `json:"code,omitempty" maxLength:"50"`
	UnitCode     string         `json:"unit_code,omitempty" maxLength:"50"`
	Address      string         `json:"address,omitempty" maxLength:"200"`
	Phone        string         `json:"phone,omitempty" maxLength:"50"`
	FoundedOn    model.Date     `json:"founded_on,omitempty"`
	TermStart    model.Date     `json:"term_start,omitempty"`
	TermYears    int            `json:"term_years,omitempty"`
	Version      int64          `json:"version,omitempty"`
	_            struct{}       `additionalProperties:"true"`
}

func (b *orgBody) input() org.Input {
	return org.Input{ParentID: b.ParentID, Name: b.Name, ShortName: b.ShortName, Type: b.Type,
		HasCommittee: b.HasCommittee, UnitType: b.UnitType, UnitName: b.UnitName, Industry: b.Industry,
		Code: b.Code, UnitCode: b.UnitCode, Address: b.Address, Phone: b.Phone, FoundedOn: b.FoundedOn,
		TermStart: b.TermStart, TermYears: b.TermYears}
}

type createOrgIn struct{ Body orgBody }

type orgSaveOut struct {
	Body struct {
		Org      orgView      `json:"org"`
		Warnings []FieldError `json:"warnings"`
	}
}

func (s *server) saved(ctx context.Context, p *auth.Principal, o *model.Org, warnings []org.Warning) (*orgSaveOut, error) {
	v, err := s.orgOut(ctx, p, o)
	if err != nil {
		return nil, err
	}
	out := &orgSaveOut{}
	out.Body.Org = v.Body
	out.Body.Warnings = localizeFields(ctx, warnings)
	return out, nil
}

func localizeFields(ctx context.Context, fe []errs.FieldError) []FieldError {
	l := localizer(ctx)
	out := make([]FieldError, 0, len(fe))
	for _, f := range fe {
		out = append(out, FieldError{Field: f.Field, Code: f.Code, Message: l.T(f.Code, f.Params)})
	}
	return out
}

func (s *server) createOrg(ctx context.Context, in *createOrgIn) (*orgSaveOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	o, warnings, err := s.Orgs.Create(ctx, p, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.saved(ctx, p, o, warnings)
}

type updateOrgIn struct {
	ID   int64 `path:"id"`
	Body orgBody
}

func (s *server) updateOrg(ctx context.Context, in *updateOrgIn) (*orgSaveOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	o, warnings, err := s.Orgs.Update(ctx, p, in.ID, in.Body.Version, in.Body.input())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.saved(ctx, p, o, warnings)
}

type moveOrgIn struct {
	ID   int64 `path:"id"`
	Body struct {
		ParentID int64 `json:"parent_id"`
		Version  int64 `json:"version"`
	}
}

type jobOut struct {
	Body struct {
		JobID int64 `json:"job_id"`
	}
}

func (s *server) moveOrg(ctx context.Context, in *moveOrgIn) (*jobOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.Orgs.CheckMove(ctx, p, in.ID, in.Body.Version, in.Body.ParentID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	j, err := s.Jobs.Start(ctx, p, "move", o.Path, func(ctx context.Context, _ jobs.Progress) (any, error) {
		moved, err := s.Orgs.Move(ctx, p, in.ID, in.Body.Version, in.Body.ParentID)
		if err != nil {
			return nil, err
		}
		return map[string]any{"org_id": moved.ID, "path": moved.Path}, nil
	})
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &jobOut{}
	out.Body.JobID = j.ID
	return out, nil
}

type dissolveOrgIn struct {
	ID   int64 `path:"id"`
	Body struct {
		DissolvedOn model.Date `json:"dissolved_on,omitempty"`
		Version     int64      `json:"version"`
	}
}

func (s *server) dissolveOrg(ctx context.Context, in *dissolveOrgIn) (*orgOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.Orgs.Dissolve(ctx, p, in.ID, in.Body.Version, in.Body.DissolvedOn)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return s.orgOut(ctx, p, o)
}

type statsOut struct {
	Body struct {
		*model.Stats
		AgeBands []string `json:"age_bands"`
	}
}

func (s *server) orgStats(ctx context.Context, in *idIn) (*statsOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.Orgs.Stats(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &statsOut{}
	out.Body.Stats = st
	for _, b := range s.Rules.Member.AgeBands {
		out.Body.AgeBands = append(out.Body.AgeBands, b.Name)
	}
	return out, nil
}
