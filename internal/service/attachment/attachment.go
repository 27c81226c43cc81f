// Package attachment keeps the files attached to meetings, directives and their answers,
// courses, documents and development steps (附件), stored in the database so that app servers
// stay stateless. A file is accepted only when its content is one of the kinds the rules allow
// (recognised from the bytes, never from the name alone) and within the size limit. Who may
// read or attach a file follows its owner.
package attachment

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// DefaultMaxBytes bounds one attachment unless configured (serve --max-file-mb): 20 MiB.
const DefaultMaxBytes = 20 << 20

// Owner types.
const (
	OwnerMeeting         = "meeting"
	OwnerDirective       = "directive"
	OwnerDirectiveAnswer = "directive_target"
	OwnerCourse          = "study_course"
	OwnerDocument        = "document"
	// OwnerDevelopmentStep is a recorded step of a development record: read and written by
	// those who read and write the record.
	OwnerDevelopmentStep = model.AttachedToDevelopmentStep
)

// Service is the attachment service.
type Service struct {
	Store *store.Store
	// Kinds are the accepted kinds of content (the security rules' attachment_kinds).
	Kinds []rules.AttachmentKind
	// MaxBytes bounds one file.
	MaxBytes int64
}

// New returns the attachment service accepting the kinds listed, each file up to maxBytes
// (0: DefaultMaxBytes). A kind the sniffer cannot recognise is an error: a rules file may
// narrow the list, never let in content nobody checks.
func New(s *store.Store, kinds []rules.AttachmentKind, maxBytes int64) (*Service, error) {
	for _, k := range kinds {
		if !Recognised(k.Kind) {
			return nil, fmt.Errorf("attachments: the rules accept kind %q, which is not a recognised kind of content", k.Kind)
		}
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	return &Service{Store: s, Kinds: kinds, MaxBytes: maxBytes}, nil
}

// Check returns the content type of a file named name with content data, or the field error
// that refuses it (empty, too large, not an accepted kind, or a name that disagrees with it).
func (s *Service) Check(name string, data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", errs.Field("file", "attachment.empty", nil)
	case int64(len(data)) > s.MaxBytes:
		return "", errs.Field("file", "attachment.too_large", map[string]any{"Max": sizeText(s.MaxBytes)})
	}
	kind, ext := Sniff(data), strings.ToLower(filepath.Ext(name))
	for _, k := range s.Kinds {
		if k.Kind == kind && slices.Contains(k.Extensions, ext) {
			return k.ContentType, nil
		}
	}
	return "", errs.Field("file", "attachment.bad_type", map[string]any{"Allowed": s.AllowedExtensions()})
}

// AllowedExtensions lists the accepted extensions, for messages and the upload dialogs.
func (s *Service) AllowedExtensions() string {
	var out []string
	for _, k := range s.Kinds {
		out = append(out, k.Extensions...)
	}
	return strings.Join(out, " ")
}

// sizeText writes a size limit for people: whole megabytes, or kilobytes below one.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", max(1, n>>10))
}

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
	case OwnerDevelopmentStep:
		devID, err := s.Store.StepDevelopmentID(ctx, id)
		if err != nil {
			return "", false, errs.ErrNotFound
		}
		d, err := s.Store.GetDevelopment(ctx, rs, devID)
		if err != nil {
			return "", false, errs.ErrNotFound
		}
		return d.OrgPath, ws.CoversPath(d.OrgPath), nil
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

// Upload attaches a file to an owner the caller may write. The content type is the one of
// the kind recognised in the content (whatever the client claimed).
func (s *Service) Upload(ctx context.Context, p *auth.Principal, ownerType string, ownerID int64, name string, data []byte) (*model.Attachment, error) {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	switch {
	case name == "" || name == "." || name == "/":
		return nil, errs.Field("file", "required", nil)
	case utf8.RuneCountInString(name) > 200:
		return nil, errs.Field("file", "too_long", map[string]any{"Max": 200})
	}
	path, write, err := s.owner(ctx, p, ownerType, ownerID)
	if err != nil {
		return nil, err
	}
	if !write {
		return nil, errs.ErrNotFound
	}
	contentType, err := s.Check(name, data)
	if err != nil {
		return nil, err
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
