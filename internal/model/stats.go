package model

import "strconv"

// Rollup metric names. Each rollup row is (organisation, metric, count) and counts the
// organisation's whole subtree, except the Self* metrics, which count the organisation alone.
const (
	MetricMembers         = "members"              // members in the register (InRegister statuses)
	MetricOrgs            = "orgs"                 // organisations not dissolved, self included
	MetricBranchBelowMin  = "org.branch_below_min" // branches below the minimum of full members
	MetricTermExpired     = "org.term_expired"     // committees whose term has expired
	MetricSelfFull        = "self.full"            // full members directly in this organisation
	MetricSelfMembers     = "self.members"         // members directly in this organisation
	MetricSelfBelowMin    = "self.below_min"       // 1 while this branch is below the minimum
	metricCategoryPrefix  = "member.category."
	metricStatusPrefix    = "member.status."
	metricSexPrefix       = "member.sex."
	metricBirthYearPrefix = "member.birth_year."
	metricEducationPrefix = "member.education."
	metricEthnicityPrefix = "member.ethnicity."
	metricOrgTypePrefix   = "org.type."
	metricCommitteePrefix = "org.committee."
	// MetricDevelopmentStagePrefix + a stage counts development records in that stage.
	MetricDevelopmentStagePrefix = "development.stage."
	metricUnknown                = "unknown"
	metricSelfPrefixLength       = 5
)

// MetricIsSelf reports whether a metric counts only the organisation itself (not rolled up).
func MetricIsSelf(metric string) bool {
	return len(metric) > metricSelfPrefixLength && metric[:metricSelfPrefixLength] == "self."
}

// MemberMetrics returns the subtree metrics one member contributes to.
func MemberMetrics(m *Member) []string {
	out := []string{metricStatusPrefix + string(m.Status)}
	if !m.Status.InRegister() {
		return out
	}
	edu := string(m.Education)
	if edu == "" {
		edu = metricUnknown
	}
	eth := m.Ethnicity
	if eth == "" {
		eth = metricUnknown
	}
	by := metricUnknown
	if !m.BirthDate.IsZero() {
		by = strconv.Itoa(m.BirthDate.Year())
	}
	return append(out, MetricMembers,
		metricCategoryPrefix+string(m.Category),
		metricSexPrefix+string(m.Sex),
		metricBirthYearPrefix+by,
		metricEducationPrefix+edu,
		metricEthnicityPrefix+eth)
}

// MemberSelfMetrics returns the metrics one member contributes to its own organisation only.
func MemberSelfMetrics(m *Member) []string {
	if !m.Status.InRegister() {
		return nil
	}
	if m.Category == Full {
		return []string{MetricSelfMembers, MetricSelfFull}
	}
	return []string{MetricSelfMembers}
}

// OrgMetrics returns the subtree metrics an organisation contributes (the below-minimum count
// is derived from its members and kept separately).
func OrgMetrics(o *Org) []string {
	if o.Dissolved() {
		return nil
	}
	out := []string{MetricOrgs, metricOrgTypePrefix + string(o.Type)}
	if o.HasCommittee {
		out = append(out, metricCommitteePrefix+string(o.Type))
	}
	if o.TermExpired {
		out = append(out, MetricTermExpired)
	}
	return out
}

// MetricOrgType is the rollup metric counting live organisations of type t in a subtree.
func MetricOrgType(t OrgType) string { return metricOrgTypePrefix + string(t) }

// MetricCommitteeOrgType is the rollup metric counting live organisations of type t that have a
// committee (the compliance "required" figure of committee meetings).
func MetricCommitteeOrgType(t OrgType) string { return metricCommitteePrefix + string(t) }

// BranchBelowMin reports whether an organisation with this many full members counts as a
// branch below the minimum (rules §1.2.1): only live organisations of type branch do.
func BranchBelowMin(t OrgType, dissolved bool, full int64, min int) bool {
	return t == Branch && !dissolved && full < int64(min)
}

