// Package api is the HTTP layer: it parses and validates requests, calls the services with the
// caller's principal, and maps domain errors to HTTP. All routes are registered in routes.go.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"dangjian/internal/rules"
	"dangjian/internal/service/alert"
	"dangjian/internal/service/attachment"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/committee"
	"dangjian/internal/service/development"
	"dangjian/internal/service/directive"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/imports"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/meeting"
	"dangjian/internal/service/member"
	"dangjian/internal/service/org"
	"dangjian/internal/service/study"
	"dangjian/internal/service/transfer"
	"dangjian/internal/store"
)

// Deps are the services the API serves.
type Deps struct {
	Store   *store.Store
	Auth    *auth.Service
	Orgs    *org.Service
	Members *member.Service
	Imports *imports.Service
	Jobs    *jobs.Runner
	Alerts  *alert.Service
	// Organisational life.
	Meetings   *meeting.Service
	Study      *study.Service
	Directives *directive.Service
	Committees *committee.Service
	// Attachments are the files of meetings, directives, courses, documents and development steps.
	Attachments *attachment.Service
	// Development and Transfers serve the member lifecycle.
	Development *development.Service
	Transfers   *transfer.Service
	Rules       *rules.Set
	Log         *slog.Logger
	// UI is the built web app (index.html at its root); nil or without index.html serves a notice.
	UI fs.FS
	// SecureCookies marks the session cookie Secure (behind TLS).
	SecureCookies bool
	// ClientIPHeader names the header carrying the client address when a proxy sets it (e.g.
	// X-Real-IP); empty uses the connection's address.
	ClientIPHeader string
	// Version is the build's version string.
	Version string
	// Registry receives the metrics; nil uses a fresh one.
	Registry *prometheus.Registry
	// MaxActive is how many API requests run at once, the others queued in arrival order
	// (see admit); 0 admits everything.
	MaxActive int
}

type server struct{ Deps }

// New builds the whole HTTP handler: API, OpenAPI document, docs page, health, metrics and UI.
func New(d Deps) (http.Handler, huma.API) {
	installErrorModel()
	if d.Log == nil {
		d.Log = slog.Default()
	}
	s := &server{d}
	mux := http.NewServeMux()
	cfg := huma.DefaultConfig("Dangjian API", d.Version)
	cfg.OpenAPIPath = "/api/v1/openapi"
	cfg.DocsPath = ""
	cfg.SchemasPath = "/api/v1/schemas"
	cfg.CreateHooks = nil // no $schema links in bodies
	cfg.Info.Description = "Grassroots party-building management. Session cookie auth: POST /api/v1/auth/login."
	api := humago.New(mux, cfg)
	s.routes(api)

	reg := d.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	for _, c := range Metrics() {
		_ = reg.Register(c)
	}
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", s.ready)
	mux.HandleFunc("GET /api/docs", docsPage)
	mux.HandleFunc("GET /api/docs.js", docsScript)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, r, http.StatusNotFound, "not_found")
	})
	mux.Handle("/", spaHandler(d.UI))

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, r, http.StatusForbidden, "forbidden")
	}))
	var sec rules.SecurityRules
	if d.Rules != nil {
		sec = d.Rules.Security
	}
	var h http.Handler = mux
	h = csrf.Handler(h)
	h = rateLimit(newLimiter(sec.LoginRatePerMinute), newLimiter(sec.AnonymousRatePerMinute), d.ClientIPHeader, h)
	h = authenticate(d.Auth, h)
	h = admit(d.MaxActive, admissionHold, h)
	h = securityHeaders(d.SecureCookies, h)
	h = observe(d.Log, d.ClientIPHeader, h)
	return h, api
}

func (s *server) ready(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := s.Store.Ping(ctx); err != nil {
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	if ok, err := s.Store.MigrationsCurrent(ctx); err != nil || !ok {
		http.Error(w, "migrations pending", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ready\n"))
}

// principal returns the caller, or a 401 error; a caller who must change their password first
// gets a 403 (password.change_required) from every route but the few that anyPrincipal serves.
func principal(ctx context.Context) (*auth.Principal, error) {
	p, err := anyPrincipal(ctx)
	if err == nil && p.MustChangePassword {
		return nil, fail(ctx, errs.New(errs.Forbidden, "password.change_required"))
	}
	return p, err
}

// anyPrincipal returns the caller even when they must change their password (me, logout,
// change password, own sessions), or a 401 error.
func anyPrincipal(ctx context.Context) (*auth.Principal, error) {
	if p := auth.FromContext(ctx); p != nil {
		return p, nil
	}
	return nil, fail(ctx, errs.ErrUnauthorized)
}

// page normalises list paging.
func page(p, size int) (int, int) {
	if size <= 0 {
		size = 20
	}
	return max(p, 1), min(size, 200)
}
