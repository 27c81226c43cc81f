// Package errs defines the domain errors services return; the api layer maps each Kind to an
// HTTP status and each Code to a message in the request's language.
package errs

import (
	"errors"
	"fmt"

	"dangjian/internal/store"
)

// Kind classifies a domain error.
type Kind int

// Error kinds.
const (
	Invalid      Kind = iota + 1 // 422: input breaks a rule
	NotFound                     // 404: missing, or outside the caller's scope
	Conflict                     // 409: stale version or duplicate
	Forbidden                    // 403: the role may not do this
	Unauthorized                 // 401: not logged in
)

// FieldError is one problem with one input field. Code is an i18n message id; Params fill it.
type FieldError struct {
	Field  string         `json:"field"`
	Code   string         `json:"code"`
	Params map[string]any `json:"params,omitempty"`
}

// Error is a domain error with an i18n code and optional field errors.
type Error struct {
	Kind   Kind
	Code   string
	Params map[string]any
	Fields []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %v", e.Code, e.Fields)
	}
	return e.Code
}

// New returns an error of kind with code.
func New(kind Kind, code string) *Error { return &Error{Kind: kind, Code: code} }

// Fields returns an Invalid error carrying field errors, or nil when there are none.
func Fields(fe []FieldError) error {
	if len(fe) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Code: "validation_failed", Fields: fe}
}

// Field is a single-field Invalid error.
func Field(field, code string, params map[string]any) error {
	return Fields([]FieldError{{Field: field, Code: code, Params: params}})
}

// Common errors.
var (
	ErrNotFound     = New(NotFound, "not_found")
	ErrConflict     = New(Conflict, "stale_version")
	ErrForbidden    = New(Forbidden, "forbidden")
	ErrUnauthorized = New(Unauthorized, "unauthorized")
)

// KindOf returns the kind of err, or 0 when it is not a domain error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

// As extracts the domain error from err.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// FromStore maps the store's sentinel errors to domain errors (stale version or taken key →
// Conflict, missing or out of scope → NotFound); other errors pass through.
func FromStore(err error) error {
	switch {
	case errors.Is(err, store.ErrConflict):
		return ErrConflict
	case errors.Is(err, store.ErrNotFound):
		return ErrNotFound
	}
	return err
}
