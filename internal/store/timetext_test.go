package store

import (
	"strings"
	"testing"
	"time"
)

func TestTimeTextReadsTheStoredForms(t *testing.T) {
	want := time.Date(2026, 12, 2, 8, 50, 52, 827414000, time.FixedZone("CST", 8*3600))
	for _, layout := range timeTextLayouts {
		var got timeText
		if err := got.Scan(want.Format(layout)); err != nil {
			t.Fatalf("%s: %v", layout, err)
		}
		w := want
		if !strings.Contains(layout, "-07") { // a time without its zone reads as UTC
			w = time.Date(2026, 12, 2, 8, 50, 52, 827414000, time.UTC)
		}
		if g := time.Time(got); !g.Equal(w) {
			t.Errorf("%s: read %v, want %v", layout, g, w)
		}
	}
	var got timeText
	if err := got.Scan(want); err != nil || !time.Time(got).Equal(want) {
		t.Errorf("time.Time: %v %v", time.Time(got), err)
	}
	for _, bad := range []any{"2026-13-45 99:00:00", 42, nil} {
		if err := got.Scan(bad); err == nil {
			t.Errorf("Scan(%v) accepted", bad)
		}
	}
}

func TestSQLiteMemberColumnsReadDatesAsText(t *testing.T) {
	if n := strings.Count(sqliteMemberColumns, "+m."); n != len(memberDateColumns) {
		t.Fatalf("%d date columns wrapped, want %d: %s", n, len(memberDateColumns), sqliteMemberColumns)
	}
	if strings.ReplaceAll(sqliteMemberColumns, "+m.", "m.") != memberColumnList {
		t.Fatalf("the SQLite list differs beyond the wrapping: %s", sqliteMemberColumns)
	}
}
