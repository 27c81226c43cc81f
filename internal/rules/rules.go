// Package rules holds the regulation data Dangjian enforces (thresholds, time limits, code
// lists) as versioned, embedded YAML, with an optional override file per deployment.
package rules

import (
	"embed"
	"fmt"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"dangjian/internal/model"
)

//go:embed data/*.yaml
var dataFS embed.FS

// OrgRules are the organisation rules of rules.md §1 for one regulation version.
type OrgRules struct {
	Version                        string                 `yaml:"version" json:"version"`
	EffectiveFrom                  string                 `yaml:"effective_from" json:"effective_from"`
	Source                         string                 `yaml:"source" json:"source"`
	BranchMinFullMembers           int                    `yaml:"branch_min_full_members" json:"branch_min_full_members"`
	BranchAdvisedMaxMembers        int                    `yaml:"branch_advised_max_members" json:"branch_advised_max_members"`
	CommitteeRequiredAtFull        int                    `yaml:"committee_required_at_full" json:"committee_required_at_full"`
	JointBranchMaxUnits            int                    `yaml:"joint_branch_max_units" json:"joint_branch_max_units"`
	GeneralBranchAdvisedMembers    int                    `yaml:"general_branch_advised_members" json:"general_branch_advised_members"`
	PrimaryCommitteeAdvisedMembers int                    `yaml:"primary_committee_advised_members" json:"primary_committee_advised_members"`
	TermYearsByUnitType            map[model.UnitType]int `yaml:"term_years_by_unit_type" json:"term_years_by_unit_type"`
	TermYearsByOrgType             map[model.OrgType]int  `yaml:"term_years_by_org_type" json:"term_years_by_org_type"`
}

// DefaultTermYears returns the committee term for an organisation of this type in this unit.
func (r *OrgRules) DefaultTermYears(t model.OrgType, u model.UnitType) int {
	if n, ok := r.TermYearsByUnitType[u]; ok && t != model.PartyGroup && t != model.TemporaryBranch {
		return n
	}
	return r.TermYearsByOrgType[t]
}

// MemberRules are the member register rules for one regulation version.
type MemberRules struct {
	Version       string          `yaml:"version" json:"version"`
	EffectiveFrom string          `yaml:"effective_from" json:"effective_from"`
	Source        string          `yaml:"source" json:"source"`
	MinAge        int             `yaml:"min_age" json:"min_age"`
	AgeBands      []model.AgeBand `yaml:"age_bands" json:"age_bands"`
}

// SecurityRules are the security controls of MLPS 2.0 level 3 (等级保护三级) for one version:
// password policy, lockout, session timeouts, rate limits, audit retention and who may see
// personal data unmasked.
type SecurityRules struct {
	Version                string       `yaml:"version" json:"version"`
	EffectiveFrom          string       `yaml:"effective_from" json:"effective_from"`
	Source                 string       `yaml:"source" json:"source"`
	PasswordMinLength      int          `yaml:"password_min_length" json:"password_min_length"`
	PasswordMinClasses     int          `yaml:"password_min_classes" json:"password_min_classes"`
	PasswordHistory        int          `yaml:"password_history" json:"password_history"`
	LockoutAttempts        int          `yaml:"lockout_attempts" json:"lockout_attempts"`
	LockoutMinutes         int          `yaml:"lockout_minutes" json:"lockout_minutes"`
	SessionIdleMinutes     int          `yaml:"session_idle_minutes" json:"session_idle_minutes"`
	SessionMaxHours        int          `yaml:"session_max_hours" json:"session_max_hours"`
	LoginRatePerMinute     int          `yaml:"login_rate_per_minute" json:"login_rate_per_minute"`
	AnonymousRatePerMinute int          `yaml:"anonymous_rate_per_minute" json:"anonymous_rate_per_minute"`
	AuditRetentionDays     int          `yaml:"audit_retention_days" json:"audit_retention_days"`
	UnmaskRoles            []model.Role `yaml:"unmask_roles" json:"unmask_roles"`
	// AttachmentKinds are the kinds of file accepted as attachments (附件), recognised by
	// their content; a file whose content is of no listed kind, or whose name does not end in
	// one of its kind's extensions, is refused.
	AttachmentKinds []AttachmentKind `yaml:"attachment_kinds" json:"attachment_kinds"`
}

// AttachmentKind is one kind of file accepted as an attachment: the sniffer's name for the
// content (see service/attachment), the content type it is served with and the file name
// extensions it may carry.
type AttachmentKind struct {
	Kind        string   `yaml:"kind" json:"kind"`
	ContentType string   `yaml:"content_type" json:"content_type"`
	Extensions  []string `yaml:"extensions" json:"extensions"`
}

