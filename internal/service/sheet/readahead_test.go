package sheet

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestReadAhead(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "%d,x\n", i)
		if i%300 == 7 {
			b.WriteString("\n") // blank lines count in the numbering
		}
	}
	want := readAll(t, NewCSVReader(strings.NewReader(b.String())))
	r := ReadAhead(NewCSVReader(strings.NewReader(b.String())))
	got := readAll(t, r)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read ahead differs: %d rows, want %d", len(got), len(want))
	}
	if _, _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the end: %v", err)
	}
	must(t, r.Close())

	// An error reaches the caller after the rows before it.
	boom := errors.New("boom")
	bad := ReadAhead(&failing{rows: 600, err: boom})
	n := 0
	var err error
	for err == nil {
		_, _, err = bad.Next()
		n++
	}
	if n != 601 || !errors.Is(err, boom) {
		t.Errorf("error after %d rows: %v", n, err)
	}
	must(t, bad.Close())

	// Closing before the end stops the reading.
	early := ReadAhead(NewCSVReader(strings.NewReader(strings.Repeat("a,b\n", 5000))))
	if _, _, err := early.Next(); err != nil {
		t.Fatal(err)
	}
	must(t, early.Close())
}

// failing yields rows, then an error.
type failing struct {
	n, rows int
	err     error
}

func (f *failing) Next() (int, []string, error) {
	if f.n == f.rows {
		return 0, nil, f.err
	}
	f.n++
	return f.n, []string{"a"}, nil
}

func (f *failing) Close() error { return nil }
