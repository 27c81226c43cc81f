package api

import (
	"context"

	"dangjian/internal/model"
	"dangjian/internal/service/development"
)

// DevelopmentListParams are the query parameters of the development list and export.
type DevelopmentListParams struct {
	Org    int64  `query:"org" doc:"subtree root; default the caller's whole scope"`
	Stage  string `query:"stage" enum:"applicant,activist,candidate,probationary,full," doc:"a stage: its running records (completed ones for full)"`
	Status string `query:"status" enum:"active,completed,stopped,"`
	Q      string `query:"q" maxLength:"50" doc:"name, or the last digits of the ID number"`
	Due    int    `query:"due_within" minimum:"0" maximum:"3660" doc:"records whose next step is due within this many days"`
	Sort   string `query:"sort" doc:"name, applied_on, stage_since, next_due, org, id; '-' prefix for descending"`
	Page   int    `query:"page" minimum:"0"`
	Size   int    `query:"size" minimum:"0" maximum:"200"`
}

func (in *DevelopmentListParams) query() development.Query {
	return development.Query{OrgID: in.Org, Stage: in.Stage, Status: in.Status, Q: in.Q, DueWithinDays: in.Due, Sort: in.Sort}
}

func (s *server) listDevelopments(ctx context.Context, in *DevelopmentListParams) (*listOut[*model.Development], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	q := in.query()
	q.Page, q.Size = page(in.Page, in.Size)
	items, total, err := s.Development.List(ctx, p, q)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, total), nil
}

type developmentOut struct{ Body *development.Detail }

