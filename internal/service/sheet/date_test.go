package sheet

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/width"

	"dangjian/internal/model"
)

func TestParseDate(t *testing.T) {
	want := "2024-01-02"
	for _, s := range []string{
		"2024-01-02", "2024/1/2", "2024.1.2", "2024年1月2日", "2024年01月02日", "20240102", "2024-1-2",
		"２０２４年１月２日", "２０２４－０１－０２", " 2024-01-02 ", "2024-01-02 00:00:00", "2024/1/2 8:30",
		"2024-01-02T00:00:00Z", "45293", "45293.75", "2024年1月2号", "2024年1月2",
	} {
		d, err := ParseDate(s)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", s, d, err, want)
		}
	}
	for s, want := range map[string]string{
		"1": "1900-01-01", "59": "1900-02-28", "61": "1900-03-01", "1985年3月4日": "1985-03-04",
		"2000/2/29": "2000-02-29", "31138": "1985-04-01",
	} {
		if d, err := ParseDate(s); err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", s, d, err, want)
		}
	}
	if d, err := ParseDate("  "); err != nil || !d.IsZero() {
		t.Errorf("blank: %v %v", d, err)
	}
}

func TestParseDateRejects(t *testing.T) {
	for s, kind := range map[string]error{
		"2024-02-30": ErrDateInvalid, "2023-02-29": ErrDateInvalid, "2024-13-01": ErrDateInvalid,
		"2024-00-10": ErrDateInvalid, "2024年4月31日": ErrDateInvalid, "20241301": ErrDateInvalid,
		"1850-01-01": ErrDateInvalid, "60": ErrDateInvalid, "0": ErrDateInvalid,
		"01-02-24": ErrDateAmbiguous, "1/2/2024": ErrDateAmbiguous, "02.01.2024": ErrDateAmbiguous,
		"1985": ErrDateAmbiguous, "2024-01": ErrDateFormat, "2024-1/2": ErrDateFormat,
		"yesterday": ErrDateFormat, "2024-01-02-03": ErrDateFormat, "202401": ErrDateFormat,
		"-45293": ErrDateFormat, "1985.03": ErrDateAmbiguous,
	} {
		d, err := ParseDate(s)
		if !errors.Is(err, kind) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, d, err, kind)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-01-02", "2024年1月2日", "45293", "20240102", "01-02-24", "２０２４．１．２", "2024-02-30 10:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrDateFormat) && !errors.Is(err, ErrDateInvalid) && !errors.Is(err, ErrDateAmbiguous) {
				t.Fatalf("ParseDate(%q): unclassified error %v", s, err)
			}
			return
		}
		if d.IsZero() {
			if Clean(s) != "" {
				t.Fatalf("ParseDate(%q): zero date without error", s)
			}
			return
		}
		if d.Year() < minYear || d.Year() > maxYear {
			t.Fatalf("ParseDate(%q) = %v: year out of range", s, d)
		}
		// The ISO form of any accepted date reads back as the same date.
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, but its ISO form reads %v, %v", s, d, back, err)
		}
		if iso, err := model.ParseDate(d.String()); err != nil || iso != d {
			t.Fatalf("model.ParseDate(%v) = %v, %v", d, iso, err)
		}
	})
}

// FuzzParseDateFastPath checks that the forms ParseDate reads without regular expressions
// read as the general parser reads them.
func FuzzParseDateFastPath(f *testing.F) {
	for _, s := range []string{"2024-01-02", "2024-02-30", "0000-01-01", "45293", "60", "1985", "00001", "2024-1-02"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ferr := ParseDate(s)
		trimmed := strings.TrimFunc(width.Fold.String(s), isSpace)
		if trimmed == "" {
			return
		}
		slow, serr := parseDateForms(trimmed)
		if fast != slow || (ferr == nil) != (serr == nil) || (ferr != nil && ferr.Error() != serr.Error()) {
			t.Fatalf("ParseDate(%q) = %v, %v; the general parser says %v, %v", s, fast, ferr, slow, serr)
		}
	})
}
