// Package pinyin turns Chinese names into lower-case pinyin initials for search (拼音首字母).
package pinyin

import (
	"strings"
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

// Initials returns the pinyin initials of s, e.g. "张伟" → "zw". Latin letters and digits
// are kept (lower-cased); other characters are dropped.
func Initials(s string) string {
	var b strings.Builder
	for _, p := range gopinyin.Pinyin(s, args) {
		if len(p) > 0 && p[0] != "" {
			b.WriteString(p[0][:1])
		}
	}
	return b.String()
}
