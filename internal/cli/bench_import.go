package cli

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/imports"
)

// benchImport imports each file (members) and reports rows/s, the peak Go heap and the
// process's peak resident memory.
func benchImport(ctx context.Context, a *app.App, files []string, out io.Writer) error {
	if len(files) == 0 {
		return &exitError{code: 2, msg: "bench import: give one or more member files"}
	}
	for _, f := range files {
		var peakHeap atomic.Uint64
		stop := make(chan struct{})
		go func() {
			t := time.NewTicker(50 * time.Millisecond)
			defer t.Stop()
			var ms runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					runtime.ReadMemStats(&ms)
					if ms.HeapInuse > peakHeap.Load() {
						peakHeap.Store(ms.HeapInuse)
					}
				}
			}
		}()
		start := time.Now()
		res, err := a.Imports.ImportMembers(ctx, auth.System, f, imports.Options{}, nil)
		close(stop)
		if err != nil {
			return explain(err)
		}
		d := time.Since(start)
		fmt.Fprintf(out, "import %s engine %s rows %d created %d updated %d invalid %d  %.1fs  %.0f rows/s  peak heap %.0f MiB  peak RSS %.0f MiB\n",
			f, a.Store.Dialect(), res.Rows, res.Created, res.Updated, res.Invalid, d.Seconds(), float64(res.Rows)/d.Seconds(),
			float64(peakHeap.Load())/(1<<20), peakRSS())
	}
	return nil
}
