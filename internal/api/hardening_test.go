package api_test

import (
	"database/sql"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"net/http/httptest"

	"dangjian/internal/api"
	"dangjian/internal/store/storetest"
)

// TestSecurityHeaders: every response carries the CSP (no inline script), frame-ancestors
// 'none', nosniff and the referrer policy; API answers are not cached; the docs page has no
// inline script.
func TestSecurityHeaders(t *testing.T) {
	w := newWorld(t, "sqlite")
	ui := fstest.MapFS{"index.html": {Data: []byte(`<!doctype html><script type="module" src="/assets/app.js"></script>`)},
		"assets/app.js": {Data: []byte(`console.log(1)`)}}
	srv := httptest.NewServer(w.app.Handler(ui, false, "test"))
	defer srv.Close()
	w.srv = srv
	for _, path := range []string{"/", "/members/1", "/assets/app.js", "/api/docs", "/api/docs.js", "/api/v1/openapi.json",
		"/api/v1/auth/me", "/api/v1/nowhere", "/healthz"} {
		res, body := w.do("staffA", http.MethodGet, path, nil)
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		if csp != api.ContentSecurityPolicy || !strings.Contains(csp, "script-src 'self';") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
		if strings.HasPrefix(path, "/api/v1/") && h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, h.Get("Cache-Control"))
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS without TLS", path)
		}
		if strings.HasSuffix(path, "docs") && regexp.MustCompile(`<script>|<script [^>]*>[^<]`).MatchString(body) {
			t.Errorf("the docs page has an inline script: %s", body)
		}
	}
	// The CSP allows no inline or evaluated script.
	script := regexp.MustCompile(`script-src ([^;]*)`).FindStringSubmatch(api.ContentSecurityPolicy)[1]
	if strings.Contains(script, "unsafe") {
		t.Fatalf("script-src %q", script)
	}
}

// TestBodyLimit: a JSON body over the limit is refused before it is read.
func TestBodyLimit(t *testing.T) {
	w := newWorld(t, "sqlite")
	big := strings.Repeat("x", api.MaxBodyBytes+1)
	res, body := w.do("", http.MethodPost, "/api/v1/auth/login", map[string]string{"username": "staffA", "password": big})
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a %d-byte login: %d %s", len(big), res.StatusCode, body)
	}
	res, body = w.do("staffA", http.MethodPost, "/api/v1/orgs", map[string]any{"parent_id": "{org:A}", "name": "x", "type": "branch", "address": big})
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a big organisation: %d %s", res.StatusCode, body)
	}
}

// TestNoInternalsInErrors: when the database fails under a request, the answer is a plain
// message in the user's language — no SQL, no table names, no stack.
func TestNoInternalsInErrors(t *testing.T) {
	w := newWorld(t, "sqlite")
	raw, err := sql.Open("sqlite", storetest.DSN(w.app.Store))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`DROP TABLE jobs`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/api/v1/jobs/1"},
		{http.MethodPost, w.path("/api/v1/orgs/{org:A1}/move")},
	} {
		var body any
		if c.method == http.MethodPost {
			body = map[string]any{"parent_id": "{org:B}", "version": 1}
		}
		res, text := w.do("city", c.method, c.path, body)
		if res.StatusCode != 500 || !strings.Contains(text, "服务器内部错误") {
			t.Fatalf("%s %s: %d %s", c.method, c.path, res.StatusCode, text)
		}
		for _, leak := range []string{"jobs", "table", "sql", "SQL", "sqlite", "goroutine", ".go:"} {
			if strings.Contains(text, leak) {
				t.Fatalf("%s %s leaks %q: %s", c.method, c.path, leak, text)
			}
		}
	}
}
