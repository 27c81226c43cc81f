package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dangjian/internal/service/errs"
)

// FuzzXLSXReader: any bytes uploaded as an xlsx file read as rows or fail with the import's
// own error (never a panic, never an unexplained error).
func FuzzXLSXReader(f *testing.F) {
	var good bytes.Buffer
	w, err := NewXLSXWriter(&good, "党员")
	if err != nil {
		f.Fatal(err)
	}
	w.WriteHeader([]string{"姓名", "公民身份号码"})
	w.WriteRow([]string{"张三", "11010519491231002X"})
	w.WriteRow([]string{"", "45293"})
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	f.Add(good.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("not a zip"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "upload.xlsx")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		done := make(chan string, 1)
		go func() { done <- readWorkbook(path) }()
		select {
		case msg := <-done:
			if msg != "" {
				t.Fatal(msg)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("reading %d bytes took over 10 s", len(b))
		}
	})
}

// readWorkbook reads a workbook to the end and says what went wrong, if anything did.
func readWorkbook(path string) string {
	r, err := Open(path, XLSX)
	if err != nil {
		if _, ok := errs.As(err); !ok {
			return "open: an error that is not the import's: " + err.Error()
		}
		return ""
	}
	defer r.Close()
	last := 0
	for i := 0; i < 10000; i++ {
		n, _, err := r.Next()
		if errors.Is(err, io.EOF) {
			return ""
		}
		if err != nil {
			if _, ok := errs.As(err); !ok {
				return "next: an error that is not the import's: " + err.Error()
			}
			return ""
		}
		if n <= last {
			return fmt.Sprintf("row numbers not increasing: %d after %d", n, last)
		}
		last = n
	}
	return ""
}
