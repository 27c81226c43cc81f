package app_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"dangjian/internal/app"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

// TestRequestsRunAtOnceByEngine checks the server's default limit of API requests running at
// once (two per processor on SQLite, four on PostgreSQL), that an operator's value replaces it,
// and that the queue's length is among the metrics.
func TestRequestsRunAtOnceByEngine(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		a, err := app.FromStore(s, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		defer a.Jobs.Shutdown()
		want := 2 * runtime.GOMAXPROCS(0)
		if s.Dialect() == store.Postgres {
			want = 4 * runtime.GOMAXPROCS(0)
		}
		if got := a.MaxActiveInEffect(); got != want {
			t.Errorf("default: %d requests at once, want %d", got, want)
		}
		for _, set := range []int{1, 7, -1} {
			a.MaxActive = set
			if got := a.MaxActiveInEffect(); got != set {
				t.Errorf("MaxActive %d: in effect %d", set, got)
			}
		}
		a.MaxActive = 0
		rec := httptest.NewRecorder()
		a.Handler(nil, false, "test").ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		if !strings.Contains(rec.Body.String(), "dangjian_http_queued_requests 0") {
			t.Errorf("/metrics lacks the queue length:\n%.400s", rec.Body.String())
		}
	})
}
