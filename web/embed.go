// Package web embeds the built console (web/dist). A committed web/dist/.keep keeps the
// embed valid before the UI is built; the server then shows a "UI not built" page.
package web

import "embed"

// Dist is the built web app; its files are under "dist/".
//
//go:embed all:dist
var Dist embed.FS
