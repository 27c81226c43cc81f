// Package study keeps members' study (党员教育): yearly plans, courses and materials, study
// sessions with hours, each member's hours of the year against the target for their role
// (rules §4.14: 32 hours, 56 for secretaries and committee members), the "no one omitted"
// report of members short of it with the reasons recorded and the remedial sessions (补学) that
// close the gap, and documents every member must read and acknowledge (签收).
package study

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Service is the study service.
type Service struct {
	Store *store.Store
	Rules *rules.Set
	// Now returns the current time (tests fix it).
	Now func() time.Time
}

// New returns the study service.
func New(s *store.Store, r *rules.Set) *Service { return &Service{Store: s, Rules: r, Now: time.Now} }

func (s *Service) today() model.Date { return model.DateOf(s.Now().Local()) }

func text(field, v string, required bool, max int) []errs.FieldError {
	switch {
	case required && v == "":
		return []errs.FieldError{{Field: field, Code: "required"}}
	case utf8.RuneCountInString(v) > max:
		return []errs.FieldError{{Field: field, Code: "too_long", Params: map[string]any{"Max": max}}}
	}
	return nil
}

func (s *Service) writableOrg(ctx context.Context, tx *store.Tx, p *auth.Principal, id int64) (*model.Org, error) {
	o, err := tx.GetOrg(ctx, p.WriteScope(), id)
	if err != nil {
		return nil, errs.Field("org_id", "not_found", nil)
	}
	if o.Dissolved() {
		return nil, errs.Field("org_id", "org.dissolved", nil)
	}
	return o, nil
}

func (s *Service) subtree(ctx context.Context, p *auth.Principal, orgID int64) (store.Scope, *model.Org, error) {
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return sc, nil, errs.ErrNotFound
	}
	o, err := s.Store.GetOrg(ctx, sc, orgID)
	if err != nil {
		return sc, nil, errs.ErrNotFound
	}
	return sc, o, nil
}

// ---- plans

// PlanInput is the editable part of a study plan.
type PlanInput struct {
	OrgID       int64
	Year        int
	Title       string
	Description string
}

func (in *PlanInput) check() error {
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	fe := text("title", in.Title, true, 200)
	fe = append(fe, text("description", in.Description, false, 20000)...)
	if in.Year < 2000 || in.Year > 2100 {
		fe = append(fe, errs.FieldError{Field: "year", Code: "invalid_value", Params: map[string]any{"Value": in.Year}})
	}
	return errs.Fields(fe)
}

// CreatePlan adds a study plan to an organisation in the caller's write scope.
func (s *Service) CreatePlan(ctx context.Context, p *auth.Principal, in PlanInput) (*model.StudyPlan, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var out *model.StudyPlan
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		o, err := s.writableOrg(ctx, tx, p, in.OrgID)
		if err != nil {
			return err
		}
		pl := &model.StudyPlan{OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name, Year: in.Year, Title: in.Title, Description: in.Description}
		if err := tx.InsertStudyPlan(ctx, pl); err != nil {
			return err
		}
		out = pl
		return audit.Record(ctx, tx, p, "create", "study_plan", pl.ID, pl.OrgPath, nil, pl)
	})
	return out, err
}

// UpdatePlan edits a plan at version.
func (s *Service) UpdatePlan(ctx context.Context, p *auth.Principal, id, version int64, in PlanInput) (*model.StudyPlan, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var out *model.StudyPlan
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetStudyPlan(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		pl := *old
		pl.Year, pl.Title, pl.Description = in.Year, in.Title, in.Description
		if err := tx.UpdateStudyPlan(ctx, &pl); err != nil {
			return errs.FromStore(err)
		}
		out = &pl
		return audit.Record(ctx, tx, p, "update", "study_plan", pl.ID, pl.OrgPath, old, &pl)
	})
	return out, err
}

// DeletePlan removes a plan at version; its sessions keep their hours.
func (s *Service) DeletePlan(ctx context.Context, p *auth.Principal, id, version int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetStudyPlan(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if err := tx.DeleteStudyPlan(ctx, old); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete", "study_plan", id, old.OrgPath, old, nil)
	})
}

