package member

import (
	"context"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Query is a member list request as users express it.
type Query struct {
	OrgID     int64
	Q         string
	Category  string
	Status    string // one status, "all", or empty for the statuses in the register
	Sex       string
	Education string
	Ethnicity string
	AgeBand   string
	Sort      string
	Page      int
	Size      int
	// Unmasked asks for full ID numbers and phones (exports by roles that may see them; the
	// export is audited as such).
	Unmasked bool
}

// MaxPageSize bounds one page of a list.
const MaxPageSize = 200

// Filter turns a query into a store filter, checking enum values and the organisation.
func (s *Service) Filter(ctx context.Context, p *auth.Principal, q Query) (store.Scope, store.MemberFilter, error) {
	sc, f, _, err := s.filter(ctx, p, q, "")
	return sc, f, err
}

// filter is Filter, reading with the organisation its rollup counter metric (when not
// empty), in the same query.
func (s *Service) filter(ctx context.Context, p *auth.Principal, q Query, metric string) (store.Scope, store.MemberFilter, int64, error) {
	sc := p.ReadScope()
	f := store.MemberFilter{Q: strings.TrimSpace(q.Q), Sex: model.Sex(q.Sex), Education: q.Education, Ethnicity: q.Ethnicity, Sort: q.Sort}
	var fe []errs.FieldError
	var count int64
	if q.OrgID != 0 {
		o, n, err := s.Store.GetOrgCount(ctx, sc, q.OrgID, metric)
		if err != nil {
			return sc, f, 0, errs.ErrNotFound
		}
		f.OrgPath, count = o.Path, n
	}
	if q.Category != "" {
		f.Category = model.Category(q.Category)
		if f.Category != model.Full && f.Category != model.Probationary {
			fe = append(fe, errs.FieldError{Field: "category", Code: "invalid_value", Params: map[string]any{"Value": q.Category}})
		}
	}
	switch q.Status {
	case "":
		for _, st := range model.Statuses {
			if st.InRegister() {
				f.Statuses = append(f.Statuses, st)
			}
		}
	case "all":
	default:
		f.Statuses = []model.Status{model.Status(q.Status)}
	}
	if f.Sex != "" && f.Sex != model.Male && f.Sex != model.Female {
		fe = append(fe, errs.FieldError{Field: "sex", Code: "invalid_value", Params: map[string]any{"Value": q.Sex}})
	}
	if q.AgeBand != "" && q.AgeBand != "unknown" {
		found := false
		year := s.Today().Year()
		for _, b := range s.Rules.Member.AgeBands {
			if b.Name != q.AgeBand {
				continue
			}
			found = true
			// Age in the statistics is the calendar year minus the birth year.
			f.BornOnOrBefore = model.NewDate(year-b.Min, 12, 31)
			if b.Max > 0 {
				f.BornAfter = model.NewDate(year-b.Max-1, 12, 31)
			}
		}
		if !found {
			fe = append(fe, errs.FieldError{Field: "age_band", Code: "invalid_value", Params: map[string]any{"Value": q.AgeBand}})
		}
	}
	if !store.ValidMemberSort(q.Sort) {
		fe = append(fe, errs.FieldError{Field: "sort", Code: "invalid_value", Params: map[string]any{"Value": q.Sort}})
	}
	return sc, f, count, errs.Fields(fe)
}

// List returns one page of members matching q in the caller's scope, and the total.
func (s *Service) List(ctx context.Context, p *auth.Principal, q Query) ([]*model.Member, int64, error) {
	metric, countable := rollupMetric(q)
	if !countable {
		metric = ""
	}
	sc, f, count, err := s.filter(ctx, p, q, metric)
	if err != nil {
		return nil, 0, err
	}
	size := q.Size
	if size <= 0 {
		size = 20
	}
	size = min(size, MaxPageSize)
	page := max(q.Page, 1)
	f.Limit, f.Offset = size, (page-1)*size
	// The rollup counts the whole subtree: it answers the total when the caller sees all of it.
	known := countable && f.OrgPath != "" && !(sc.SelfMemberID != 0 && len(sc.Paths) == 0) && (sc.All || sc.CoversPath(f.OrgPath))
	f.SkipCount = known
	items, n, err := s.Store.ListMembers(ctx, sc, f)
	total := count
	if !known {
		total = n
	}
	if items == nil {
		items = []*model.Member{}
	}
	for i, m := range items {
		items[i] = m.Redacted()
	}
	return items, total, err
}

// rollupMetric names the rollup counter that answers the total of a list when the filter is
// one the rollup counts (a subtree, the register's statuses or one status, and at most one of
// category, sex, education, ethnicity), so that paging a city of a million members never
// counts rows; countable is false for other filters.
func rollupMetric(q Query) (metric string, countable bool) {
	if strings.TrimSpace(q.Q) != "" || q.AgeBand != "" || q.Status == "all" || q.OrgID == 0 {
		return "", false
	}
	metric, dims := model.MetricMembers, 0
	if q.Status != "" {
		metric, dims = "member.status."+q.Status, dims+1
		if !model.Status(q.Status).InRegister() && (q.Category != "" || q.Sex != "" || q.Education != "" || q.Ethnicity != "") {
			return "", false // the rollup counts dimensions for members in the register only
		}
	}
	for prefix, v := range map[string]string{"member.category.": q.Category, "member.sex.": q.Sex,
		"member.education.": q.Education, "member.ethnicity.": q.Ethnicity} {
		if v != "" {
			metric, dims = prefix+v, dims+1
		}
	}
	return metric, dims <= 1
}

// CheckExport checks an export request before its first byte: the filter, and the right to
// unmask personal data when asked.
func (s *Service) CheckExport(ctx context.Context, p *auth.Principal, q Query) error {
	if _, _, err := s.Filter(ctx, p, q); err != nil {
		return err
	}
	if q.Unmasked && !s.MayUnmask(p) {
		return errs.ErrForbidden
	}
	return nil
}

// Each streams every member matching q in the caller's scope (exports), masked unless
// q.Unmasked (refused for roles that may not see personal data).
func (s *Service) Each(ctx context.Context, p *auth.Principal, q Query, fn func(*model.Member) error) error {
	sc, f, err := s.Filter(ctx, p, q)
	if err != nil {
		return err
	}
	if q.Unmasked && !s.MayUnmask(p) {
		return errs.ErrForbidden
	}
	return s.Store.EachMember(ctx, sc, f, func(m *model.Member) error {
		if !q.Unmasked {
			m = m.Redacted()
		}
		return fn(m)
	})
}