func (s *server) getDevelopment(ctx context.Context, in *idIn) (*developmentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.Development.Get(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &developmentOut{Body: d}, nil
}

// revealDevelopment answers an applicant's full ID number and phone (roles that may see them),
// audited.
func (s *server) revealDevelopment(ctx context.Context, in *idIn) (*personalOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	v, err := s.Development.Reveal(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &personalOut{Body: v}, nil
}

// PersonBody is the personal data of a development record as the API takes it.
type PersonBody struct {
	Name        string          `json:"name,omitempty" maxLength:"100"`
	Sex         model.Sex       `json:"sex,omitempty"`
	Ethnicity   string          `json:"ethnicity,omitempty" maxLength:"20"`
	BirthDate   model.Date      `json:"birth_date,omitempty"`
	IDNumber    string          `json:"id_number,omitempty" maxLength:"30"`
	NativePlace string          `json:"native_place,omitempty" maxLength:"100"`
	Education   model.Education `json:"education,omitempty"`
	Occupation  string          `json:"occupation,omitempty" maxLength:"100"`
	WorkUnit    string          `json:"work_unit,omitempty" maxLength:"200"`
	WorkPost    string          `json:"work_post,omitempty" maxLength:"100"`
	Phone       string          `json:"phone,omitempty" maxLength:"30"`
	Address     string          `json:"address,omitempty" maxLength:"200"`
}

func (b *PersonBody) person() development.Person {
	return development.Person{Name: b.Name, Sex: b.Sex, Ethnicity: b.Ethnicity, BirthDate: b.BirthDate, IDNumber: b.IDNumber,
		NativePlace: b.NativePlace, Education: b.Education, Occupation: b.Occupation, WorkUnit: b.WorkUnit,
		WorkPost: b.WorkPost, Phone: b.Phone, Address: b.Address}
}

// stepBody is one step as the API takes it.
type stepBody struct {
	DoneOn      model.Date     `json:"done_on,omitempty"`
	ActingOrgID int64          `json:"acting_org_id,omitempty"`
	Persons     string         `json:"persons,omitempty" maxLength:"400"`
	Notes       string         `json:"notes,omitempty" maxLength:"4000"`
	Data        model.StepData `json:"data,omitempty"`
	Version     int64          `json:"version,omitempty" doc:"the record's version (the step's, when editing a step)"`
}

func (b *stepBody) input(no int) development.StepInput {
	return development.StepInput{No: no, DoneOn: b.DoneOn, ActingOrgID: b.ActingOrgID, Persons: b.Persons, Notes: b.Notes, Data: b.Data}
}

type createDevelopmentIn struct {
	Body struct {
		OrgID int64 `json:"org_id"`
		PersonBody
		AppliedOn model.Date `json:"applied_on,omitempty" doc:"the written application's date (step 1)"`
		Persons   string     `json:"persons,omitempty" maxLength:"400"`
		Notes     string     `json:"notes,omitempty" maxLength:"4000"`
	}
}

func (s *server) createDevelopment(ctx context.Context, in *createDevelopmentIn) (*developmentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	d, err := s.Development.Create(ctx, p, development.CreateInput{OrgID: b.OrgID, Person: b.person(),
		Step1: development.StepInput{DoneOn: b.AppliedOn, Persons: b.Persons, Notes: b.Notes}})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &developmentOut{Body: d}, nil
}

type updateDevelopmentIn struct {
	ID   int64 `path:"id"`
	Body struct {
		PersonBody
		Version int64 `json:"version"`
	}
}

func (s *server) updateDevelopment(ctx context.Context, in *updateDevelopmentIn) (*developmentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.Development.UpdatePerson(ctx, p, in.ID, in.Body.Version, in.Body.person())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &developmentOut{Body: d}, nil
}

type deleteDevelopmentIn struct {
	ID      int64 `path:"id"`
	Version int64 `query:"version" required:"true"`
}

func (s *server) deleteDevelopment(ctx context.Context, in *deleteDevelopmentIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Development.Delete(ctx, p, in.ID, in.Version); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type recordStepIn struct {
	ID   int64 `path:"id"`
	No   int   `path:"no" minimum:"1" maximum:"99"`
	Body stepBody
}

func (s *server) recordStep(ctx context.Context, in *recordStepIn) (*developmentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.Development.RecordStep(ctx, p, in.ID, in.Body.Version, in.Body.input(in.No))
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &developmentOut{Body: d}, nil
}

type updateStepIn struct {
	ID     int64 `path:"id"`
	StepID int64 `path:"step_id"`
	Body   stepBody
}

func (s *server) updateStep(ctx context.Context, in *updateStepIn) (*developmentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.Development.UpdateStepText(ctx, p, in.ID, in.StepID, in.Body.Version, in.Body.input(0))
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &developmentOut{Body: d}, nil
}

type deleteStepIn struct {
	ID      int64 `path:"id"`
	StepID  int64 `path:"step_id"`
	Version int64 `query:"version" required:"true" doc:"the step's version"`
}

func (s *server) deleteStep(ctx context.Context, in *deleteStepIn) (*developmentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.Development.DeleteStep(ctx, p, in.ID, in.StepID, in.Version)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &developmentOut{Body: d}, nil
}

type stopDevelopmentIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Reason      model.StopReason `json:"reason"`
		On          model.Date       `json:"on,omitempty"`
		Note        string           `json:"note,omitempty" maxLength:"1000"`
		ApprovalOrg string           `json:"approval_org,omitempty" maxLength:"200"`
		ApprovedOn  model.Date       `json:"approved_on,omitempty"`
		ApprovalRef string           `json:"approval_ref,omitempty" maxLength:"100"`
		Version     int64            `json:"version"`
	}
}

func (s *server) stopDevelopment(ctx context.Context, in *stopDevelopmentIn) (*developmentOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	d, err := s.Development.Stop(ctx, p, in.ID, development.StopInput{Reason: b.Reason, On: b.On, Note: b.Note,
		ApprovalOrg: b.ApprovalOrg, ApprovedOn: b.ApprovedOn, ApprovalRef: b.ApprovalRef, Version: b.Version})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &developmentOut{Body: d}, nil
}
