package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Role is a role a user holds on an organisation subtree.
type Role string

// Roles. The three administrative roles follow the separation of duties of MLPS 2.0 level 3
// (三员分立): none of them sees business data, and no account holds two of them or one of them
// together with a business role. A grant without an organisation covers the whole tree; only
// administrative roles may have one.
const (
	// RoleAdmin is the system administrator (系统管理员): user accounts, passwords, sessions,
	// settings. No business data, no grants, no audit log.
	RoleAdmin Role = "admin"
	// RoleSecAdmin is the security administrator (安全管理员): gives and takes role grants
	// (never to their own account) within their subtree.
	RoleSecAdmin Role = "secadmin"
	// RoleAuditor is the audit administrator (安全审计员): reads and verifies the audit log of
	// their subtree and changes nothing.
	RoleAuditor   Role = "auditor"
	RoleStaff     Role = "staff"     // 组织部门工作人员
	RoleSecretary Role = "secretary" // 支部书记
	RoleMember    Role = "member"    // 党员 (self only)
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleSecAdmin, RoleAuditor, RoleStaff, RoleSecretary, RoleMember}

// Administrative reports whether r is one of the three administrative roles (三员).
func (r Role) Administrative() bool {
	return r == RoleAdmin || r == RoleSecAdmin || r == RoleAuditor
}

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
	ID           int64   `json:"id"`
	Username     string  `json:"username"`
	DisplayName  string  `json:"display_name,omitempty"`
	PasswordHash string  `json:"-"`
	MemberID     int64   `json:"member_id,omitempty"`
	Disabled     bool    `json:"disabled"`
	Grants       []Grant `json:"grants"`
	// MustChangePassword is set for a new account and after a reset by an administrator: the
	// user must choose a new password before doing anything else.
	MustChangePassword bool `json:"must_change_password"`
	// FailedLogins counts consecutive failed logins; LockedUntil, when in the future, refuses
	// every login (登录失败处理).
	FailedLogins      int        `json:"failed_logins"`
	LockedUntil       *time.Time `json:"locked_until,omitempty"`
	PasswordChangedAt *time.Time `json:"password_changed_at,omitempty"`
	Version           int64      `json:"version"`
	CreatedAt         time.Time  `json:"created_at"`
}

// Locked reports whether the account is locked out at t.
func (u *User) Locked(t time.Time) bool { return u.LockedUntil != nil && t.Before(*u.LockedUntil) }

// Grant gives a role on an organisation subtree. OrgID 0 (administrative roles only) covers
// everything.
type Grant struct {
	ID      int64  `json:"id"`
	UserID  int64  `json:"user_id"`
	Role    Role   `json:"role"`
	OrgID   int64  `json:"org_id,omitempty"`
	OrgPath string `json:"org_path,omitempty"`
	OrgName string `json:"org_name,omitempty"`
}

// Session is a server-side login session; only the hash of its token is stored. ID names it
// in lists (the token never leaves the cookie).
type Session struct {
	ID        int64     `json:"id"`
	TokenHash string    `json:"-"`
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	LastSeen  time.Time `json:"last_seen"`
	ExpiresAt time.Time `json:"expires_at"`
	IP        string    `json:"ip"`
	UserAgent string    `json:"user_agent"`
	// Current marks the session of the request that lists it.
	Current bool `json:"current"`
}

// AuditEntry is one event recorded in the audit log (安全审计): a write, a login, an export, a
// view of unmasked personal data. Entries form a hash chain: PrevHash is the Hash of the entry
// before, and Hash covers every field (ChainHash), so that an edited, deleted or reordered
// entry shows.
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
	IP        string    `json:"ip,omitempty"`
	PrevHash  string    `json:"prev_hash,omitempty"`
	Hash      string    `json:"hash,omitempty"`
}

// AuditGenesisHash is the PrevHash of the first entry of a chain.
const AuditGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ChainHash is the hex SHA-256 of the entry's canonical form: a JSON array of a format tag and
// every field but Hash, PrevHash included, with the time in UTC at microsecond precision.
func (e *AuditEntry) ChainHash() string {
	b, _ := json.Marshal([]any{"dangjian-audit-v1", e.ID, e.At.UTC().Format("2006-01-02T15:04:05.000000Z"), e.UserID,
		e.Username, e.Action, e.Entity, e.EntityID, e.OrgPath, e.Before, e.After, e.RequestID, e.IP, e.PrevHash})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
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
