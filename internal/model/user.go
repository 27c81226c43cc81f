package model

import "time"

// Role is a role a user holds on an organisation subtree.
type Role string

// Roles. Admin may hold a grant without an organisation, which then covers the whole tree.
const (
	RoleAdmin     Role = "admin"     // 系统管理员
	RoleStaff     Role = "staff"     // 组织部门工作人员
	RoleSecretary Role = "secretary" // 支部书记
	RoleMember    Role = "member"    // 党员 (self only)
	RoleAuditor   Role = "auditor"   // 审计员 (reads the audit log of the subtree)
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleStaff, RoleSecretary, RoleMember, RoleAuditor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}

// User is an account that can log in.
type User struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	DisplayName  string    `json:"display_name,omitempty"`
	PasswordHash string    `json:"-"`
	MemberID     int64     `json:"member_id,omitempty"`
	Disabled     bool      `json:"disabled"`
	Grants       []Grant   `json:"grants"`
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
}

// Grant gives a role on an organisation subtree. OrgID 0 (admin only) covers everything.
type Grant struct {
	ID      int64  `json:"id"`
	UserID  int64  `json:"user_id"`
	Role    Role   `json:"role"`
	OrgID   int64  `json:"org_id,omitempty"`
	OrgPath string `json:"org_path,omitempty"`
	OrgName string `json:"org_name,omitempty"`
}

// Session is a server-side login session; only the hash of its token is stored.
type Session struct {
	TokenHash string
	UserID    int64
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
}

// AuditEntry is one write recorded in the audit log.
type AuditEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	UserID    int64     `json:"user_id,omitempty"`
	Username  string    `json:"username,omitempty"`
	Action    string    `json:"action"`
	Entity    string    `json:"entity"`
	EntityID  int64     `json:"entity_id,omitempty"`
	OrgPath   string    `json:"org_path,omitempty"`
	Before    string    `json:"before,omitempty"`
	After     string    `json:"after,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
}

// JobStatus is the state of a background job.
type JobStatus string

// Job states.
const (
	JobQueued    JobStatus = "queued"
	JobRunning   JobStatus = "running"
	JobSucceeded JobStatus = "succeeded"
	JobFailed    JobStatus = "failed"
)

// Job is long work (import, export, subtree move, statistics rebuild) with progress.
type Job struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Status    JobStatus `json:"status"`
	Done      int64     `json:"done"`
	Total     int64     `json:"total"`
	Result    string    `json:"result,omitempty"`
	Error     string    `json:"error,omitempty"`
	UserID    int64     `json:"user_id,omitempty"`
	OrgPath   string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}
