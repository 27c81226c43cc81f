package auth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"dangjian/internal/rules"
	"dangjian/internal/service/errs"
)

// CharacterClasses counts which of the four classes — lower case, upper case, digits, other
// symbols — occur in pw.
func CharacterClasses(pw string) int {
	var lower, upper, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	n := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			n++
		}
	}
	return n
}

// CheckPassword applies the password policy (口令复杂度, 8.1.4.1 a) to a new password of
// username: the minimum length, the minimum of character classes, not the username, and none
// of the user's recent passwords (history holds their hashes, newest first). The errors are on
// field, "password" for a new account and "new_password" for a change.
func CheckPassword(pol rules.SecurityRules, field, username, pw string, history []string) error {
	var fe []errs.FieldError
	if utf8.RuneCountInString(pw) < pol.PasswordMinLength {
		fe = append(fe, errs.FieldError{Field: field, Code: "password.too_short", Params: map[string]any{"Min": pol.PasswordMinLength}})
	}
	if CharacterClasses(pw) < pol.PasswordMinClasses {
		fe = append(fe, errs.FieldError{Field: field, Code: "password.too_simple", Params: map[string]any{"Classes": pol.PasswordMinClasses}})
	}
	if username != "" && strings.EqualFold(strings.TrimSpace(pw), strings.TrimSpace(username)) {
		fe = append(fe, errs.FieldError{Field: field, Code: "password.is_username"})
	}
	if len(fe) == 0 {
		for i, h := range history {
			if i >= pol.PasswordHistory {
				break
			}
			if VerifyPassword(h, pw) {
				fe = append(fe, errs.FieldError{Field: field, Code: "password.reused", Params: map[string]any{"N": pol.PasswordHistory}})
				break
			}
		}
	}
	return errs.Fields(fe)
}
