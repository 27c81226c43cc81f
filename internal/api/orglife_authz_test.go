package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// TestOrgLifeScopeIsolation is the authorization table of every organisational-life endpoint:
// the own subtree is allowed, another subtree is refused (404) without its data, anonymous
// callers get 401, and a member sees only what concerns them.
func TestOrgLifeScopeIsolation(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		l := newLife(t, w)
		G, P, U, D := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
		soon := map[string]any{"org_id": "{org:B1}", "type": "theme_day", "topic": "x", "starts_at": "2030-01-01T09:00:00+08:00", "ends_at": "2030-01-01T10:00:00+08:00"}
		runLife(t, w, l, []scenario{
			// Anonymous: nothing.
			{"", G, "/api/v1/meetings", nil, 401, nil, []string{"主题党日"}},
			{"", G, "/api/v1/meetings/{meeting:A}", nil, 401, nil, []string{"主题党日"}},
			{"", P, "/api/v1/meetings", soon, 401, nil, nil},
			{"", G, "/api/v1/signin/{code:A}", nil, 401, nil, nil},
			{"", P, "/api/v1/signin/{code:A}", nil, 401, nil, nil},
			{"", G, "/api/v1/me/meetings", nil, 401, nil, nil},
			{"", G, "/api/v1/compliance?org={org:city}", nil, 401, nil, nil},
			{"", G, "/api/v1/compliance/missed?org={org:city}&meeting_type=theme_day", nil, 401, nil, nil},
			{"", G, "/api/v1/compliance/export?org={org:city}", nil, 401, nil, nil},
			{"", G, "/api/v1/study/plans?org={org:A}", nil, 401, nil, nil},
			{"", G, "/api/v1/study/courses?org={org:A}", nil, 401, nil, nil},
			{"", G, "/api/v1/study/sessions?org={org:A}", nil, 401, nil, nil},
			{"", G, "/api/v1/study/sessions/{session:A}", nil, 401, nil, nil},
			{"", G, "/api/v1/study/report?org={org:A}", nil, 401, nil, nil},
			{"", G, "/api/v1/study/report/export?org={org:A}", nil, 401, nil, nil},
			{"", G, "/api/v1/me/study", nil, 401, nil, nil},
			{"", G, "/api/v1/documents?org={org:A}", nil, 401, nil, nil},
			{"", G, "/api/v1/documents/{document:A}", nil, 401, nil, nil},
			{"", P, "/api/v1/documents/{document:A}/ack", nil, 401, nil, nil},
			{"", G, "/api/v1/me/documents", nil, 401, nil, nil},
			{"", G, "/api/v1/directives?org={org:A}", nil, 401, nil, nil},
			{"", G, "/api/v1/directives/{directive:A}", nil, 401, nil, []string{"全会精神"}},
			{"", G, "/api/v1/directives/{directive:A}/completion", nil, 401, nil, nil},
			{"", G, "/api/v1/directives/{directive:A}/targets", nil, 401, nil, nil},
			{"", G, "/api/v1/directives/{directive:A}/export", nil, 401, nil, nil},
			{"", P, "/api/v1/directives/{directive:A}/answers", map[string]any{"org_id": "{org:A1}", "kind": "report", "report": "x"}, 401, nil, nil},
			{"", G, "/api/v1/orgs/{org:A1}/committee", nil, 401, nil, nil},
			{"", G, "/api/v1/terms?org={org:city}&state=expired", nil, 401, nil, nil},
			{"", G, "/api/v1/elections?org={org:city}", nil, 401, nil, nil},
			{"", G, "/api/v1/attachments/1", nil, 401, nil, nil},

			// District A staff: A's subtree, nothing of B.
			{"staffA", G, "/api/v1/meetings", nil, 200, []string{"主题党日A1", `"total":1`}, []string{"主题党日B1"}},
			{"staffA", G, "/api/v1/meetings?org={org:B}", nil, 404, nil, []string{"主题党日B1"}},
			{"staffA", G, "/api/v1/meetings/{meeting:B}", nil, 404, nil, []string{"主题党日B1", "{code:B}"}},
			{"staffA", G, "/api/v1/meetings/{meeting:A}", nil, 200, []string{"主题党日A1", `"sign_code":"{code:A}"`, "李明"}, nil},
			{"staffA", P, "/api/v1/meetings", soon, 422, []string{"org_id"}, nil},
			{"staffA", U, "/api/v1/meetings/{meeting:B}", map[string]any{"type": "theme_day", "topic": "改", "version": 1}, 404, nil, nil},
			{"staffA", D, "/api/v1/meetings/{meeting:B}?version=1", nil, 404, nil, nil},
			{"staffA", U, "/api/v1/meetings/{meeting:B}/attendance", map[string]any{"version": 1, "marks": []any{}}, 404, nil, nil},
			{"staffA", P, "/api/v1/meetings/{meeting:B}/sign-code", map[string]any{"version": 1}, 404, nil, nil},
			{"staffA", G, "/api/v1/compliance?org={org:B}", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/compliance?org={org:A}", nil, 200, []string{`"org_name":"组织A1"`}, []string{"组织B1"}},
			{"staffA", G, "/api/v1/compliance/missed?org={org:B}&meeting_type=theme_day", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/compliance/export?org={org:B}", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/study/sessions?org={org:B}", nil, 404, nil, []string{"集中学习B1"}},
			{"staffA", G, "/api/v1/study/sessions?org={org:A}", nil, 200, []string{"集中学习A1"}, []string{"集中学习B1"}},
			{"staffA", G, "/api/v1/study/sessions/{session:B}", nil, 404, nil, []string{"陈静"}},
			{"staffA", U, "/api/v1/study/sessions/{session:B}/records", map[string]any{"version": 1, "marks": []any{}}, 404, nil, nil},
			{"staffA", D, "/api/v1/study/sessions/{session:B}?version=1", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/study/report?org={org:B}", nil, 404, nil, []string{"陈静"}},
			{"staffA", G, "/api/v1/study/report?org={org:A}", nil, 200, []string{"李明"}, []string{"陈静"}},
			{"staffA", G, "/api/v1/study/report/export?org={org:B}", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/study/plans?org={org:B}", nil, 404, nil, nil},
			{"staffA", P, "/api/v1/study/plans", map[string]any{"org_id": "{org:B1}", "year": 2026, "title": "x"}, 422, []string{"org_id"}, nil},
			{"staffA", G, "/api/v1/study/courses?org={org:B}", nil, 404, nil, nil},
			{"staffA", P, "/api/v1/study/courses", map[string]any{"org_id": "{org:B1}", "title": "x"}, 422, []string{"org_id"}, nil},
			{"staffA", G, "/api/v1/documents?org={org:B}", nil, 404, nil, []string{"学习材料B1"}},
			{"staffA", G, "/api/v1/documents/{document:B}", nil, 404, nil, []string{"学习材料B1"}},
			{"staffA", G, "/api/v1/documents/{document:B}/acks", nil, 404, nil, []string{"陈静"}},
			{"staffA", G, "/api/v1/documents/{document:A}/acks?acked=false", nil, 200, []string{"李明", `"total":3`}, nil},
			{"staffA", D, "/api/v1/documents/{document:B}?version=1", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/directives?org={org:A}", nil, 200, []string{"全会精神A"}, []string{"全会精神B"}},
			{"staffA", G, "/api/v1/directives?org={org:B}", nil, 404, nil, []string{"全会精神B"}},
			{"staffA", G, "/api/v1/directives/{directive:B}", nil, 404, nil, []string{"全会精神B"}},
			{"staffA", G, "/api/v1/directives/{directive:B}/completion", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/directives/{directive:B}/targets", nil, 404, nil, []string{"组织B1"}},
			{"staffA", G, "/api/v1/directives/{directive:B}/export", nil, 404, nil, nil},
			{"staffA", P, "/api/v1/directives/{directive:B}/answers", map[string]any{"org_id": "{org:B1}", "kind": "report", "report": "x"}, 404, nil, nil},
			{"staffA", P, "/api/v1/directives/{directive:A}/answers", map[string]any{"org_id": "{org:B1}", "kind": "report", "report": "x"}, 422, []string{"org_id"}, nil},
			{"staffA", P, "/api/v1/directives/{directive:B}/remind", map[string]any{}, 404, nil, nil},
			{"staffA", P, "/api/v1/directives", map[string]any{"org_id": "{org:B}", "title": "x", "deadline": "2030-01-01"}, 422, []string{"org_id"}, nil},
			{"staffA", G, "/api/v1/directives/{directive:A}/completion", nil, 200, []string{`"targets":1`, `"org_name":"组织A1"`}, []string{"组织B1"}},
			{"staffA", G, "/api/v1/orgs/{org:B1}/committee", nil, 404, nil, []string{"陈静"}},
			{"staffA", G, "/api/v1/orgs/{org:A1}/committee", nil, 200, []string{"李明", `"post":"secretary"`}, nil},
			{"staffA", P, "/api/v1/committee-members", map[string]any{"org_id": "{org:B1}", "member_id": "{member:b2}", "post": "member", "term_start": "2024-01-01"}, 422, []string{"org_id"}, nil},
			{"staffA", U, "/api/v1/committee-members/{post:B}", map[string]any{"post": "member", "term_start": "2024-01-01", "version": 1}, 404, nil, nil},
			{"staffA", D, "/api/v1/committee-members/{post:B}?version=1", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/terms?org={org:B}&state=expired", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/terms/export?org={org:B}&state=expired", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/elections?org={org:B}", nil, 404, nil, nil},
			{"staffA", P, "/api/v1/elections", map[string]any{"org_id": "{org:B1}", "held_on": "2026-01-01", "seats": 1, "present": 2, "candidates": []any{}}, 422, []string{"org_id"}, nil},

			// The branch secretary of A1: the branch only.
			{"secA1", G, "/api/v1/directives?org={org:A1}&box=received", nil, 200, []string{"全会精神A"}, []string{"全会精神B"}},
			{"secA1", G, "/api/v1/directives/{directive:A}", nil, 200, []string{"全会精神A"}, nil},
			{"secA1", G, "/api/v1/directives/{directive:A}/targets", nil, 200, []string{"组织A1", `"can_answer":true`}, nil},
			{"secA1", P, "/api/v1/directives/{directive:A}/remind", map[string]any{}, 403, nil, nil},
			{"secA1", G, "/api/v1/directives/{directive:B}", nil, 404, nil, nil},
			{"secA1", G, "/api/v1/meetings/{meeting:B}", nil, 404, nil, nil},
			{"secA1", G, "/api/v1/compliance?org={org:A}", nil, 404, nil, nil},

			// A member: their own meetings, study and documents, nothing else.
			{"memberA1", G, "/api/v1/me/meetings", nil, 200, []string{"主题党日A1"}, []string{"主题党日B1", "{code:A}"}},
			{"memberA1", G, "/api/v1/me/study", nil, 200, []string{`"target":56`, `"role":"committee"`}, nil},
			{"memberA1", G, "/api/v1/me/documents", nil, 200, []string{"学习材料A1"}, []string{"学习材料B1"}},
			{"memberA1", G, "/api/v1/documents/{document:A}", nil, 200, []string{"学习材料A1"}, nil},
			{"memberA1", G, "/api/v1/documents/{document:B}", nil, 404, nil, []string{"学习材料B1"}},
			{"memberA1", P, "/api/v1/documents/{document:B}/ack", nil, 404, nil, nil},
			{"memberA1", P, "/api/v1/documents/{document:A}/ack", nil, 200, []string{`"acked":1`}, nil},
			{"memberA1", G, "/api/v1/documents/{document:A}/acks", nil, 404, nil, []string{"王芳"}},
			{"memberA1", G, "/api/v1/signin/{code:B}", nil, 404, nil, []string{"主题党日B1"}},
			{"memberA1", G, "/api/v1/meetings/{meeting:A}", nil, 404, nil, []string{"{code:A}"}},
			{"memberA1", G, "/api/v1/meetings", nil, 200, []string{`"total":0`}, []string{"主题党日"}},
			{"memberA1", G, "/api/v1/study/report?org={org:A1}", nil, 404, nil, nil},
			{"memberA1", G, "/api/v1/compliance?org={org:A1}", nil, 404, nil, nil},
			{"memberA1", G, "/api/v1/directives/{directive:A}", nil, 404, nil, nil},
			{"memberA1", P, "/api/v1/meetings", map[string]any{"org_id": "{org:A1}", "type": "theme_day", "topic": "x", "starts_at": "2030-01-01T09:00:00+08:00", "ends_at": "2030-01-01T10:00:00+08:00"}, 422, []string{"org_id"}, nil},
			{"staffA", P, "/api/v1/documents/{document:A}/ack", nil, 403, nil, nil},
			{"staffA", G, "/api/v1/me/meetings", nil, 200, []string{`"total":0`}, nil},

			// Staff of B mirrors; the city staff see both, the system administrator neither.
			{"admin", G, "/api/v1/meetings?org={org:city}", nil, 404, nil, []string{"主题党日A1"}},
			{"staffB", G, "/api/v1/meetings", nil, 200, []string{"主题党日B1"}, []string{"主题党日A1"}},
			{"staffB", G, "/api/v1/directives/{directive:A}", nil, 404, nil, nil},
			{"city", G, "/api/v1/meetings?org={org:city}", nil, 200, []string{"主题党日A1", "主题党日B1", `"total":2`}, nil},
			{"city", G, "/api/v1/directives?org={org:city}", nil, 200, []string{`"total":2`}, nil},
		})
	})
}

// attach posts a file as multipart to /attachments for an owner.
func (w *world) attach(user, ownerType string, ownerID int64, name string, content []byte) (int, string) {
	w.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/attachments?owner_type=%s&owner_id=%d", w.srv.URL, ownerType, ownerID), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if user != "" {
		req.AddCookie(&http.Cookie{Name: "dj_session", Value: w.cookies[user]})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// docx builds a Word document (an Office Open XML package) whose body holds text.
func docx(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document>" + text + "</w:document>"} {
		f, _ := z.Create(name)
		f.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAttachmentsFollowTheirOwner: a file is attached, listed, downloaded and deleted by those
// who may write or read its owner, and by nobody else.
func TestAttachmentsFollowTheirOwner(t *testing.T) {
	engines(t, func(t *testing.T, w *world) {
		l := newLife(t, w)
		if st, body := w.attach("", "meeting", l.meetingA.ID, "纪要.docx", []byte("minutes")); st != 401 {
			t.Fatalf("anonymous upload: %d %s", st, body)
		}
		if st, body := w.attach("staffA", "meeting", l.meetingB.ID, "纪要.docx", []byte("minutes")); st != 404 {
			t.Fatalf("upload to another district's meeting: %d %s", st, body)
		}
		if st, body := w.attach("memberA1", "meeting", l.meetingA.ID, "纪要.docx", []byte("minutes")); st != 404 {
			t.Fatalf("a member uploads to a meeting: %d %s", st, body)
		}
		if st, body := w.attach("secA1", "meeting", l.meetingA.ID, "纪要.docx", nil); st != 422 || !strings.Contains(body, "文件为空") {
			t.Fatalf("an empty file: %d %s", st, body)
		}
		// A script is refused whatever its name; the content decides.
		if st, body := w.attach("secA1", "meeting", l.meetingA.ID, "纪要.docx", []byte("<script>alert(1)</script>")); st != 422 ||
			!strings.Contains(body, "只接受") {
			t.Fatalf("a script named .docx: %d %s", st, body)
		}
		minutes := docx(t, "<script>alert(1)</script>")
		st, body := w.attach("secA1", "meeting", l.meetingA.ID, "../纪要.docx", minutes)
		if st != 201 || !strings.Contains(body, `"name":"纪要.docx"`) {
			t.Fatalf("upload: %d %s", st, body)
		}
		var f struct{ ID int64 }
		json.Unmarshal([]byte(body), &f)
		st2, _ := w.attach("secA1", "document", l.documentA.ID, "材料.pdf", pdf)
		if st2 != 201 {
			t.Fatalf("upload to a document: %d", st2)
		}
		id := fmt.Sprint(f.ID)
		G, D := http.MethodGet, http.MethodDelete
		runLife(t, w, l, []scenario{
			{"", G, "/api/v1/attachments?owner_type=meeting&owner_id={meeting:A}", nil, 401, nil, nil},
			{"staffA", G, "/api/v1/attachments?owner_type=meeting&owner_id={meeting:A}", nil, 200, []string{"纪要.docx"}, nil},
			{"staffB", G, "/api/v1/attachments?owner_type=meeting&owner_id={meeting:A}", nil, 404, nil, []string{"纪要"}},
			{"staffB", G, "/api/v1/attachments/" + id, nil, 404, nil, []string{"script"}},
			{"memberA1", G, "/api/v1/attachments/" + id, nil, 404, nil, []string{"script"}},
			{"memberA1", G, "/api/v1/attachments?owner_type=document&owner_id={document:A}", nil, 200, []string{"材料.pdf"}, nil},
			{"memberA1", G, "/api/v1/attachments?owner_type=document&owner_id={document:B}", nil, 404, nil, nil},
			{"staffA", G, "/api/v1/meetings/{meeting:A}", nil, 200, []string{"纪要.docx"}, nil},
			{"staffB", D, "/api/v1/attachments/" + id, nil, 404, nil, nil},
		})
		res, text := w.do("staffA", G, "/api/v1/attachments/"+id, nil)
		if res.StatusCode != 200 || text != string(minutes) ||
			res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("download: %d %v %s", res.StatusCode, res.Header, text)
		}
		if res, _ := w.do("secA1", D, "/api/v1/attachments/"+id, nil); res.StatusCode != 204 {
			t.Fatalf("delete: %d", res.StatusCode)
		}
		if res, _ := w.do("staffA", G, "/api/v1/attachments/"+id, nil); res.StatusCode != 404 {
			t.Fatalf("deleted file: %d", res.StatusCode)
		}
	})
}
