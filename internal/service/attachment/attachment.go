// Package attachment keeps the files attached to meetings, directives and their answers,
// courses and documents (附件), stored in the database so that app servers stay stateless.
// Who may read or attach a file follows its owner.
package attachment

import (
	"context"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// MaxBytes bounds one attachment.
const MaxBytes = 20 << 20

// Owner types.
const (
	OwnerMeeting         = "meeting"
	OwnerDirective       = "directive"
	OwnerDirectiveAnswer = "directive_target"
	OwnerCourse          = "study_course"
	OwnerDocument        = "document"
)

// Service is the attachment service.
type Service struct{ Store *store.Store }

// New returns the attachment service.
func New(s *store.Store) *Service { return &Service{Store: s} }

// owner resolves an owner for the caller: its organisation path, and whether the caller may
// read and attach to it. Unknown or invisible owners are not found.
func (s *Service) owner(ctx context.Context, p *auth.Principal, typ string, id int64) (path string, write bool, err error) {
	rs, ws := p.ReadScope(), p.WriteScope()
	if !rs.All && len(rs.Paths) == 0 {
		// A member reads only the attachments of the documents they must acknowledge.
		rs = store.Scope{}
	}
	switch typ {
	case OwnerMeeting:
		m, err := s.Store.GetMeeting(ctx, rs, id)
		if err != nil {
			return "", false, errs.ErrNotFound
		}
		return m.OrgPath, ws.CoversPath(m.OrgPath), nil
	case OwnerDirective:
		d, err := s.Store.GetDirective(ctx, rs, id)
		if err != nil {
			return "", false, errs.ErrNotFound
		}
		return d.OrgPath, ws.CoversPath(d.OrgPath), nil
	case OwnerDirectiveAnswer:
		t, err := s.Store.GetTargetByID(ctx, id)
		if err != nil {
			return "", false, errs.ErrNotFound
		}
		d, err := s.Store.GetDirective(ctx, store.AllScope, t.DirectiveID)
		if err != nil || !(rs.CoversPath(t.OrgPath) || rs.CoversPath(d.OrgPath)) {
			return "", false, errs.ErrNotFound
		}
		return t.OrgPath, ws.CoversPath(t.OrgPath), nil
	case OwnerCourse:
		c, err := s.Store.GetStudyCourse(ctx, rs, id)
		if err != nil {
			return "", false, errs.ErrNotFound
		}
		return c.OrgPath, ws.CoversPath(c.OrgPath), nil
	case OwnerDocument:
		d, err := s.Store.GetDocument(ctx, rs, id)
		if err != nil && p.MemberID != 0 {
			d, err = s.Store.GetDocumentFor(ctx, p.MemberID, id)
		}
		if err != nil {
			return "", false, errs.ErrNotFound
		}
		return d.OrgPath, ws.CoversPath(d.OrgPath), nil
	}
	return "", false, errs.Field("owner_type", "invalid_value", map[string]any{"Value": typ})
}

// Upload attaches a file to an owner the caller may write.
func (s *Service) Upload(ctx context.Context, p *auth.Principal, ownerType string, ownerID int64, name, contentType string, data []byte) (*model.Attachment, error) {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	switch {
	case name == "" || name == "." || name == "/":
		return nil, errs.Field("file", "required", nil)
	case utf8.RuneCountInString(name) > 200:
		return nil, errs.Field("file", "too_long", map[string]any{"Max": 200})
	case len(data) == 0:
		return nil, errs.Field("file", "attachment.empty", nil)
	case len(data) > MaxBytes:
		return nil, errs.Field("file", "attachment.too_large", map[string]any{"Max": MaxBytes >> 20})
	}
	path, write, err := s.owner(ctx, p, ownerType, ownerID)
	if err != nil {
		return nil, err
	}
	if !write {
		return nil, errs.ErrNotFound
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	f := &model.Attachment{OwnerType: ownerType, OwnerID: ownerID, OrgPath: path, Name: name, ContentType: contentType,
		Size: int64(len(data)), Data: data, CreatedBy: p.UserID}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertAttachment(ctx, f); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "attachment", f.ID, path, nil, map[string]any{"owner_type": ownerType,
			"owner_id": ownerID, "name": name, "size": f.Size})
	})
	if err != nil {
		return nil, err
	}
	f.Data = nil
	return f, nil
}

// List returns an owner's files (without content).
func (s *Service) List(ctx context.Context, p *auth.Principal, ownerType string, ownerID int64) ([]*model.Attachment, error) {
	if _, _, err := s.owner(ctx, p, ownerType, ownerID); err != nil {
		return nil, err
	}
	return s.Store.Attachments(ctx, ownerType, ownerID)
}

// Get returns a file with its content, when the caller may read its owner.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*model.Attachment, error) {
	f, err := s.Store.GetAttachment(ctx, store.AllScope, id, true)
	if err != nil {
		return nil, errs.ErrNotFound
	}
	if _, _, err := s.owner(ctx, p, f.OwnerType, f.OwnerID); err != nil {
		return nil, errs.ErrNotFound
	}
	return f, nil
}

// Delete removes a file from an owner the caller may write.
func (s *Service) Delete(ctx context.Context, p *auth.Principal, id int64) error {
	f, err := s.Store.GetAttachment(ctx, store.AllScope, id, false)
	if err != nil {
		return errs.ErrNotFound
	}
	_, write, err := s.owner(ctx, p, f.OwnerType, f.OwnerID)
	if err != nil || !write {
		return errs.ErrNotFound
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteAttachment(ctx, id); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete", "attachment", id, f.OrgPath, map[string]any{"owner_type": f.OwnerType,
			"owner_id": f.OwnerID, "name": f.Name}, nil)
	})
}
