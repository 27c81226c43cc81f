package transfer

import (
	"context"

	"dangjian/internal/model"
)

// Alert kinds raised from transfers.
const (
	// KindLetterExpiring: an internal letter not yet accepted nears or passes its validity; the
	// receiving organisation must accept it (or the sender reissue it).
	KindLetterExpiring = "transfer.letter_expiring"
	// KindReceiptOutstanding: an outgoing letter's receipt is not recorded by the end of its
	// validity; the sending organisation stays responsible for the member.
	KindReceiptOutstanding = "transfer.receipt_outstanding"
)

// Alerts generates the letter and receipt alerts.
type Alerts struct{ Transfers *Service }

// Kinds implements alert.Generator.
func (Alerts) Kinds() []string { return []string{KindLetterExpiring, KindReceiptOutstanding} }

// Generate implements alert.Generator.
func (g Alerts) Generate(ctx context.Context, today model.Date) ([]model.Alert, error) {
	r := g.Transfers.Rules.Lifecycle
	rows, err := g.Transfers.Store.IssuedTransfersValidBy(ctx, today.AddDate(0, 0, r.AlertLeadDays))
	if err != nil {
		return nil, err
	}
	out := make([]model.Alert, 0, len(rows))
	for _, t := range rows {
		sev := model.AlertWarning
		if t.ValidUntil.Before(today) {
			sev = model.AlertOverdue
		}
		a := model.Alert{Severity: sev, SubjectType: "transfer", SubjectID: t.ID, DueOn: t.ValidUntil,
			Params: map[string]string{"Name": t.MemberName, "LetterNo": t.LetterNo, "From": t.FromOrgName, "To": t.ToOrgName, "External": t.ExternalOrg}}
		switch t.Kind {
		case model.TransferInternal:
			a.Kind, a.OrgID, a.OrgPath = KindLetterExpiring, t.ToOrgID, t.ToOrgPath
		case model.TransferOutgoing:
			a.Kind, a.OrgID, a.OrgPath = KindReceiptOutstanding, t.FromOrgID, t.FromOrgPath
		default:
			continue
		}
		out = append(out, a)
	}
	return out, nil
}
