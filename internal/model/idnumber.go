package model

import (
	"errors"
	"strings"
	"time"
)

// Errors of citizen ID number validation (GB 11643-1999), each mapped to a message by the API.
var (
	ErrIDLength     = errors.New("id_number.length")
	ErrIDCharacters = errors.New("id_number.characters")
	ErrIDBirthDate  = errors.New("id_number.birth_date")
	ErrIDCheckDigit = errors.New("id_number.check_digit")
)

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// IDCheckDigit computes the GB 11643 check character of the first 17 digits.
func IDCheckDigit(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// IDInfo is what an 18-digit citizen ID number encodes.
type IDInfo struct {
	Region    string
	BirthDate Date
	Sex       Sex
}

// NormalizeIDNumber trims spaces and upper-cases a trailing x.
func NormalizeIDNumber(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

// ParseIDNumber validates an 18-digit citizen ID number (GB 11643) and returns what it encodes.
// The number must already be normalized.
func ParseIDNumber(id string) (IDInfo, error) {
	if len(id) != 18 {
		return IDInfo{}, ErrIDLength
	}
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return IDInfo{}, ErrIDCharacters
		}
	}
	if c := id[17]; !(c >= '0' && c <= '9') && c != 'X' {
		return IDInfo{}, ErrIDCharacters
	}
	t, err := time.Parse("20060102", id[6:14])
	if err != nil || t.Year() < 1900 {
		return IDInfo{}, ErrIDBirthDate
	}
	if IDCheckDigit(id) != id[17] {
		return IDInfo{}, ErrIDCheckDigit
	}
	sex := Female
	if (id[16]-'0')%2 == 1 {
		sex = Male
	}
	return IDInfo{Region: id[:6], BirthDate: DateOf(t), Sex: sex}, nil
}

// MaskPhone hides the middle of a phone number, e.g. 139****0001 (a short number keeps only its
// last two characters).
func MaskPhone(p string) string {
	switch n := len(p); {
	case n == 0:
		return ""
	case n < 8:
		return strings.Repeat("*", max(n-2, 0)) + p[max(n-2, 0):]
	default:
		return p[:3] + strings.Repeat("*", n-7) + p[n-4:]
	}
}

// IsMasked reports whether s is a masked value (it carries the mask character).
func IsMasked(s string) bool { return strings.Contains(s, "*") }

// MaskIDNumber hides the middle of an ID number, e.g. 210202********1234 (the region and the
// last four characters stay, as on official forms). A value too short to be an ID number (under
// 15 characters, the old format's length) keeps only its last two characters.
func MaskIDNumber(id string) string {
	switch n := len(id); {
	case n >= 15:
		return id[:6] + strings.Repeat("*", n-10) + id[n-4:]
	case n > 2:
		return strings.Repeat("*", n-2) + id[n-2:]
	default:
		return strings.Repeat("*", n)
	}
}
