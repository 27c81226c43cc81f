// Package cli is the dangjian command line: one subcommand per file, each with --help.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"dangjian/internal/app"
	"dangjian/internal/vault"
)

// Version is set at build time with -ldflags "-X dangjian/internal/cli.Version=...".
var Version = "dev"

type command struct {
	summary string
	run     func(ctx context.Context, args []string, out io.Writer) error
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"serve":   {"run the HTTP server (API, UI, health and metrics)", runServe},
		"migrate": {"apply database migrations", runMigrate},
		"demo":    {"generate the demo city into an empty database", runDemo},
		"user":    {"manage user accounts: create, passwd, list", runUser},
		"stats":   {"verify or rebuild the statistics rollup", runStats},
		"audit":   {"verify the audit chain, or archive old entries to a verifiable file", runAudit},
		"keys":    {"personal-data keys: generate a key file, show usage, rotate", runKeys},
		"import":  {"import members or orgs from a CSV or xlsx file", runImport},
		"export":  {"export members or orgs of a subtree to CSV or xlsx", runExport},
		"openapi": {"print the OpenAPI document of the HTTP API", runOpenAPI},
		"bench":   {"measure the performance targets (see docs/performance.md)", runBench},
		"version": {"print the version", func(_ context.Context, _ []string, out io.Writer) error {
			fmt.Fprintln(out, Version)
			return nil
		}},
	}
}

// exitError carries a specific exit code.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// defaultMemoryLimit is the Go runtime's soft memory limit unless GOMEMLIMIT says otherwise:
// it makes the collector keep the heap of a million-row import near its live size, so the whole
// process (with SQLite's own cache) stays under 300 MB.
const defaultMemoryLimit = 200 << 20

// Main runs the command line and returns the exit code.
func Main(args []string) int {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	out := os.Stdout
	if len(args) < 2 || args[1] == "-h" || args[1] == "--help" || args[1] == "help" {
		usage(out)
		return 0
	}
	cmd, ok := commands[args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "dangjian: unknown command %q\n\n", args[1])
		usage(os.Stderr)
		return 2
	}
	err := cmd.run(context.Background(), args[2:], out)
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintln(os.Stderr, "dangjian:", ee.msg)
		}
		return ee.code
	default:
		fmt.Fprintln(os.Stderr, "dangjian:", err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "dangjian — grassroots party-building management (党建)\n\nUsage: dangjian <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'dangjian <command> --help' for the flags of a command.")
}

// flags returns a flag set that prints its usage with the command's summary.
func flags(name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: dangjian %s\n\n%s\n\nFlags:\n", usageLine, commands[strings.Fields(name)[0]].summary)
		fs.PrintDefaults()
	}
	return fs
}

// dbOptions are the flags every command opening the database shares.
type dbOptions struct {
	db, rules, keyFile *string
}

// dbFlags adds the common --db, --rules and --key-file flags.
func dbFlags(fs *flag.FlagSet) *dbOptions {
	return &dbOptions{
		db:    fs.String("db", envOr("DANGJIAN_DB", "./data/dangjian.db"), "SQLite file path or postgres:// DSN (env DANGJIAN_DB)"),
		rules: fs.String("rules", os.Getenv("DANGJIAN_RULES"), "optional rules override YAML file (env DANGJIAN_RULES)"),
		keyFile: fs.String("key-file", os.Getenv("DANGJIAN_KEY_FILE"),
			"personal-data key file (env DANGJIAN_KEY_FILE; or the key itself in DANGJIAN_KEY); never store it with the database"),
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// keys loads the personal-data keyring from --key-file, else from DANGJIAN_KEY.
func (o *dbOptions) keys() (*vault.Keyring, error) {
	if *o.keyFile != "" {
		return vault.Load(*o.keyFile)
	}
	if v := os.Getenv("DANGJIAN_KEY"); v != "" {
		return vault.FromSecret(v)
	}
	return nil, vault.ErrNoKey
}

// open opens (and migrates) the database with the personal-data keys; without them it fails
// before touching the database. with adjust the configuration (serve's file directory).
func (o *dbOptions) open(ctx context.Context, with ...func(*app.Config)) (*app.App, error) {
	keys, err := o.keys()
	if err != nil {
		return nil, err
	}
	cfg := app.Config{DB: *o.db, RulesFile: *o.rules, Keys: keys, Log: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	if cfg.PGConns, err = pgConns(); err != nil {
		return nil, err
	}
	for _, f := range with {
		f(&cfg)
	}
	return app.Open(ctx, cfg)
}

// openWithoutKeys is open for the commands that never read personal data (audit, stats): the
// keys are used when given, and not required.
func (o *dbOptions) openWithoutKeys(ctx context.Context) (*app.App, error) {
	keys, err := o.keys()
	if err != nil && !errors.Is(err, vault.ErrNoKey) {
		return nil, err
	}
	n, err := pgConns()
	if err != nil {
		return nil, err
	}
	return app.Open(ctx, app.Config{DB: *o.db, RulesFile: *o.rules, Keys: keys, WithoutKeys: keys == nil,
		PGConns: n, Log: slog.New(slog.NewTextHandler(os.Stderr, nil))})
}

// pgConns reads the PostgreSQL pool size from DANGJIAN_PG_CONNS (0, the default, when unset).
func pgConns() (int, error) {
	v := os.Getenv("DANGJIAN_PG_CONNS")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("DANGJIAN_PG_CONNS must be a positive number, not %q", v)
	}
	return n, nil
}
