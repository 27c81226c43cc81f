package api

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"dangjian/internal/i18n"
)

func writeJSONError(w http.ResponseWriter, r *http.Request, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(&Error{Status: status, Message: i18n.For(r.Header.Get("Accept-Language")).T(code, nil)})
}

const uiMissing = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>党建</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>党建 Dangjian</h1><p>界面尚未构建：运行 <code>make run</code> 或 <code>make ui</code>。</p>
<p>The web UI has not been built: run <code>make run</code> or <code>make ui</code>. The API is at
<a href="/api/docs">/api/docs</a>.</p></body></html>`

// spaHandler serves the built UI: files as they are (hashed assets cached for a year), and
// index.html for every other path so that client-side routes load. It never answers /api/.
func spaHandler(ui fs.FS) http.Handler {
	var index []byte
	if ui != nil {
		index, _ = fs.ReadFile(ui, "index.html")
	}
	files := http.FileServerFS(orEmpty(ui))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p != "" && p != "index.html" && ui != nil {
			if st, err := fs.Stat(ui, p); err == nil && !st.IsDir() {
				if strings.HasPrefix(p, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					w.Header().Set("Cache-Control", "no-cache")
				}
				files.ServeHTTP(w, r)
				return
			}
			if path.Ext(p) != "" {
				http.NotFound(w, r)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if index == nil {
			w.Write([]byte(uiMissing))
			return
		}
		w.Write(index)
	})
}

type emptyFS struct{}

func (emptyFS) Open(string) (fs.File, error) { return nil, fs.ErrNotExist }

func orEmpty(f fs.FS) fs.FS {
	if f == nil {
		return emptyFS{}
	}
	return f
}
