package model

import "time"

// MeetingType is the kind of an organisational-life meeting (会议类型): the "three meetings and
// one lesson" (三会一课) and the other meetings organisations hold.
type MeetingType string

// Meeting types, from rules.md §4 and the glossary.
const (
	BranchAssembly        MeetingType = "branch_assembly"         // 支部党员大会
	CommitteeMeeting      MeetingType = "committee_meeting"       // 支部委员会会议
	GroupMeeting          MeetingType = "group_meeting"           // 党小组会
	Lecture               MeetingType = "lecture"                 // 党课
	ThemeDay              MeetingType = "theme_day"               // 主题党日
	OrgLifeMeeting        MeetingType = "org_life_meeting"        // 组织生活会
	DemocraticLifeMeeting MeetingType = "democratic_life_meeting" // 民主生活会
	StudyGroup            MeetingType = "study_group"             // 理论学习中心组学习
	StandingCommittee     MeetingType = "standing_committee"      // 常委会（扩大）会议
	PlenarySession        MeetingType = "plenary_session"         // 全体会议（全会）
	SpecialConference     MeetingType = "special_conference"      // 专题会议
)

// MeetingTypes lists every meeting type in display order.
var MeetingTypes = []MeetingType{BranchAssembly, CommitteeMeeting, GroupMeeting, Lecture, ThemeDay,
	OrgLifeMeeting, DemocraticLifeMeeting, StudyGroup, StandingCommittee, PlenarySession, SpecialConference}

// Valid reports whether t is a known meeting type.
func (t MeetingType) Valid() bool {
	for _, k := range MeetingTypes {
		if k == t {
			return true
		}
	}
	return false
}

// MeetingStatus is where a meeting stands.
type MeetingStatus string

// Meeting states.
const (
	MeetingPlanned   MeetingStatus = "planned"   // 计划
	MeetingHeld      MeetingStatus = "held"      // 已召开
	MeetingCancelled MeetingStatus = "cancelled" // 已取消
)

// MeetingStatuses lists every meeting state.
var MeetingStatuses = []MeetingStatus{MeetingPlanned, MeetingHeld, MeetingCancelled}

// Valid reports whether s is a known meeting state.
func (s MeetingStatus) Valid() bool {
	return s == MeetingPlanned || s == MeetingHeld || s == MeetingCancelled
}

// Meeting is one planned or held meeting of an organisation (会议).
type Meeting struct {
	ID      int64         `json:"id"`
	OrgID   int64         `json:"org_id"`
	OrgPath string        `json:"-"`
	OrgName string        `json:"org_name,omitempty"`
	Type    MeetingType   `json:"type"`
	Topic   string        `json:"topic"`
	Status  MeetingStatus `json:"status"`
	// StartsAt and EndsAt are the meeting's times (UTC); HeldOn is the local calendar date of
	// StartsAt, which places the meeting in its compliance periods.
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	HeldOn   Date      `json:"held_on"`
	Place    string    `json:"place,omitempty"`
	// Host chairs the meeting (主持人); Recorder takes the minutes (记录人).
	Host      string `json:"host,omitempty"`
	Recorder  string `json:"recorder,omitempty"`
	Minutes   string `json:"minutes,omitempty"`
	Decisions string `json:"decisions,omitempty"`
	// Attendance counters, kept with every attendance change.
	Expected       int `json:"expected"`
	Present        int `json:"present"`
	Absent         int `json:"absent"`
	VotingExpected int `json:"voting_expected"`
	VotingPresent  int `json:"voting_present"`
	// SignCode is the per-meeting sign-in code members open on their phones; only writers see it.
	SignCode      string    `json:"sign_code,omitempty"`
	SignExpiresAt time.Time `json:"sign_expires_at,omitzero"`
	CreatedBy     int64     `json:"created_by,omitempty"`
	Version       int64     `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// AttendanceStatus is one attendee's state at a meeting.
type AttendanceStatus string

// Attendance states: expected (not marked yet), present, absent.
const (
	AttendanceExpected AttendanceStatus = "expected" // 应到
	AttendancePresent  AttendanceStatus = "present"  // 出席
	AttendanceAbsent   AttendanceStatus = "absent"   // 缺席
)

// Valid reports whether s is a known attendance state.
func (s AttendanceStatus) Valid() bool {
	return s == AttendanceExpected || s == AttendancePresent || s == AttendanceAbsent
}

// AbsenceReason is why a member missed a meeting or study (缺席原因); the code list is rules data.
type AbsenceReason string

// SignMethod is how an attendance was recorded.
type SignMethod string

// Sign-in methods.
const (
	SignByCode      SignMethod = "code"      // the member opened the meeting's sign-in link or code
	SignBySecretary SignMethod = "secretary" // marked by the secretary or staff
)

// Attendance is one expected attendee of a meeting and what happened (出席记录).
type Attendance struct {
	MeetingID  int64            `json:"meeting_id"`
	MemberID   int64            `json:"member_id"`
	MemberName string           `json:"member_name"`
	OrgName    string           `json:"org_name,omitempty"`
	Status     AttendanceStatus `json:"status"`
	Reason     AbsenceReason    `json:"reason,omitempty"`
	Note       string           `json:"note,omitempty"`
	// Voting marks an attendee who counts for the quorum: a full member at an assembly, a
	// committee member at a committee meeting.
	Voting   bool       `json:"voting"`
	Method   SignMethod `json:"method,omitempty"`
	SignedAt time.Time  `json:"signed_at,omitzero"`
	HeldOn   Date       `json:"held_on"`
}
