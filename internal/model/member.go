package model

import "time"

// Sex of a person (性别).
type Sex string

// Sexes.
const (
	Male   Sex = "male"   // 男
	Female Sex = "female" // 女
)

// Category distinguishes probationary from full members (党员类别).
type Category string

// Member categories.
const (
	Probationary Category = "probationary" // 预备党员
	Full         Category = "full"         // 正式党员
)

// Categories lists every member category.
var Categories = []Category{Probationary, Full}

// Status is a member's membership status (党籍状态).
type Status string

// Membership statuses, from rules.md §8 MembershipStatus.
const (
	StatusNormal         Status = "normal"          // 正常
	StatusMobile         Status = "mobile"          // 流动党员
	StatusAbroad         Status = "abroad"          // 出国(境)保留党籍
	StatusLostContact    Status = "lost_contact"    // 失联
	StatusSuspended      Status = "suspended"       // 停止党籍
	StatusTransferredOut Status = "transferred_out" // 已转出
	StatusExited         Status = "exited"          // 已出党
	StatusDeceased       Status = "deceased"        // 已死亡
)

// Statuses lists every membership status.
var Statuses = []Status{StatusNormal, StatusMobile, StatusAbroad, StatusLostContact, StatusSuspended,
	StatusTransferredOut, StatusExited, StatusDeceased}

// InRegister reports whether a member with this status counts in the organisation's current
// membership (the statistics and thresholds count only these).
func (s Status) InRegister() bool {
	switch s {
	case StatusNormal, StatusMobile, StatusAbroad, StatusLostContact:
		return true
	}
	return false
}

// ExitType is how a member left the party (出党方式), from rules.md §2.4.6.
type ExitType string

// Exit types.
const (
	ExitExpelled             ExitType = "expelled"               // 开除党籍
	ExitWithdrew             ExitType = "withdrew"               // 退党除名
	ExitAdvisedOut           ExitType = "advised_out"            // 劝退
	ExitRemovedAfterRefusing ExitType = "removed_after_refusing" // 劝而不退除名
	ExitSelfLapse            ExitType = "self_lapse"             // 自行脱党除名
	ExitProbationCancelled   ExitType = "probation_cancelled"    // 取消预备党员资格
	ExitNotRecognised        ExitType = "not_recognised"         // 不予承认
)

// ExitTypes lists every exit type.
var ExitTypes = []ExitType{ExitExpelled, ExitWithdrew, ExitAdvisedOut, ExitRemovedAfterRefusing,
	ExitSelfLapse, ExitProbationCancelled, ExitNotRecognised}

// Education is the highest education level, in the statistics report's bands (学历).
type Education string

// Education levels.
const (
	EduPostgraduate      Education = "postgraduate"         // 研究生
	EduUndergraduate     Education = "undergraduate"        // 大学本科
	EduJuniorCollege     Education = "junior_college"       // 大学专科
	EduSecondaryVocation Education = "secondary_vocational" // 中专
	EduHighSchool        Education = "high_school"          // 高中、中技
	EduJuniorHighOrBelow Education = "junior_high_or_below" // 初中及以下
)

// Educations lists every education level.
var Educations = []Education{EduPostgraduate, EduUndergraduate, EduJuniorCollege, EduSecondaryVocation,
	EduHighSchool, EduJuniorHighOrBelow}

// Degree is the highest academic degree (学位).
type Degree string

// Degrees.
const (
	DegreeNone     Degree = ""         // 无
	DegreeBachelor Degree = "bachelor" // 学士
	DegreeMaster   Degree = "master"   // 硕士
	DegreeDoctor   Degree = "doctor"   // 博士
)

// Member is one entry of the member register (党员).
type Member struct {
	ID      int64  `json:"id"`
	OrgID   int64  `json:"org_id"`
	OrgPath string `json:"-"`
	OrgName string `json:"org_name,omitempty"`
	Name    string `json:"name"`
	// NameInitials are the pinyin initials of the name, for search (拼音首字母).
	NameInitials string `json:"name_initials,omitempty"`
	Sex          Sex    `json:"sex"`
	Ethnicity    string `json:"ethnicity"`
	BirthDate    Date   `json:"birth_date"`
	// IDNumber is the citizen identity number (公民身份号码), GB 11643.
	IDNumber    string    `json:"id_number"`
	NativePlace string    `json:"native_place,omitempty"`
	Education   Education `json:"education,omitempty"`
	Degree      Degree    `json:"degree,omitempty"`
	Occupation  string    `json:"occupation,omitempty"`
	WorkUnit    string    `json:"work_unit,omitempty"`
	WorkPost    string    `json:"work_post,omitempty"`
	Phone       string    `json:"phone,omitempty"`
	Address     string    `json:"address,omitempty"`
	Category    Category  `json:"category"`
	Status      Status    `json:"status"`
	ExitType    ExitType  `json:"exit_type,omitempty"`
	// AppliedOn, AdmittedOn and FullOn are the application, admission (probationary) and
	// conversion (full membership) dates; party age counts from FullOn.
	AppliedOn  Date `json:"applied_on"`
	AdmittedOn Date `json:"admitted_on"`
	FullOn     Date `json:"full_on"`
	// PartyPosts are the member's posts in the party, e.g. 支部书记 (党内职务).
	PartyPosts string `json:"party_posts,omitempty"`
	// CardNo is the membership card number (党员证号).
	CardNo    string    `json:"card_no,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Redacted returns a copy of m with the ID number and phone masked: what lists, exports for
// roles that may not see them, and the audit log show.
func (m *Member) Redacted() *Member {
	c := *m
	c.IDNumber, c.Phone = MaskIDNumber(m.IDNumber), MaskPhone(m.Phone)
	return &c
}

// AuditView is what the audit log keeps of a member: the redacted copy (the log is
// append-only, so personal data in it could never be re-encrypted or erased).
func (m Member) AuditView() any { return m.Redacted() }
