package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"dangjian/internal/i18n"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "dj_session"

var (
	requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "dangjian_http_requests_total", Help: "HTTP requests by method and status class.",
	}, []string{"method", "code"})
	latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "dangjian_http_request_seconds", Help: "HTTP request latency.", Buckets: prometheus.DefBuckets,
	}, []string{"method"})
)

// Metrics returns the collectors the API exports at /metrics.
func Metrics() []prometheus.Collector {
	return []prometheus.Collector{requests, latency, queuedRequests}
}

type logKey struct{}

func logFromContext(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(logKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an id, a language, a logger and metrics, and turns a panic into a
// plain 500.
func observe(log *slog.Logger, realIPHeader string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		l := log.With("request_id", id)
		ctx := audit.WithRequestID(r.Context(), id)
		ctx = audit.WithClient(ctx, audit.Client{IP: clientIP(r, realIPHeader), UserAgent: r.UserAgent()})
		ctx = context.WithValue(ctx, logKey{}, l)
		ctx = withLocalizer(ctx, i18n.For(r.Header.Get("Accept-Language")))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				l.Error("panic", "panic", v, "stack", string(debug.Stack()))
				if sw.status == 0 {
					writeJSONError(sw, r, http.StatusInternalServerError, "internal")
				}
			}
			requests.WithLabelValues(r.Method, strconv.Itoa(sw.status/100)+"xx").Inc()
			latency.WithLabelValues(r.Method).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// authenticate resolves the session cookie, if any, into a principal in the request context.
func authenticate(svc *auth.Service, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			if p, err := svc.Authenticate(r.Context(), c.Value); err == nil {
				r = r.WithContext(auth.WithPrincipal(r.Context(), p))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// ContentSecurityPolicy is the CSP of every response: scripts, connections, fonts and images
// from the server itself only, no inline or evaluated script, no framing. Inline styles are
// allowed: Element Plus and ECharts set style attributes at run time, which a nonce cannot
// cover; they cannot run code.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the security headers on every response; API answers are never cached
// (they carry personal data); behind TLS, HSTS asks browsers to stay on HTTPS.
func securityHeaders(tls bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if tls {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if strings.HasPrefix(r.URL.Path, "/api/v1/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}
