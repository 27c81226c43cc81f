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
		OrgRules: r.Org, MemberRules: r.Member, MeetingTypes: model.MeetingTypes, OrgLifeRules: r.OrgLife}}, nil
}
