// Package app wires configuration, store and services into a running product.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/alert"
	"dangjian/internal/service/attachment"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/committee"
	"dangjian/internal/service/development"
	"dangjian/internal/service/directive"
	"dangjian/internal/service/files"
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
	// FilesDir is where attached files are kept; empty gives "files" beside a SQLite database,
	// or ./data/files for PostgreSQL.
	FilesDir string
	// MaxFileBytes bounds one attached file (0: files.DefaultMaxBytes).
	MaxFileBytes int64
	// Keys encrypt members' personal data; Open fails without them unless WithoutKeys.
	Keys *vault.Keyring
	// WithoutKeys opens for work that never reads personal data (audit, statistics).
	WithoutKeys bool
	Log         *slog.Logger
	// PGConns sizes the PostgreSQL connection pool (store.Options.PGConns; 0 for the default).
	PGConns int
}

// DefaultFilesDir is the file directory of a database when none is configured.
func DefaultFilesDir(db string) string {
	if store.IsPostgres(db) || db == "" {
		return filepath.Join("data", "files")
	}
	return filepath.Join(filepath.Dir(db), "files")
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
	Meetings    *meeting.Service
	Study       *study.Service
	Directives  *directive.Service
	Committees  *committee.Service
	Attachments *attachment.Service
	// Development, Transfers and Files are the member lifecycle: membership development,
	// organisational relation transfers and attached documents.
	Development *development.Service
	Transfers   *transfer.Service
	Files       *files.Service
	Log         *slog.Logger
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
	dir := cfg.FilesDir
	if dir == "" {
		dir = DefaultFilesDir(cfg.DB)
	}
	a := build(s, rs, cfg.Log, files.New(s, dir, cfg.MaxFileBytes))
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
	return build(s, rs, log, files.New(s, filepath.Join(os.TempDir(), "dangjian-files"), 0)), nil
}

func build(s *store.Store, rs *rules.Set, log *slog.Logger, fs *files.Service) *App {
	orgs := org.New(s, rs)
	s.Compliance = &rs.OrgLife
	meetings, directives, committees := meeting.New(s, rs), directive.New(s, rs), committee.New(s, rs)
	members := member.New(s, rs)
	dev := development.New(s, rs, fs)
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
		Attachments: attachment.New(s), Development: dev, Transfers: transfers, Files: fs}
}

// Close waits for jobs and closes the store.
func (a *App) Close() error {
	a.Jobs.Shutdown()
	return a.Store.Close()
}
