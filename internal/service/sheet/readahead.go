package sheet

import (
	"io"
	"sync"
)

// readAheadRows is how many rows one hand-over of ReadAhead carries.
const readAheadRows = 256

// ReadAhead returns a Reader that reads r in its own goroutine, a few hundred rows ahead of
// the caller, so that unpacking and scanning a file runs beside whatever the caller does with
// the rows (validating them). Close stops the goroutine and closes r.
func ReadAhead(r Reader) Reader {
	a := &readAhead{r: r, chunks: make(chan aheadChunk, 4), stop: make(chan struct{})}
	go a.run()
	return a
}

type aheadRow struct {
	n     int
	cells []string
}

// aheadChunk is a run of rows, and the error that ended the reading after them.
type aheadChunk struct {
	rows []aheadRow
	err  error
}

type readAhead struct {
	r      Reader
	chunks chan aheadChunk
	stop   chan struct{}
	once   sync.Once
	cur    aheadChunk
	done   bool
}

func (a *readAhead) run() {
	defer close(a.chunks)
	for {
		c := aheadChunk{rows: make([]aheadRow, 0, readAheadRows)}
		for len(c.rows) < readAheadRows {
			n, cells, err := a.r.Next()
			if err != nil {
				c.err = err
				break
			}
			c.rows = append(c.rows, aheadRow{n, cells})
		}
		select {
		case a.chunks <- c:
		case <-a.stop:
			return
		}
		if c.err != nil {
			return
		}
	}
}

func (a *readAhead) Next() (int, []string, error) {
	for len(a.cur.rows) == 0 {
		switch {
		case a.cur.err != nil:
			return 0, nil, a.cur.err
		case a.done:
			return 0, nil, io.EOF
		}
		c, ok := <-a.chunks
		if !ok {
			a.done = true
			continue
		}
		a.cur = c
	}
	row := a.cur.rows[0]
	a.cur.rows = a.cur.rows[1:]
	return row.n, row.cells, nil
}

func (a *readAhead) Close() error {
	a.once.Do(func() { close(a.stop) })
	for range a.chunks { // wait for the goroutine to let go of r
	}
	return a.r.Close()
}
