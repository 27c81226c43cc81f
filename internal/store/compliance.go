package store

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"dangjian/internal/model"
)

// ComplianceRules tells the store which meeting requirement applies to an organisation (the
// rules package implements it); with none set, meetings are tallied but nothing is required.
type ComplianceRules interface {
	Requirement(t model.OrgType, hasCommittee bool, mt model.MeetingType) (model.PeriodKind, int, bool)
}

func (s *Store) requirement(t model.OrgType, committee bool, mt model.MeetingType) (model.PeriodKind, int, bool) {
	if s.Compliance == nil {
		return "", 0, false
	}
	return s.Compliance.Requirement(t, committee, mt)
}

// lockOrg serialises concurrent writers of one organisation's counters on PostgreSQL (SQLite
// has one writer anyway).
func (tx *Tx) lockOrg(ctx context.Context, id int64) error {
	if tx.d != Postgres {
		return nil
	}
	_, err := tx.db.ExecContext(ctx, `SELECT id FROM orgs WHERE id = $1 FOR UPDATE`, id)
	return err
}

// countMeeting adds sign × one held meeting to its organisation's monthly tally and, when that
// moves the organisation across its requirement for the period, to the compliance rollup of the
// organisation and its ancestors.
func (tx *Tx) countMeeting(ctx context.Context, m *model.Meeting, sign int64) error {
	if err := tx.lockOrg(ctx, m.OrgID); err != nil {
		return err
	}
	o, err := tx.GetOrg(ctx, AllScope, m.OrgID)
	if err != nil {
		return err
	}
	month := model.MonthKey(m.HeldOn)
	if _, err := tx.db.ExecContext(ctx, `INSERT INTO meeting_tallies (org_id, meeting_type, month, held) VALUES ($1,$2,$3,$4)
		ON CONFLICT (org_id, meeting_type, month) DO UPDATE SET held = meeting_tallies.held + excluded.held`,
		m.OrgID, m.Type, month, sign); err != nil {
		return err
	}
	kind, times, ok := tx.store.requirement(o.Type, o.HasCommittee, m.Type)
	if !ok {
		return nil
	}
	p := model.PeriodOf(kind, m.HeldOn)
	held, err := tx.heldIn(ctx, m.OrgID, m.Type, p)
	if err != nil {
		return err
	}
	was, is := held-sign >= int64(times), held >= int64(times)
	switch {
	case is && !was:
		return tx.addCompliance(ctx, o.Path, m.Type, p.String(), 1)
	case was && !is:
		return tx.addCompliance(ctx, o.Path, m.Type, p.String(), -1)
	}
	return nil
}

// heldIn is how many meetings of type mt the organisation held in period p (from its tallies).
func (q queries) heldIn(ctx context.Context, orgID int64, mt model.MeetingType, p model.Period) (int64, error) {
	months := p.Months()
	a := &args{}
	org, typ := a.add(orgID), a.add(string(mt))
	ph := make([]string, len(months))
	for i, m := range months {
		ph[i] = a.add(m)
	}
	var n int64
	err := q.queryRow(ctx, `SELECT COALESCE(SUM(held), 0) FROM meeting_tallies WHERE org_id = `+org+
		` AND meeting_type = `+typ+` AND month IN (`+strings.Join(ph, ",")+`)`, a.v...).Scan(&n)
	return n, err
}

// addCompliance adds n to the compliance rollup of (type, period) along path, ancestors first.
func (tx *Tx) addCompliance(ctx context.Context, path string, mt model.MeetingType, period string, n int64) error {
	for _, id := range model.PathIDs(path) {
		if _, err := tx.db.ExecContext(ctx, `INSERT INTO compliance_stats (org_id, meeting_type, period, met) VALUES ($1,$2,$3,$4)
			ON CONFLICT (org_id, meeting_type, period) DO UPDATE SET met = compliance_stats.met + excluded.met`,
			id, mt, period, n); err != nil {
			return err
		}
	}
	return nil
}

