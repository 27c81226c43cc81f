package model

import "time"

// Attachment is a file attached to a meeting, directive, answer, course or document (附件).
type Attachment struct {
	ID          int64     `json:"id"`
	OwnerType   string    `json:"owner_type"`
	OwnerID     int64     `json:"owner_id"`
	OrgPath     string    `json:"-"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	Data        []byte    `json:"-"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}
