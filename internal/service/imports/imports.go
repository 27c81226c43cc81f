// Package imports runs member and organisation imports from CSV and xlsx files, and the
// exports that mirror them. An import is one transaction: by default a file with any invalid
// row writes nothing; Partial imports the valid rows only; DryRun always rolls back and reports
// what would change.
package imports

import (
	"errors"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/development"
	"dangjian/internal/service/importer"
	"dangjian/internal/service/jobs"
	"dangjian/internal/service/org"
	"dangjian/internal/store"
)

// Service imports and exports members and organisations.
type Service struct {
	Store *store.Store
	Rules *rules.Set
	Orgs  *org.Service
	// Development records imported development sheets (set by the wiring).
	Development *development.Service
	// Today returns the current date (tests fix it).
	Today func() model.Date
	// BulkMinRows is the least number of rows with which a member import may defer the
	// members indexes (DefaultBulkMinRows when 0; tests lower it).
	BulkMinRows int
}

// New returns the import service.
func New(s *store.Store, r *rules.Set, orgs *org.Service) *Service {
	return &Service{Store: s, Rules: r, Orgs: orgs, Today: func() model.Date { return model.DateOf(time.Now()) }}
}

// Options choose how an import writes.
type Options struct {
	// DryRun validates and counts, then rolls back.
	DryRun bool
	// Partial writes the valid rows even when others are invalid.
	Partial bool
}

// MaxReportedErrors bounds the row errors kept in a result (the counts stay exact).
const MaxReportedErrors = 10000

// Result is what an import did (or, in a dry run, would do).
type Result struct {
	DryRun    bool  `json:"dry_run"`
	Partial   bool  `json:"partial"`
	Rows      int64 `json:"rows"`
	Created   int64 `json:"created"`
	Updated   int64 `json:"updated"`
	Unchanged int64 `json:"unchanged"`
	Invalid   int64 `json:"invalid"`
	// Written is how many rows were committed: 0 for a dry run or a refused file.
	Written int64 `json:"written"`
	// Errors are the row errors (codes and params; the API words them in the reader's language).
	Errors []importer.RowError `json:"errors"`
	// ErrorCount counts every error, also those beyond MaxReportedErrors.
	ErrorCount int64 `json:"error_count"`
	// Seconds is how long the import took.
	Seconds float64 `json:"seconds"`
}

func (r *Result) addErrors(es []importer.RowError) {
	for _, e := range es {
		r.ErrorCount++
		if len(r.Errors) < MaxReportedErrors {
			r.Errors = append(r.Errors, e)
		}
	}
}

// errRollback ends the import transaction without writing.
var errRollback = errors.New("rollback")

// finish commits or rolls back according to the options and the errors found.
func (r *Result) mustRollback(opt Options) bool {
	return opt.DryRun || (r.Invalid > 0 && !opt.Partial)
}

// progressEvery is how often (in rows) an import reports progress.
const progressEvery = 2000

func report(progress jobs.Progress, done, total int64) {
	if progress != nil {
		progress(done, max(total, done))
	}
}
