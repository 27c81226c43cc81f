package api

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"dangjian/internal/service/auth"
)

// limiter is a token bucket per key (the client address): perMinute tokens a minute, as many
// at most. It lives in the instance's memory, so behind a load balancer each instance counts
// its own share.
type limiter struct {
	mu        sync.Mutex
	rate      float64 // tokens per second
	burst     float64
	buckets   map[string]*bucket
	now       func() time.Time
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(perMinute int) *limiter {
	return &limiter{rate: float64(perMinute) / 60, burst: float64(perMinute), buckets: map[string]*bucket{}, now: time.Now}
}

// allow takes a token for key and reports whether there was one, and if not how long until
// there is.
func (l *limiter) allow(key string) (bool, time.Duration) {
	if l == nil || l.burst <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	if t.Sub(l.lastSweep) > time.Minute {
		l.sweep(t)
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, at: t}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+t.Sub(b.at).Seconds()*l.rate)
	b.at = t
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweep forgets buckets that have refilled completely.
func (l *limiter) sweep(t time.Time) {
	l.lastSweep = t
	for k, b := range l.buckets {
		if b.tokens+t.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// clientIP is the request's client address: the header named realIPHeader when the server
// runs behind a proxy that sets it, else the connection's remote address.
func clientIP(r *http.Request, realIPHeader string) string {
	if realIPHeader != "" {
		if v := strings.TrimSpace(strings.Split(r.Header.Get(realIPHeader), ",")[0]); v != "" {
			return v
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// rateLimit refuses with 429 the login attempts and the requests without a session beyond
// their limits per client address. Hashed static assets (public, immutable) are not counted.
func rateLimit(login, anonymous *limiter, realIPHeader string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := clientIP(r, realIPHeader)
		var l *limiter
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/api/v1/auth/login":
			l = login
		case auth.FromContext(r.Context()) == nil && !strings.HasPrefix(r.URL.Path, "/assets/"):
			l = anonymous
		}
		if ok, wait := l.allow(ip); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			writeJSONError(w, r, http.StatusTooManyRequests, "too_many_requests")
			return
		}
		next.ServeHTTP(w, r)
	})
}
