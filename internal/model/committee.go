package model

import "time"

// CommitteePost is a post on an organisation's committee (委员会职务); the list is rules data.
type CommitteePost string

// The usual posts (rules.md §1.4).
const (
	PostSecretary       CommitteePost = "secretary"        // 书记
	PostDeputySecretary CommitteePost = "deputy_secretary" // 副书记
	PostOrganisation    CommitteePost = "organisation"     // 组织委员
	PostPropaganda      CommitteePost = "propaganda"       // 宣传委员
	PostDiscipline      CommitteePost = "discipline"       // 纪检委员
	PostMember          CommitteePost = "member"           // 委员
)

// CommitteeMember is one person holding a post on an organisation's committee for a term
// (支部委员会/党委委员).
type CommitteeMember struct {
	ID         int64         `json:"id"`
	OrgID      int64         `json:"org_id"`
	OrgPath    string        `json:"-"`
	MemberID   int64         `json:"member_id"`
	Name       string        `json:"name"`
	Post       CommitteePost `json:"post"`
	TermStart  Date          `json:"term_start"`
	LeftOn     Date          `json:"left_on"`
	ElectionID int64         `json:"election_id,omitempty"`
	Version    int64         `json:"version"`
	CreatedAt  time.Time     `json:"created_at"`
}

// Active reports whether the post is held on day d.
func (c *CommitteeMember) Active(d Date) bool { return c.LeftOn.IsZero() || d.Before(c.LeftOn) }

// ElectionStatus is where an election record stands.
type ElectionStatus string

// Election states.
const (
	ElectionRecorded ElectionStatus = "recorded" // 已选举，待报上级
	ElectionReported ElectionStatus = "reported" // 已报上级
	ElectionApproved ElectionStatus = "approved" // 上级已批复
)

// Election is the record of a committee re-election (换届选举) at a members' assembly.
type Election struct {
	ID      int64  `json:"id"`
	OrgID   int64  `json:"org_id"`
	OrgPath string `json:"-"`
	OrgName string `json:"org_name,omitempty"`
	HeldOn  Date   `json:"held_on"`
	Seats   int    `json:"seats"`
	// Entitled are the voters entitled to vote (full members not under probation within the
	// party, not suspended), Present those who voted.
	Entitled int `json:"entitled"`
	Present  int `json:"present"`
	// Excluded are members left off the voter roll with the reason (e.g. under 留党察看).
	Excluded   []ExcludedVoter `json:"excluded"`
	Candidates []Candidate     `json:"candidates"`
	TermYears  int             `json:"term_years"`
	Valid      bool            `json:"valid"`
	// SecretaryID is the member the new committee elected secretary (书记), SecretaryOn when.
	SecretaryID   int64          `json:"secretary_id,omitempty"`
	SecretaryName string         `json:"secretary_name,omitempty"`
	SecretaryOn   Date           `json:"secretary_on"`
	Status        ElectionStatus `json:"status"`
	ReportedOn    Date           `json:"reported_on"`
	ApprovedOn    Date           `json:"approved_on"`
	Note          string         `json:"note,omitempty"`
	Version       int64          `json:"version"`
	CreatedAt     time.Time      `json:"created_at"`
}

// ExcludedVoter is a full member left off an election's voter roll, with the reason.
type ExcludedVoter struct {
	MemberID int64  `json:"member_id"`
	Reason   string `json:"reason"`
}

// Candidate is one candidate of an election with the "for" votes received.
type Candidate struct {
	MemberID int64         `json:"member_id"`
	Name     string        `json:"name"`
	Votes    int           `json:"votes"`
	Elected  bool          `json:"elected"`
	Post     CommitteePost `json:"post,omitempty"`
}
