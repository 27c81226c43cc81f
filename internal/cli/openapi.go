package cli

import (
	"context"
	"encoding/json"
	"io"

	"dangjian/internal/api"
)

func runOpenAPI(_ context.Context, args []string, out io.Writer) error {
	fs := flags("openapi", "openapi > openapi.json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, a := api.New(api.Deps{Version: Version})
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(a.OpenAPI())
}
