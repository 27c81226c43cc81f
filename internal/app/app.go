// Package app wires configuration, store and services into a running product.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/alert"
	"dangjian/internal/service/attachment"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/committee"
	"dangjian/internal/service/development"
	"dangjian/internal/service/directive"
	"dangjian/internal/service/imports"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/meeting"
	"dangjian/internal/service/member"
	"dangjian/internal/service/org"
	"dangjian/internal/service/study"
	"dangjian/internal/service/transfer"
	"dangjian/internal/store"
	"dangjian/internal/vault"
)

// Config is what the commands pass in.
type Config struct {
	// DB is a SQLite file path or a postgres:// DSN.
	DB string
	// RulesFile optionally overrides the embedded regulation data.
	RulesFile string
	// MaxFileBytes bounds one attachment (0: attachment.DefaultMaxBytes).
	MaxFileBytes int64
	// Keys encrypt members' personal data; Open fails without them unless WithoutKeys.
	Keys *vault.Keyring
	// WithoutKeys opens for work that never reads personal data (audit, statistics).
	WithoutKeys bool
	Log         *slog.Logger
	// PGConns sizes the PostgreSQL connection pool (store.Options.PGConns; 0 for the default).
	PGConns int
}

// App holds the opened store and the services.
type App struct {
	Store *store.Store
	// Keys are the personal-data keys (nil when opened WithoutKeys).
	Keys    *vault.Keyring
	Rules   *rules.Set
	Auth    *auth.Service
	Orgs    *org.Service
	Members *member.Service
	Imports *imports.Service
	Jobs    *jobs.Runner
	Alerts  *alert.Service
	// Organisational life: meetings and compliance, study, directives, committees and elections.
	Meetings   *meeting.Service
	Study      *study.Service
	Directives *directive.Service
	Committees *committee.Service
	// Attachments are the files of meetings, directives, courses, documents and development
	// steps, kept in the database.
	Attachments *attachment.Service
	// Development and Transfers are the member lifecycle: membership development and
	// organisational relation transfers.
	Development *development.Service
	Transfers   *transfer.Service
	Log         *slog.Logger
	// MaxActive is how many API requests the server runs at once, the others queued in
	// arrival order; 0 chooses by engine and processors, negative admits everything.
	MaxActive int
}

// Open loads the rules, opens and migrates the database and builds the services.
func Open(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	rs, err := rules.Load(cfg.RulesFile, model.DateOf(time.Now()))
	if err != nil {
		return nil, err
	}
	if cfg.DB == "" {
		return nil, fmt.Errorf("no database: pass --db with a SQLite file path or a postgres:// DSN")
	}
	if cfg.Keys == nil && !cfg.WithoutKeys {
		return nil, vault.ErrNoKey
	}
	s, err := store.Open(ctx, cfg.DB, store.Options{BranchMinFull: rs.Org.BranchMinFullMembers, Keys: cfg.Keys, PGConns: cfg.PGConns})
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	a, err := build(s, rs, cfg.Log, cfg.MaxFileBytes)
	if err != nil {
		s.Close()
		return nil, err
	}
	a.Keys = cfg.Keys
	return a, nil
}

// FromStore builds the services over an opened, migrated store (tests use it).
func FromStore(s *store.Store, rulesFile string, log *slog.Logger) (*App, error) {
	rs, err := rules.Load(rulesFile, model.DateOf(time.Now()))
	if err != nil {
		return nil, err
	}
	s.BranchMinFull = rs.Org.BranchMinFullMembers
	return build(s, rs, log, 0)
}

func build(s *store.Store, rs *rules.Set, log *slog.Logger, maxFileBytes int64) (*App, error) {
	attachments, err := attachment.New(s, rs.Security.AttachmentKinds, maxFileBytes)
	if err != nil {
		return nil, err
	}
	orgs := org.New(s, rs)
	s.Compliance = &rs.OrgLife
	meetings, directives, committees := meeting.New(s, rs), directive.New(s, rs), committee.New(s, rs)
	members := member.New(s, rs)
	dev := development.New(s, rs)
	transfers := transfer.New(s, rs)
	imp := imports.New(s, rs, orgs)
	imp.Development = dev
	alerts := alert.New(s)
	alerts.Register(org.BelowMinimumAlerts{Orgs: orgs})
	alerts.Register(meeting.ComplianceAlerts{Meetings: meetings})
	alerts.Register(meeting.NoOrgLifeAlerts{Meetings: meetings})
	alerts.Register(directive.Alerts{Directives: directives})
	alerts.Register(committee.TermAlerts{Committees: committees})
	alerts.Register(development.Alerts{Dev: dev})
	alerts.Register(transfer.Alerts{Transfers: transfers})
	alerts.Register(member.Alerts{Members: members})
	return &App{Store: s, Rules: rs, Log: log, Auth: auth.New(s, rs.Security), Orgs: orgs, Members: members,
		Imports: imp, Jobs: jobs.NewRunner(s, log), Alerts: alerts,
		Meetings: meetings, Study: study.New(s, rs), Directives: directives, Committees: committees,
		Attachments: attachments, Development: dev, Transfers: transfers}, nil
}

// Close waits for jobs and closes the store.
func (a *App) Close() error {
	a.Jobs.Shutdown()
	return a.Store.Close()
}