// inheritAttachmentKinds gives a security version that lists no attachment kinds (a local
// version that only changes, say, the lockout) the kinds of the version in force before it.
func inheritAttachmentKinds(versions []SecurityRules) {
	order := make([]int, len(versions))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return versions[order[a]].EffectiveFrom < versions[order[b]].EffectiveFrom })
	var last []AttachmentKind
	for _, i := range order {
		if len(versions[i].AttachmentKinds) == 0 {
			versions[i].AttachmentKinds = last
		}
		last = versions[i].AttachmentKinds
	}
}

// checkAttachmentKinds refuses a security version that accepts no attachment, or lists a kind
// without a content type or with an extension not of the form ".ext".
func (r *SecurityRules) checkAttachmentKinds() error {
	if len(r.AttachmentKinds) == 0 {
		return fmt.Errorf("rules: security version %q lists no attachment_kinds", r.Version)
	}
	for _, k := range r.AttachmentKinds {
		if k.Kind == "" || k.ContentType == "" || len(k.Extensions) == 0 {
			return fmt.Errorf("rules: security version %q: attachment kind %q needs a content_type and extensions", r.Version, k.Kind)
		}
		for _, e := range k.Extensions {
			if len(e) < 2 || e[0] != '.' || strings.ContainsAny(e[1:], "./\\ ") || strings.ToLower(e) != e {
				return fmt.Errorf("rules: security version %q: attachment kind %q: extension %q is not like \".pdf\"", r.Version, k.Kind, e)
			}
		}
	}
	return nil
}

// MinAuditRetentionDays is the legal floor of audit log retention (网络安全法 第二十一条: six
// months); a rules version asking for less is refused at load.
const MinAuditRetentionDays = 180

// Industry is one of the key industries (重点行业).
type Industry struct {
	Code string `yaml:"code" json:"code"`
	Name string `yaml:"name" json:"name"`
}

// Codes are the code lists used for validation and statistics.
type Codes struct {
	Ethnicities   []string   `yaml:"ethnicities" json:"ethnicities"`
	KeyIndustries []Industry `yaml:"key_industries" json:"key_industries"`
}

// Set is every rule in force, plus the older versions kept for reference.
type Set struct {
	Org         OrgRules           `json:"org"`
	Member      MemberRules        `json:"member"`
	Development DevelopmentRules   `json:"development"`
	Lifecycle   LifecycleRules     `json:"lifecycle"`
	Codes       Codes              `json:"codes"`
	OrgLife     OrgLifeRules       `json:"orglife"`
	Security    SecurityRules      `json:"security"`
	OrgVersions []OrgRules         `json:"-"`
	MemVersions []MemberRules      `json:"-"`
	DevVersions []DevelopmentRules `json:"-"`
	// LifeVersions are the organisational-life rule versions (orglife.yaml).
	LifeVersions []OrgLifeRules `json:"-"`
	// LifecycleVersions are the transfer and status-timer rule versions (lifecycle.yaml).
	LifecycleVersions []LifecycleRules `json:"-"`
	// SecVersions are the security rule versions (security.yaml).
	SecVersions []SecurityRules `json:"-"`
	ethnicities map[string]bool
}

// Override is the shape of a deployment's override file: versions appended to (or replacing,
// by version name) the embedded ones, and code lists replaced wholesale when given.
type Override struct {
	Org         []OrgRules         `yaml:"org"`
	Member      []MemberRules      `yaml:"member"`
	Development []DevelopmentRules `yaml:"development"`
	Lifecycle   []LifecycleRules   `yaml:"lifecycle"`
	Codes       *Codes             `yaml:"codes"`
	// OrgLife holds organisational-life rule versions (see data/orglife.yaml).
	OrgLife []OrgLifeRules `yaml:"orglife"`
	// Security holds security rule versions (see data/security.yaml).
	Security []SecurityRules `yaml:"security"`
}

