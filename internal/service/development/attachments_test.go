package development_test

import (
	"context"
	"errors"
	"testing"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/attachment"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
	"dangjian/internal/service/org"
	"dangjian/internal/service/transfer"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

var pdf = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// TestStepAttachmentsFollowTheRecord: the documents of a development step are attachments
// whose scope is the record's: readable by its organisation's staff, gone with the step or the
// record, and moved with a probationary member's record when the member is transferred.
func TestStepAttachmentsFollowTheRecord(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		rs, err := rules.Load("", today)
		if err != nil {
			t.Fatal(err)
		}
		files, err := attachment.New(s, rs.Security.AttachmentKinds, 0)
		if err != nil {
			t.Fatal(err)
		}
		attach := func(p *auth.Principal, step *model.DevelopmentStep) (*model.Attachment, error) {
			return files.Upload(ctx, p, attachment.OwnerDevelopmentStep, step.ID, "材料.pdf", pdf)
		}
		// A second community branch to transfer to, and the staff of each branch.
		orgs := org.New(s, rs)
		other, _, err := orgs.Create(ctx, auth.System, org.Input{ParentID: f.orgs["street"].ID, Name: "other", Type: model.Branch, UnitType: model.UnitCommunity})
		if err != nil {
			t.Fatal(err)
		}
		staff := func(o *model.Org) *auth.Principal {
			return &auth.Principal{Username: "staff" + o.Name, Grants: []model.Grant{{Role: model.RoleStaff, OrgPath: o.Path}}}
		}
		here, there := staff(f.orgs["branch"]), staff(other)

		// Deleting a step deletes its documents; deleting the record deletes them all.
		d := f.walk(t, f.must(t, model.NewDate(2024, 1, 10)), 2, 3)
		first, err := attach(here, d.Steps[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := attach(there, d.Steps[0]); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("another branch attached to the step: %v", err)
		}
		third, err := attach(here, d.Steps[2])
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Get(ctx, here, d.Development.ID)
		if err != nil || len(got.Steps[0].Attachments) != 1 || got.Steps[0].Attachments[0].ID != first.ID || len(got.Steps[1].Attachments) != 0 {
			t.Fatalf("record with its documents: %v %+v", err, got)
		}
		if d, err = f.svc.DeleteStep(ctx, auth.System, d.Development.ID, d.Steps[2].ID, d.Steps[2].Version); err != nil {
			t.Fatal(err)
		}
		if _, err := files.Get(ctx, here, third.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("the document of a deleted step: %v", err)
		}
		if err := f.svc.Delete(ctx, auth.System, d.Development.ID, d.Development.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetAttachment(ctx, store.AllScope, first.ID, false); err != store.ErrNotFound {
			t.Fatalf("the document of a deleted record: %v", err)
		}

		// A probationary member's record moves with them, documents included.
		d = f.walk(t, f.must(t, model.NewDate(2024, 1, 10)), 2, 17)
		doc, err := attach(here, d.Steps[0])
		if err != nil {
			t.Fatal(err)
		}
		tr := transfer.New(s, rs)
		tr.Today = func() model.Date { return today }
		x, err := tr.Request(ctx, auth.System, transfer.RequestInput{MemberID: d.Development.MemberID, Kind: model.TransferInternal, ToOrgID: other.ID, Reason: "工作调动"})
		if err != nil {
			t.Fatal(err)
		}
		if x, err = tr.Approve(ctx, auth.System, x.ID, transfer.IssueInput{Version: x.Version}); err != nil {
			t.Fatal(err)
		}
		if _, err = tr.Accept(ctx, auth.System, x.ID, transfer.DoneInput{Version: x.Version, On: today}); err != nil {
			t.Fatal(err)
		}
		if _, err := files.Get(ctx, here, doc.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("the sending branch still reads the document: %v", err)
		}
		moved, err := files.Get(ctx, there, doc.ID)
		if err != nil || string(moved.Data) != string(pdf) || moved.OrgPath != other.Path {
			t.Fatalf("the receiving branch reads the document: %v %+v", err, moved)
		}
		if list, err := files.List(ctx, there, attachment.OwnerDevelopmentStep, d.Steps[0].ID); err != nil || len(list) != 1 {
			t.Fatalf("the receiving branch lists the step's documents: %v %d", err, len(list))
		}
		verify(t, s)
	})
}
