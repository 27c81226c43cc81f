package cli

import (
	"context"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"

	"dangjian/internal/app"
	"dangjian/internal/store"
	"dangjian/web"
)

func runServe(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("serve", "serve [--db PATH|DSN] [--addr HOST:PORT] [--demo-members N]")
	o := dbFlags(fs)
	addr := fs.String("addr", envOr("DANGJIAN_ADDR", "127.0.0.1:8080"), "listen address (env DANGJIAN_ADDR)")
	demoMembers := fs.Int("demo-members", 0, "on an empty database, generate the demo city with this many members first")
	seed := fs.Int64("seed", 1, "demo city seed")
	firstUsers := fs.Bool("first-users", true, "on a database without users, create the first administrator (and demo accounts) and print the credentials")
	tlsCert := fs.String("tls-cert", "", "TLS certificate file (serve HTTPS directly)")
	tlsKey := fs.String("tls-key", "", "TLS key file")
	secureCookies := fs.Bool("secure-cookies", os.Getenv("DANGJIAN_SECURE_COOKIES") == "true",
		"mark the session cookie Secure without --tls-cert, behind a proxy that terminates TLS (env DANGJIAN_SECURE_COOKIES=true)")
	ipHeader := fs.String("client-ip-header", os.Getenv("DANGJIAN_CLIENT_IP_HEADER"),
		"behind a proxy: the header it sets with the client address, e.g. X-Real-IP (rate limits and the audit log use it)")
	uiDir := fs.String("ui-dir", "", "serve the web UI from this directory instead of the embedded build (development)")
	maxActive := fs.Int("max-active", 0, "API requests run at once, the others queued in arrival order (0 = by engine: 2 per processor on SQLite, 4 on PostgreSQL; -1 = no limit)")
	maxFileMB := fs.Int64("max-file-mb", 20, "size limit of one attachment, in MiB (attachments are kept in the database)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *maxFileMB < 1 || *maxFileMB > 200 {
		return fmt.Errorf("--max-file-mb must be between 1 and 200 (attachments are held in memory and in the database)")
	}
	a, err := o.open(ctx, func(c *app.Config) { c.MaxFileBytes = *maxFileMB << 20 })
	if err != nil {
		return err
	}
	defer a.Close()
	a.MaxActive = *maxActive
	if *demoMembers > 0 {
		if n, err := a.Store.CountOrgs(ctx); err != nil {
			return err
		} else if n == 0 {
			fmt.Fprintf(out, "Generating the demo city (%d members, seed %d)…\n", *demoMembers, *seed)
			sum, err := a.GenerateDemo(ctx, *demoMembers, *seed, false)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "Demo city: %d organisations, %d members.\n", sum.Orgs, sum.Members)
		}
	}
	credFile := ""
	if !store.IsPostgres(*o.db) {
		credFile = filepath.Join(filepath.Dir(*o.db), "first-login.txt")
	}
	var creds string
	if *firstUsers {
		list, err := a.EnsureFirstUsers(ctx, credFile)
		if err != nil {
			return err
		}
		for _, c := range list {
			pw := c.Password
			if c.Changed {
				pw = "(changed)"
			}
			creds += fmt.Sprintf("    %-10s %-16s %-10s %s\n", c.Username, pw, c.Role, c.Org)
		}
	}
	opts := appServeOptions(*addr, *tlsCert, *tlsKey, func(url string) {
		fmt.Fprintf(out, "\nDangjian is running at %s\n", url)
		if creds != "" {
			fmt.Fprintf(out, "  Log in with (username, password, role, organisation):\n%s", creds)
			fmt.Fprintf(out, "  Each login is asked for a new password at its first use.\n")
			if credFile != "" {
				fmt.Fprintf(out, "  (kept in %s)\n", credFile)
			}
		}
		fmt.Fprintf(out, "  API documentation: %sapi/docs    Stop with Ctrl-C.\n", url)
	})
	if *uiDir != "" {
		opts.UI = os.DirFS(*uiDir)
	}
	opts.SecureCookies, opts.ClientIPHeader = *secureCookies, *ipHeader
	return a.Serve(ctx, opts)
}

// appServeOptions assembles the server options with the embedded UI.
func appServeOptions(addr, cert, key string, onListen func(string)) app.ServeOptions {
	var ui iofs.FS
	if sub, err := iofs.Sub(web.Dist, "dist"); err == nil {
		ui = sub
	}
	return app.ServeOptions{Addr: addr, UI: ui, TLSCert: cert, TLSKey: key, Version: Version, OnListen: onListen}
}
