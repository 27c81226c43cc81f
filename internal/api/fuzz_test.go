package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// fuzzRoutes are the JSON-body routes the fuzzer sends its bodies to (as staffA, logged in).
var fuzzRoutes = []struct{ method, path string }{
	{http.MethodPost, "/api/v1/auth/login"},
	{http.MethodPost, "/api/v1/members"},
	{http.MethodPut, "/api/v1/members/{member:a2}"},
	{http.MethodPost, "/api/v1/orgs"},
	{http.MethodPut, "/api/v1/orgs/{org:A1g}"},
	{http.MethodPost, "/api/v1/orgs/{org:A1g}/move"},
	{http.MethodPost, "/api/v1/auth/password"},
	{http.MethodPost, "/api/v1/users/1/grants"},
}

// FuzzJSONBodies: whatever JSON (or not) a client sends, the API answers with a status below
// 500 and an error body of our shape — never a crash, a stack or a half-written record.
func FuzzJSONBodies(f *testing.F) {
	for _, s := range []string{`{"username":"staffA","password":"x"}`, `{"org_id":3,"name":"张三","id_number":"11010519491231002X","category":"full"}`,
		`{"name":"改名","version":1,"birth_date":"2024-02-30"}`, `{"parent_id":2,"name":"x","type":"branch","term_years":-1}`,
		`{"current_password":"x","new_password":"y"}`, `{"role":"admin","org_id":"1"}`, `[]`, `null`, `{`, `{"version":1e400}`,
		`{"name":"\u0000"}`, `{"admitted_on":"0000-00-00"}`} {
		for i := range fuzzRoutes {
			f.Add(uint8(i), []byte(s))
		}
	}
	w := newWorld(f, "sqlite")
	h := w.app.Handler(nil, false, "fuzz")
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		route := fuzzRoutes[int(which)%len(fuzzRoutes)]
		req := httptest.NewRequest(route.method, w.path(route.path), bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(&http.Cookie{Name: "dj_session", Value: w.cookies["staffA"]})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", route.method, route.path, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e struct {
				Status  int    `json:"status"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Status != rec.Code || e.Message == "" {
				t.Fatalf("%s %s %q: error body not of our shape: %d %s", route.method, route.path, body, rec.Code, rec.Body)
			}
		}
	})
}