// Stats is the decoded rollup of one organisation's subtree.
type Stats struct {
	OrgID            int64            `json:"org_id"`
	Members          int64            `json:"members"`
	Orgs             int64            `json:"orgs"`
	BranchesBelowMin int64            `json:"branches_below_min"`
	TermExpired      int64            `json:"term_expired"`
	DirectMembers    int64            `json:"direct_members"`
	DirectFull       int64            `json:"direct_full"`
	BelowMin         bool             `json:"below_min"`
	ByCategory       map[string]int64 `json:"by_category"`
	ByStatus         map[string]int64 `json:"by_status"`
	BySex            map[string]int64 `json:"by_sex"`
	ByAgeBand        map[string]int64 `json:"by_age_band"`
	ByEducation      map[string]int64 `json:"by_education"`
	ByEthnicity      map[string]int64 `json:"by_ethnicity"`
	ByOrgType        map[string]int64 `json:"by_org_type"`
	// ByStage counts running development records by stage; "full" counts completed ones.
	ByStage map[string]int64 `json:"by_stage"`
}

// AgeBand names one age band of the statistics report, e.g. "31-35"; Max 0 means no upper bound.
type AgeBand struct {
	Name string `json:"name"`
	Min  int    `json:"min"`
	Max  int    `json:"max"`
}

// DecodeStats turns raw rollup counts into Stats, placing birth years into age bands as of year.
func DecodeStats(orgID int64, counts map[string]int64, bands []AgeBand, year int) *Stats {
	s := &Stats{OrgID: orgID, ByCategory: map[string]int64{}, ByStatus: map[string]int64{},
		BySex: map[string]int64{}, ByAgeBand: map[string]int64{}, ByEducation: map[string]int64{},
		ByEthnicity: map[string]int64{}, ByOrgType: map[string]int64{}, ByStage: map[string]int64{}}
	for _, st := range Stages {
		s.ByStage[string(st)] = 0
	}
	for _, b := range bands {
		s.ByAgeBand[b.Name] = 0
	}
	for k, n := range counts {
		if n == 0 {
			continue
		}
		switch {
		case k == MetricMembers:
			s.Members = n
		case k == MetricOrgs:
			s.Orgs = n
		case k == MetricBranchBelowMin:
			s.BranchesBelowMin = n
		case k == MetricTermExpired:
			s.TermExpired = n
		case k == MetricSelfMembers:
			s.DirectMembers = n
		case k == MetricSelfFull:
			s.DirectFull = n
		case k == MetricSelfBelowMin:
			s.BelowMin = n == 1
		case hasPrefix(k, metricCategoryPrefix):
			s.ByCategory[k[len(metricCategoryPrefix):]] += n
		case hasPrefix(k, metricStatusPrefix):
			s.ByStatus[k[len(metricStatusPrefix):]] += n
		case hasPrefix(k, metricSexPrefix):
			s.BySex[k[len(metricSexPrefix):]] += n
		case hasPrefix(k, metricEducationPrefix):
			s.ByEducation[k[len(metricEducationPrefix):]] += n
		case hasPrefix(k, metricEthnicityPrefix):
			s.ByEthnicity[k[len(metricEthnicityPrefix):]] += n
		case hasPrefix(k, MetricDevelopmentStagePrefix):
			s.ByStage[k[len(MetricDevelopmentStagePrefix):]] += n
		case hasPrefix(k, metricOrgTypePrefix):
			s.ByOrgType[k[len(metricOrgTypePrefix):]] += n
		case hasPrefix(k, metricBirthYearPrefix):
			s.ByAgeBand[ageBandOf(k[len(metricBirthYearPrefix):], bands, year)] += n
		}
	}
	return s
}

func ageBandOf(birthYear string, bands []AgeBand, year int) string {
	y, err := strconv.Atoi(birthYear)
	if err != nil {
		return metricUnknown
	}
	age := year - y
	for _, b := range bands {
		if age >= b.Min && (b.Max == 0 || age <= b.Max) {
			return b.Name
		}
	}
	return metricUnknown
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
