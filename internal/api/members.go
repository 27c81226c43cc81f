package api

import (
	"context"

	"dangjian/internal/model"
	"dangjian/internal/service/member"
)

// memberView is a member as lists and reads return it.
type memberView = *model.Member

// MemberListParams are the query parameters of the member list and export (exported so that
// huma reads them when embedded).
type MemberListParams struct {
	Org       int64  `query:"org" doc:"subtree root; default the caller's whole scope"`
	Q         string `query:"q" maxLength:"50" doc:"name, pinyin initials, phone or last digits of the ID number"`
	Category  string `query:"category" enum:"full,probationary,"`
	Status    string `query:"status" doc:"one status, 'all', or empty for members in the register"`
	Sex       string `query:"sex" enum:"male,female,"`
	Education string `query:"education"`
	Ethnicity string `query:"ethnicity"`
	AgeBand   string `query:"age_band"`
	Sort      string `query:"sort" doc:"name, birth_date, admitted_on, full_on, category, status, id, org; '-' prefix for descending"`
	Page      int    `query:"page" minimum:"0"`
	Size      int    `query:"size" minimum:"0" maximum:"200"`
}

func (in *MemberListParams) query() member.Query {
	return member.Query{OrgID: in.Org, Q: in.Q, Category: in.Category, Status: in.Status, Sex: in.Sex,
		Education: in.Education, Ethnicity: in.Ethnicity, AgeBand: in.AgeBand, Sort: in.Sort}
}

func (s *server) listMembers(ctx context.Context, in *MemberListParams) (*listOut[memberView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	q := in.query()
	q.Page, q.Size = page(in.Page, in.Size)
	items, total, err := s.Members.List(ctx, p, q)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, total), nil
}

type memberOut struct{ Body *model.Member }

func (s *server) getMember(ctx context.Context, in *idIn) (*memberOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Members.Get(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &memberOut{Body: m}, nil
}

type personalOut struct{ Body *member.Personal }

// revealMember answers a member's full ID number and phone (roles that may see them), audited.
func (s *server) revealMember(ctx context.Context, in *idIn) (*personalOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	v, err := s.Members.Reveal(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &personalOut{Body: v}, nil
}

type auditView = *model.AuditEntry

func (s *server) memberHistory(ctx context.Context, in *idIn) (*listOut[auditView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.Members.History(ctx, p, in.ID, 200)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(items, int64(len(items))), nil
}

// memberBody is a member as the API takes it (every field optional to the schema: the service
// validates, with messages in the user's language).
type memberBody struct {
	OrgID       int64           `json:"org_id,omitempty"`
	Name        string          `json:"name,omitempty" maxLength:"100"`
	Sex         model.Sex       `json:"sex,omitempty"`
	Ethnicity   string          `json:"ethnicity,omitempty" maxLength:"20"`
	BirthDate   model.Date      `json:"birth_date,omitempty"`
	IDNumber    string          `json:"id_number,omitempty" maxLength:"30"`
	NativePlace string          `json:"native_place,omitempty" maxLength:"100"`
	Education   model.Education `json:"education,omitempty"`
	Degree      model.Degree    `json:"degree,omitempty"`
	Occupation  string          `json:"occupation,omitempty" maxLength:"100"`
	WorkUnit    string          `json:"work_unit,omitempty" maxLength:"200"`
	WorkPost    string          `json:"work_post,omitempty" maxLength:"100"`
	Phone       string          `json:"phone,omitempty" maxLength:"30"`
	Address     string          `json:"address,omitempty" maxLength:"200"`
	Category    model.Category  `json:"category,omitempty"`
	Status      model.Status    `json:"status,omitempty"`
	ExitType    model.ExitType  `json:"exit_type,omitempty"`
	AppliedOn   model.Date      `json:"applied_on,omitempty"`
	AdmittedOn  model.Date      `json:"admitted_on,omitempty"`
	FullOn      model.Date      `json:"full_on,omitempty"`
	PartyPosts  string          `json:"party_posts,omitempty" maxLength:"200"`
	CardNo      string          `json:"card_no,omitempty" maxLength:"50"`
	Version     int64           `json:"version,omitempty"`
	_           struct{}        `additionalProperties:"true"`
}

func (b *memberBody) member() *model.Member {
	return &model.Member{OrgID: b.OrgID, Name: b.Name, Sex: b.Sex, Ethnicity: b.Ethnicity, BirthDate: b.BirthDate,
		IDNumber: b.IDNumber, NativePlace: b.NativePlace, Education: b.Education, Degree: b.Degree,
		Occupation: b.Occupation, WorkUnit: b.WorkUnit, WorkPost: b.WorkPost, Phone: b.Phone, Address: b.Address,
		Category: b.Category, Status: b.Status, ExitType: b.ExitType, AppliedOn: b.AppliedOn,
		AdmittedOn: b.AdmittedOn, FullOn: b.FullOn, PartyPosts: b.PartyPosts, CardNo: b.CardNo}
}

type createMemberIn struct{ Body memberBody }

func (s *server) createMember(ctx context.Context, in *createMemberIn) (*memberOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Members.Create(ctx, p, in.Body.member())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &memberOut{Body: m}, nil
}

type updateMemberIn struct {
	ID   int64 `path:"id"`
	Body memberBody
}

func (s *server) updateMember(ctx context.Context, in *updateMemberIn) (*memberOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	m, err := s.Members.Update(ctx, p, in.ID, in.Body.Version, in.Body.member())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &memberOut{Body: m}, nil
}

type deleteMemberIn struct {
	ID      int64 `path:"id"`
	Version int64 `query:"version" required:"true"`
}

func (s *server) deleteMember(ctx context.Context, in *deleteMemberIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Members.Delete(ctx, p, in.ID, in.Version); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}
