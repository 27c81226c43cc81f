package api

import (
	"dangjian/internal/service/importer"
	"dangjian/internal/service/imports"
	"dangjian/internal/service/sheet"
)

// importerReport writes an import's row errors as the downloadable report.
func importerReport(w sheet.Writer, r *imports.Result, tr func(string, map[string]any) string) error {
	return importer.WriteErrorReport(w, r.Errors, tr)
}
