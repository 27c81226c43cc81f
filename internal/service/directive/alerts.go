package directive

import (
	"context"
	"strconv"

	"dangjian/internal/model"
)

// Alert kinds of directives: a target organisation that has not answered by the deadline, and
// one whose deadline is near (the automatic reminder).
const (
	KindOverdue = "directive.overdue"
	KindDueSoon = "directive.due_soon"
)

// Alerts generates the directive alerts, one per unanswered target organisation.
type Alerts struct{ Directives *Service }

// Kinds implements alert.Generator.
func (Alerts) Kinds() []string { return []string{KindOverdue, KindDueSoon} }

// Generate implements alert.Generator: overdue when the deadline is before today, due soon
// when it falls within the rules' days from today (today included).
func (g Alerts) Generate(ctx context.Context, today model.Date) ([]model.Alert, error) {
	s := g.Directives
	soon := today.AddDate(0, 0, s.Rules.OrgLife.DirectiveDueSoonDays)
	targets, directives, err := s.Store.PendingTargets(ctx, model.NewDate(1900, 1, 1), soon)
	if err != nil {
		return nil, err
	}
	issuers := map[int64]string{}
	var ids []int64
	for _, d := range directives {
		if _, ok := issuers[d.OrgID]; !ok {
			issuers[d.OrgID] = ""
			ids = append(ids, d.OrgID)
		}
	}
	orgs, err := s.Store.OrgsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		issuers[o.ID] = o.Name
	}
	out := make([]model.Alert, 0, len(targets))
	for i, t := range targets {
		d := directives[i]
		kind, sev := KindDueSoon, model.AlertWarning
		if d.Deadline.Before(today) {
			kind, sev = KindOverdue, model.AlertOverdue
		}
		out = append(out, model.Alert{Kind: kind, Severity: sev, OrgID: t.OrgID, OrgPath: t.OrgPath,
			SubjectType: "directive_target", SubjectID: t.ID, DueOn: d.Deadline,
			Params: map[string]string{"Org": t.OrgName, "Title": d.Title, "Issuer": issuers[d.OrgID],
				"Deadline": d.Deadline.String(), "Reminders": strconv.Itoa(t.Reminders),
				"Directive": strconv.FormatInt(d.ID, 10)}})
	}
	return out, nil
}
