package model

import (
	"encoding/json"
	"testing"
)

// FuzzDateJSON: a date in a JSON body (the API's date fields) either fails cleanly or reads
// as a calendar date whose ISO form reads back the same.
func FuzzDateJSON(f *testing.F) {
	for _, s := range []string{`"2024-02-29"`, `"2023-02-29"`, `""`, `"24-1-2"`, `null`, `"2024-13-01"`, `"9999-12-31"`, `"0000-01-01"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Date
		if err := json.Unmarshal(b, &d); err != nil {
			return
		}
		if d.IsZero() {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back Date
		if err := json.Unmarshal(out, &back); err != nil || back != d {
			t.Fatalf("%s read as %v, written %s, read back %v (%v)", b, d, out, back, err)
		}
	})
}

// FuzzMask: masking keeps the length, always marks a value masked, and shows at most the
// first six and last four characters of an ID number (the last two of a short value), and the
// first three and last four of a phone.
func FuzzMask(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "13800138000", "", "123", "0411-84123456", "0000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := len(s)
		id, phone := MaskIDNumber(s), MaskPhone(s)
		if len(id) != n || (n > 0 && !IsMasked(id)) {
			t.Fatalf("MaskIDNumber(%q) = %q", s, id)
		}
		shown := 0
		for i := 0; i < n; i++ {
			if id[i] == s[i] && id[i] != '*' {
				shown++
			}
		}
		if (n >= 15 && shown > 10) || (n < 15 && shown > 2) {
			t.Fatalf("MaskIDNumber(%q) = %q shows %d characters", s, id, shown)
		}
		if len(phone) != n || (n > 2 && !IsMasked(phone)) {
			t.Fatalf("MaskPhone(%q) = %q", s, phone)
		}
	})
}
