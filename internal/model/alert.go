package model

import "time"

// AlertSeverity grades how urgent an alert is.
type AlertSeverity string

// Alert severities, from least to most urgent.
const (
	AlertInfo    AlertSeverity = "info"    // something to know or plan for
	AlertWarning AlertSeverity = "warning" // a deadline approaches, or a rule is not met
	AlertOverdue AlertSeverity = "overdue" // a deadline has passed
)

// AlertSeverities lists every severity, least urgent first.
var AlertSeverities = []AlertSeverity{AlertInfo, AlertWarning, AlertOverdue}

// Valid reports whether s is a known severity.
func (s AlertSeverity) Valid() bool {
	for _, k := range AlertSeverities {
		if k == s {
			return true
		}
	}
	return false
}

// Alert is something an organisation must act on, usually by a date (预警/提醒). Each kind is
// owned by one generator, which recomputes all alerts of its kind on every run; an alert is
// identified by (Kind, SubjectType, SubjectID).
type Alert struct {
	ID       int64         `json:"id"`
	Kind     string        `json:"kind"`
	Severity AlertSeverity `json:"severity"`
	// OrgID is the organisation that must act; OrgPath scopes the alert.
	OrgID   int64  `json:"org_id"`
	OrgPath string `json:"-"`
	OrgName string `json:"org_name,omitempty"`
	// SubjectType and SubjectID name the record to act on: "member", "org", "development", ...
	SubjectType string `json:"subject_type"`
	SubjectID   int64  `json:"subject_id"`
	DueOn       Date   `json:"due_on,omitzero"`
	// Params fill the alert's message ("alert.<kind>" in the i18n bundle).
	Params map[string]string `json:"params,omitempty"`
	// Message is rendered on read in the caller's language.
	Message  string    `json:"message"`
	RaisedAt time.Time `json:"raised_at"`
}

// AlertCount is how many alerts of one kind and severity lie under a subtree.
type AlertCount struct {
	Kind     string        `json:"kind"`
	Severity AlertSeverity `json:"severity"`
	Count    int64         `json:"count"`
}
