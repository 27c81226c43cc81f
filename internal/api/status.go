package api

import (
	"context"

	"dangjian/internal/model"
	"dangjian/internal/service/member"
)

type changeStatusIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Kind        model.StatusChangeKind `json:"kind" enum:"mobile,mobile_return,lost_contact,contact_restored,suspension,restoration,abroad,abroad_return,exit,death,party_probation"`
		EffectiveOn model.Date             `json:"effective_on,omitempty"`
		Reason      string                 `json:"reason,omitempty" maxLength:"1000"`
		ExitType    model.ExitType         `json:"exit_type,omitempty"`
		ApprovalOrg string                 `json:"approval_org,omitempty" maxLength:"200"`
		ApprovedOn  model.Date             `json:"approved_on,omitempty"`
		ApprovalRef string                 `json:"approval_ref,omitempty" maxLength:"100"`
		Destination string                 `json:"destination,omitempty" maxLength:"400"`
		CardNo      string                 `json:"card_no,omitempty" maxLength:"100"`
		ContactOrg  string                 `json:"contact_org,omitempty" maxLength:"200"`
		Country     string                 `json:"country,omitempty" maxLength:"100"`
		Purpose     model.AbroadPurpose    `json:"purpose,omitempty"`
		Until       model.Date             `json:"until,omitempty"`
		Version     int64                  `json:"version" doc:"the member record's version"`
	}
}

type statusChangeOut struct {
	Body struct {
		Member *model.Member       `json:"member"`
		Change *model.StatusChange `json:"change"`
	}
}

func (s *server) changeStatus(ctx context.Context, in *changeStatusIn) (*statusChangeOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	m, c, err := s.Members.ChangeStatus(ctx, p, in.ID, member.StatusInput{Kind: b.Kind, EffectiveOn: b.EffectiveOn, Reason: b.Reason,
		ExitType: b.ExitType, ApprovalOrg: b.ApprovalOrg, ApprovedOn: b.ApprovedOn, ApprovalRef: b.ApprovalRef,
		Destination: b.Destination, CardNo: b.CardNo, ContactOrg: b.ContactOrg, Country: b.Country, Purpose: b.Purpose,
		Until: b.Until, Version: b.Version})
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &statusChangeOut{}
	out.Body.Member, out.Body.Change = m, c
	return out, nil
}

func (s *server) statusChanges(ctx context.Context, in *idIn) (*listOut[*model.StatusChange], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.Members.StatusChanges(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, int64(len(items))), nil
}
