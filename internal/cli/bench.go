package cli

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/store"
)

// runBench measures the performance targets; scripts/bench.sh runs it and docs/performance.md
// records the numbers.
func runBench(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(out, "Usage: dangjian bench stats|list|import [flags]\n\n"+
			"  stats   rollup read of /orgs/{id}/stats for the root and a district versus a GROUP BY recount\n"+
			"  list    member list latency under concurrent connections over HTTP\n"+
			"  import  import a CSV or xlsx file of members, with rows/s and peak memory")
		return nil
	}
	sub := args[0]
	fs := flags("bench "+sub, "bench "+sub+" [flags]")
	o := dbFlags(fs)
	iterations := fs.Int("n", 2000, "stats: rollup reads per organisation")
	conns := fs.Int("conns", 64, "list: concurrent connections")
	duration := fs.Duration("duration", 10*time.Second, "list: how long to load")
	maxActive := fs.Int("max-active", 0, "list: API requests the server runs at once, the others queued (0 = by engine, -1 = no limit)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	a, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	a.MaxActive = *maxActive
	switch sub {
	case "stats":
		return benchStats(ctx, a, *iterations, out)
	case "list":
		return benchList(ctx, a, *conns, *duration, out)
	case "import":
		return benchImport(ctx, a, fs.Args(), out)
	}
	return &exitError{code: 2, msg: "unknown bench " + sub}
}

// startCPUProfile writes a CPU profile to path (none when empty) until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// benchTargets returns the root and its largest child (a district).
func benchTargets(ctx context.Context, a *app.App) (root, district *model.Org, err error) {
	roots, err := a.Store.RootOrgs(ctx, store.AllScope)
	if err != nil || len(roots) == 0 {
		return nil, nil, fmt.Errorf("the database has no organisations: run 'dangjian demo' first")
	}
	kids, err := a.Store.ChildOrgs(ctx, store.AllScope, roots[0].ID, false)
	if err != nil || len(kids) == 0 {
		return nil, nil, fmt.Errorf("the root has no children")
	}
	best, bestN := kids[0], int64(-1)
	for _, k := range kids {
		c, err := a.Store.OrgCounts(ctx, k.ID)
		if err != nil {
			return nil, nil, err
		}
		if c[model.MetricMembers] > bestN {
			best, bestN = k, c[model.MetricMembers]
		}
	}
	return roots[0], best, nil
}

func benchStats(ctx context.Context, a *app.App, n int, out io.Writer) error {
	root, district, err := benchTargets(ctx, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "engine %s\n", a.Store.Dialect())
	for _, o := range []*model.Org{root, district} {
		lat := make([]time.Duration, 0, n)
		var st *model.Stats
		for i := 0; i < n; i++ {
			t := time.Now()
			if st, err = a.Orgs.Stats(ctx, auth.System, o.ID); err != nil {
				return err
			}
			lat = append(lat, time.Since(t))
		}
		const recounts = 5
		var recount time.Duration
		for i := 0; i < recounts; i++ {
			t := time.Now()
			if _, err := a.Store.RecountSubtree(ctx, o.Path); err != nil {
				return err
			}
			recount += time.Since(t)
		}
		p50, p99, mean := percentiles(lat)
		rc := recount / recounts
		fmt.Fprintf(out, "stats %-28s members %8d  rollup read p50 %-10s p99 %-10s mean %-10s  GROUP BY recount mean %-12s ratio %.0fx\n",
			o.Name, st.Members, p50, p99, mean, rc.Round(time.Microsecond), float64(rc)/float64(max(mean, 1)))
	}
	return nil
}

func percentiles(lat []time.Duration) (p50, p99, mean time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var sum time.Duration
	for _, l := range lat {
		sum += l
	}
	at := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
	return at(0.50), at(0.99), sum / time.Duration(len(lat))
}

// benchList serves the real HTTP handler on loopback and lists members of random districts
// and branches, page 1–10, from conns concurrent keep-alive connections, each logged in.
func benchList(ctx context.Context, a *app.App, conns int, d time.Duration, out io.Writer) error {
	root, _, err := benchTargets(ctx, a)
	if err != nil {
		return err
	}
	orgs, err := a.Store.SubtreeOrgs(ctx, store.AllScope, root.Path)
	if err != nil {
		return err
	}
	var targets []int64
	for _, o := range orgs {
		if o.Depth == 1 || o.Type.IsBranchLevel() {
			targets = append(targets, o.ID)
		}
	}
	user := "bench-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	pw := app.RandomPassword(16)
	if _, err := a.Auth.CreateUser(ctx, auth.System, auth.NewUser{Username: user, Password: pw, Role: model.RoleStaff, OrgID: root.ID, Changed: true}); err != nil {
		return err
	}
	srv := httptest.NewServer(a.Handler(nil, false, "bench"))
	defer srv.Close()
	var (
		mu     sync.Mutex
		all    []time.Duration
		errors int
		wg     sync.WaitGroup
	)
	// One login (argon2id is deliberately slow); every connection then uses its session.
	jar, _ := cookiejar.New(nil)
	res, err := (&http.Client{Jar: jar}).Post(srv.URL+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username":"`+user+`","password":"`+pw+`"}`))
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		return fmt.Errorf("bench login: %s", res.Status)
	}
	deadline := time.Now().Add(d)
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1}, Timeout: 30 * time.Second}
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			var lat []time.Duration
			errs := 0
			for time.Now().Before(deadline) {
				url := fmt.Sprintf("%s/api/v1/members?org=%d&page=%d&size=20", srv.URL, targets[rng.IntN(len(targets))], 1+rng.IntN(10))
				t := time.Now()
				res, err := c.Get(url)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
				lat = append(lat, time.Since(t))
				if err != nil || res.StatusCode != 200 {
					errs++
				}
			}
			mu.Lock()
			all = append(all, lat...)
			errors += errs
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	p50, p99, mean := percentiles(all)
	fmt.Fprintf(out, "list engine %s conns %d active %s duration %s requests %d (%.0f/s) errors %d  p50 %s p99 %s mean %s\n",
		a.Store.Dialect(), conns, activeLabel(a.MaxActiveInEffect()), d, len(all), float64(len(all))/d.Seconds(), errors, p50, p99, mean)
	return nil
}

// peakRSS returns the process's peak resident memory in MiB (Linux), or 0.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseFloat(f[1], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

// activeLabel prints the server's limit of requests running at once.
func activeLabel(n int) string {
	if n <= 0 {
		return "unlimited"
	}
	return strconv.Itoa(n)
}