// Load reads the embedded rules and, when overridePath is not empty, applies that file.
// The version in force is the one with the latest effective_from not after today.
func Load(overridePath string, today model.Date) (*Set, error) {
	s := &Set{}
	if err := readEmbedded("data/org.yaml", &s.OrgVersions); err != nil {
		return nil, err
	}
	if err := readEmbedded("data/member.yaml", &s.MemVersions); err != nil {
		return nil, err
	}
	if err := readEmbedded("data/codes.yaml", &s.Codes); err != nil {
		return nil, err
	}
	if err := readEmbedded("data/orglife.yaml", &s.LifeVersions); err != nil {
		return nil, err
	}
	if err := readEmbedded("data/development.yaml", &s.DevVersions); err != nil {
		return nil, err
	}
	if err := readEmbedded("data/lifecycle.yaml", &s.LifecycleVersions); err != nil {
		return nil, err
	}
	if err := readEmbedded("data/security.yaml", &s.SecVersions); err != nil {
		return nil, err
	}
	if overridePath != "" {
		b, err := os.ReadFile(overridePath)
		if err != nil {
			return nil, fmt.Errorf("rules override: %w", err)
		}
		var o Override
		if err := yaml.Unmarshal(b, &o); err != nil {
			return nil, fmt.Errorf("rules override %s: %w", overridePath, err)
		}
		s.OrgVersions = mergeVersions(s.OrgVersions, o.Org, func(r OrgRules) string { return r.Version })
		s.MemVersions = mergeVersions(s.MemVersions, o.Member, func(r MemberRules) string { return r.Version })
		s.LifeVersions = mergeVersions(s.LifeVersions, o.OrgLife, func(r OrgLifeRules) string { return r.Version })
		s.DevVersions = mergeVersions(s.DevVersions, o.Development, func(r DevelopmentRules) string { return r.Version })
		s.LifecycleVersions = mergeVersions(s.LifecycleVersions, o.Lifecycle, func(r LifecycleRules) string { return r.Version })
		s.SecVersions = mergeVersions(s.SecVersions, o.Security, func(r SecurityRules) string { return r.Version })
		if o.Codes != nil {
			s.Codes = *o.Codes
		}
	}
	org, ok := inForce(s.OrgVersions, today, func(r OrgRules) string { return r.EffectiveFrom })
	if !ok {
		return nil, fmt.Errorf("rules: no organisation rules in force on %s", today)
	}
	mem, ok := inForce(s.MemVersions, today, func(r MemberRules) string { return r.EffectiveFrom })
	if !ok {
		return nil, fmt.Errorf("rules: no member rules in force on %s", today)
	}
	life, ok := inForce(s.LifeVersions, today, func(r OrgLifeRules) string { return r.EffectiveFrom })
	if !ok {
		return nil, fmt.Errorf("rules: no organisational-life rules in force on %s", today)
	}
	if err := life.check(); err != nil {
		return nil, err
	}
	for i := range s.DevVersions {
		if err := s.DevVersions[i].validate(); err != nil {
			return nil, err
		}
	}
	dev, ok := inForce(s.DevVersions, today, func(r DevelopmentRules) string { return r.EffectiveFrom })
	if !ok {
		return nil, fmt.Errorf("rules: no development rules in force on %s", today)
	}
	cycle, ok := inForce(s.LifecycleVersions, today, func(r LifecycleRules) string { return r.EffectiveFrom })
	if !ok {
		return nil, fmt.Errorf("rules: no lifecycle rules in force on %s", today)
	}
	inheritAttachmentKinds(s.SecVersions)
	sec, ok := inForce(s.SecVersions, today, func(r SecurityRules) string { return r.EffectiveFrom })
	if !ok {
		return nil, fmt.Errorf("rules: no security rules in force on %s", today)
	}
	if sec.AuditRetentionDays < MinAuditRetentionDays {
		return nil, fmt.Errorf("rules: security version %q keeps the audit log %d days; the law asks for at least %d",
			sec.Version, sec.AuditRetentionDays, MinAuditRetentionDays)
	}
	if err := sec.checkAttachmentKinds(); err != nil {
		return nil, err
	}
	s.Org, s.Member, s.OrgLife, s.Development, s.Lifecycle, s.Security = org, mem, life, dev, cycle, sec
	s.ethnicities = make(map[string]bool, len(s.Codes.Ethnicities))
	for _, e := range s.Codes.Ethnicities {
		s.ethnicities[e] = true
	}
	return s, nil
}

// MustDefault loads the embedded rules in force today; it panics only if the embedded data is broken.
func MustDefault() *Set {
	s, err := Load("", model.DateOf(timeNow()))
	if err != nil {
		panic(err)
	}
	return s
}

// KnownEthnicity reports whether name is in the ethnic group code list.
func (s *Set) KnownEthnicity(name string) bool { return s.ethnicities[name] }

func readEmbedded(name string, v any) error {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("rules %s: %w", name, err)
	}
	return nil
}

func mergeVersions[T any](base, extra []T, key func(T) string) []T {
	for _, e := range extra {
		replaced := false
		for i := range base {
			if key(base[i]) == key(e) {
				base[i], replaced = e, true
			}
		}
		if !replaced {
			base = append(base, e)
		}
	}
	return base
}

func inForce[T any](versions []T, today model.Date, from func(T) string) (T, bool) {
	sorted := append([]T(nil), versions...)
	sort.SliceStable(sorted, func(i, j int) bool { return from(sorted[i]) < from(sorted[j]) })
	var best T
	found := false
	for _, v := range sorted {
		if from(v) <= today.String() {
			best, found = v, true
		}
	}
	return best, found
}