// tallies returns an organisation's held meetings by type and month.
func (q queries) tallies(ctx context.Context, orgID int64) (map[model.MeetingType]map[string]int64, error) {
	rows, err := q.query(ctx, `SELECT meeting_type, month, held FROM meeting_tallies WHERE org_id = $1 AND held <> 0`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[model.MeetingType]map[string]int64{}
	for rows.Next() {
		var mt model.MeetingType
		var month string
		var n int64
		if err := rows.Scan(&mt, &month, &n); err != nil {
			return nil, err
		}
		if out[mt] == nil {
			out[mt] = map[string]int64{}
		}
		out[mt][month] = n
	}
	return out, rows.Err()
}

// lifeKey addresses one counter of the organisational-life rollups: an organisation and two
// more parts (meeting type and month or period; directive and field).
type lifeKey struct {
	org  int64
	a, b string
}

// typePeriod is a meeting type and a period key.
type typePeriod struct{ mt, period string }

// metPeriods returns the periods in which an organisation of this type met each requirement,
// given its monthly tallies.
func (s *Store) metPeriods(t model.OrgType, committee bool, tallies map[model.MeetingType]map[string]int64) map[typePeriod]bool {
	out := map[typePeriod]bool{}
	for mt, months := range tallies {
		kind, times, ok := s.requirement(t, committee, mt)
		if !ok {
			continue
		}
		sums := map[string]int64{}
		for month, n := range months {
			d, err := model.ParseDate(month + "-01")
			if err != nil {
				continue
			}
			sums[model.PeriodOf(kind, d).String()] += n
		}
		for p, n := range sums {
			if n >= int64(times) {
				out[typePeriod{string(mt), p}] = true
			}
		}
	}
	return out
}

// rederiveCompliance moves an organisation's compliance contribution after a change of its type
// or committee: periods it met under the old attributes and no longer does, or the reverse.
func (tx *Tx) rederiveCompliance(ctx context.Context, old, o *model.Org) error {
	t, err := tx.tallies(ctx, o.ID)
	if err != nil || len(t) == 0 {
		return err
	}
	before := tx.store.metPeriods(old.Type, old.HasCommittee, t)
	after := tx.store.metPeriods(o.Type, o.HasCommittee, t)
	if old.Dissolved() {
		before = nil
	}
	if o.Dissolved() {
		after = nil
	}
	type change struct {
		typePeriod
		n int64
	}
	var changes []change
	for k := range before {
		if !after[k] {
			changes = append(changes, change{k, -1})
		}
	}
	for k := range after {
		if !before[k] {
			changes = append(changes, change{k, 1})
		}
	}
	sort.Slice(changes, func(i, j int) bool {
		if changes[i].mt != changes[j].mt {
			return changes[i].mt < changes[j].mt
		}
		return changes[i].period < changes[j].period
	})
	for _, c := range changes {
		if err := tx.addCompliance(ctx, o.Path, model.MeetingType(c.mt), c.period, c.n); err != nil {
			return err
		}
	}
	return nil
}

// ComplianceRow is one organisation's compliance figures for one requirement and period:
// how many organisations of its subtree must hold the meeting and how many did.
type ComplianceRow struct {
	Org      *model.Org
	Required int64
	Met      int64
}

// ComplianceMet returns the rollup's met count of each organisation for (type, period).
func (q queries) ComplianceMet(ctx context.Context, orgIDs []int64, mt model.MeetingType, period string) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	a := &args{}
	typ, per := a.add(string(mt)), a.add(period)
	ph := make([]string, len(orgIDs))
	for i, id := range orgIDs {
		ph[i] = a.add(id)
	}
	rows, err := q.query(ctx, `SELECT org_id, met FROM compliance_stats WHERE meeting_type = `+typ+` AND period = `+per+
		` AND org_id IN (`+strings.Join(ph, ",")+`)`, a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// CountersOf returns selected rollup counters of several organisations: org id → metric → n.
func (q queries) CountersOf(ctx context.Context, orgIDs []int64, metrics []string) (map[int64]map[string]int64, error) {
	out := map[int64]map[string]int64{}
	if len(orgIDs) == 0 || len(metrics) == 0 {
		return out, nil
	}
	a := &args{}
	ph := make([]string, len(orgIDs))
	for i, id := range orgIDs {
		ph[i] = a.add(id)
	}
	mh := make([]string, len(metrics))
	for i, m := range metrics {
		mh[i] = a.add(m)
	}
	rows, err := q.query(ctx, `SELECT org_id, metric, n FROM org_stats WHERE org_id IN (`+strings.Join(ph, ",")+
		`) AND metric IN (`+strings.Join(mh, ",")+`)`, a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		var m string
		if err := rows.Scan(&id, &m, &n); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[string]int64{}
		}
		out[id][m] = n
	}
	return out, rows.Err()
}

// MissedFilter selects the organisations of a subtree that must hold a meeting in a period
// and held fewer than required.
type MissedFilter struct {
	Path          string
	MeetingType   model.MeetingType
	OrgTypes      []model.OrgType
	WithCommittee bool
	Months        []string
	Times         int
	Limit, Offset int
}

// OrgHeld is an organisation with how many meetings of one type it held in a period.
type OrgHeld struct {
	Org  *model.Org
	Held int64
}

func (f *MissedFilter) where(sc Scope, a *args) string {
	typ := a.add(string(f.MeetingType))
	mh := make([]string, len(f.Months))
	for i, m := range f.Months {
		mh[i] = a.add(m)
	}
	held := `(SELECT COALESCE(SUM(t.held), 0) FROM meeting_tallies t WHERE t.org_id = o.id AND t.meeting_type = ` + typ +
		` AND t.month IN (` + strings.Join(mh, ",") + `))`
	th := make([]string, len(f.OrgTypes))
	for i, t := range f.OrgTypes {
		th[i] = a.add(string(t))
	}
	w := []string{sc.underClause("o.path", f.Path, a), "o.dissolved_on IS NULL", "o.type IN (" + strings.Join(th, ",") + ")", held + " < " + a.add(f.Times)}
	if f.WithCommittee {
		w = append(w, "o.has_committee")
	}
	return strings.Join(w, " AND ")
}

// MissedOrgs returns the organisations that held fewer meetings than required, by path, and
// their total.
func (q queries) MissedOrgs(ctx context.Context, sc Scope, f MissedFilter) ([]OrgHeld, int64, error) {
	if len(f.OrgTypes) == 0 || len(f.Months) == 0 {
		return nil, 0, nil
	}
	a := &args{}
	where := f.where(sc, a)
	var total int64
	if err := q.queryRow(ctx, "SELECT COUNT(*) FROM orgs o WHERE "+where, a.v...).Scan(&total); err != nil {
		return nil, 0, err
	}
	mh := make([]string, len(f.Months))
	for i, m := range f.Months {
		mh[i] = a.add(m)
	}
	typ := a.add(string(f.MeetingType))
	query := "SELECT " + orgColumns + `, (SELECT COALESCE(SUM(t.held), 0) FROM meeting_tallies t WHERE t.org_id = o.id
		AND t.meeting_type = ` + typ + ` AND t.month IN (` + strings.Join(mh, ",") + `)) FROM orgs o WHERE ` + where +
		" ORDER BY o.path"
	if f.Limit > 0 {
		query += " LIMIT " + a.add(f.Limit) + " OFFSET " + a.add(f.Offset)
	}
	rows, err := q.query(ctx, query, a.v...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []OrgHeld
	for rows.Next() {
		var h OrgHeld
		var o model.Org
		var parent *int64
		if err := rows.Scan(&o.ID, &parent, &o.Depth, &o.Path, &o.Name, &o.ShortName, &o.Type, &o.HasCommittee,
			&o.UnitType, &o.UnitName, &o.Industry, &o.Code, &o.UnitCode, &o.Address, &o.Phone, &o.FoundedOn,
			&o.DissolvedOn, &o.TermStart, &o.TermYears, &o.TermExpired, &o.Version, &o.CreatedAt, &o.UpdatedAt, &h.Held); err != nil {
			return nil, 0, err
		}
		if parent != nil {
			o.ParentID = *parent
		}
		h.Org = &o
		out = append(out, h)
	}
	return out, total, rows.Err()
}

// FirstMeetings returns, per organisation, the date of its first held meeting: when it started
// recording its organisational life in the product.
func (q queries) FirstMeetings(ctx context.Context) (map[int64]model.Date, error) {
	rows, err := q.query(ctx, `SELECT org_id, MIN(held_on) FROM meetings WHERE status = 'held' GROUP BY org_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]model.Date{}
	for rows.Next() {
		var id int64
		var d model.Date
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[id] = d
	}
	return out, rows.Err()
}

// Tallies returns every organisation's monthly tallies of held meetings (the compliance alerts
// read them once a day).
func (q queries) Tallies(ctx context.Context, months []string) (map[int64]map[model.MeetingType]map[string]int64, error) {
	out := map[int64]map[model.MeetingType]map[string]int64{}
	if len(months) == 0 {
		return out, nil
	}
	a := &args{}
	ph := make([]string, len(months))
	for i, m := range months {
		ph[i] = a.add(m)
	}
	rows, err := q.query(ctx, `SELECT org_id, meeting_type, month, held FROM meeting_tallies WHERE held <> 0 AND month IN (`+
		strings.Join(ph, ",")+`)`, a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		var mt model.MeetingType
		var month string
		if err := rows.Scan(&id, &mt, &month, &n); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[model.MeetingType]map[string]int64{}
		}
		if out[id][mt] == nil {
			out[id][mt] = map[string]int64{}
		}
		out[id][mt][month] = n
	}
	return out, rows.Err()
}

// LiveOrgs returns every live organisation (system-wide reads of the daily alert run).
func (q queries) LiveOrgs(ctx context.Context) ([]*model.Org, error) {
	return q.queryOrgs(ctx, "SELECT "+orgColumns+" FROM orgs o WHERE o.dissolved_on IS NULL ORDER BY o.path")
}

// recountCompliance computes the tallies (org, type, month) and the compliance rollup
// (org, type, period) from the meetings table.
func (q queries) recountCompliance(ctx context.Context, s *Store) (tallies, met map[lifeKey]int64, err error) {
	rows, err := q.query(ctx, `SELECT org_id, type, held_on FROM meetings WHERE status = 'held'`)
	if err != nil {
		return nil, nil, err
	}
	perOrg := map[int64]map[model.MeetingType]map[string]int64{}
	tallies = map[lifeKey]int64{}
	for rows.Next() {
		var id int64
		var mt model.MeetingType
		var d model.Date
		if err := rows.Scan(&id, &mt, &d); err != nil {
			rows.Close()
			return nil, nil, err
		}
		month := model.MonthKey(d)
		tallies[lifeKey{id, string(mt), month}]++
		if perOrg[id] == nil {
			perOrg[id] = map[model.MeetingType]map[string]int64{}
		}
		if perOrg[id][mt] == nil {
			perOrg[id][mt] = map[string]int64{}
		}
		perOrg[id][mt][month]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	met = map[lifeKey]int64{}
	for id, t := range perOrg {
		o, err := q.GetOrg(ctx, AllScope, id)
		if err != nil {
			return nil, nil, err
		}
		if o.Dissolved() {
			continue
		}
		for k := range s.metPeriods(o.Type, o.HasCommittee, t) {
			for _, anc := range model.PathIDs(o.Path) {
				met[lifeKey{anc, k.mt, k.period}]++
			}
		}
	}
	return tallies, met, nil
}

// storedCompliance reads the stored tallies and compliance rollup.
func (q queries) storedCompliance(ctx context.Context) (tallies, met map[lifeKey]int64, err error) {
	tallies, met = map[lifeKey]int64{}, map[lifeKey]int64{}
	rows, err := q.query(ctx, `SELECT org_id, meeting_type, month, held FROM meeting_tallies WHERE held <> 0`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var k lifeKey
		var n int64
		if err := rows.Scan(&k.org, &k.a, &k.b, &n); err != nil {
			rows.Close()
			return nil, nil, err
		}
		tallies[k] = n
	}
	rows.Close()
	rows, err = q.query(ctx, `SELECT org_id, meeting_type, period, met FROM compliance_stats WHERE met <> 0`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k lifeKey
		var n int64
		if err := rows.Scan(&k.org, &k.a, &k.b, &n); err != nil {
			return nil, nil, err
		}
		met[k] = n
	}
	return tallies, met, rows.Err()
}

// writeCompliance replaces the tallies and the compliance rollup (rebuild).
func (tx *Tx) writeCompliance(ctx context.Context, tallies, met map[lifeKey]int64) error {
	if _, err := tx.db.ExecContext(ctx, `DELETE FROM meeting_tallies`); err != nil {
		return err
	}
	if _, err := tx.db.ExecContext(ctx, `DELETE FROM compliance_stats`); err != nil {
		return err
	}
	for k, n := range tallies {
		if _, err := tx.db.ExecContext(ctx, `INSERT INTO meeting_tallies (org_id, meeting_type, month, held) VALUES ($1,$2,$3,$4)`,
			k.org, k.a, k.b, n); err != nil {
			return err
		}
	}
	for k, n := range met {
		if _, err := tx.db.ExecContext(ctx, `INSERT INTO compliance_stats (org_id, meeting_type, period, met) VALUES ($1,$2,$3,$4)`,
			k.org, k.a, k.b, n); err != nil {
			return err
		}
	}
	return nil
}

// moveCompliance moves the compliance counts of the subtree at root from the old ancestors
// to the new ones (the tallies are per organisation and do not move).
func (tx *Tx) moveCompliance(ctx context.Context, rootID int64, oldAnc, newAnc []int64) error {
	rows, err := tx.db.QueryContext(ctx, `SELECT meeting_type, period, met FROM compliance_stats WHERE org_id = $1 AND met <> 0`, rootID)
	if err != nil {
		return err
	}
	type cnt struct {
		mt, period string
		n          int64
	}
	var list []cnt
	for rows.Next() {
		var c cnt
		if err := rows.Scan(&c.mt, &c.period, &c.n); err != nil {
			rows.Close()
			return err
		}
		list = append(list, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range list {
		for _, id := range oldAnc {
			if _, err := tx.db.ExecContext(ctx, `UPDATE compliance_stats SET met = met - $1 WHERE org_id = $2 AND meeting_type = $3 AND period = $4`,
				c.n, id, c.mt, c.period); err != nil {
				return err
			}
		}
		for _, id := range newAnc {
			if _, err := tx.db.ExecContext(ctx, `INSERT INTO compliance_stats (org_id, meeting_type, period, met) VALUES ($1,$2,$3,$4)
				ON CONFLICT (org_id, meeting_type, period) DO UPDATE SET met = compliance_stats.met + excluded.met`,
				id, c.mt, c.period, c.n); err != nil {
				return err
			}
		}
	}
	return nil
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func parseInt64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
