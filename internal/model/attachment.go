package model

import "time"

// AttachedToDevelopmentStep is the owner type of the documents attached to a recorded step of
// a development record (applications, talk records, review conclusions …).
const AttachedToDevelopmentStep = "development_step"

// Attachment is a file attached to a meeting, directive, answer, course, document or
// development step (附件); Data is its content, loaded only for a download.
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
