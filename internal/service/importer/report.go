package importer

import (
	"strconv"

	"dangjian/internal/service/sheet"
)

// WriteErrorReport writes an import's row errors as a sheet of 行号, 列, 值, 原因 (row, column,
// value, reason), the headers and reasons in tr's language (codes report.row, report.column,
// report.value, report.reason). Use an xlsx writer for the downloadable report; w is not
// closed.
func WriteErrorReport(w sheet.Writer, rows []RowError, tr Translate) error {
	if x, ok := w.(interface{ SetColumnWidths([]float64) }); ok {
		x.SetColumnWidths([]float64{8, 20, 30, 70})
	}
	head := []string{tr("report.row", nil), tr("report.column", nil), tr("report.value", nil), tr("report.reason", nil)}
	if err := w.WriteHeader(head); err != nil {
		return err
	}
	for _, e := range rows {
		n := ""
		if e.Row > 0 {
			n = strconv.Itoa(e.Row)
		}
		if err := w.WriteRow([]string{n, e.Column, e.Value, e.Message(tr)}); err != nil {
			return err
		}
	}
	return nil
}
