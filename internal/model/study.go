package model

import "time"

// Hours are study hours (学时) in tenths, so that sums stay exact: 15 is 1.5 hours.
type Hours int64

// HoursOf converts hours to tenths, rounding to the nearest tenth.
func HoursOf(h float64) Hours {
	if h < 0 {
		return Hours(h*10 - 0.5)
	}
	return Hours(h*10 + 0.5)
}

// Float returns the hours as a number.
func (h Hours) Float() float64 { return float64(h) / 10 }

// StudyPlan is an organisation's study plan for a year (学习计划).
type StudyPlan struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"org_id"`
	OrgPath     string    `json:"-"`
	OrgName     string    `json:"org_name,omitempty"`
	Year        int       `json:"year"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
}

// CourseKind distinguishes courses from reading material.
type CourseKind string

// Course kinds.
const (
	CourseLesson   CourseKind = "course"   // 课程
	CourseMaterial CourseKind = "material" // 学习资料
)

// StudyCourse is a course or study material offered by an organisation (课程与资料).
type StudyCourse struct {
	ID      int64      `json:"id"`
	OrgID   int64      `json:"org_id"`
	OrgPath string     `json:"-"`
	OrgName string     `json:"org_name,omitempty"`
	Kind    CourseKind `json:"kind"`
	Title   string     `json:"title"`
	Summary string     `json:"summary,omitempty"`
	// Hours is the credit a completed course usually gives.
	Hours     Hours     `json:"-"`
	Link      string    `json:"link,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// StudySession is one study session with its hours (集中学习); a remedial session (补学) is
// held for members who missed study and closes their gap.
type StudySession struct {
	ID       int64  `json:"id"`
	OrgID    int64  `json:"org_id"`
	OrgPath  string `json:"-"`
	OrgName  string `json:"org_name,omitempty"`
	PlanID   int64  `json:"plan_id,omitempty"`
	CourseID int64  `json:"course_id,omitempty"`
	Title    string `json:"title"`
	HeldOn   Date   `json:"held_on"`
	Hours    Hours  `json:"-"`
	Remedial bool   `json:"remedial"`
	Place    string `json:"place,omitempty"`
	// Counters of the records.
	Expected  int       `json:"expected"`
	Present   int       `json:"present"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// StudyRecord is one member's attendance and hours at a study session (学习记录).
type StudyRecord struct {
	SessionID  int64            `json:"session_id"`
	MemberID   int64            `json:"member_id"`
	MemberName string           `json:"member_name"`
	Status     AttendanceStatus `json:"status"`
	Reason     AbsenceReason    `json:"reason,omitempty"`
	Hours      Hours            `json:"-"`
	HeldOn     Date             `json:"held_on"`
	Title      string           `json:"title,omitempty"`
	Remedial   bool             `json:"remedial"`
}

// StudyStanding is one member's study hours of a year against the target for their role.
type StudyStanding struct {
	MemberID   int64  `json:"member_id"`
	MemberName string `json:"member_name"`
	OrgID      int64  `json:"org_id"`
	OrgName    string `json:"org_name,omitempty"`
	Status     Status `json:"status"`
	// Role is "member" or "committee" (secretaries and committee members have the higher target).
	Role     string `json:"role"`
	Hours    Hours  `json:"-"`
	Target   Hours  `json:"-"`
	Remedial Hours  `json:"-"`
	// Reasons counts the member's recorded absences by reason in the year.
	Reasons map[string]int `json:"reasons"`
}

// Document is a document every member of a subtree must read and acknowledge (签收).
type Document struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"org_id"`
	OrgPath   string    `json:"-"`
	OrgName   string    `json:"org_name,omitempty"`
	Title     string    `json:"title"`
	Content   string    `json:"content"`
	IssuedOn  Date      `json:"issued_on"`
	DueOn     Date      `json:"due_on"`
	Targets   int       `json:"targets"`
	Acked     int       `json:"acked"`
	CreatedBy int64     `json:"created_by,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// Acknowledgement is one member's receipt of a document (签收记录).
type Acknowledgement struct {
	DocumentID int64     `json:"document_id"`
	MemberID   int64     `json:"member_id"`
	MemberName string    `json:"member_name"`
	OrgName    string    `json:"org_name,omitempty"`
	AckedAt    time.Time `json:"acked_at,omitzero"`
}
