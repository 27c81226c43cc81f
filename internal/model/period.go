package model

import (
	"fmt"
	"strconv"
	"time"
)

// PeriodKind is the length of a compliance period: a month, a quarter or a year.
type PeriodKind string

// Period kinds (rules.md §4: quarter for assemblies and lectures, month for committee and group
// meetings and theme days, year for organisational life meetings).
const (
	PeriodMonth   PeriodKind = "month"
	PeriodQuarter PeriodKind = "quarter"
	PeriodYear    PeriodKind = "year"
)

// Valid reports whether k is a known period kind.
func (k PeriodKind) Valid() bool { return k == PeriodMonth || k == PeriodQuarter || k == PeriodYear }

// Period is one calendar period: 2025-03 (month), 2025-Q1 (quarter) or 2025 (year).
type Period struct {
	Kind  PeriodKind
	Year  int
	Index int // month 1-12, quarter 1-4; 0 for a year
}

// PeriodOf returns the period of kind that contains d.
func PeriodOf(kind PeriodKind, d Date) Period {
	t := d.Time()
	switch kind {
	case PeriodMonth:
		return Period{Kind: kind, Year: t.Year(), Index: int(t.Month())}
	case PeriodQuarter:
		return Period{Kind: kind, Year: t.Year(), Index: (int(t.Month())-1)/3 + 1}
	}
	return Period{Kind: PeriodYear, Year: t.Year()}
}

// ParsePeriod parses "2025-03", "2025-Q1" or "2025".
func ParsePeriod(s string) (Period, error) {
	bad := fmt.Errorf("invalid period %q, want YYYY-MM, YYYY-Qn or YYYY", s)
	if len(s) < 4 {
		return Period{}, bad
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1900 || y > 9999 {
		return Period{}, bad
	}
	switch {
	case len(s) == 4:
		return Period{Kind: PeriodYear, Year: y}, nil
	case len(s) == 7 && s[4] == '-' && s[5] == 'Q':
		q := int(s[6] - '0')
		if q < 1 || q > 4 {
			return Period{}, bad
		}
		return Period{Kind: PeriodQuarter, Year: y, Index: q}, nil
	case len(s) == 7 && s[4] == '-':
		m, err := strconv.Atoi(s[5:])
		if err != nil || m < 1 || m > 12 {
			return Period{}, bad
		}
		return Period{Kind: PeriodMonth, Year: y, Index: m}, nil
	}
	return Period{}, bad
}

// String formats the period as its key: 2025-03, 2025-Q1 or 2025.
func (p Period) String() string {
	switch p.Kind {
	case PeriodMonth:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Index)
	case PeriodQuarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Index)
	}
	return fmt.Sprintf("%04d", p.Year)
}

// Start is the first day of the period.
func (p Period) Start() Date {
	switch p.Kind {
	case PeriodMonth:
		return NewDate(p.Year, time.Month(p.Index), 1)
	case PeriodQuarter:
		return NewDate(p.Year, time.Month((p.Index-1)*3+1), 1)
	}
	return NewDate(p.Year, 1, 1)
}

// End is the last day of the period.
func (p Period) End() Date { return p.Next().Start().AddDate(0, 0, -1) }

// Next is the period that follows p.
func (p Period) Next() Period {
	switch p.Kind {
	case PeriodMonth:
		if p.Index == 12 {
			return Period{Kind: p.Kind, Year: p.Year + 1, Index: 1}
		}
		return Period{Kind: p.Kind, Year: p.Year, Index: p.Index + 1}
	case PeriodQuarter:
		if p.Index == 4 {
			return Period{Kind: p.Kind, Year: p.Year + 1, Index: 1}
		}
		return Period{Kind: p.Kind, Year: p.Year, Index: p.Index + 1}
	}
	return Period{Kind: p.Kind, Year: p.Year + 1}
}

// Prev is the period before p.
func (p Period) Prev() Period {
	return PeriodOf(p.Kind, p.Start().AddDate(0, 0, -1))
}

// Months returns the month keys (YYYY-MM) the period covers.
func (p Period) Months() []string {
	var out []string
	end := p.End()
	for m := PeriodOf(PeriodMonth, p.Start()); !end.Before(m.Start()); m = m.Next() {
		out = append(out, m.String())
	}
	return out
}

// MonthKey is the YYYY-MM key of the month containing d.
func MonthKey(d Date) string { return PeriodOf(PeriodMonth, d).String() }
