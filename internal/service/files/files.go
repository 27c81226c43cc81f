// Package files keeps the documents attached to records (附件): the bytes in a directory of the
// data directory, content-addressed, and a row per attachment in the database carrying the
// owner's organisation path, so that reading one goes through the caller's scope.
package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// DefaultMaxBytes is the size limit of one file unless configured (20 MiB).
const DefaultMaxBytes = 20 << 20

// Service stores and serves attached files.
type Service struct {
	Store *store.Store
	// Dir is where the bytes are kept (created on first use).
	Dir string
	// MaxBytes bounds one file.
	MaxBytes int64
}

// New returns the file service over dir.
func New(s *store.Store, dir string, maxBytes int64) *Service {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	return &Service{Store: s, Dir: dir, MaxBytes: maxBytes}
}

// Kinds of content accepted, recognised by their first bytes (never by the name alone).
var allowed = []struct {
	contentType string
	exts        []string
	magic       []byte
}{
	{"application/pdf", []string{".pdf"}, []byte("%PDF-")},
	{"image/jpeg", []string{".jpg", ".jpeg"}, []byte{0xFF, 0xD8, 0xFF}},
	{"image/png", []string{".png"}, []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}},
	// Office Open XML documents are zip files holding [Content_Types].xml.
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}, []byte("PK\x03\x04")},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}, []byte("PK\x03\x04")},
}

// Sniff returns the content type of a file from its first bytes and its name's extension, or
// "" when the content is not an accepted kind or does not match the extension.
func Sniff(name string, head []byte) string {
	ext := strings.ToLower(filepath.Ext(name))
	for _, a := range allowed {
		if !bytes.HasPrefix(head, a.magic) {
			continue
		}
		for _, e := range a.exts {
			if e != ext {
				continue
			}
			if a.magic[0] == 'P' && !bytes.Contains(head, []byte("[Content_Types].xml")) {
				return ""
			}
			return a.contentType
		}
	}
	return ""
}

// AllowedExtensions lists the extensions accepted, for messages.
func AllowedExtensions() string {
	var out []string
	for _, a := range allowed {
		out = append(out, a.exts...)
	}
	return strings.Join(out, " ")
}

// headBytes is how much of a file Sniff looks at (the zip's first entry name lies early).
const headBytes = 4096

// Stored is a file's content saved in the directory, not yet recorded.
type Stored struct {
	Key, ContentType, SHA256 string
	Size                     int64
	fresh                    bool
}

// Save checks and writes content under its hash. It refuses files over the limit and content
// that is not an accepted kind matching the name; field names the form field for errors.
func (s *Service) Save(name string, r io.Reader, field string) (*Stored, error) {
	name = filepath.Base(strings.TrimSpace(name))
	if name == "" || name == "." || utf8.RuneCountInString(name) > 200 {
		return nil, errs.Field(field, "file.bad_name", nil)
	}
	if err := os.MkdirAll(filepath.Join(s.Dir, "tmp"), 0o750); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Join(s.Dir, "tmp"), "upload-*")
	if err != nil {
		return nil, err
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	h := sha256.New()
	var head bytes.Buffer
	lim := &io.LimitedReader{R: r, N: s.MaxBytes + 1}
	n, err := io.Copy(io.MultiWriter(tmp, h, &capped{&head, headBytes}), lim)
	if err != nil {
		return nil, err
	}
	if n > s.MaxBytes {
		return nil, errs.Field(field, "file.too_large", map[string]any{"MaxMB": s.MaxBytes >> 20})
	}
	if n == 0 {
		return nil, errs.Field(field, "file.empty", nil)
	}
	ct := Sniff(name, head.Bytes())
	if ct == "" {
		return nil, errs.Field(field, "file.bad_type", map[string]any{"Allowed": AllowedExtensions()})
	}
	sum := hex.EncodeToString(h.Sum(nil))
	key := filepath.Join(sum[:2], sum[2:4], sum)
	st := &Stored{Key: key, ContentType: ct, SHA256: sum, Size: n}
	dst := filepath.Join(s.Dir, key)
	if _, err := os.Stat(dst); err == nil {
		return st, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return nil, err
	}
	st.fresh = true
	return st, nil
}

// Discard removes content saved by Save when the transaction that should record it failed,
// unless another record already uses it.
func (s *Service) Discard(ctx context.Context, st *Stored) {
	if st == nil || !st.fresh {
		return
	}
	if n, err := s.Store.CountFilesWithKey(ctx, st.Key); err == nil && n == 0 {
		os.Remove(filepath.Join(s.Dir, st.Key))
	}
}

// Record inserts the row of a saved file attached to an owner in the organisation at orgPath.
func Record(ctx context.Context, tx *store.Tx, p *auth.Principal, st *Stored, name, ownerType string, ownerID int64, orgPath string) (*model.File, error) {
	f := &model.File{OwnerType: ownerType, OwnerID: ownerID, OrgPath: orgPath, Name: filepath.Base(strings.TrimSpace(name)),
		ContentType: st.ContentType, Size: st.Size, SHA256: st.SHA256, StorageKey: st.Key, CreatedBy: p.ActorName()}
	if err := tx.InsertFile(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// Open returns a file the caller can read and its content.
func (s *Service) Open(ctx context.Context, p *auth.Principal, id int64) (*model.File, io.ReadCloser, error) {
	f, err := s.Store.GetFile(ctx, p.ReadScope(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, errs.ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	rc, err := os.Open(filepath.Join(s.Dir, f.StorageKey))
	if err != nil {
		return nil, nil, fmt.Errorf("file %d content: %w", f.ID, err)
	}
	return f, rc, nil
}

// RemoveContent deletes stored bytes no longer referenced by any record (after the record's
// deletion has committed).
func (s *Service) RemoveContent(ctx context.Context, key string) {
	if n, err := s.Store.CountFilesWithKey(ctx, key); err == nil && n == 0 {
		os.Remove(filepath.Join(s.Dir, key))
	}
}

// capped keeps the first max bytes written to it.
type capped struct {
	b   *bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.b.Len(); room > 0 {
		c.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
