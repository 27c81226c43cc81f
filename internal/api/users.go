package api

import (
	"context"

	"dangjian/internal/model"
	"dangjian/internal/service/auth"
)

type userView = *model.User

type pageIn struct {
	Page int `query:"page" minimum:"0"`
	Size int `query:"size" minimum:"0" maximum:"200"`
}

func (s *server) listUsers(ctx context.Context, in *pageIn) (*listOut[userView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	pg, size := page(in.Page, in.Size)
	users, total, err := s.Auth.ListUsers(ctx, p, size, (pg-1)*size)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(users, total), nil
}

type createUserIn struct {
	Body struct {
		Username    string     `json:"username" maxLength:"64"`
		Password    string     `json:"password" maxLength:"256"`
		DisplayName string     `json:"display_name,omitempty" maxLength:"100"`
		Role        model.Role `json:"role"`
		OrgID       int64      `json:"org_id,omitempty"`
		MemberID    int64      `json:"member_id,omitempty"`
	}
}

func (s *server) createUser(ctx context.Context, in *createUserIn) (*userOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	u, err := s.Auth.CreateUser(ctx, p, auth.NewUser{Username: b.Username, Password: b.Password,
		DisplayName: b.DisplayName, Role: b.Role, OrgID: b.OrgID, MemberID: b.MemberID})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &userOut{Body: userBody{User: u}}, nil
}

type addGrantIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Role  model.Role `json:"role"`
		OrgID int64      `json:"org_id,omitempty"`
	}
}

type grantOut struct{ Body *model.Grant }

func (s *server) addGrant(ctx context.Context, in *addGrantIn) (*grantOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	g, err := s.Auth.AddGrant(ctx, p, in.ID, in.Body.Role, in.Body.OrgID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &grantOut{Body: g}, nil
}

type removeGrantIn struct {
	ID      int64 `path:"id"`
	GrantID int64 `path:"grant_id"`
}

func (s *server) removeGrant(ctx context.Context, in *removeGrantIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.RemoveGrant(ctx, p, in.ID, in.GrantID); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type setPasswordIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Password string `json:"password" maxLength:"256"`
	}
}

func (s *server) setPassword(ctx context.Context, in *setPasswordIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.SetPassword(ctx, p, in.ID, in.Body.Password); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}
