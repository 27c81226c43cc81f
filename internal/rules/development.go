package rules

import (
	"fmt"
	"slices"

	"dangjian/internal/model"
)

// StageInfo names one development stage.
type StageInfo struct {
	Key model.Stage `yaml:"key" json:"key"`
	Zh  string      `yaml:"zh" json:"zh"`
	En  string      `yaml:"en" json:"en"`
}

// Step is one of the 25 steps of membership development with its time limits and the rule
// checks it runs (see data/development.yaml for the meaning of each field).
type Step struct {
	No           int         `yaml:"no" json:"no"`
	Stage        model.Stage `yaml:"stage" json:"stage"`
	Enters       model.Stage `yaml:"enters" json:"enters,omitempty"`
	Zh           string      `yaml:"zh" json:"zh"`
	En           string      `yaml:"en" json:"en"`
	ActorZh      string      `yaml:"actor_zh" json:"actor_zh"`
	Actor        string      `yaml:"actor" json:"actor"`
	Article      string      `yaml:"article" json:"article"`
	Confidence   string      `yaml:"confidence" json:"confidence"`
	Requires     []int       `yaml:"requires" json:"requires,omitempty"`
	After        int         `yaml:"after" json:"after,omitempty"`
	WithinMonths int         `yaml:"within_months" json:"within_months,omitempty"`
	MaxMonths    int         `yaml:"max_months" json:"max_months,omitempty"`
	MinMonths    int         `yaml:"min_months" json:"min_months,omitempty"`
	Checks       []string    `yaml:"checks" json:"checks,omitempty"`
	Round        bool        `yaml:"round" json:"round,omitempty"`
}

// Has reports whether the step runs the named check.
func (s *Step) Has(check string) bool { return slices.Contains(s.Checks, check) }

// DevelopmentRules are the membership development rules (发展党员工作细则) of one version.
type DevelopmentRules struct {
	Version                        string           `yaml:"version" json:"version"`
	EffectiveFrom                  string           `yaml:"effective_from" json:"effective_from"`
	Source                         string           `yaml:"source" json:"source"`
	ShortName                      string           `yaml:"short_name" json:"short_name"`
	MinAge                         int              `yaml:"min_age" json:"min_age"`
	SponsorsMin                    int              `yaml:"sponsors_min" json:"sponsors_min"`
	SponsorsMax                    int              `yaml:"sponsors_max" json:"sponsors_max"`
	Introducers                    int              `yaml:"introducers" json:"introducers"`
	TrainingMinDays                float64          `yaml:"training_min_days" json:"training_min_days"`
	TrainingMinHours               float64          `yaml:"training_min_hours" json:"training_min_hours"`
	ProbationMonths                int              `yaml:"probation_months" json:"probation_months"`
	ExtensionMinMonths             int              `yaml:"extension_min_months" json:"extension_min_months"`
	ExtensionMaxMonths             int              `yaml:"extension_max_months" json:"extension_max_months"`
	ExtensionsMax                  int              `yaml:"extensions_max" json:"extensions_max"`
	ApprovalOrgTypes               []model.OrgType  `yaml:"approval_org_types" json:"approval_org_types"`
	ApprovalExcludedUnitTypes      []model.UnitType `yaml:"approval_excluded_unit_types" json:"approval_excluded_unit_types"`
	ApprovalExcludedBelowUnitTypes []model.UnitType `yaml:"approval_excluded_below_unit_types" json:"approval_excluded_below_unit_types"`
	NoDevelopmentOrgTypes          []model.OrgType  `yaml:"no_development_org_types" json:"no_development_org_types"`
	NoticeMinWorkingDays           int              `yaml:"notice_min_working_days" json:"notice_min_working_days"`
	AlertLeadDays                  int              `yaml:"alert_lead_days" json:"alert_lead_days"`
	Stages                         []StageInfo      `yaml:"stages" json:"stages"`
	Steps                          []Step           `yaml:"steps" json:"steps"`
}

