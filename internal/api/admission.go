package api

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// admissionHold is how long an admitted request keeps its place among the n: a request still
// running after it (an export streaming a register, an upload) leaves the count, so that a few
// long requests never hold the short ones back.
const admissionHold = 200 * time.Millisecond

var queuedRequests = prometheus.NewGauge(prometheus.GaugeOpts{
	Name: "dangjian_http_queued_requests", Help: "API requests waiting for their turn to run (see serve --max-active).",
})

// admission lets at most cap(slots) API requests run at once and queues the others in arrival
// order (goroutines blocked sending on a channel are woken first in, first out).
//
// When more requests arrive than the machine can serve at once, those running share the
// processors; without a limit every waiting request shares them too, and a request's latency
// depends on how many others happened to overlap it, so the slowest percent takes several
// times the mean. With a limit the wait is a queue in arrival order and the running requests
// finish quickly: the mean is set by the throughput as before, the tail is much shorter.
// Health, metrics and the UI's files are not queued; a request whose client leaves while
// queued is dropped unanswered.
type admission struct {
	slots  chan struct{}
	hold   time.Duration
	next   http.Handler
	queued atomic.Int32
}

// admit wraps next in an admission of n requests at once; n <= 0 admits everything.
func admit(n int, hold time.Duration, next http.Handler) http.Handler {
	if n <= 0 {
		return next
	}
	return &admission{slots: make(chan struct{}, n), hold: hold, next: next}
}

func (a *admission) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		a.next.ServeHTTP(w, r)
		return
	}
	a.queued.Add(1)
	queuedRequests.Inc()
	admitted := false
	select {
	case a.slots <- struct{}{}:
		admitted = true
	case <-r.Context().Done():
	}
	a.queued.Add(-1)
	queuedRequests.Dec()
	if !admitted {
		return
	}
	var once sync.Once
	leave := func() { once.Do(func() { <-a.slots }) }
	t := time.AfterFunc(a.hold, leave)
	defer func() {
		t.Stop()
		leave()
	}()
	a.next.ServeHTTP(w, r)
}
