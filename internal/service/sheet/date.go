package sheet

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"

	"dangjian/internal/model"
)

// Date errors, told apart so the message can say what is wrong.
var (
	// ErrDateFormat: the text is not a date in any accepted form.
	ErrDateFormat = errors.New("unrecognised date")
	// ErrDateInvalid: the form is right but no such day exists (2024-02-30, month 13).
	ErrDateInvalid = errors.New("no such date")
	// ErrDateAmbiguous: the text could mean more than one day (01-02-24) or is only a year.
	ErrDateAmbiguous = errors.New("ambiguous date")
)

// Accepted date years; the register holds nobody born before 1900.
const (
	minYear = 1900
	maxYear = 2199
)

var (
	reSeparated = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})$`)
	reChinese   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$`)
	reCompact   = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	reSerial    = regexp.MustCompile(`^(\d{1,5})(\.\d+)?$`)
	reShortYear = regexp.MustCompile(`^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$`)
	reTime      = regexp.MustCompile(`[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$`)
)

// ParseDate reads a date as Chinese offices type it: 2024-01-02, 2024-1-2, 2024/1/2, 2024.1.2,
// 2024年1月2日, 2024年01月02日, 20240102, in full-width digits too, with or without a
// trailing time of day; or an Excel serial day number such as 45293, which is how an xlsx
// date cell reads. Year-last forms (01-02-24, 1/2/2024) are ErrDateAmbiguous, as is a bare
// year such as 1985 or a year and month such as 1985.03; impossible days are ErrDateInvalid. Empty text is the zero Date.
func ParseDate(s string) (model.Date, error) {
	if isASCII(s) {
		s = strings.TrimFunc(s, isSpace) // width.Fold changes no ASCII text
	} else {
		s = strings.TrimFunc(width.Fold.String(s), isSpace)
	}
	if s == "" {
		return model.Date{}, nil
	}
	// The forms exports and xlsx date cells give, without regular expressions.
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && digits(s[:4]) && digits(s[5:7]) && digits(s[8:]) {
		return ymd(s, s[:4], s[5:7], s[8:])
	}
	if len(s) <= 5 && digits(s) {
		return serial(s, s)
	}
	return parseDateForms(s)
}

// parseDateForms reads trimmed, half-width text in every accepted form.
func parseDateForms(s string) (model.Date, error) {
	if loc := reTime.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = s[:loc[0]]
	}
	if m := reSeparated.FindStringSubmatch(s); m != nil {
		if m[2] != m[4] {
			return model.Date{}, dateErr(ErrDateFormat, s)
		}
		return ymd(s, m[1], m[3], m[5])
	}
	if m := reChinese.FindStringSubmatch(s); m != nil {
		return ymd(s, m[1], m[2], m[3])
	}
	if m := reCompact.FindStringSubmatch(s); m != nil {
		return ymd(s, m[1], m[2], m[3])
	}
	if m := reSerial.FindStringSubmatch(s); m != nil {
		return serial(s, m[1])
	}
	if reShortYear.MatchString(s) {
		return model.Date{}, dateErr(ErrDateAmbiguous, s)
	}
	return model.Date{}, dateErr(ErrDateFormat, s)
}

func dateErr(kind error, s string) error { return fmt.Errorf("%w: %q", kind, s) }

// ymd checks that year, month and day name a real day.
func ymd(s, ys, ms, ds string) (model.Date, error) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return model.Date{}, dateErr(ErrDateInvalid, s)
	}
	return model.NewDate(y, time.Month(m), d), nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// serial converts an Excel serial day number (1 is 1900-01-01; the time of day after the
// point is ignored). Excel counts a 29 February 1900 that never was, serial 60.
func serial(s, whole string) (model.Date, error) {
	n, _ := strconv.Atoi(whole)
	if len(whole) == 4 && n >= minYear && n <= maxYear {
		return model.Date{}, dateErr(ErrDateAmbiguous, s) // a year (1985, 1985.03), not a day number
	}
	if n < 1 || n == 60 {
		return model.Date{}, dateErr(ErrDateInvalid, s)
	}
	base := model.NewDate(1899, 12, 31)
	if n > 60 {
		base = model.NewDate(1899, 12, 30)
	}
	d := base.AddDate(0, 0, n)
	if d.Year() > maxYear {
		return model.Date{}, dateErr(ErrDateInvalid, s)
	}
	return d, nil
}

// digits reports whether s is a non-empty run of ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
