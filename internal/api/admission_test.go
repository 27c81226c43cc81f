package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestAdmitRunsAtMostNAPIRequestsAtOnce(t *testing.T) {
	var running, peak atomic.Int32
	h := admit(2, time.Hour, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := running.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(2 * time.Millisecond)
		running.Add(-1)
	}))
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/members", nil)) })
	}
	wg.Wait()
	if p := peak.Load(); p != 2 {
		t.Fatalf("%d requests ran at once, want 2", p)
	}
}

func TestAdmitQueuesInArrivalOrder(t *testing.T) {
	release := make(chan struct{})
	var order []string
	var mu sync.Mutex
	entered := make(chan struct{})
	h := admit(1, time.Hour, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("n") == "first" {
			close(entered)
			<-release
		}
		mu.Lock()
		order = append(order, r.URL.Query().Get("n"))
		mu.Unlock()
	})).(*admission)
	var wg sync.WaitGroup
	start := func(n string) {
		wg.Go(func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/x?n="+n, nil)) })
	}
	start("first")
	<-entered
	for i, n := range []string{"a", "b", "c", "d"} {
		start(n)
		waitQueued(t, h, i+1) // in the queue before the next one arrives
	}
	close(release)
	wg.Wait()
	if got := len(order); got != 5 {
		t.Fatalf("%d requests served", got)
	}
	for i, want := range []string{"first", "a", "b", "c", "d"} {
		if order[i] != want {
			t.Fatalf("served in the order %v, want first, a, b, c, d", order)
		}
	}
}

func TestAdmitLetsLongRequestsLeaveTheCount(t *testing.T) {
	release := make(chan struct{})
	second := make(chan struct{})
	entered := make(chan struct{})
	h := admit(1, 10*time.Millisecond, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/export" {
			close(entered)
			<-release
			return
		}
		close(second)
	}))
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/export", nil))
		close(done)
	}()
	<-entered
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/members", nil))
	select {
	case <-second:
	case <-time.After(10 * time.Second):
		t.Fatal("a short request waited for a long one past the hold")
	}
	close(release)
	<-done
}

func TestAdmitDoesNotQueueHealthOrTheUI(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	entered := make(chan struct{})
	h := admit(1, time.Hour, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/slow" {
			close(entered)
			<-release
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/slow", nil))
	<-entered
	for _, path := range []string{"/healthz", "/readyz", "/metrics", "/", "/assets/index.js"} {
		rec := httptest.NewRecorder()
		finished := make(chan struct{})
		go func() { h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil)); close(finished) }()
		select {
		case <-finished:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s was queued behind an API request", path)
		}
	}
}

func TestAdmitDropsARequestWhoseClientLeftWhileQueued(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	var served atomic.Int32
	h := admit(1, time.Hour, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		<-release
	})).(*admission)
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/slow", nil))
	for served.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	go func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/members", nil).WithContext(ctx))
		close(finished)
	}()
	waitQueued(t, h, 1)
	cancel()
	select {
	case <-finished:
	case <-time.After(10 * time.Second):
		t.Fatal("the queued request did not leave when its client did")
	}
	if n := served.Load(); n != 1 {
		t.Fatalf("%d requests reached the handler, want only the first", n)
	}
	if n := len(h.slots); n != 1 {
		t.Fatalf("%d slots taken after the queued request left, want the first's only", n)
	}
}

// waitQueued waits until n requests wait in a's queue.
func waitQueued(t *testing.T, a *admission, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); a.queued.Load() != int32(n); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests queued, want %d", a.queued.Load(), n)
		}
	}
}
