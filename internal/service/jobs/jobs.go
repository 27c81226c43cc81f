// Package jobs runs long work (imports, exports, subtree moves, statistics rebuilds) in the
// background with its progress in the jobs table, so any instance can report it.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Progress reports work done so far out of total.
type Progress func(done, total int64)

// Work is the body of a job: it returns a result to store as JSON.
type Work func(ctx context.Context, progress Progress) (any, error)

// Runner starts jobs and tracks them until they end.
type Runner struct {
	Store *store.Store
	Log   *slog.Logger
	wg    sync.WaitGroup
	ctx   context.Context
	stop  context.CancelFunc
}

// NewRunner returns a runner whose jobs are cancelled by Shutdown.
func NewRunner(s *store.Store, log *slog.Logger) *Runner {
	ctx, stop := context.WithCancel(context.Background())
	return &Runner{Store: s, Log: log, ctx: ctx, stop: stop}
}

// Start records a job and runs work in the background; it returns the job at once.
func (r *Runner) Start(ctx context.Context, p *auth.Principal, kind, orgPath string, work Work) (*model.Job, error) {
	j := &model.Job{Kind: kind, UserID: p.UserID, OrgPath: orgPath}
	if err := r.Store.InsertJob(ctx, j); err != nil {
		return nil, err
	}
	snapshot := *j
	r.wg.Add(1)
	go r.run(auth.WithPrincipal(r.ctx, p), &snapshot, work)
	return j, nil
}

// RunNow runs work in the caller's goroutine as a recorded job (CLI use).
func (r *Runner) RunNow(ctx context.Context, p *auth.Principal, kind, orgPath string, work Work) (*model.Job, error) {
	j := &model.Job{Kind: kind, UserID: p.UserID, OrgPath: orgPath}
	if err := r.Store.InsertJob(ctx, j); err != nil {
		return nil, err
	}
	r.wg.Add(1)
	r.run(ctx, j, work)
	return j, nil
}

func (r *Runner) run(ctx context.Context, j *model.Job, work Work) {
	defer r.wg.Done()
	j.Status = model.JobRunning
	r.save(j)
	var mu sync.Mutex
	last := time.Time{}
	progress := func(done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		j.Done, j.Total = done, total
		if time.Since(last) > 200*time.Millisecond || done == total {
			last = time.Now()
			r.save(j)
		}
	}
	result, err := safeRun(ctx, work, progress)
	mu.Lock()
	defer mu.Unlock()
	if result != nil {
		b, _ := json.Marshal(result)
		j.Result = string(b)
	}
	if err != nil {
		j.Status = model.JobFailed
		if e, ok := errs.As(err); ok {
			j.Error = e.Code
		} else {
			j.Error = "internal"
			r.Log.Error("job failed", "job", j.ID, "kind", j.Kind, "err", err)
		}
	} else {
		j.Status = model.JobSucceeded
		if j.Total == 0 {
			j.Done, j.Total = 1, 1
		}
		j.Done = j.Total
	}
	r.save(j)
}

func safeRun(ctx context.Context, work Work, progress Progress) (result any, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = errors.New("job panicked")
			slog.Error("job panicked", "panic", v)
		}
	}()
	return work(ctx, progress)
}

func (r *Runner) save(j *model.Job) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.Store.UpdateJob(ctx, j); err != nil {
		r.Log.Error("saving job", "job", j.ID, "err", err)
	}
}

// Get returns a job the caller started (the System principal sees every job).
func (r *Runner) Get(ctx context.Context, p *auth.Principal, id int64) (*model.Job, error) {
	owner := p.UserID
	if p.IsSystem() {
		owner = 0
	}
	j, err := r.Store.GetJob(ctx, id, owner)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.ErrNotFound
	}
	return j, err
}

// Wait blocks until every running job has ended.
func (r *Runner) Wait() { r.wg.Wait() }

// Shutdown cancels running jobs and waits for them.
func (r *Runner) Shutdown() {
	r.stop()
	r.wg.Wait()
}
