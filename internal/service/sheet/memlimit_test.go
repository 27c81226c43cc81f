package sheet

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestHoldMemory(t *testing.T) {
	old := debug.SetMemoryLimit(200 << 20)
	defer debug.SetMemoryLimit(old)
	a := holdMemory(50 << 20)
	b := holdMemory(10 << 20)
	if got := debug.SetMemoryLimit(-1); got != 260<<20 {
		t.Fatalf("limit while held: %d", got)
	}
	a()
	a() // a second release changes nothing
	if got := debug.SetMemoryLimit(-1); got != 210<<20 {
		t.Fatalf("limit after one release: %d", got)
	}
	b()
	if got := debug.SetMemoryLimit(-1); got != 200<<20 {
		t.Fatalf("limit after both: %d", got)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	holdMemory(1 << 20)()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("no limit became %d", got)
	}
}
