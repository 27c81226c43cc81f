package model

import "time"

// Stage is a stage of membership development (发展阶段), rules.md §2.1.
type Stage string

// The five stages, in order.
const (
	StageApplicant    Stage = "applicant"    // 入党申请人
	StageActivist     Stage = "activist"     // 入党积极分子
	StageCandidate    Stage = "candidate"    // 发展对象
	StageProbationary Stage = "probationary" // 预备党员
	StageFull         Stage = "full"         // 正式党员
)

// Stages lists the stages in order.
var Stages = []Stage{StageApplicant, StageActivist, StageCandidate, StageProbationary, StageFull}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool {
	for _, k := range Stages {
		if k == s {
			return true
		}
	}
	return false
}

// DevelopmentStatus tells whether a development record is still running.
type DevelopmentStatus string

// Development record statuses.
const (
	DevActive    DevelopmentStatus = "active"    // in progress
	DevCompleted DevelopmentStatus = "completed" // converted to full membership
	DevStopped   DevelopmentStatus = "stopped"   // ended before full membership
)

// StopReason is why a development record ended before full membership (终止原因).
type StopReason string

// Stop reasons.
const (
	StopWithdrew           StopReason = "withdrew"            // 本人撤回申请
	StopNotQualified       StopReason = "not_qualified"       // 经考察不具备条件
	StopMovedAway          StopReason = "moved_away"          // 调离本单位，材料转出
	StopProbationCancelled StopReason = "probation_cancelled" // 取消预备党员资格
	StopDeceased           StopReason = "deceased"            // 死亡
	StopOther              StopReason = "other"               // 其他
)

// StopReasons lists every stop reason.
var StopReasons = []StopReason{StopWithdrew, StopNotQualified, StopMovedAway, StopProbationCancelled, StopDeceased, StopOther}

// Development is one person's membership development record (发展党员工作记录), from the written
// application to full membership. Until admission the person is not in the member register;
// admission creates the probationary member (MemberID).
type Development struct {
	ID      int64  `json:"id"`
	OrgID   int64  `json:"org_id"`
	OrgPath string `json:"-"`
	OrgName string `json:"org_name,omitempty"`
	// MemberID is the member created in the register at admission.
	MemberID    int64     `json:"member_id,omitempty"`
	Name        string    `json:"name"`
	Sex         Sex       `json:"sex"`
	Ethnicity   string    `json:"ethnicity"`
	BirthDate   Date      `json:"birth_date"`
	IDNumber    string    `json:"id_number"`
	NativePlace string    `json:"native_place,omitempty"`
	Education   Education `json:"education,omitempty"`
	Occupation  string    `json:"occupation,omitempty"`
	WorkUnit    string    `json:"work_unit,omitempty"`
	WorkPost    string    `json:"work_post,omitempty"`
	Phone       string    `json:"phone,omitempty"`
	Address     string    `json:"address,omitempty"`
	// Stage is the stage reached; Status whether the record still runs.
	Stage  Stage             `json:"stage"`
	Status DevelopmentStatus `json:"status"`
	// AppliedOn is the date of step 1; StageSince the date the current stage was entered.
	AppliedOn  Date `json:"applied_on"`
	StageSince Date `json:"stage_since"`
	// ProbationEnd is when probation ends (12 months after the branch meeting, plus extensions).
	ProbationEnd Date `json:"probation_end"`
	Extensions   int  `json:"extensions"`
	// Round is the conversion round: steps 22–24 are taken again after an extension.
	Round int `json:"round"`
	// NextStep and NextDue are what is due next and by when (zero when nothing has a deadline);
	// NextNotBefore is the earliest day the next step may be taken (e.g. a year as activist).
	NextStep      int  `json:"next_step,omitempty"`
	NextDue       Date `json:"next_due"`
	NextNotBefore Date `json:"next_not_before"`
	// StopReason, StoppedOn and StopNote are set when the record ended early.
	StopReason StopReason `json:"stop_reason,omitempty"`
	StoppedOn  Date       `json:"stopped_on"`
	StopNote   string     `json:"stop_note,omitempty"`
	Version    int64      `json:"version"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// PersonRef names a member acting in a step (a sponsor or an introducer).
type PersonRef struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name,omitempty"`
}

