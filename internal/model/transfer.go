package model

import "time"

// TransferKind says where an organisational relation transfer goes (组织关系转接).
type TransferKind string

// Transfer kinds.
const (
	// TransferInternal moves a member between two organisations of this deployment.
	TransferInternal TransferKind = "internal"
	// TransferOutgoing sends a member to an organisation outside the deployment; the sending
	// organisation stays responsible until the receipt (回执) is recorded.
	TransferOutgoing TransferKind = "outgoing"
	// TransferIncoming registers a member arriving with a letter from outside.
	TransferIncoming TransferKind = "incoming"
)

// TransferStatus is where a transfer stands.
type TransferStatus string

// Transfer statuses.
const (
	TransferRequested TransferStatus = "requested" // awaiting the sending side's approval
	TransferIssued    TransferStatus = "issued"    // letter issued, awaiting acceptance or receipt
	TransferCompleted TransferStatus = "completed" // accepted (moved), receipt recorded, or registered
	TransferReturned  TransferStatus = "returned"  // the receiving side returned the letter
	TransferCancelled TransferStatus = "cancelled" // withdrawn by the sending side
)

// TransferStatuses lists every transfer status.
var TransferStatuses = []TransferStatus{TransferRequested, TransferIssued, TransferCompleted, TransferReturned, TransferCancelled}

// Open reports whether the transfer still waits for someone.
func (s TransferStatus) Open() bool { return s == TransferRequested || s == TransferIssued }

// Transfer is one transfer of a member's organisational relation, with its introduction letter
// (介绍信) once issued.
type Transfer struct {
	ID     int64          `json:"id"`
	Kind   TransferKind   `json:"kind"`
	Status TransferStatus `json:"status"`
	// The member, as the letter names them.
	MemberID    int64  `json:"member_id"`
	MemberName  string `json:"member_name"`
	MemberSex   Sex    `json:"member_sex"`
	MemberBirth Date   `json:"member_birth_date"`
	// MemberIDNumber is read from the register when the transfer is shown (not stored twice).
	MemberIDNumber string   `json:"member_id_number"`
	MemberCategory Category `json:"member_category"`
	MemberEthnic   string   `json:"member_ethnicity,omitempty"`
	// FromOrg is the sending organisation (zero for incoming: ExternalOrg then names it).
	FromOrgID   int64  `json:"from_org_id,omitempty"`
	FromOrgPath string `json:"-"`
	FromOrgName string `json:"from_org_name,omitempty"`
	// ToOrg is the receiving organisation inside the deployment (internal, incoming).
	ToOrgID   int64  `json:"to_org_id,omitempty"`
	ToOrgPath string `json:"-"`
	ToOrgName string `json:"to_org_name,omitempty"`
	// ExternalOrg is the organisation outside the deployment: the receiver of an outgoing
	// letter, or the issuer of an incoming one.
	ExternalOrg string `json:"external_org,omitempty"`
	Reason      string `json:"reason,omitempty"`
	// DuesPaidUntil is the last month the member's dues are paid for ("YYYY-MM"), on the stub.
	DuesPaidUntil string `json:"dues_paid_until,omitempty"`
	RequestedOn   Date   `json:"requested_on"`
	RequestedBy   string `json:"requested_by,omitempty"`
	ApprovedBy    string `json:"approved_by,omitempty"`
	// LetterNo, IssuedOn and ValidUntil describe the introduction letter.
	LetterNo   string `json:"letter_no,omitempty"`
	IssuedOn   Date   `json:"issued_on"`
	ValidUntil Date   `json:"valid_until"`
	// CompletedOn is when the member was received, the receipt recorded, or the member registered.
	CompletedOn  Date   `json:"completed_on"`
	CompletedBy  string `json:"completed_by,omitempty"`
	ReceiptNote  string `json:"receipt_note,omitempty"`
	ReturnedOn   Date   `json:"returned_on"`
	ReturnReason string `json:"return_reason,omitempty"`
	// Side is what the caller may do, filled on read: "sending", "receiving", "both" or "".
	Side      string    `json:"side,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AuditView is what the audit log keeps of a transfer: the member's ID number masked.
func (t Transfer) AuditView() any {
	t.MemberIDNumber = MaskIDNumber(t.MemberIDNumber)
	return t
}
