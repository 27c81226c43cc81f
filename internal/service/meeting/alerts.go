package meeting

import (
	"context"
	"strconv"

	"dangjian/internal/model"
)

// KindNoOrgLife is the alert on a member with no organisational life (no meeting attended) for
// six consecutive months (rules §2.4.4, cheat-sheet 5); the member-lifecycle work consumes it.
const KindNoOrgLife = "orglife.no_org_life_6m"

// KindMissedPrefix starts the compliance alerts, one kind per required meeting type:
// "orglife.missed.committee_meeting" is a branch that held no committee meeting last month.
const KindMissedPrefix = "orglife.missed."

// ComplianceAlerts raises, for each organisation that must hold a meeting, an alert when it
// did not in the last ended period. Only organisations that record their organisational life
// in the product are judged: those whose first held meeting lies on or before the period's
// start (a freshly imported city raises nothing until it records meetings).
type ComplianceAlerts struct{ Meetings *Service }

// Kinds implements alert.Generator: one kind per required meeting type.
func (g ComplianceAlerts) Kinds() []string {
	var out []string
	for _, r := range g.Meetings.Rules.OrgLife.Requirements {
		out = append(out, KindMissedPrefix+string(r.MeetingType))
	}
	return out
}

// Generate implements alert.Generator.
func (g ComplianceAlerts) Generate(ctx context.Context, today model.Date) ([]model.Alert, error) {
	s := g.Meetings
	first, err := s.Store.FirstMeetings(ctx)
	if err != nil || len(first) == 0 {
		return nil, err
	}
	reqs := s.Rules.OrgLife.Requirements
	periods := make([]model.Period, len(reqs))
	var months []string
	for i := range reqs {
		periods[i] = model.PeriodOf(reqs[i].Period, today).Prev()
		months = append(months, periods[i].Months()...)
	}
	tallies, err := s.Store.Tallies(ctx, months)
	if err != nil {
		return nil, err
	}
	orgs, err := s.Store.LiveOrgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []model.Alert
	for _, o := range orgs {
		start, ok := first[o.ID]
		if !ok {
			continue
		}
		for i := range reqs {
			req, p := &reqs[i], periods[i]
			if !req.AppliesTo(o.Type, o.HasCommittee) || p.Start().Before(start) {
				continue
			}
			var held int64
			for _, m := range p.Months() {
				held += tallies[o.ID][req.MeetingType][m]
			}
			if held >= int64(req.Times) {
				continue
			}
			out = append(out, model.Alert{Kind: KindMissedPrefix + string(req.MeetingType), Severity: model.AlertOverdue,
				OrgID: o.ID, OrgPath: o.Path, SubjectType: "org", SubjectID: o.ID, DueOn: p.End(),
				Params: map[string]string{"Org": o.Name, "Period": p.String(), "Held": strconv.FormatInt(held, 10),
					"Times": strconv.Itoa(req.Times)}})
		}
	}
	return out, nil
}

// NoOrgLifeAlerts raises KindNoOrgLife for every member in normal standing whose last
// attendance at any meeting lies six months (the rule's months) or more before today. The six
// months count only from when the member's branch (or party group) started recording meetings
// in the product — its first held meeting — and from the member's admission, so that members of
// an organisation that has just started using the product are not all flagged.
type NoOrgLifeAlerts struct{ Meetings *Service }

// Kinds implements alert.Generator.
func (NoOrgLifeAlerts) Kinds() []string { return []string{KindNoOrgLife} }

// Generate implements alert.Generator.
func (g NoOrgLifeAlerts) Generate(ctx context.Context, today model.Date) ([]model.Alert, error) {
	s := g.Meetings
	cutoff := today.AddDate(0, -s.Rules.OrgLife.NoOrgLifeMonths, 0)
	first, err := s.Store.FirstMeetings(ctx)
	if err != nil || len(first) == 0 {
		return nil, err
	}
	ids := make([]int64, 0, len(first))
	for id, d := range first {
		if !cutoff.Before(d) {
			ids = append(ids, id)
		}
	}
	orgs, err := s.Store.OrgsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, o := range orgs {
		if o.Type.IsBranchLevel() && !o.Dissolved() {
			paths = append(paths, o.Path)
		}
	}
	rows, err := s.Store.LastOrgLife(ctx, paths, model.StatusNormal)
	if err != nil {
		return nil, err
	}
	var out []model.Alert
	seen := map[int64]bool{}
	for _, r := range rows {
		if seen[r.MemberID] {
			continue // a party group that records inside a branch that records
		}
		seen[r.MemberID] = true
		if !r.AdmittedOn.IsZero() && cutoff.Before(r.AdmittedOn) {
			continue
		}
		if !r.LastOn.IsZero() && cutoff.Before(r.LastOn) {
			continue
		}
		params := map[string]string{"Name": r.Name, "Org": r.OrgName, "Months": strconv.Itoa(s.Rules.OrgLife.NoOrgLifeMonths)}
		since := r.LastOn
		if since.IsZero() {
			params["Never"] = "1"
		} else {
			params["Last"] = since.String()
		}
		out = append(out, model.Alert{Kind: KindNoOrgLife, Severity: model.AlertWarning, OrgID: r.OrgID, OrgPath: r.OrgPath,
			SubjectType: "member", SubjectID: r.MemberID, Params: params})
	}
	return out, nil
}
