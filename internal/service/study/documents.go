package study

import (
	"context"
	"strings"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// DocumentInput is a document to issue for acknowledgement.
type DocumentInput struct {
	OrgID    int64
	Title    string
	Content  string
	IssuedOn model.Date
	DueOn    model.Date
}

// IssueDocument issues a document to every member in the register of the organisation's subtree,
// each with a pending acknowledgement.
func (s *Service) IssueDocument(ctx context.Context, p *auth.Principal, in DocumentInput) (*model.Document, error) {
	in.Title, in.Content = strings.TrimSpace(in.Title), strings.TrimSpace(in.Content)
	if in.IssuedOn.IsZero() {
		in.IssuedOn = s.today()
	}
	fe := text("title", in.Title, true, 200)
	fe = append(fe, text("content", in.Content, false, 50000)...)
	if s.today().Before(in.IssuedOn) {
		fe = append(fe, errs.FieldError{Field: "issued_on", Code: "date.future"})
	}
	if !in.DueOn.IsZero() && in.DueOn.Before(in.IssuedOn) {
		fe = append(fe, errs.FieldError{Field: "due_on", Code: "study.due_before_issue"})
	}
	if err := errs.Fields(fe); err != nil {
		return nil, err
	}
	var out *model.Document
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		o, err := s.writableOrg(ctx, tx, p, in.OrgID)
		if err != nil {
			return err
		}
		d := &model.Document{OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name, Title: in.Title, Content: in.Content,
			IssuedOn: in.IssuedOn, DueOn: in.DueOn, CreatedBy: p.UserID}
		if err := tx.InsertDocument(ctx, d, registerStatuses()); err != nil {
			return err
		}
		if d.Targets == 0 {
			return errs.Field("org_id", "study.no_members", nil)
		}
		out = d
		return audit.Record(ctx, tx, p, "create", "document", d.ID, d.OrgPath, nil, d)
	})
	return out, err
}

func registerStatuses() []model.Status {
	var out []model.Status
	for _, st := range model.Statuses {
		if st.InRegister() {
			out = append(out, st)
		}
	}
	return out
}

// Documents lists the documents issued in a subtree.
func (s *Service) Documents(ctx context.Context, p *auth.Principal, orgID int64, page, size int) ([]*model.Document, int64, error) {
	sc, o, err := s.subtree(ctx, p, orgID)
	if err != nil {
		return nil, 0, err
	}
	return s.Store.ListDocuments(ctx, sc, o.Path, size, (page-1)*size)
}

// Document returns a document the caller may read: in their scope, or one they must acknowledge.
func (s *Service) Document(ctx context.Context, p *auth.Principal, id int64) (*model.Document, error) {
	d, err := s.Store.GetDocument(ctx, p.ReadScope(), id)
	if err == nil {
		return d, nil
	}
	if p.MemberID != 0 {
		if d, err := s.Store.GetDocumentFor(ctx, p.MemberID, id); err == nil {
			return d, nil
		}
	}
	return nil, errs.ErrNotFound
}

// Acks lists who has (acked true), has not (false) or all (nil) acknowledged a document in
// the caller's scope.
func (s *Service) Acks(ctx context.Context, p *auth.Principal, id int64, acked *bool, page, size int) ([]model.Acknowledgement, int64, error) {
	sc := p.ReadScope()
	if !sc.All && len(sc.Paths) == 0 {
		return nil, 0, errs.ErrNotFound
	}
	if _, err := s.Store.GetDocument(ctx, sc, id); err != nil {
		return nil, 0, errs.ErrNotFound
	}
	return s.Store.ListAcks(ctx, store.AckFilter{DocumentID: id, Acked: acked, Limit: size, Offset: (page - 1) * size})
}

// Acknowledge records that the calling member has read the document.
func (s *Service) Acknowledge(ctx context.Context, p *auth.Principal, id int64) (*model.Document, error) {
	if p.MemberID == 0 {
		return nil, errs.New(errs.Forbidden, "study.ack_member_only")
	}
	var out *model.Document
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		d, err := tx.GetDocumentFor(ctx, p.MemberID, id)
		if err != nil {
			return errs.ErrNotFound
		}
		first, err := tx.Acknowledge(ctx, id, p.MemberID, s.Now())
		if err != nil {
			return err
		}
		if first {
			d.Acked++
			if err := audit.Record(ctx, tx, p, "acknowledge", "document", id, d.OrgPath, nil, map[string]any{"member_id": p.MemberID}); err != nil {
				return err
			}
		}
		out = d
		return nil
	})
	return out, err
}

// DeleteDocument removes a document issued by mistake, with its acknowledgements.
func (s *Service) DeleteDocument(ctx context.Context, p *auth.Principal, id, version int64) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		old, err := tx.GetDocument(ctx, p.WriteScope(), id)
		if err != nil {
			return errs.ErrNotFound
		}
		if old.Version != version {
			return errs.ErrConflict
		}
		if err := tx.DeleteAttachmentsOf(ctx, "document", id); err != nil {
			return err
		}
		if err := tx.DeleteDocument(ctx, old); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "delete", "document", id, old.OrgPath, old, nil)
	})
}

// MyDocument is a document for the calling member with whether they acknowledged it.
type MyDocument struct {
	Document *model.Document `json:"document"`
	Acked    bool            `json:"acked"`
	AckedAt  string          `json:"acked_at,omitempty"`
}

// MyDocuments lists the documents the calling member must acknowledge (pending only, or all).
func (s *Service) MyDocuments(ctx context.Context, p *auth.Principal, pendingOnly bool) ([]MyDocument, error) {
	if p.MemberID == 0 {
		return nil, nil
	}
	docs, acked, err := s.Store.MemberDocuments(ctx, p.MemberID, pendingOnly, 100)
	if err != nil {
		return nil, err
	}
	out := make([]MyDocument, len(docs))
	for i, d := range docs {
		out[i] = MyDocument{Document: d, Acked: !acked[i].IsZero()}
		if out[i].Acked {
			out[i].AckedAt = acked[i].Local().Format("2006-01-02 15:04")
		}
	}
	return out, nil
}
