package api

import (
	"context"

	"dangjian/internal/model"
	"dangjian/internal/rules"
)

type codesBody struct {
	OrgTypes      []model.OrgType   `json:"org_types"`
	UnitTypes     []model.UnitType  `json:"unit_types"`
	Statuses      []model.Status    `json:"statuses"`
	Categories    []model.Category  `json:"categories"`
	Educations    []model.Education `json:"educations"`
	ExitTypes     []model.ExitType  `json:"exit_types"`
	Roles         []model.Role      `json:"roles"`
	Ethnicities   []string          `json:"ethnicities"`
	AgeBands      []model.AgeBand   `json:"age_bands"`
	KeyIndustries []rules.Industry  `json:"key_industries"`
	OrgRules      rules.OrgRules    `json:"org_rules"`
	MemberRules   rules.MemberRules `json:"member_rules"`
	// MeetingTypes and OrgLifeRules serve the organisational-life pages.
	MeetingTypes []model.MeetingType `json:"meeting_types"`
	OrgLifeRules rules.OrgLifeRules  `json:"orglife_rules"`
	// The member lifecycle: development stages and steps, transfers and status changes.
	DevelopmentRules  rules.DevelopmentRules                    `json:"development_rules"`
	LifecycleRules    rules.LifecycleRules                      `json:"lifecycle_rules"`
	Stages            []model.Stage                             `json:"stages"`
	StopReasons       []model.StopReason                        `json:"stop_reasons"`
	StatusChangeKinds []model.StatusChangeKind                  `json:"status_change_kinds"`
	StatusTransitions map[model.StatusChangeKind][]model.Status `json:"status_transitions"`
	TransferStatuses  []model.TransferStatus                    `json:"transfer_statuses"`
	AbroadPurposes    []model.AbroadPurpose                     `json:"abroad_purposes"`
	// Attachments are what an upload may be: the accepted extensions and the size limit.
	Attachments attachmentLimits `json:"attachments"`
}

// attachmentLimits tell the upload dialogs what the server accepts (it checks the content).
type attachmentLimits struct {
	Extensions []string `json:"extensions"`
	MaxBytes   int64    `json:"max_bytes"`
}

type codesOut struct{ Body codesBody }

func (s *server) codes(ctx context.Context, _ *struct{}) (*codesOut, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	r := s.Rules
	return &codesOut{Body: codesBody{OrgTypes: model.OrgTypes, UnitTypes: model.UnitTypes, Statuses: model.Statuses,
		Categories: model.Categories, Educations: model.Educations, ExitTypes: model.ExitTypes, Roles: model.Roles,
		Ethnicities: r.Codes.Ethnicities, AgeBands: r.Member.AgeBands, KeyIndustries: r.Codes.KeyIndustries,
		OrgRules: r.Org, MemberRules: r.Member, MeetingTypes: model.MeetingTypes, OrgLifeRules: r.OrgLife,
		DevelopmentRules: r.Development, LifecycleRules: r.Lifecycle,
		Stages: model.Stages, StopReasons: model.StopReasons, StatusChangeKinds: model.StatusChangeKinds,
		StatusTransitions: transitions(), TransferStatuses: model.TransferStatuses,
		AbroadPurposes: []model.AbroadPurpose{model.AbroadStudy, model.AbroadWork, model.AbroadSettle, model.AbroadOther},
		Attachments:    s.attachmentLimits()}}, nil
}

func (s *server) attachmentLimits() attachmentLimits {
	out := attachmentLimits{Extensions: []string{}, MaxBytes: s.Attachments.MaxBytes}
	for _, k := range s.Attachments.Kinds {
		out.Extensions = append(out.Extensions, k.Extensions...)
	}
	return out
}

// transitions lists, for each status change kind, the statuses it may start from.
func transitions() map[model.StatusChangeKind][]model.Status {
	out := make(map[model.StatusChangeKind][]model.Status, len(model.StatusTransitions))
	for k, t := range model.StatusTransitions {
		out[k] = t.From
	}
	return out
}
