package sheet

import (
	"math"
	"runtime/debug"
	"sync"
)

// heldMemory is how much the runtime's soft memory limit has been raised for open readers.
var heldMemory struct {
	sync.Mutex
	n int64
}

// holdMemory raises the Go runtime's soft memory limit (GOMEMLIMIT; the CLI sets a default)
// by n bytes until release is called. A workbook's shared strings stay live for as long as
// the file is read; counted against the limit, they would leave an import's other data no
// room and the collector would run without pause (thousands of cycles for a million-row file
// saved by Excel).
func holdMemory(n int64) (release func()) {
	heldMemory.Lock()
	defer heldMemory.Unlock()
	limit := debug.SetMemoryLimit(-1)
	if n <= 0 || limit == math.MaxInt64 {
		return func() {}
	}
	heldMemory.n += n
	debug.SetMemoryLimit(limit + n)
	var once sync.Once
	return func() {
		once.Do(func() {
			heldMemory.Lock()
			defer heldMemory.Unlock()
			heldMemory.n -= n
			debug.SetMemoryLimit(debug.SetMemoryLimit(-1) - n)
		})
	}
}
