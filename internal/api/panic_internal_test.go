package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A panic in a handler is answered with a plain 500 in the user's language, never the panic's
// value or a stack.
func TestPanicAnswersPlain500(t *testing.T) {
	h := observe(slog.New(slog.NewTextHandler(io.Discard, nil)), "", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("pq: relation \"members\" does not exist at store/members.go:42")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/members", nil))
	body := rec.Body.String()
	if rec.Code != 500 || !strings.Contains(body, "服务器内部错误") || strings.Contains(body, "members") || strings.Contains(body, "goroutine") {
		t.Fatalf("panic answer: %d %s", rec.Code, body)
	}
}
