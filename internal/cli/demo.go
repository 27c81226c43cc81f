package cli

import (
	"context"
	"fmt"
	"io"
	"time"
)

func runDemo(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("demo", "demo --db PATH|DSN [--members N] [--seed S]")
	o := dbFlags(fs)
	members := fs.Int("members", 20000, "number of members")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same city")
	orgsOnly := fs.Bool("orgs-only", false, "write the organisations only (to import the members from a file)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	if *members < 1 {
		return &exitError{code: 2, msg: "--members must be at least 1"}
	}
	a, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	sum, err := a.GenerateDemo(ctx, *members, *seed, *orgsOnly)
	if err != nil {
		return err
	}
	if *orgsOnly {
		sum.Members = 0
	}
	fmt.Fprintf(out, "Demo city generated in %s: %d organisations, %d members.\n", time.Since(start).Round(time.Millisecond), sum.Orgs, sum.Members)
	for _, p := range sum.Phases {
		fmt.Fprintf(out, "  %-20s %s\n", p.Name, p.Duration.Round(time.Millisecond))
	}
	for _, p := range sum.Problems {
		fmt.Fprintln(out, "  planted problem:", p)
	}
	return nil
}
