package member

import (
	"context"

	"dangjian/internal/model"
)

// Alert kinds raised from membership status timers (rules.md §2.4, cheat-sheet §8.5).
const (
	// KindLostContactReview: lost contact for the lost-contact period → suspension review.
	KindLostContactReview = "member.lost_contact_review"
	// KindSuspensionReview: suspended for the suspension period → removal review (self-lapse).
	KindSuspensionReview = "member.suspension_review"
	// KindAbroadStudyReview: abroad for study for the study period → suspension review.
	KindAbroadStudyReview = "member.abroad_study_review"
	// KindProbationEnds: a probationary member of the register without a development record
	// (registered by import or by hand) reaches the end of probation.
	KindProbationEnds = "member.probation_ends"
)

// Alerts generates the status timer alerts. Timers start at the recorded status change; a
// status set without one (before the product kept dates) has no start and raises nothing.
// The "6 consecutive months without organisational life, dues or assigned work" timer
// (rules.md 2.4.4) is not raised here: organisational life comes from meeting attendance
// (its own generator) and the product holds no dues or assigned-work data yet.
type Alerts struct{ Members *Service }

// Kinds implements alert.Generator.
func (Alerts) Kinds() []string {
	return []string{KindLostContactReview, KindSuspensionReview, KindAbroadStudyReview, KindProbationEnds}
}

// Generate implements alert.Generator.
func (g Alerts) Generate(ctx context.Context, today model.Date) ([]model.Alert, error) {
	r := g.Members.Rules.Lifecycle
	horizon := today.AddDate(0, 0, r.AlertLeadDays)
	var out []model.Alert
	raise := func(kind string, m *model.Member, due model.Date, since model.Date) {
		if due.After(horizon) {
			return
		}
		sev := model.AlertWarning
		if due.Before(today) {
			sev = model.AlertOverdue
		}
		// The subject is the member's status, not the member: a review of someone's membership
		// is for the organisation, not shown to the member.
		out = append(out, model.Alert{Kind: kind, Severity: sev, OrgID: m.OrgID, OrgPath: m.OrgPath,
			SubjectType: "member_status", SubjectID: m.ID, DueOn: due,
			Params: map[string]string{"Name": m.Name, "Org": m.OrgName, "Since": since.String()}})
	}
	for _, t := range []struct {
		kind   string
		status model.Status
		change model.StatusChangeKind
		months int
	}{
		{KindLostContactReview, model.StatusLostContact, model.ChangeLostContact, r.LostContactSuspensionMonths},
		{KindSuspensionReview, model.StatusSuspended, model.ChangeSuspension, r.SuspensionRemovalMonths},
		{KindAbroadStudyReview, model.StatusAbroad, model.ChangeAbroad, r.AbroadStudySuspensionMonths},
	} {
		rows, err := g.Members.Store.MembersInStatusSince(ctx, t.status, t.change)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			if t.change == model.ChangeAbroad && row.Purpose != model.AbroadStudy {
				continue
			}
			raise(t.kind, row.Member, row.Since.AddMonths(t.months), row.Since)
		}
	}
	months := g.Members.Rules.Development.ProbationMonths
	rows, err := g.Members.Store.ProbationersWithoutRecord(ctx, horizon.AddMonths(-months))
	if err != nil {
		return nil, err
	}
	for _, m := range rows {
		raise(KindProbationEnds, m, m.AdmittedOn.AddMonths(months), m.AdmittedOn)
	}
	return out, nil
}
