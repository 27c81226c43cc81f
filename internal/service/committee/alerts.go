package committee

import (
	"context"
	"strconv"

	"dangjian/internal/model"
)

// Term alert kinds: a committee whose term ends within the rules' months (rules §1.5,
// cheat-sheet 2), and one whose term has ended without re-election.
const (
	KindTermExpiring = "term.expiring"
	KindTermExpired  = "term.expired"
)

// TermAlerts generates the term alerts from the organisations' recorded terms. Expired is the
// term sweep's mark (internal/service/org keeps term_expired and its rollup count daily, and a
// recorded election clears it); expiring is a term not yet marked that ends within the months.
type TermAlerts struct{ Committees *Service }

// Kinds implements alert.Generator.
func (TermAlerts) Kinds() []string { return []string{KindTermExpiring, KindTermExpired} }

// Generate implements alert.Generator.
func (g TermAlerts) Generate(ctx context.Context, today model.Date) ([]model.Alert, error) {
	s := g.Committees
	orgs, err := s.Store.TermOrgsAll(ctx)
	if err != nil {
		return nil, err
	}
	until := today.AddDate(0, s.Rules.OrgLife.TermAlertMonths, 0)
	var out []model.Alert
	for _, o := range orgs {
		end := o.TermEnd()
		if end.IsZero() {
			continue
		}
		a := model.Alert{OrgID: o.ID, OrgPath: o.Path, SubjectType: "org", SubjectID: o.ID, DueOn: end,
			Params: map[string]string{"Org": o.Name, "End": end.String(), "Start": o.TermStart.String(),
				"Years": strconv.Itoa(o.TermYears)}}
		switch {
		case o.TermExpired:
			a.Kind, a.Severity = KindTermExpired, model.AlertOverdue
		case !until.Before(end) && !end.Before(today):
			a.Kind, a.Severity = KindTermExpiring, model.AlertWarning
			a.Params["Months"] = strconv.Itoa(s.Rules.OrgLife.TermAlertMonths)
		default:
			continue
		}
		out = append(out, a)
	}
	return out, nil
}
