package app

import (
	"context"
	cryptotls "crypto/tls"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"dangjian/internal/api"
	"dangjian/internal/store"
)

// ServeOptions configure the HTTP server.
type ServeOptions struct {
	Addr    string
	UI      fs.FS
	TLSCert string
	TLSKey  string
	// SecureCookies marks the session cookie Secure without direct TLS (behind a TLS proxy).
	SecureCookies bool
	// ClientIPHeader names the header a proxy sets with the client address (rate limits, audit).
	ClientIPHeader string
	Version        string
	OnListen       func(url string)
	ShutdownGrace  time.Duration
}

// Handler builds the HTTP handler of the app (tests use it without a listener).
func (a *App) Handler(ui fs.FS, secure bool, version string) http.Handler {
	h, _ := a.HandlerAndAPI(ui, secure, "", version)
	return h
}

// HandlerAndAPI builds the HTTP handler and returns the huma API with it (whose OpenAPI
// document lists every route: the authorization matrix test enumerates them).
func (a *App) HandlerAndAPI(ui fs.FS, secure bool, clientIPHeader, version string) (http.Handler, huma.API) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return api.New(api.Deps{Store: a.Store, Auth: a.Auth, Orgs: a.Orgs, Members: a.Members, Imports: a.Imports,
		Jobs: a.Jobs, Alerts: a.Alerts, Meetings: a.Meetings, Study: a.Study, Directives: a.Directives,
		Committees: a.Committees, Attachments: a.Attachments, Development: a.Development, Transfers: a.Transfers,
		Rules: a.Rules, Log: a.Log, UI: ui, SecureCookies: secure, ClientIPHeader: clientIPHeader, Version: version, Registry: reg,
		MaxActive: a.MaxActiveInEffect()})
}

// MaxActiveInEffect is how many API requests run at once (api.Deps.MaxActive): MaxActive when set,
// else by engine — SQLite's reads are the app's own processor time, two per processor keep
// them busy; a PostgreSQL request also waits for the database's round trips, so twice as many.
// Measured with `bench list` (docs/performance.md).
func (a *App) MaxActiveInEffect() int {
	if a.MaxActive != 0 {
		return a.MaxActive
	}
	perCPU := 2
	if a.Store.Dialect() == store.Postgres {
		perCPU = 4
	}
	return perCPU * runtime.GOMAXPROCS(0)
}

// Serve runs the HTTP server until SIGINT/SIGTERM, then drains requests and jobs.
func (a *App) Serve(ctx context.Context, opt ServeOptions) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	tls := opt.TLSCert != "" && opt.TLSKey != ""
	h, _ := a.HandlerAndAPI(opt.UI, tls || opt.SecureCookies, opt.ClientIPHeader, opt.Version)
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		TLSConfig:         &cryptotls.Config{MinVersion: cryptotls.VersionTLS12},
	}
	ln, err := net.Listen("tcp", opt.Addr)
	if err != nil {
		return err
	}
	go a.Orgs.RunTermSweeper(ctx, func(err error) { a.Log.Error("term sweep", "err", err) })
	go a.sweepSessions(ctx)
	go a.logAuditHead(ctx)
	go a.reloadKeys(ctx)
	go a.runAlerts(ctx)
	errc := make(chan error, 1)
	go func() {
		if tls {
			errc <- srv.ServeTLS(ln, opt.TLSCert, opt.TLSKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	scheme := "http"
	if tls {
		scheme = "https"
	}
	if opt.OnListen != nil {
		opt.OnListen(scheme + "://" + ln.Addr().String() + "/")
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	grace := opt.ShutdownGrace
	if grace == 0 {
		grace = 15 * time.Second
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	a.Log.Info("shutting down")
	err = srv.Shutdown(sctx)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// runAlerts recomputes the alerts after the term sweep has had its first pass, then daily.
func (a *App) runAlerts(ctx context.Context) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(5 * time.Second):
	}
	a.Alerts.RunDaily(ctx, func(err error) { a.Log.Error("alerts", "err", err) })
}

func (a *App) sweepSessions(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = a.Store.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.DeleteExpiredSessions(ctx, time.Now().UTC())
				return err
			})
		}
	}
}

// logAuditHead writes the audit chain's head to the server log at start and daily: a copy of
// the head outside the database (logs shipped elsewhere) anchors the chain, so that even a
// rewrite of the whole chain and its head in the database would disagree with the log.
func (a *App) logAuditHead(ctx context.Context) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		if h, err := a.Store.GetAuditHead(ctx); err == nil {
			a.Log.Info("audit chain head", "last_id", h.LastID, "last_hash", h.LastHash, "base_id", h.BaseID)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// keyReloadInterval is how often a running server reads its key file again, to pick up a key
// that 'dangjian keys rotate' added (the rotation waits this long before re-encrypting).
const keyReloadInterval = 30 * time.Second

func (a *App) reloadKeys(ctx context.Context) {
	if a.Keys == nil || a.Keys.File() == "" {
		return
	}
	t := time.NewTicker(keyReloadInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			changed, err := a.Keys.Reload()
			if err != nil {
				a.Log.Error("reloading the key file", "err", err)
			} else if changed {
				a.Log.Info("personal-data key rotated", "active", a.Keys.Active())
			}
		}
	}
}
