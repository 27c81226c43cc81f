package i18n

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

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

// TestEveryMessageInBothLanguages fails when a code has a message in one language only.
func TestEveryMessageInBothLanguages(t *testing.T) {
	files, _ := fs.Glob(localeFS, "locales/*.toml")
	keys := map[string]map[string]bool{"zh-CN": {}, "en": {}}
	for _, f := range files {
		b, _ := localeFS.ReadFile(f)
		var m map[string]any
		if err := toml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		lang := "en"
		if strings.Contains(f, ".zh-CN.") {
			lang = "zh-CN"
		}
		for k := range m {
			keys[lang][k] = true
		}
	}
	for k := range keys["zh-CN"] {
		if !keys["en"][k] {
			t.Errorf("%s has no English message", k)
		}
	}
	for k := range keys["en"] {
		if !keys["zh-CN"][k] {
			t.Errorf("%s has no Chinese message", k)
		}
	}
}
