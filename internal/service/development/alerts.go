package development

import (
	"context"
	"strconv"

	"dangjian/internal/model"
)

// Alert kinds raised from development records' deadlines.
const (
	KindTalkDue               = "development.talk_due"                // talk within a month of the application
	KindApprovalDue           = "development.approval_due"            // approval within 3 (at most 6) months of the branch meeting
	KindProbationEnds         = "development.probation_ends"          // probation ends: conversion application and meeting
	KindConversionApprovalDue = "development.conversion_approval_due" // conversion approval within 3 months of the meeting
	KindStepDue               = "development.step_due"                // any other step with a deadline (a later revision's)
)

// Alerts generates the development deadline alerts from each running record's next deadline
// (kept on the record whenever a step is recorded): a warning within the rules' lead days, an
// alert of severity overdue once the day has passed.
type Alerts struct{ Dev *Service }

// Kinds implements alert.Generator.
func (Alerts) Kinds() []string {
	return []string{KindTalkDue, KindApprovalDue, KindProbationEnds, KindConversionApprovalDue, KindStepDue}
}

// kindOfStep names the alert kind of a step's deadline.
func kindOfStep(no int) string {
	switch no {
	case 2:
		return KindTalkDue
	case 17:
		return KindApprovalDue
	case 22, 23:
		return KindProbationEnds
	case 24:
		return KindConversionApprovalDue
	}
	return KindStepDue
}

// Generate implements alert.Generator.
func (g Alerts) Generate(ctx context.Context, today model.Date) ([]model.Alert, error) {
	r := g.Dev.Rules.DevelopmentOn(today)
	rows, err := g.Dev.Store.DevelopmentsDueBy(ctx, today.AddDate(0, 0, r.AlertLeadDays))
	if err != nil {
		return nil, err
	}
	out := make([]model.Alert, 0, len(rows))
	for _, d := range rows {
		st := r.Step(d.NextStep)
		if st == nil {
			continue
		}
		sev := model.AlertWarning
		if d.NextDue.Before(today) {
			sev = model.AlertOverdue
		}
		params := map[string]string{"Name": d.Name, "Step": strconv.Itoa(st.No), "StepName": st.Zh, "StepNameEn": st.En,
			"Org": d.OrgName, "Article": st.Article}
		if st.MaxMonths > 0 {
			params["MaxMonths"] = strconv.Itoa(st.MaxMonths)
		}
		if !d.ProbationEnd.IsZero() {
			params["ProbationEnd"] = d.ProbationEnd.String()
		}
		out = append(out, model.Alert{Kind: kindOfStep(st.No), Severity: sev, OrgID: d.OrgID, OrgPath: d.OrgPath,
			SubjectType: "development", SubjectID: d.ID, DueOn: d.NextDue, Params: params})
	}
	return out, nil
}
