package rules

import (
	"fmt"

	"dangjian/internal/model"
)

// Ratio is a fraction [numerator, denominator] used for "more than" thresholds.
type Ratio [2]int

// ExceededBy reports whether part is strictly more than the ratio of whole
// (part/whole > num/den, computed without division).
func (r Ratio) ExceededBy(part, whole int) bool {
	if r[1] <= 0 {
		return false
	}
	return int64(part)*int64(r[1]) > int64(whole)*int64(r[0])
}

// MeetingRequirement says how often organisations of some types must hold a kind of meeting.
type MeetingRequirement struct {
	MeetingType   model.MeetingType `yaml:"meeting_type" json:"meeting_type"`
	OrgTypes      []model.OrgType   `yaml:"org_types" json:"org_types"`
	WithCommittee bool              `yaml:"with_committee" json:"with_committee"`
	Period        model.PeriodKind  `yaml:"period" json:"period"`
	Times         int               `yaml:"times" json:"times"`
	Rule          string            `yaml:"rule" json:"rule"`
}

// AppliesTo reports whether an organisation of type t (with or without a committee) must hold
// the meeting.
func (r *MeetingRequirement) AppliesTo(t model.OrgType, hasCommittee bool) bool {
	if r.WithCommittee && !hasCommittee {
		return false
	}
	for _, k := range r.OrgTypes {
		if k == t {
			return true
		}
	}
	return false
}

// QuorumBase names who counts for a meeting's quorum.
type QuorumBase string

// Quorum bases.
const (
	QuorumVotingMembers    QuorumBase = "voting_members"
	QuorumCommitteeMembers QuorumBase = "committee_members"
)

// ElectionRules are the re-election rules of rules.md §1.6.
type ElectionRules struct {
	VoterStatuses          []model.Status `yaml:"voter_statuses" json:"voter_statuses"`
	QuorumMoreThan         Ratio          `yaml:"quorum_more_than" json:"quorum_more_than"`
	CandidateMarginPercent int            `yaml:"candidate_margin_percent" json:"candidate_margin_percent"`
	WinnerMoreThan         Ratio          `yaml:"winner_more_than" json:"winner_more_than"`
}

// MinCandidates is the least number of candidates for seats: seats × (1 + margin), rounded up.
func (e *ElectionRules) MinCandidates(seats int) int {
	n := seats * (100 + e.CandidateMarginPercent)
	return (n + 99) / 100
}

// OrgLifeRules are the organisational-life, study, term and election rules for one version.
type OrgLifeRules struct {
	Version                  string                                    `yaml:"version" json:"version"`
	EffectiveFrom            string                                    `yaml:"effective_from" json:"effective_from"`
	Source                   string                                    `yaml:"source" json:"source"`
	Requirements             []MeetingRequirement                      `yaml:"requirements" json:"requirements"`
	Quorum                   map[model.MeetingType]QuorumBase          `yaml:"quorum" json:"quorum"`
	QuorumMoreThan           Ratio                                     `yaml:"quorum_more_than" json:"quorum_more_than"`
	ExpectedStatuses         []model.Status                            `yaml:"expected_statuses" json:"expected_statuses"`
	VotingStatuses           []model.Status                            `yaml:"voting_statuses" json:"voting_statuses"`
	SignInOpensMinutesBefore int                                       `yaml:"signin_opens_minutes_before" json:"signin_opens_minutes_before"`
	SignInGraceMinutes       int                                       `yaml:"signin_grace_minutes" json:"signin_grace_minutes"`
	NoOrgLifeMonths          int                                       `yaml:"no_org_life_months" json:"no_org_life_months"`
	AbsenceReasons           []model.AbsenceReason                     `yaml:"absence_reasons" json:"absence_reasons"`
	StudyTargetHours         map[string]float64                        `yaml:"study_target_hours" json:"study_target_hours"`
	TermAlertMonths          int                                       `yaml:"term_alert_months" json:"term_alert_months"`
	CommitteePosts           []model.CommitteePost                     `yaml:"committee_posts" json:"committee_posts"`
	Election                 ElectionRules                             `yaml:"election" json:"election"`
	DirectiveDueSoonDays     int                                       `yaml:"directive_due_soon_days" json:"directive_due_soon_days"`
	byType                   map[model.MeetingType]*MeetingRequirement `yaml:"-" json:"-"`
}

