package demo

import (
	"time"

	"dangjian/internal/model"
)

// Dates are handled as day numbers (days since 1970-01-01, proleptic Gregorian calendar) while
// generating, which keeps the member hot path free of time.Time arithmetic.

// daysFromCivil returns the day number of year y, month m, day d. A day past the end of the
// month rolls over (29 February of a common year is 1 March).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// dateOfDay converts a day number to a model.Date.
func dateOfDay(n int) model.Date {
	y, m, d := civilFromDays(n)
	return model.NewDate(y, time.Month(m), d)
}

// dayOf converts a model.Date to a day number.
func dayOf(d model.Date) int {
	t := d.Time()
	return daysFromCivil(t.Year(), int(t.Month()), t.Day())
}

// addYears moves day n by whole calendar years.
func addYears(n, years int) int {
	y, m, d := civilFromDays(n)
	return daysFromCivil(y+years, m, d)
}
