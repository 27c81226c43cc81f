package api

import "net/url"

// contentDisposition names a downloaded file (RFC 6266, UTF-8 names), always as an attachment
// so that a browser never renders an uploaded document inside the console's origin.
func contentDisposition(name string) string {
	return "attachment; filename*=UTF-8''" + url.PathEscape(name)
}
