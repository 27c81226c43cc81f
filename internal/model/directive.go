package model

import "time"

// DirectiveTargeting is how a directive chooses the organisations that must answer.
type DirectiveTargeting string

// Targeting modes.
const (
	TargetDescendants DirectiveTargeting = "descendants" // every live organisation below the issuer
	TargetByType      DirectiveTargeting = "by_type"     // descendants of the given types
	TargetByDepth     DirectiveTargeting = "by_depth"    // descendants exactly Depth levels below
)

// Valid reports whether t is a known targeting mode.
func (t DirectiveTargeting) Valid() bool {
	return t == TargetDescendants || t == TargetByType || t == TargetByDepth
}

// Directive is an instruction to convey and implement the spirit of a meeting or document down
// the tree (传达学习精神): every target organisation must answer how it acted.
type Directive struct {
	ID        int64              `json:"id"`
	OrgID     int64              `json:"org_id"`
	OrgPath   string             `json:"-"`
	OrgName   string             `json:"org_name,omitempty"`
	Title     string             `json:"title"`
	Content   string             `json:"content"`
	IssuedOn  Date               `json:"issued_on"`
	Deadline  Date               `json:"deadline"`
	Targeting DirectiveTargeting `json:"targeting"`
	// TargetTypes (by_type) and TargetDepth (by_depth, 1 = children) refine the targeting.
	TargetTypes []OrgType `json:"target_types,omitempty"`
	TargetDepth int       `json:"target_depth,omitempty"`
	Targets     int       `json:"targets"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
}

// AnswerKind is how a target organisation answered a directive.
type AnswerKind string

// Answer kinds.
const (
	AnswerMeeting AnswerKind = "meeting" // a linked meeting record (e.g. a special conference)
	AnswerReport  AnswerKind = "report"  // a written report
)

// DirectiveTarget is one organisation that must answer a directive, with its answer.
type DirectiveTarget struct {
	ID          int64      `json:"id"`
	DirectiveID int64      `json:"directive_id"`
	OrgID       int64      `json:"org_id"`
	OrgPath     string     `json:"-"`
	OrgName     string     `json:"org_name,omitempty"`
	AnsweredAt  time.Time  `json:"answered_at,omitzero"`
	AnsweredOn  Date       `json:"answered_on"`
	Kind        AnswerKind `json:"kind,omitempty"`
	MeetingID   int64      `json:"meeting_id,omitempty"`
	Report      string     `json:"report,omitempty"`
	AnsweredBy  string     `json:"answered_by,omitempty"`
	Late        bool       `json:"late"`
	Reminders   int        `json:"reminders"`
	RemindedAt  time.Time  `json:"reminded_at,omitzero"`
}

// Answered reports whether the target has answered.
func (t *DirectiveTarget) Answered() bool { return !t.AnsweredOn.IsZero() }

// DirectiveCounts is a directive's completion in one organisation's subtree, from the rollup.
type DirectiveCounts struct {
	OrgID    int64  `json:"org_id"`
	OrgName  string `json:"org_name,omitempty"`
	Targets  int64  `json:"targets"`
	Answered int64  `json:"answered"`
	Late     int64  `json:"late"`
	// Overdue are the targets not answered once the deadline has passed.
	Overdue int64 `json:"overdue"`
}
