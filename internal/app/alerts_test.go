package app_test

import (
	"io"
	"log/slog"
	"testing"

	"dangjian/internal/app"
	"dangjian/internal/i18n"
	"dangjian/internal/store/storetest"
)

// Every registered alert kind has its message and its summary label in both languages.
func TestAlertKindsHaveMessages(t *testing.T) {
	a, err := app.FromStore(storetest.Open(t, "sqlite"), "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Jobs.Shutdown()
	kinds := a.Alerts.Kinds()
	if len(kinds) < 10 {
		t.Fatalf("only %d alert kinds registered: %v", len(kinds), kinds)
	}
	for _, k := range kinds {
		for _, lang := range []string{"zh-CN", "en"} {
			l := i18n.For(lang)
			for _, id := range []string{"alert." + k, "alert." + k + ".label"} {
				if l.T(id, map[string]any{}) == id {
					t.Errorf("%s: no %s message %s", k, lang, id)
				}
			}
		}
	}
}
