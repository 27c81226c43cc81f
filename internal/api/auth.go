package api

import (
	"context"
	"net/http"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/errs"
)

type loginIn struct {
	Body struct {
		Username string `json:"username" maxLength:"64"`
		Password string `json:"password" maxLength:"256"`
	}
}

type userBody struct {
	User *model.User `json:"user"`
	// MayUnmask says whether the user's role may see full ID numbers and phones ("show").
	MayUnmask bool `json:"may_unmask"`
	// PasswordPolicy is what a new password must meet (the change-password form checks it).
	PasswordPolicy passwordPolicy `json:"password_policy"`
}

// passwordPolicy is the part of the security rules a client shows and checks.
type passwordPolicy struct {
	MinLength  int `json:"min_length"`
	MinClasses int `json:"min_classes"`
	History    int `json:"history"`
}

type loginOut struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
	Body      userBody
}

type userOut struct{ Body userBody }

func (s *server) sessionCookie(value string, maxAge time.Duration) http.Cookie {
	return http.Cookie{Name: SessionCookie, Value: value, Path: "/", HttpOnly: true, Secure: s.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: int(maxAge.Seconds())}
}

func (s *server) login(ctx context.Context, in *loginIn) (*loginOut, error) {
	token, u, err := s.Auth.Login(ctx, in.Body.Username, in.Body.Password)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &loginOut{SetCookie: s.sessionCookie(token, s.Auth.MaxAge()), Body: s.userBody(ctx, u)}, nil
}

type logoutIn struct {
	Session string `cookie:"dj_session"`
}

type logoutOut struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
}

func (s *server) logout(ctx context.Context, in *logoutIn) (*logoutOut, error) {
	p, err := anyPrincipal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.Logout(ctx, p, in.Session); err != nil {
		return nil, fail(ctx, err)
	}
	return &logoutOut{SetCookie: s.sessionCookie("", -time.Second)}, nil
}

func (s *server) me(ctx context.Context, _ *struct{}) (*userOut, error) {
	p, err := anyPrincipal(ctx)
	if err != nil {
		return nil, err
	}
	u, err := s.Store.GetUser(ctx, p.UserID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &userOut{Body: s.userBody(ctx, u)}, nil
}

func (s *server) userBody(ctx context.Context, u *model.User) userBody {
	pol := s.Auth.Policy
	b := userBody{User: u, PasswordPolicy: passwordPolicy{MinLength: pol.PasswordMinLength, MinClasses: pol.PasswordMinClasses,
		History: pol.PasswordHistory}}
	if p, err := s.Auth.PrincipalFor(ctx, u.ID); err == nil {
		b.MayUnmask = s.Members.MayUnmask(p)
	}
	return b
}

type changePasswordIn struct {
	Body struct {
		CurrentPassword string `json:"current_password" maxLength:"256"`
		NewPassword     string `json:"new_password" maxLength:"256"`
	}
}

func (s *server) changePassword(ctx context.Context, in *changePasswordIn) (*userOut, error) {
	p, err := anyPrincipal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.ChangePassword(ctx, p, in.Body.CurrentPassword, in.Body.NewPassword); err != nil {
		return nil, fail(ctx, err)
	}
	u, err := s.Store.GetUser(ctx, p.UserID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &userOut{Body: s.userBody(ctx, u)}, nil
}

type loginSessionView = *model.Session

func (s *server) mySessions(ctx context.Context, _ *struct{}) (*listOut[loginSessionView], error) {
	p, err := anyPrincipal(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.Auth.Sessions(ctx, p, p.UserID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return newList(list, int64(len(list))), nil
}

func (s *server) endMySession(ctx context.Context, in *idIn) (*struct{}, error) {
	p, err := anyPrincipal(ctx)
	if err != nil {
		return nil, err
	}
	if in.ID == p.SessionID {
		return nil, fail(ctx, errs.Field("id", "session.current", nil))
	}
	if err := s.Auth.EndSession(ctx, p, p.UserID, in.ID); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}
