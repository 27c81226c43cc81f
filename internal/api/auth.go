package api

import (
	"context"
	"net/http"
	"time"

	"dangjian/internal/model"
)

type loginIn struct {
	Body struct {
		Username string `json:"username" maxLength:"64"`
		Password string `json:"password" maxLength:"256"`
	}
}

type userBody struct {
	User *model.User `json:"user"`
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
	return &loginOut{SetCookie: s.sessionCookie(token, s.Auth.MaxAge), Body: userBody{User: u}}, nil
}

type logoutIn struct {
	Session string `cookie:"dj_session"`
}

type logoutOut struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
}

func (s *server) logout(ctx context.Context, in *logoutIn) (*logoutOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.Logout(ctx, p, in.Session); err != nil {
		return nil, fail(ctx, err)
	}
	return &logoutOut{SetCookie: s.sessionCookie("", -time.Second)}, nil
}

func (s *server) me(ctx context.Context, _ *struct{}) (*userOut, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	u, err := s.Store.GetUser(ctx, p.UserID)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &userOut{Body: userBody{User: u}}, nil
}
