package cli

import (
	"context"
	"fmt"
	"io"
)

func runMigrate(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("migrate", "migrate --db PATH|DSN")
	o := dbFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := o.open(ctx) // Open migrates.
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintf(out, "Database %s is migrated (%s).\n", *o.db, a.Store.Dialect())
	return nil
}
