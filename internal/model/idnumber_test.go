package model

import (
	"errors"
	"testing"
)

func TestParseIDNumber(t *testing.T) {
	// 11010519491231002X is the GB 11643 standard's own example.
	info, err := ParseIDNumber("11010519491231002X")
	if err != nil {
		t.Fatalf("standard example rejected: %v", err)
	}
	if info.BirthDate.String() != "1949-12-31" || info.Sex != Female || info.Region != "110105" {
		t.Fatalf("decoded %+v", info)
	}
	cases := []struct {
		id   string
		want error
	}{
		{"110105194912310021", ErrIDCheckDigit},
		{"11010519491231002", ErrIDLength},
		{"1101051949123100AX", ErrIDCharacters},
		{"110105194913310029", ErrIDBirthDate},
		{"11010518991231002X", ErrIDBirthDate},
	}
	for _, c := range cases {
		if _, err := ParseIDNumber(c.id); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.id, err, c.want)
		}
	}
}

func TestIDCheckDigitRoundTrip(t *testing.T) {
	base := "21020219800101123"
	id := base + string(IDCheckDigit(base))
	info, err := ParseIDNumber(id)
	if err != nil {
		t.Fatal(err)
	}
	if info.Sex != Male {
		t.Fatalf("odd 17th digit must be male, got %s", info.Sex)
	}
	if MaskIDNumber(id) != "210202********"+id[14:] {
		t.Fatalf("mask %s", MaskIDNumber(id))
	}
}

func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "", "x", "210202198001011234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		info, err := ParseIDNumber(NormalizeIDNumber(s))
		if err == nil && (info.BirthDate.IsZero() || (info.Sex != Male && info.Sex != Female)) {
			t.Fatalf("accepted %q without a birth date or sex", s)
		}
	})
}

func TestAgeOn(t *testing.T) {
	b := NewDate(1980, 6, 15)
	if a := b.AgeOn(NewDate(2026, 6, 14)); a != 45 {
		t.Fatalf("day before birthday: %d", a)
	}
	if a := b.AgeOn(NewDate(2026, 6, 15)); a != 46 {
		t.Fatalf("on birthday: %d", a)
	}
}

func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		from Date
		n    int
		want Date
	}{
		{NewDate(2024, 1, 31), 1, NewDate(2024, 2, 29)},
		{NewDate(2023, 1, 31), 1, NewDate(2023, 2, 28)},
		{NewDate(2024, 3, 31), -1, NewDate(2024, 2, 29)},
		{NewDate(2024, 8, 31), 6, NewDate(2025, 2, 28)},
		{NewDate(2024, 6, 1), 12, NewDate(2025, 6, 1)},
		{NewDate(2024, 11, 30), 3, NewDate(2025, 2, 28)},
		{Date{}, 3, Date{}},
	} {
		if got := c.from.AddMonths(c.n); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}
