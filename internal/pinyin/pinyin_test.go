package pinyin

import (
	"strings"
	"testing"

	gopinyin "github.com/mozillazg/go-pinyin"
)

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{"张伟": "zw", "欧阳娜娜": "oynn", "Li Lei": "lilei", "": "", "王2号": "w2h", "李·明": "lm"} {
		for range 2 { // the second time from the cache
			if got := Initials(in); got != want {
				t.Errorf("Initials(%q) = %q, want %q", in, got, want)
			}
		}
	}
}

// TestInitialsAgreeWithGoPinyin checks the per-rune cache against go-pinyin reading whole
// strings, over the CJK blocks and ASCII.
func TestInitialsAgreeWithGoPinyin(t *testing.T) {
	var b strings.Builder
	for r := rune(0x20); r < 0x7f; r++ {
		b.WriteRune(r)
	}
	for r := rune(0x3400); r < 0xa000; r++ {
		b.WriteRune(r)
	}
	b.WriteRune(0x20000) // outside the cached plane
	s := b.String()
	var want strings.Builder
	for _, p := range gopinyin.Pinyin(s, args) {
		if len(p) > 0 && p[0] != "" {
			want.WriteString(p[0][:1])
		}
	}
	if got := Initials(s); got != want.String() {
		t.Errorf("initials differ from go-pinyin's (%d and %d bytes)", len(got), want.Len())
	}
}

func BenchmarkInitials(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Initials("欧阳娜娜")
	}
}
