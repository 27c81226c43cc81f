package api

import (
	"io"
	"net/url"

	"github.com/danielgtaylor/huma/v2"
)

// contentDisposition names a downloaded file (RFC 6266, UTF-8 names), always as an attachment
// so that a browser never renders an uploaded document inside the console's origin.
func contentDisposition(name string) string {
	return "attachment; filename*=UTF-8''" + url.PathEscape(name)
}

// copyBody streams r into the response.
func copyBody(hctx huma.Context, r io.Reader) {
	_, _ = io.Copy(hctx.BodyWriter(), r)
}
