// Package pinyin turns Chinese names into lower-case pinyin initials for search (拼音首字母).
package pinyin

import (
	"strings"
	"sync/atomic"
	"unicode"

	gopinyin "github.com/mozillazg/go-pinyin"
)

var args = func() gopinyin.Args {
	a := gopinyin.NewArgs()
	a.Style = gopinyin.FirstLetter
	a.Fallback = func(r rune, _ gopinyin.Args) []string {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return []string{strings.ToLower(string(r))}
		}
		return nil
	}
	return a
}()

// cache holds, for each rune of the Basic Multilingual Plane once looked up, its initial byte
// plus two (1 for a rune without an initial); 0 means not looked up yet. go-pinyin reads
// each rune on its own, so caching per rune gives the same result, without its regular
// expressions on every call (an import of a million names calls Initials a million times).
var cache [1 << 16]atomic.Uint32

// initial returns the first byte of r's first pinyin reading (or of its fallback), and
// whether it has one.
func initial(r rune) (byte, bool) {
	if r < 0 || r >= 1<<16 {
		return lookup(r)
	}
	if v := cache[r].Load(); v != 0 {
		return byte(v - 2), v > 1
	}
	b, ok := lookup(r)
	v := uint32(1)
	if ok {
		v = uint32(b) + 2
	}
	cache[r].Store(v)
	return b, ok
}

func lookup(r rune) (byte, bool) {
	p := gopinyin.SinglePinyin(r, args)
	if len(p) > 0 && p[0] != "" {
		return p[0][0], true
	}
	return 0, false
}

// Initials returns the pinyin initials of s, e.g. "张伟" → "zw". Latin letters and digits
// are kept (lower-cased); other characters are dropped.
func Initials(s string) string {
	var buf [16]byte
	b := buf[:0]
	for _, r := range s {
		if c, ok := initial(r); ok {
			b = append(b, c)
		}
	}
	return string(b)
}
