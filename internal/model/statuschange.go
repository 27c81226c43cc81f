package model

import (
	"slices"
	"time"
)

// StatusChangeKind is a change of a member's membership status (党籍状态变动), rules.md §2.3–2.4.
type StatusChangeKind string

// Status change kinds.
const (
	ChangeMobile          StatusChangeKind = "mobile"           // 外出流动 (流动党员活动证)
	ChangeMobileReturn    StatusChangeKind = "mobile_return"    // 流动党员返回
	ChangeLostContact     StatusChangeKind = "lost_contact"     // 失去联系
	ChangeContactRestored StatusChangeKind = "contact_restored" // 恢复联系
	ChangeSuspension      StatusChangeKind = "suspension"       // 停止党籍
	ChangeRestoration     StatusChangeKind = "restoration"      // 恢复党籍
	ChangeAbroad          StatusChangeKind = "abroad"           // 出国(境)保留党籍
	ChangeAbroadReturn    StatusChangeKind = "abroad_return"    // 回国(境)恢复组织生活
	ChangeExit            StatusChangeKind = "exit"             // 出党
	ChangeDeath           StatusChangeKind = "death"            // 死亡
	// ChangePartyProbation records intra-party probation (留党察看) with its end, which takes
	// away the vote and the right to introduce; it does not change the status.
	ChangePartyProbation StatusChangeKind = "party_probation"
)

// StatusTransition is which statuses a change applies to and the status it leads to; To empty
// keeps the status.
type StatusTransition struct {
	From []Status
	To   Status
}

var living = []Status{StatusNormal, StatusMobile, StatusAbroad, StatusLostContact}

// StatusTransitions lists every change kind with its transition.
var StatusTransitions = map[StatusChangeKind]StatusTransition{
	ChangeMobile:          {From: []Status{StatusNormal}, To: StatusMobile},
	ChangeMobileReturn:    {From: []Status{StatusMobile}, To: StatusNormal},
	ChangeLostContact:     {From: []Status{StatusNormal, StatusMobile, StatusAbroad}, To: StatusLostContact},
	ChangeContactRestored: {From: []Status{StatusLostContact}, To: StatusNormal},
	ChangeSuspension:      {From: []Status{StatusLostContact, StatusAbroad, StatusNormal}, To: StatusSuspended},
	ChangeRestoration:     {From: []Status{StatusSuspended}, To: StatusNormal},
	ChangeAbroad:          {From: []Status{StatusNormal}, To: StatusAbroad},
	ChangeAbroadReturn:    {From: []Status{StatusAbroad}, To: StatusNormal},
	ChangeExit:            {From: append(slices.Clone(living), StatusSuspended), To: StatusExited},
	ChangeDeath:           {From: append(slices.Clone(living), StatusSuspended), To: StatusDeceased},
	ChangePartyProbation:  {From: slices.Clone(living)},
}

// StatusChangeKinds lists the kinds in display order.
var StatusChangeKinds = []StatusChangeKind{ChangeMobile, ChangeMobileReturn, ChangeLostContact, ChangeContactRestored,
	ChangeSuspension, ChangeRestoration, ChangeAbroad, ChangeAbroadReturn, ChangeExit, ChangeDeath, ChangePartyProbation}

// AbroadPurpose is why a member is abroad (出国(境)事由).
type AbroadPurpose string

// Abroad purposes; study counts toward the five-year suspension review.
const (
	AbroadStudy  AbroadPurpose = "study"  // 学习、研修
	AbroadWork   AbroadPurpose = "work"   // 工作、劳务
	AbroadSettle AbroadPurpose = "settle" // 定居
	AbroadOther  AbroadPurpose = "other"  // 其他
)

// StatusChange is one recorded change of a member's status, with its approval.
type StatusChange struct {
	ID          int64            `json:"id"`
	MemberID    int64            `json:"member_id"`
	OrgPath     string           `json:"-"`
	Kind        StatusChangeKind `json:"kind"`
	FromStatus  Status           `json:"from_status"`
	ToStatus    Status           `json:"to_status"`
	EffectiveOn Date             `json:"effective_on"`
	Reason      string           `json:"reason,omitempty"`
	ExitType    ExitType         `json:"exit_type,omitempty"`
	// ApprovalOrg, ApprovedOn and ApprovalRef record who decided, when, and the document number.
	ApprovalOrg string `json:"approval_org,omitempty"`
	ApprovedOn  Date   `json:"approved_on"`
	ApprovalRef string `json:"approval_ref,omitempty"`
	// Destination, CardNo and ContactOrg describe a mobile member (流动党员活动证).
	Destination string `json:"destination,omitempty"`
	CardNo      string `json:"card_no,omitempty"`
	ContactOrg  string `json:"contact_org,omitempty"`
	// Country and Purpose describe a member abroad.
	Country string        `json:"country,omitempty"`
	Purpose AbroadPurpose `json:"purpose,omitempty"`
	// Until ends an intra-party probation, or is the expected return of a mobile member.
	Until     Date      `json:"until"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}
