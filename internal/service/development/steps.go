package development

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// StepInput records one step.
type StepInput struct {
	No          int
	DoneOn      model.Date
	ActingOrgID int64
	Persons     string
	Notes       string
	Data        model.StepData
}

// RecordStep records step in.No of a record at version, enforcing the rules in force on the
// step's date, and applies what the step does: entering a stage, admitting the probationary
// member (step 17), converting, extending or cancelling the probation (step 24).
func (s *Service) RecordStep(ctx context.Context, p *auth.Principal, id, version int64, in StepInput) (*Detail, error) {
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.GetDevelopment(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if d.Version != version {
			return errs.ErrConflict
		}
		_, err = s.recordStep(ctx, tx, p, d, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// stepContext is what the checks of one step see.
type stepContext struct {
	ctx   context.Context
	tx    *store.Tx
	p     *auth.Principal
	d     *model.Development
	r     *rules.DevelopmentRules
	st    *rules.Step
	in    *StepInput
	round int
	steps []*model.DevelopmentStep
	// acting is the acting organisation when one is named.
	acting *model.Org
}

// done returns the recorded step no of the given round (0: any round, the latest).
func doneStep(steps []*model.DevelopmentStep, no, round int) *model.DevelopmentStep {
	var out *model.DevelopmentStep
	for _, s := range steps {
		if s.No == no && (round == 0 || s.Round == round) {
			out = s
		}
	}
	return out
}

// roundOf is the round a step is recorded in: the record's round for round steps, else 1.
func roundOf(st *rules.Step, d *model.Development) int {
	if st.Round {
		return d.Round
	}
	return 1
}

// recordStep checks and records a step on d (whose version is current) inside tx and writes d.
func (s *Service) recordStep(ctx context.Context, tx *store.Tx, p *auth.Principal, d *model.Development, in StepInput) (*model.DevelopmentStep, error) {
	in.Persons, in.Notes = strings.TrimSpace(in.Persons), strings.TrimSpace(in.Notes)
	r := s.Rules.DevelopmentOn(in.DoneOn)
	st := r.Step(in.No)
	if st == nil {
		return nil, errs.Field("no", "invalid_value", map[string]any{"Value": in.No})
	}
	if err := errs.Fields(s.checkInput(&in)); err != nil {
		return nil, err
	}
	switch {
	case d.Status == model.DevStopped:
		return nil, errs.Field("no", "development.not_running", nil)
	case d.Status == model.DevCompleted && st.Enters != "":
		return nil, errs.Field("no", "development.not_running", nil)
	}
	steps, err := tx.DevelopmentSteps(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	c := &stepContext{ctx: ctx, tx: tx, p: p, d: d, r: r, st: st, in: &in, round: roundOf(st, d), steps: steps}
	if doneStep(steps, st.No, c.round) != nil {
		return nil, errs.Field("no", "development.step_done", map[string]any{"Step": st.No})
	}
	if err := c.checkOrder(); err != nil {
		return nil, err
	}
	if err := c.checkActingOrg(); err != nil {
		return nil, err
	}
	if err := c.checkTime(); err != nil {
		return nil, err
	}
	for _, name := range st.Checks {
		check, ok := checks[name]
		if !ok {
			return nil, errors.New("development rules name an unknown check: " + name)
		}
		if err := check(c); err != nil {
			return nil, err
		}
	}
	step := &model.DevelopmentStep{DevelopmentID: d.ID, No: st.No, Round: c.round, DoneOn: in.DoneOn, ActingOrgID: in.ActingOrgID,
		Persons: in.Persons, Notes: in.Notes, Data: in.Data, CreatedBy: p.ActorName()}
	if c.acting != nil {
		step.ActingOrgName = c.acting.Name
	}
	if err := tx.InsertStep(ctx, step); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return nil, errs.Field("no", "development.step_done", map[string]any{"Step": st.No})
		}
		return nil, err
	}
	old := *d
	next := *d
	if err := c.apply(&next, step); err != nil {
		return nil, err
	}
	steps = append(steps, step)
	s.schedule(&next, steps)
	if err := tx.UpdateDevelopment(ctx, &old, &next); err != nil {
		return nil, errs.FromStore(err)
	}
	*d = next
	if err := audit.Record(ctx, tx, p, "step", "development", d.ID, d.OrgPath, nil, step); err != nil {
		return nil, err
	}
	return step, nil
}

// checkInput checks the step's own fields.
func (s *Service) checkInput(in *StepInput) []errs.FieldError {
	var fe []errs.FieldError
	if in.DoneOn.IsZero() {
		fe = append(fe, errs.FieldError{Field: "done_on", Code: "required"})
	} else if s.Today().Before(in.DoneOn) {
		fe = append(fe, errs.FieldError{Field: "done_on", Code: "date.future"})
	}
	for _, l := range []struct {
		field, value string
		max          int
	}{{"persons", in.Persons, 200}, {"notes", in.Notes, 2000}, {"data.conclusion", in.Data.Conclusion, 1000},
		{"data.special_reason", in.Data.SpecialReason, 500}, {"data.method", in.Data.Method, 50}} {
		if utf8.RuneCountInString(l.value) > l.max {
			fe = append(fe, errs.FieldError{Field: l.field, Code: "too_long", Params: map[string]any{"Max": l.max}})
		}
	}
	return fe
}

// ruleParams are the message parameters naming a rule: the regulation and the step's article.
func ruleParams(r *rules.DevelopmentRules, st *rules.Step, extra map[string]any) map[string]any {
	p := map[string]any{"Source": r.ShortName, "Version": r.Version, "Article": st.Article, "Step": st.No, "StepName": st.Zh, "StepNameEn": st.En}
	for k, v := range extra {
		p[k] = v
	}
	return p
}

// ruleError is a broken rule: an error on field with the rule named.
func (c *stepContext) ruleError(field, code string, extra map[string]any) error {
	return errs.Field(field, code, ruleParams(c.r, c.st, extra))
}

// checkOrder requires the prerequisite steps, none of them dated after this one, and for a
// later conversion round, the extension that opened it.
func (c *stepContext) checkOrder() error {
	for _, q := range c.st.Requires {
		req := c.r.Step(q)
		round := 0
		if req.Round && c.st.Round {
			round = c.round
		}
		prev := doneStep(c.steps, q, round)
		if prev == nil {
			return c.ruleError("no", "development.step_requires", map[string]any{"Required": q, "RequiredName": req.Zh, "RequiredNameEn": req.En})
		}
		if c.in.DoneOn.Before(prev.DoneOn) {
			return c.ruleError("done_on", "development.step_before_required", map[string]any{"Required": q, "RequiredDate": prev.DoneOn.String()})
		}
	}
	if c.st.Round && c.round > 1 {
		if prev := doneStep(c.steps, 24, c.round-1); prev != nil && c.in.DoneOn.Before(prev.DoneOn) {
			return c.ruleError("done_on", "development.step_before_required", map[string]any{"Required": 24, "RequiredDate": prev.DoneOn.String()})
		}
	}
	return nil
}

// checkActingOrg reads the acting organisation when one is named: it must be the record's own
// organisation or one above it (the upper committees that review and approve).
func (c *stepContext) checkActingOrg() error {
	if c.in.ActingOrgID == 0 {
		return nil
	}
	o, err := c.tx.GetOrg(c.ctx, store.AllScope, c.in.ActingOrgID)
	if err != nil || !model.PathUnder(c.d.OrgPath, o.Path) {
		return errs.Field("acting_org_id", "development.acting_org_not_above", nil)
	}
	c.acting = o
	return nil
}

// checkTime applies the step's time limits from its `after` step: within_months (with
// max_months and a special reason), min_months.
func (c *stepContext) checkTime() error {
	if c.st.After == 0 {
		return nil
	}
	round := 0
	if c.r.Step(c.st.After).Round {
		round = c.round
	}
	from := doneStep(c.steps, c.st.After, round)
	if from == nil {
		return nil // checkOrder requires it where it matters
	}
	on := c.in.DoneOn
	if c.st.WithinMonths > 0 {
		due := from.DoneOn.AddMonths(c.st.WithinMonths)
		if on.After(due) {
			limit := due
			if c.st.MaxMonths > 0 {
				limit = from.DoneOn.AddMonths(c.st.MaxMonths)
			}
			p := map[string]any{"Months": c.st.WithinMonths, "MaxMonths": c.st.MaxMonths, "From": from.DoneOn.String(), "Due": due.String(), "Limit": limit.String()}
			switch {
			case c.st.MaxMonths == 0:
				return c.ruleError("done_on", "development.rule.within", p)
			case on.After(limit):
				return c.ruleError("done_on", "development.rule.within_max", p)
			case strings.TrimSpace(c.in.Data.SpecialReason) == "":
				return c.ruleError("data.special_reason", "development.rule.special_reason", p)
			}
		}
	}
	if c.st.MinMonths > 0 {
		earliest := from.DoneOn.AddMonths(c.st.MinMonths)
		if on.Before(earliest) {
			return c.ruleError("done_on", "development.rule.min_period", map[string]any{"Months": c.st.MinMonths,
				"From": from.DoneOn.String(), "Earliest": earliest.String(), "After": c.st.After})
		}
	}
	return nil
}

// apply changes the record as the step does.
func (c *stepContext) apply(d *model.Development, step *model.DevelopmentStep) error {
	switch {
	case c.st.No == 1:
		d.AppliedOn = step.DoneOn
	case c.st.No == 17:
		return c.admit(d, step)
	case c.st.No == 24:
		return c.decideProbation(d, step)
	}
	if c.st.Enters != "" {
		d.Stage, d.StageSince = c.st.Enters, step.DoneOn
	}
	return nil
}

// UpdateStepText corrects the acting organisation, persons and notes of a recorded step (the
// date and facts are corrected by deleting and recording the step again).
func (s *Service) UpdateStepText(ctx context.Context, p *auth.Principal, id, stepID, version int64, in StepInput) (*Detail, error) {
	in.Persons, in.Notes = strings.TrimSpace(in.Persons), strings.TrimSpace(in.Notes)
	if err := errs.Fields(s.checkInput(&StepInput{DoneOn: s.Today(), Persons: in.Persons, Notes: in.Notes})); err != nil {
		return nil, err
	}
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.GetDevelopment(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		steps, err := tx.DevelopmentSteps(ctx, id)
		if err != nil {
			return err
		}
		var step *model.DevelopmentStep
		for _, st := range steps {
			if st.ID == stepID {
				step = st
			}
		}
		if step == nil {
			return errs.ErrNotFound
		}
		if step.Version != version {
			return errs.ErrConflict
		}
		old := *step
		if in.ActingOrgID != step.ActingOrgID {
			st := s.Rules.DevelopmentOn(step.DoneOn).Step(step.No)
			if st.Has("approval_authority") {
				return errs.Field("acting_org_id", "development.approver_fixed", nil)
			}
			c := &stepContext{ctx: ctx, tx: tx, d: d, in: &in}
			if err := c.checkActingOrg(); err != nil {
				return err
			}
		}
		step.ActingOrgID, step.Persons, step.Notes = in.ActingOrgID, in.Persons, in.Notes
		if err := tx.UpdateStepText(ctx, step); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "update_step", "development", d.ID, d.OrgPath, &old, step)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// DeleteStep removes a recorded step entered by mistake: only one no other recorded step relies
// on, and neither the written application (delete the record instead) nor the steps that
// changed the register (admission and the probation decision).
func (s *Service) DeleteStep(ctx context.Context, p *auth.Principal, id, stepID, version int64) (*Detail, error) {
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.GetDevelopment(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		steps, err := tx.DevelopmentSteps(ctx, id)
		if err != nil {
			return err
		}
		var step *model.DevelopmentStep
		var rest []*model.DevelopmentStep
		for _, st := range steps {
			if st.ID == stepID {
				step = st
			} else {
				rest = append(rest, st)
			}
		}
		if step == nil {
			return errs.ErrNotFound
		}
		if step.Version != version {
			return errs.ErrConflict
		}
		if step.No == 1 || step.No == 17 || step.No == 24 || d.Status == model.DevStopped {
			return errs.New(errs.Conflict, "development.step_locked")
		}
		for _, other := range rest {
			st := s.Rules.DevelopmentOn(other.DoneOn).Step(other.No)
			for _, q := range st.Requires {
				if q == step.No && (other.Round == step.Round || !st.Round) {
					return errs.New(errs.Conflict, "development.step_needed")
				}
			}
			if other.Round > step.Round && step.No == 24 {
				return errs.New(errs.Conflict, "development.step_needed")
			}
		}
		if err := tx.DeleteAttachmentsOf(ctx, model.AttachedToDevelopmentStep, step.ID); err != nil {
			return err
		}
		if err := tx.DeleteStep(ctx, step); err != nil {
			return errs.FromStore(err)
		}
		next := *d
		s.restage(&next, rest)
		s.schedule(&next, rest)
		if err := tx.UpdateDevelopment(ctx, d, &next); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete_step", "development", d.ID, d.OrgPath, step, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// restage sets the stage from the recorded steps that enter one (before admission: steps 1, 3, 7).
func (s *Service) restage(d *model.Development, steps []*model.DevelopmentStep) {
	if d.MemberID != 0 {
		return
	}
	d.Stage, d.StageSince = model.StageApplicant, d.AppliedOn
	for _, st := range steps {
		if e := s.Rules.DevelopmentOn(st.DoneOn).Step(st.No).Enters; e != "" && st.No < 17 {
			d.Stage, d.StageSince = e, st.DoneOn
		}
	}
}

func doneByID(steps []*model.DevelopmentStep, id int64) *model.DevelopmentStep {
	for _, s := range steps {
		if s.ID == id {
			return s
		}
	}
	return nil
}
