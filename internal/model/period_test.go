package model

import (
	"reflect"
	"testing"
)

func TestPeriods(t *testing.T) {
	d := func(s string) Date { x, _ := ParseDate(s); return x }
	cases := []struct {
		kind       PeriodKind
		day        string
		key        string
		start, end string
	}{
		{PeriodMonth, "2025-03-01", "2025-03", "2025-03-01", "2025-03-31"},
		{PeriodMonth, "2025-03-31", "2025-03", "2025-03-01", "2025-03-31"},
		{PeriodMonth, "2024-02-29", "2024-02", "2024-02-01", "2024-02-29"},
		{PeriodQuarter, "2025-03-31", "2025-Q1", "2025-01-01", "2025-03-31"},
		{PeriodQuarter, "2025-04-01", "2025-Q2", "2025-04-01", "2025-06-30"},
		{PeriodQuarter, "2025-12-31", "2025-Q4", "2025-10-01", "2025-12-31"},
		{PeriodYear, "2025-12-31", "2025", "2025-01-01", "2025-12-31"},
	}
	for _, c := range cases {
		p := PeriodOf(c.kind, d(c.day))
		if p.String() != c.key || p.Start().String() != c.start || p.End().String() != c.end {
			t.Errorf("%s of %s: %s %s..%s, want %s %s..%s", c.kind, c.day, p, p.Start(), p.End(), c.key, c.start, c.end)
		}
		back, err := ParsePeriod(c.key)
		if err != nil || back != p {
			t.Errorf("parse %s: %+v %v", c.key, back, err)
		}
	}
	q, _ := ParsePeriod("2025-Q4")
	if got := q.Months(); !reflect.DeepEqual(got, []string{"2025-10", "2025-11", "2025-12"}) {
		t.Fatalf("months of Q4: %v", got)
	}
	if q.Next().String() != "2026-Q1" || q.Prev().String() != "2025-Q3" {
		t.Fatalf("next/prev of Q4: %s %s", q.Next(), q.Prev())
	}
	y, _ := ParsePeriod("2025")
	if len(y.Months()) != 12 {
		t.Fatal("a year has 12 months")
	}
	for _, bad := range []string{"", "25", "2025-13", "2025-Q5", "2025-00", "abcd", "2025-1"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestHours(t *testing.T) {
	if HoursOf(1.5) != 15 || HoursOf(32) != 320 || HoursOf(0.04) != 0 || HoursOf(0.05) != 1 || HoursOf(2.25).Float() != 2.3 {
		t.Fatal("hours in tenths")
	}
}
