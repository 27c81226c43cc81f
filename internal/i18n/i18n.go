// Package i18n translates message codes into the user's language (zh-CN by default, en).
// Messages live in locales/<area>.<lang>.toml, one file per area and language.
package i18n

import (
	"embed"
	"io/fs"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var localeFS embed.FS

var bundle = func() *goi18n.Bundle {
	b := goi18n.NewBundle(language.SimplifiedChinese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, _ := fs.Glob(localeFS, "locales/*.toml")
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(localeFS, f); err != nil {
			panic(err)
		}
	}
	return b
}()

// Localizer translates for one request's languages.
type Localizer struct {
	l    *goi18n.Localizer
	lang string
}

// For returns a localizer for an Accept-Language header value or a language tag ("en", "zh-CN").
func For(acceptLanguage string) *Localizer {
	lang := "zh-CN"
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(acceptLanguage)), "en") {
		lang = "en"
	}
	return &Localizer{l: goi18n.NewLocalizer(bundle, lang), lang: lang}
}

// Lang returns the chosen language tag: "zh-CN" or "en".
func (l *Localizer) Lang() string { return l.lang }

// T translates code with params; an unknown code is returned as is.
func (l *Localizer) T(code string, params map[string]any) string {
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: code, TemplateData: params})
	if err != nil || s == "" {
		return code
	}
	return s
}

// Has reports whether code has a message in the bundle's default language.
func Has(code string) bool {
	_, err := goi18n.NewLocalizer(bundle, "zh-CN").Localize(&goi18n.LocalizeConfig{MessageID: code})
	return err == nil
}
