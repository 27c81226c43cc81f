package development

import (
	"dangjian/internal/model"
	"dangjian/internal/rules"
)

// Step states in a plan.
const (
	PlanDone      = "done"      // recorded
	PlanAvailable = "available" // may be recorded now (or from NotBefore)
	PlanWaiting   = "waiting"   // earlier steps are missing
	PlanClosed    = "closed"    // the record has ended
)

// PlannedStep is one of the 25 steps as it stands for a record: recorded, or what is due and
// from when it may be taken.
type PlannedStep struct {
	No     int        `json:"no"`
	Round  int        `json:"round"`
	State  string     `json:"state"`
	DoneOn model.Date `json:"done_on"`
	// Due is the last day allowed (or expected, for the end of probation); NotBefore the first.
	Due       model.Date `json:"due"`
	NotBefore model.Date `json:"not_before"`
	// MaxDue is the absolute limit when a special reason allows passing Due.
	MaxDue model.Date `json:"max_due"`
}

// plan lays out the 25 steps of a record under the rules in force today.
func (s *Service) plan(d *model.Development, steps []*model.DevelopmentStep) []PlannedStep {
	r := &s.Rules.Development
	out := make([]PlannedStep, 0, len(r.Steps))
	for i := range r.Steps {
		st := &r.Steps[i]
		round := roundOf(st, d)
		ps := PlannedStep{No: st.No, Round: round}
		if done := doneStep(steps, st.No, round); done != nil {
			ps.State, ps.DoneOn = PlanDone, done.DoneOn
			out = append(out, ps)
			continue
		}
		switch {
		case d.Status == model.DevStopped, d.Status == model.DevCompleted && st.Enters != "":
			ps.State = PlanClosed
		case requirementsMet(r, st, round, steps):
			ps.State = PlanAvailable
			ps.Due, ps.NotBefore, ps.MaxDue = window(r, st, round, d, steps)
		default:
			// A deadline runs from its `after` step even while other prerequisites are missing
			// (approval is due three months after the branch meeting, talk or no talk).
			ps.State = PlanWaiting
			ps.Due, _, ps.MaxDue = window(r, st, round, d, steps)
		}
		out = append(out, ps)
	}
	return out
}

func requirementsMet(r *rules.DevelopmentRules, st *rules.Step, round int, steps []*model.DevelopmentStep) bool {
	for _, q := range st.Requires {
		rq := 0
		if r.Step(q).Round && st.Round {
			rq = round
		}
		if doneStep(steps, q, rq) == nil {
			return false
		}
	}
	return true
}

// window is when an available step is due and from when it may be taken.
func window(r *rules.DevelopmentRules, st *rules.Step, round int, d *model.Development, steps []*model.DevelopmentStep) (due, notBefore, maxDue model.Date) {
	if st.After > 0 {
		rq := 0
		if r.Step(st.After).Round {
			rq = round
		}
		if from := doneStep(steps, st.After, rq); from != nil {
			if st.WithinMonths > 0 {
				due = from.DoneOn.AddMonths(st.WithinMonths)
			}
			if st.MaxMonths > 0 {
				maxDue = from.DoneOn.AddMonths(st.MaxMonths)
			}
			if st.MinMonths > 0 {
				notBefore = from.DoneOn.AddMonths(st.MinMonths)
			}
		}
	}
	// The conversion steps fall due when probation ends; the meeting may not come earlier.
	if st.Round && st.After == 0 && !d.ProbationEnd.IsZero() {
		due = d.ProbationEnd
		if st.Has("probation_complete") {
			notBefore = d.ProbationEnd
		}
	}
	return due, notBefore, maxDue
}

// schedule sets what is due next on d: the open step (available or waiting) with the earliest
// deadline, else the first available step (with the day it may be taken from).
func (s *Service) schedule(d *model.Development, steps []*model.DevelopmentStep) {
	d.NextStep, d.NextDue, d.NextNotBefore = 0, model.Date{}, model.Date{}
	var first *PlannedStep
	for _, ps := range s.plan(d, steps) {
		if ps.State != PlanAvailable && ps.State != PlanWaiting {
			continue
		}
		if first == nil && ps.State == PlanAvailable {
			p := ps
			first = &p
		}
		if !ps.Due.IsZero() && (d.NextDue.IsZero() || ps.Due.Before(d.NextDue)) {
			d.NextStep, d.NextDue, d.NextNotBefore = ps.No, ps.Due, ps.NotBefore
		}
	}
	if d.NextStep == 0 && first != nil {
		d.NextStep, d.NextNotBefore = first.No, first.NotBefore
	}
}
