package meeting

import (
	"context"
	"strconv"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/sheet"
	"dangjian/internal/store"
)

// ComplianceFigure is held versus required for one requirement in one subtree.
type ComplianceFigure struct {
	MeetingType model.MeetingType `json:"meeting_type"`
	Period      string            `json:"period"`
	// Ended reports whether the period is over (a shortfall is then final).
	Ended    bool  `json:"ended"`
	Required int64 `json:"required"`
	Met      int64 `json:"met"`
	Missed   int64 `json:"missed"`
}

// ComplianceRow is one organisation's figures.
type ComplianceRow struct {
	OrgID   int64              `json:"org_id"`
	OrgName string             `json:"org_name"`
	OrgType model.OrgType      `json:"org_type"`
	Figures []ComplianceFigure `json:"figures"`
}

// Compliance is the compliance of a subtree and of each child for the periods containing a month.
type Compliance struct {
	Month        string                     `json:"month"`
	Requirements []rules.MeetingRequirement `json:"requirements"`
	Total        ComplianceRow              `json:"total"`
	Children     []ComplianceRow            `json:"children"`
}

// requiredMetrics are the rollup counters whose sum is how many organisations must meet req.
func requiredMetrics(req *rules.MeetingRequirement) []string {
	var out []string
	for _, t := range req.OrgTypes {
		if req.WithCommittee {
			out = append(out, model.MetricCommitteeOrgType(t))
		} else {
			out = append(out, model.MetricOrgType(t))
		}
	}
	return out
}

func (s *Service) readScope(p *auth.Principal) (store.Scope, error) {
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return sc, errs.ErrNotFound
	}
	return sc, nil
}

// Compliance reads, from the rollups, how many organisations of the subtree at orgID (and of
// each child subtree) had to hold each required meeting in the period containing month, and
// how many did. Required counts are today's organisations.
func (s *Service) Compliance(ctx context.Context, p *auth.Principal, orgID int64, month model.Period) (*Compliance, error) {
	sc, err := s.readScope(p)
	if err != nil {
		return nil, err
	}
	o, err := s.Store.GetOrg(ctx, sc, orgID)
	if err != nil {
		return nil, errs.ErrNotFound
	}
	children, err := s.Store.ChildOrgs(ctx, sc, o.ID, false)
	if err != nil {
		return nil, err
	}
	ids := []int64{o.ID}
	for _, c := range children {
		ids = append(ids, c.ID)
	}
	reqs := s.Rules.OrgLife.Requirements
	var metrics []string
	for i := range reqs {
		metrics = append(metrics, requiredMetrics(&reqs[i])...)
	}
	counters, err := s.Store.CountersOf(ctx, ids, metrics)
	if err != nil {
		return nil, err
	}
	today := s.today()
	figures := map[int64][]ComplianceFigure{}
	for i := range reqs {
		req := &reqs[i]
		period := model.PeriodOf(req.Period, month.Start())
		met, err := s.Store.ComplianceMet(ctx, ids, req.MeetingType, period.String())
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			f := ComplianceFigure{MeetingType: req.MeetingType, Period: period.String(), Ended: period.End().Before(today), Met: met[id]}
			for _, m := range requiredMetrics(req) {
				f.Required += counters[id][m]
			}
			f.Missed = max(f.Required-f.Met, 0)
			figures[id] = append(figures[id], f)
		}
	}
	out := &Compliance{Month: month.String(), Requirements: reqs,
		Total: ComplianceRow{OrgID: o.ID, OrgName: o.Name, OrgType: o.Type, Figures: figures[o.ID]}}
	for _, c := range children {
		out.Children = append(out.Children, ComplianceRow{OrgID: c.ID, OrgName: c.Name, OrgType: c.Type, Figures: figures[c.ID]})
	}
	return out, nil
}

// Missed is an organisation that held fewer meetings than required in a period.
type Missed struct {
	Org      *model.Org `json:"org"`
	Held     int64      `json:"held"`
	Required int        `json:"required"`
}

// MissedOrgs lists, page by page, the organisations of a subtree that held fewer meetings of
// a type than required in the period containing month (e.g. "branches with no committee
// meeting this month").
func (s *Service) MissedOrgs(ctx context.Context, p *auth.Principal, orgID int64, mt model.MeetingType, month model.Period, page, size int) ([]Missed, int64, string, error) {
	sc, err := s.readScope(p)
	if err != nil {
		return nil, 0, "", err
	}
	o, err := s.Store.GetOrg(ctx, sc, orgID)
	if err != nil {
		return nil, 0, "", errs.ErrNotFound
	}
	req := s.Rules.OrgLife.RequirementFor(mt)
	if req == nil {
		return nil, 0, "", errs.Field("meeting_type", "meeting.not_required", map[string]any{"Value": mt})
	}
	period := model.PeriodOf(req.Period, month.Start())
	rows, total, err := s.Store.MissedOrgs(ctx, sc, store.MissedFilter{Path: o.Path, MeetingType: mt, OrgTypes: req.OrgTypes,
		WithCommittee: req.WithCommittee, Months: period.Months(), Times: req.Times, Limit: size, Offset: (page - 1) * size})
	if err != nil {
		return nil, 0, "", err
	}
	out := make([]Missed, len(rows))
	for i, r := range rows {
		out[i] = Missed{Org: r.Org, Held: r.Held, Required: req.Times}
	}
	return out, total, period.String(), nil
}

// ExportCompliance writes, for every organisation of the subtree that must hold meetings,
// how many of each required type it held in the periods containing month, and whether that
// meets the rule. Header labels are in the caller's language via label.
func (s *Service) ExportCompliance(ctx context.Context, p *auth.Principal, orgID int64, month model.Period, label func(string) string, w sheet.Writer) error {
	sc, err := s.readScope(p)
	if err != nil {
		return err
	}
	o, err := s.Store.GetOrg(ctx, sc, orgID)
	if err != nil {
		return errs.ErrNotFound
	}
	orgs, err := s.Store.SubtreeOrgs(ctx, sc, o.Path)
	if err != nil {
		return err
	}
	reqs := s.Rules.OrgLife.Requirements
	monthsSet := map[string]bool{}
	periods := make([]model.Period, len(reqs))
	for i := range reqs {
		periods[i] = model.PeriodOf(reqs[i].Period, month.Start())
		for _, m := range periods[i].Months() {
			monthsSet[m] = true
		}
	}
	var months []string
	for m := range monthsSet {
		months = append(months, m)
	}
	tallies, err := s.Store.Tallies(ctx, months)
	if err != nil {
		return err
	}
	header := []string{label("export.org"), label("export.org_type")}
	for i := range reqs {
		header = append(header, label("meeting_type."+string(reqs[i].MeetingType))+" "+periods[i].String(), label("export.met"))
	}
	if err := w.WriteHeader(header); err != nil {
		return err
	}
	for _, org := range orgs {
		if org.Dissolved() {
			continue
		}
		row := []string{org.Name, label("org_type." + string(org.Type))}
		applies := false
		for i := range reqs {
			if !reqs[i].AppliesTo(org.Type, org.HasCommittee) {
				row = append(row, "", "")
				continue
			}
			applies = true
			var held int64
			for _, m := range periods[i].Months() {
				held += tallies[org.ID][reqs[i].MeetingType][m]
			}
			ok := label("export.no")
			if held >= int64(reqs[i].Times) {
				ok = label("export.yes")
			}
			row = append(row, strconv.FormatInt(held, 10), ok)
		}
		if applies {
			if err := w.WriteRow(row); err != nil {
				return err
			}
		}
	}
	return w.Close()
}
