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
		Username    string `json:"username" maxLength:"64"`
		Password    string `json:"password" maxLength:"256" doc:"initial password; the user must change it at the first login"`
		DisplayName string `json:"display_name,omitempty" maxLength:"100"`
	}
}

func (s *server) createUser(ctx context.Context, in *createUserIn) (*userOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	u, err := s.Auth.CreateUser(ctx, p, auth.NewUser{Username: b.Username, Password: b.Password, DisplayName: b.DisplayName})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &userOut{Body: userBody{User: u}}, nil
}

type addGrantIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Role     model.Role `json:"role"`
		OrgID    int64      `json:"org_id,omitempty" doc:"the subtree the role covers; none: the whole tree (administrative roles)"`
		IDNumber string     `json:"id_number,omitempty" maxLength:"30" doc:"role member: the citizen ID number of the member the account belongs to"`
	}
}

type grantOut struct{ Body *model.Grant }

func (s *server) addGrant(ctx context.Context, in *addGrantIn) (*grantOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	b := in.Body
	g, err := s.Auth.AddGrant(ctx, p, in.ID, auth.GrantInput{Role: b.Role, OrgID: b.OrgID, IDNumber: b.IDNumber})
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

type resetPasswordIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Password string `json:"password" maxLength:"256"`
	}
}

func (s *server) resetPassword(ctx context.Context, in *resetPasswordIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.ResetPassword(ctx, p, in.ID, in.Body.Password); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

func (s *server) unlockUser(ctx context.Context, in *idIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.Unlock(ctx, p, in.ID); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

func (s *server) userSessions(ctx context.Context, in *idIn) (*listOut[loginSessionView], error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.Auth.Sessions(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(list, int64(len(list))), nil
}

type endSessionIn struct {
	ID        int64 `path:"id"`
	SessionID int64 `path:"session_id"`
}

func (s *server) endUserSession(ctx context.Context, in *endSessionIn) (*struct{}, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.EndSession(ctx, p, in.ID, in.SessionID); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type endedOut struct {
	Body struct {
		Ended int64 `json:"ended"`
	}
}

func (s *server) endUserSessions(ctx context.Context, in *idIn) (*endedOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.Auth.EndAllSessions(ctx, p, in.ID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &endedOut{}
	out.Body.Ended = n
	return out, nil
}