// Plans lists the plans of a subtree for a year (0: all years).
func (s *Service) Plans(ctx context.Context, p *auth.Principal, orgID int64, year int) ([]*model.StudyPlan, error) {
	sc, o, err := s.subtree(ctx, p, orgID)
	if err != nil {
		return nil, err
	}
	return s.Store.ListStudyPlans(ctx, sc, o.Path, year)
}

// ---- courses and materials

// CourseInput is the editable part of a course or material.
type CourseInput struct {
	OrgID   int64
	Kind    model.CourseKind
	Title   string
	Summary string
	Hours   model.Hours
	Link    string
}

func (in *CourseInput) check() error {
	in.Title, in.Summary, in.Link = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary), strings.TrimSpace(in.Link)
	if in.Kind == "" {
		in.Kind = model.CourseLesson
	}
	fe := text("title", in.Title, true, 200)
	fe = append(fe, text("summary", in.Summary, false, 20000)...)
	fe = append(fe, text("link", in.Link, false, 500)...)
	if in.Kind != model.CourseLesson && in.Kind != model.CourseMaterial {
		fe = append(fe, errs.FieldError{Field: "kind", Code: "invalid_value", Params: map[string]any{"Value": in.Kind}})
	}
	if in.Link != "" && !strings.HasPrefix(in.Link, "https://") && !strings.HasPrefix(in.Link, "http://") {
		fe = append(fe, errs.FieldError{Field: "link", Code: "study.link"})
	}
	if in.Hours < 0 || in.Hours > 800 {
		fe = append(fe, errs.FieldError{Field: "hours", Code: "study.course_hours"})
	}
	return errs.Fields(fe)
}

// CreateCourse adds a course or material to an organisation in the caller's write scope.
func (s *Service) CreateCourse(ctx context.Context, p *auth.Principal, in CourseInput) (*model.StudyCourse, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var out *model.StudyCourse
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		o, err := s.writableOrg(ctx, tx, p, in.OrgID)
		if err != nil {
			return err
		}
		c := &model.StudyCourse{OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name, Kind: in.Kind, Title: in.Title,
			Summary: in.Summary, Hours: in.Hours, Link: in.Link}
		if err := tx.InsertStudyCourse(ctx, c); err != nil {
			return err
		}
		out = c
		return audit.Record(ctx, tx, p, "create", "study_course", c.ID, c.OrgPath, nil, c)
	})
	return out, err
}

// UpdateCourse edits a course at version.
func (s *Service) UpdateCourse(ctx context.Context, p *auth.Principal, id, version int64, in CourseInput) (*model.StudyCourse, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	var out *model.StudyCourse
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetStudyCourse(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		c := *old
		c.Kind, c.Title, c.Summary, c.Hours, c.Link = in.Kind, in.Title, in.Summary, in.Hours, in.Link
		if err := tx.UpdateStudyCourse(ctx, &c); err != nil {
			return errs.FromStore(err)
		}
		out = &c
		return audit.Record(ctx, tx, p, "update", "study_course", c.ID, c.OrgPath, old, &c)
	})
	return out, err
}

// DeleteCourse removes a course at version (sessions keep their hours).
func (s *Service) DeleteCourse(ctx context.Context, p *auth.Principal, id, version int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetStudyCourse(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if err := tx.DeleteAttachmentsOf(ctx, "study_course", id); err != nil {
			return err
		}
		if err := tx.DeleteStudyCourse(ctx, old); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete", "study_course", id, old.OrgPath, old, nil)
	})
}

// Courses lists the courses and materials of a subtree.
func (s *Service) Courses(ctx context.Context, p *auth.Principal, orgID int64, page, size int) ([]*model.StudyCourse, int64, error) {
	sc, o, err := s.subtree(ctx, p, orgID)
	if err != nil {
		return nil, 0, err
	}
	return s.Store.ListStudyCourses(ctx, sc, o.Path, size, (page-1)*size)
}