// Requirement returns how often an organisation of type t must hold meetings of type mt
// (ok false when it need not); the store's compliance rollup calls it.
func (r *OrgLifeRules) Requirement(t model.OrgType, hasCommittee bool, mt model.MeetingType) (model.PeriodKind, int, bool) {
	for i := range r.Requirements {
		q := &r.Requirements[i]
		if q.MeetingType == mt && q.AppliesTo(t, hasCommittee) {
			return q.Period, q.Times, true
		}
	}
	return "", 0, false
}

// RequirementFor returns the requirement of a meeting type, or nil.
func (r *OrgLifeRules) RequirementFor(mt model.MeetingType) *MeetingRequirement {
	for i := range r.Requirements {
		if r.Requirements[i].MeetingType == mt {
			return &r.Requirements[i]
		}
	}
	return nil
}

// StudyTarget returns the yearly study target of a member (committee: secretary or committee member).
func (r *OrgLifeRules) StudyTarget(committee bool) model.Hours {
	if committee {
		return model.HoursOf(r.StudyTargetHours["committee"])
	}
	return model.HoursOf(r.StudyTargetHours["member"])
}

// Expected reports whether a member in status s is expected at meetings drawn from the organisation.
func (r *OrgLifeRules) Expected(s model.Status) bool { return hasStatus(r.ExpectedStatuses, s) }

// Voting reports whether a member of category c in status s votes at an assembly.
func (r *OrgLifeRules) Voting(c model.Category, s model.Status) bool {
	return c == model.Full && hasStatus(r.VotingStatuses, s)
}

// ValidReason reports whether reason is in the absence-reason code list.
func (r *OrgLifeRules) ValidReason(reason model.AbsenceReason) bool {
	for _, k := range r.AbsenceReasons {
		if k == reason {
			return true
		}
	}
	return false
}

// ValidPost reports whether post is in the committee-post code list.
func (r *OrgLifeRules) ValidPost(post model.CommitteePost) bool {
	for _, k := range r.CommitteePosts {
		if k == post {
			return true
		}
	}
	return false
}

func hasStatus(list []model.Status, s model.Status) bool {
	for _, k := range list {
		if k == s {
			return true
		}
	}
	return false
}

// check reports the first inconsistency of a version (an override with a typo must fail loudly).
func (r *OrgLifeRules) check() error {
	for _, q := range r.Requirements {
		if !q.MeetingType.Valid() || !q.Period.Valid() || q.Times < 1 || len(q.OrgTypes) == 0 {
			return fmt.Errorf("rules %s: bad meeting requirement %+v", r.Version, q)
		}
	}
	for mt, b := range r.Quorum {
		if !mt.Valid() || (b != QuorumVotingMembers && b != QuorumCommitteeMembers) {
			return fmt.Errorf("rules %s: bad quorum %s: %s", r.Version, mt, b)
		}
	}
	if r.QuorumMoreThan[1] <= 0 || r.Election.QuorumMoreThan[1] <= 0 || r.Election.WinnerMoreThan[1] <= 0 {
		return fmt.Errorf("rules %s: a ratio needs a positive denominator", r.Version)
	}
	if r.NoOrgLifeMonths < 1 || r.TermAlertMonths < 0 || len(r.AbsenceReasons) == 0 || len(r.CommitteePosts) == 0 {
		return fmt.Errorf("rules %s: incomplete organisational-life rules", r.Version)
	}
	return nil
}
