package api_test

import (
	"net/http"
	"strings"
	"testing"

	"dangjian/internal/store"
)

// TestEveryExportIsAudited: each export of the organisational-life and lifecycle pages records
// who exported what under which subtree before its first row, and a refused export (another
// district's organisation) records nothing.
func TestEveryExportIsAudited(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		l := newLife(t, w)
		ids := l.ids()
		exports := map[string]string{
			"transfer":     "/api/v1/transfers/export?format=csv&org={org:A}",
			"compliance":   "/api/v1/compliance/export?format=csv&org={org:A}",
			"study_report": "/api/v1/study/report/export?format=csv&org={org:A}",
			"directive":    "/api/v1/directives/{directive:A}/export?format=csv&org={org:A}",
			"term":         "/api/v1/terms/export?format=csv&state=expiring&org={org:A}",
		}
		audited := func(entity string) []string {
			t.Helper()
			entries, _, err := w.app.Store.ListAudit(t.Context(), store.AllScope, store.AuditFilter{Username: "staffA", Action: "export", Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, e := range entries {
				if e.Entity == entity {
					paths = append(paths, e.OrgPath)
				}
			}
			return paths
		}
		for entity, path := range exports {
			for k, v := range ids {
				path = strings.ReplaceAll(path, k, v)
			}
			refused := strings.ReplaceAll(path, "{org:A}", "{org:B}")
			if res, _ := w.do("staffA", http.MethodGet, w.path(refused), nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s of another district: %d, want 404", entity, res.StatusCode)
			}
			if got := audited(entity); len(got) != 0 {
				t.Errorf("%s: a refused export was audited: %v", entity, got)
			}
			if res, body := w.do("staffA", http.MethodGet, w.path(path), nil); res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", entity, res.StatusCode, body)
			}
			if got := audited(entity); len(got) != 1 || got[0] != w.orgs["A"].Path {
				t.Errorf("%s export audited under %v, want once under %s", entity, got, w.orgs["A"].Path)
			}
		}
	})
}