// Vote is the result of a branch general meeting's vote on one person (支部大会表决).
type Vote struct {
	// Entitled is the number of full members entitled to vote (应到会有表决权的正式党员).
	Entitled int `json:"entitled"`
	// Present is how many of them attended.
	Present int `json:"present"`
	For     int `json:"for"`
	Against int `json:"against"`
	Abstain int `json:"abstain"`
	// WrittenFor counts written opinions in favour sent in by absent voting members.
	WrittenFor int `json:"written_for"`
}

// ConversionOutcome is what the branch meeting decides at the end of probation (rules.md 2.2.6).
type ConversionOutcome string

// Conversion outcomes.
const (
	OutcomeConvert ConversionOutcome = "convert" // 转为正式党员
	OutcomeExtend  ConversionOutcome = "extend"  // 延长预备期
	OutcomeCancel  ConversionOutcome = "cancel"  // 取消预备党员资格
)

// StepData holds what some steps record besides their date.
type StepData struct {
	// Method is how an activist was recommended (step 3).
	Method string `json:"method,omitempty"`
	// Sponsors (step 5) and Introducers (step 9) are members of the register.
	Sponsors    []PersonRef `json:"sponsors,omitempty"`
	Introducers []PersonRef `json:"introducers,omitempty"`
	// NoticeStart and NoticeEnd are the public notice period (公示, steps 7 and 13).
	NoticeStart Date `json:"notice_start,omitzero"`
	NoticeEnd   Date `json:"notice_end,omitzero"`
	// ReviewPassed and Conclusion are the political review's result (step 10) or the
	// pre-review's (step 13).
	ReviewPassed *bool  `json:"review_passed,omitempty"`
	Conclusion   string `json:"conclusion,omitempty"`
	// TrainingDays and TrainingHours are the length of the centralised training (step 11).
	TrainingDays  float64 `json:"training_days,omitempty"`
	TrainingHours float64 `json:"training_hours,omitempty"`
	// Vote is the branch meeting's vote (steps 15 and 23).
	Vote *Vote `json:"vote,omitempty"`
	// Outcome and ExtensionMonths are the conversion meeting's decision (step 23).
	Outcome         ConversionOutcome `json:"outcome,omitempty"`
	ExtensionMonths int               `json:"extension_months,omitempty"`
	// SpecialReason explains an approval later than the ordinary limit (step 17).
	SpecialReason string `json:"special_reason,omitempty"`
}

// DevelopmentStep is one recorded step of a development record (发展步骤).
type DevelopmentStep struct {
	ID            int64 `json:"id"`
	DevelopmentID int64 `json:"development_id"`
	No            int   `json:"no"`
	// Round is 1, or the conversion round for steps taken again after an extension.
	Round         int           `json:"round"`
	DoneOn        Date          `json:"done_on"`
	ActingOrgID   int64         `json:"acting_org_id,omitempty"`
	ActingOrgName string        `json:"acting_org_name,omitempty"`
	Persons       string        `json:"persons,omitempty"`
	Notes         string        `json:"notes,omitempty"`
	Data          StepData      `json:"data"`
	Attachments   []*Attachment `json:"attachments"`
	CreatedBy     string        `json:"created_by,omitempty"`
	Version       int64         `json:"version"`
	CreatedAt     time.Time     `json:"created_at"`
}

// DevelopmentMetrics returns the rollup metrics one development record contributes to its
// organisation's subtree: running records count in their stage, completed ones as full.
func DevelopmentMetrics(d *Development) []string {
	switch d.Status {
	case DevActive:
		return []string{MetricDevelopmentStagePrefix + string(d.Stage)}
	case DevCompleted:
		return []string{MetricDevelopmentStagePrefix + string(StageFull)}
	}
	return nil
}

// Redacted returns a copy of d with the applicant's ID number and phone masked: what lists,
// the record's page and exports show unless the full values are asked for.
func (d *Development) Redacted() *Development {
	c := *d
	c.IDNumber, c.Phone = MaskIDNumber(d.IDNumber), MaskPhone(d.Phone)
	return &c
}

// AuditView is what the audit log keeps of a development record: the redacted copy.
func (d Development) AuditView() any { return d.Redacted() }
