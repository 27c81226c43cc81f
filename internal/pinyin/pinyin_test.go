package pinyin

import "testing"

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{"张伟": "zw", "欧阳娜娜": "oynn", "Li Lei": "lilei", "": ""} {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}