// Step returns step no (1-based), or nil when there is no such step.
func (r *DevelopmentRules) Step(no int) *Step {
	if no < 1 || no > len(r.Steps) {
		return nil
	}
	return &r.Steps[no-1]
}

// CanApprove reports whether an organisation of type t in unit u, below ancestors (root
// first), has the authority to approve admissions and conversions (细则 Art. 26).
func (r *DevelopmentRules) CanApprove(o *model.Org, ancestors []*model.Org) bool {
	if o.Dissolved() || !slices.Contains(r.ApprovalOrgTypes, o.Type) || slices.Contains(r.ApprovalExcludedUnitTypes, o.UnitType) {
		return false
	}
	if o.Type != model.PrimaryCommittee {
		return true
	}
	for _, a := range ancestors {
		if a.Type == model.PrimaryCommittee && slices.Contains(r.ApprovalExcludedBelowUnitTypes, a.UnitType) {
			return false
		}
	}
	return true
}

// validate checks the shape of a version: 25 consecutive steps, known stages, requirements and
// clocks pointing at earlier steps, a stage entry in the first step.
func (r *DevelopmentRules) validate() error {
	if len(r.Steps) == 0 {
		return fmt.Errorf("development rules %s: no steps", r.Version)
	}
	for i, s := range r.Steps {
		if s.No != i+1 {
			return fmt.Errorf("development rules %s: step %d is numbered %d", r.Version, i+1, s.No)
		}
		if !s.Stage.Valid() || (s.Enters != "" && !s.Enters.Valid()) {
			return fmt.Errorf("development rules %s: step %d has an unknown stage", r.Version, s.No)
		}
		for _, q := range append(slices.Clone(s.Requires), s.After) {
			if q < 0 || q >= s.No {
				return fmt.Errorf("development rules %s: step %d refers to step %d, not an earlier one", r.Version, s.No, q)
			}
		}
		if s.After == 0 && (s.WithinMonths > 0 || s.MinMonths > 0) {
			return fmt.Errorf("development rules %s: step %d has a time limit but no 'after' step", r.Version, s.No)
		}
	}
	if r.Steps[0].Enters != model.StageApplicant {
		return fmt.Errorf("development rules %s: step 1 must enter the applicant stage", r.Version)
	}
	return nil
}

// LifecycleRules are the transfer and status-timer rules of one version (rules.md §2.3–2.4).
type LifecycleRules struct {
	Version                     string                   `yaml:"version" json:"version"`
	EffectiveFrom               string                   `yaml:"effective_from" json:"effective_from"`
	Source                      string                   `yaml:"source" json:"source"`
	LetterValidMonths           int                      `yaml:"letter_valid_months" json:"letter_valid_months"`
	LostContactSuspensionMonths int                      `yaml:"lost_contact_suspension_months" json:"lost_contact_suspension_months"`
	SuspensionRemovalMonths     int                      `yaml:"suspension_removal_months" json:"suspension_removal_months"`
	AbroadStudySuspensionMonths int                      `yaml:"abroad_study_suspension_months" json:"abroad_study_suspension_months"`
	ApprovalRequired            []model.StatusChangeKind `yaml:"approval_required" json:"approval_required"`
	AlertLeadDays               int                      `yaml:"alert_lead_days" json:"alert_lead_days"`
}

// NeedsApproval reports whether a status change of kind k must record its approval.
func (r *LifecycleRules) NeedsApproval(k model.StatusChangeKind) bool {
	return slices.Contains(r.ApprovalRequired, k)
}

// DevelopmentOn returns the development rules in force on day d (the earliest version for days
// before every version, so that old records are still checked against something stated).
func (s *Set) DevelopmentOn(d model.Date) *DevelopmentRules {
	if r, ok := inForce(s.DevVersions, d, func(r DevelopmentRules) string { return r.EffectiveFrom }); ok {
		return &r
	}
	first := s.DevVersions[0]
	for _, r := range s.DevVersions[1:] {
		if r.EffectiveFrom < first.EffectiveFrom {
			first = r
		}
	}
	return &first
}
