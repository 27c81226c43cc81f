package i18n

import "testing"

func TestTranslate(t *testing.T) {
	if got := For("en-US,en;q=0.9").T("required", nil); got != "Required" {
		t.Fatalf("en: %q", got)
	}
	if got := For("").T("required", nil); got != "必填" {
		t.Fatalf("default zh-CN: %q", got)
	}
	if got := For("zh-CN").T("too_long", map[string]any{"Max": 5}); got != "不能超过 5 个字符" {
		t.Fatalf("params: %q", got)
	}
	if got := For("en").T("no.such.code", nil); got != "no.such.code" {
		t.Fatalf("unknown: %q", got)
	}
}
