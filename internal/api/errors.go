package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"dangjian/internal/i18n"
	"dangjian/internal/service/errs"
)

// FieldError is one field's problem in an error response.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error is every error response: `{"status", "message", "errors"}`, in the request's language.
type Error struct {
	Status  int          `json:"status"`
	Message string       `json:"message"`
	Errors  []FieldError `json:"errors,omitempty"`
}

func (e *Error) Error() string  { return e.Message }
func (e *Error) GetStatus() int { return e.Status }

type localizerKey struct{}

func withLocalizer(ctx context.Context, l *i18n.Localizer) context.Context {
	return context.WithValue(ctx, localizerKey{}, l)
}

func localizer(ctx context.Context) *i18n.Localizer {
	if l, ok := ctx.Value(localizerKey{}).(*i18n.Localizer); ok {
		return l
	}
	return i18n.For("")
}

var kindStatus = map[errs.Kind]int{
	errs.Invalid: http.StatusUnprocessableEntity, errs.NotFound: http.StatusNotFound,
	errs.Conflict: http.StatusConflict, errs.Forbidden: http.StatusForbidden,
	errs.Unauthorized: http.StatusUnauthorized,
}

// fail turns a service error into an API error in the caller's language; anything that is not a
// domain error is logged and answered as a bare 500 (no internals leak to users).
func fail(ctx context.Context, err error) error {
	l := localizer(ctx)
	if e, ok := errs.As(err); ok {
		out := &Error{Status: kindStatus[e.Kind], Message: l.T(e.Code, e.Params)}
		for _, f := range e.Fields {
			out.Errors = append(out.Errors, FieldError{Field: f.Field, Code: f.Code, Message: l.T(f.Code, f.Params)})
		}
		return out
	}
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	if errors.Is(err, context.Canceled) {
		return &Error{Status: 499, Message: "canceled"}
	}
	logFromContext(ctx).Error("request failed", "err", err)
	return &Error{Status: http.StatusInternalServerError, Message: l.T("internal", nil)}
}

// installErrorModel replaces huma's error constructor so that its own validation errors take
// our shape and language.
func installErrorModel() {
	huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, details ...error) huma.StatusError {
		var l *i18n.Localizer
		if hctx != nil {
			l = i18n.For(hctx.Header("Accept-Language"))
		} else {
			l = i18n.For("")
		}
		out := &Error{Status: status, Message: msg}
		switch {
		case status == http.StatusUnprocessableEntity || status == http.StatusBadRequest:
			out.Message = l.T("validation_failed", nil)
		case status >= 500:
			out.Message = l.T("internal", nil)
		case status == http.StatusNotFound:
			out.Message = l.T("not_found", nil)
		}
		for _, d := range details {
			var hd *huma.ErrorDetail
			if errors.As(d, &hd) {
				field := strings.TrimPrefix(strings.TrimPrefix(hd.Location, "body."), "query.")
				msg := hd.Message
				if l.Lang() != "en" {
					msg = l.T("invalid_value", map[string]any{"Value": hd.Value})
				}
				out.Errors = append(out.Errors, FieldError{Field: field, Code: "invalid_value", Message: msg})
			}
		}
		return out
	}
	huma.NewError = func(status int, msg string, details ...error) huma.StatusError {
		return huma.NewErrorWithContext(nil, status, msg, details...)
	}
}
