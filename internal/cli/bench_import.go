package cli

import (
	"context"
	"io"

	"dangjian/internal/app"
)

func benchImport(ctx context.Context, a *app.App, files []string, out io.Writer) error {
	return &exitError{code: 1, msg: "bench import: not available until the import service lands"}
}
