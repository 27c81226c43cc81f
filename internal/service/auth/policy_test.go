package auth

import (
	"testing"

	"dangjian/internal/rules"
	"dangjian/internal/service/errs"
)

func codesOf(err error) []string {
	e, ok := errs.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Code)
	}
	return out
}

func TestPasswordPolicy(t *testing.T) {
	Argon = ArgonParams{Time: 1, Memory: 1024, Threads: 1}
	defer func() { Argon = ArgonParams{Time: 3, Memory: 64 * 1024, Threads: 2} }()
	pol := rules.MustDefault().Security
	var history []string
	for _, pw := range []string{"Old#pass1", "Old#pass2", "Old#pass3", "Old#pass4", "Old#pass5", "Old#pass6"} {
		h, _ := HashPassword(pw)
		history = append([]string{h}, history...) // newest first: Old#pass6 … Old#pass1
	}
	for _, c := range []struct {
		pw   string
		want string // the expected error code, "" for accepted
	}{
		{"Ab1#xyz", "password.too_short"}, // 7 characters: one below the minimum
		{"Ab1#xyzw", ""},                  // 8 characters, four classes
		{"abc1#xyz", ""},                  // 8, three classes (no upper case)
		{"abcd1xyz", "password.too_simple"},
		{"ABCDEFGH", "password.too_simple"},
		{"密码密码密码Ab", ""}, // Chinese characters count as symbols: three classes
		{"密码密码密码密码", "password.too_simple"},
		{"Zhang#San1", "password.is_username"},
		{"zhang#san1", "password.is_username"},
		{"Old#pass6", "password.reused"}, // the current password
		{"Old#pass2", "password.reused"}, // the fifth most recent
		{"Old#pass1", ""},                // the sixth: allowed again
	} {
		err := CheckPassword(pol, "new_password", "zhang#san1", c.pw, history)
		got := codesOf(err)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q refused: %v", c.pw, got)
		case c.want != "" && (len(got) == 0 || got[0] != c.want):
			t.Errorf("%q: got %v, want %s", c.pw, got, c.want)
		}
	}
	if n := CharacterClasses("aA1#"); n != 4 {
		t.Fatalf("classes of aA1#: %d", n)
	}
}
