package app_test

import (
	"io"
	"log/slog"
	"testing"

	"dangjian/internal/app"
	"dangjian/internal/i18n"
	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/store"
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

// The demo city has people at every stage of development, recorded under the rules, and the
// rollup agrees with a recount.
func TestDemoDevelopments(t *testing.T) {
	s := storetest.Open(t, "sqlite")
	a, err := app.FromStore(s, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Jobs.Shutdown()
	if _, err := a.GenerateDemo(t.Context(), 3000, 7, false); err != nil {
		t.Fatal(err)
	}
	roots, _ := s.RootOrgs(t.Context(), store.AllScope)
	st, err := a.Orgs.Stats(t.Context(), auth.System, roots[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range model.Stages {
		if st.ByStage[string(stage)] == 0 {
			t.Errorf("no demo record in stage %s: %v", stage, st.ByStage)
		}
	}
	if diffs, err := s.VerifyStats(t.Context()); err != nil || len(diffs) > 0 {
		t.Fatalf("rollup: %v %+v", err, diffs)
	}
}
