package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Service logs users in and out and resolves session tokens into principals.
type Service struct {
	Store *store.Store
	// IdleTimeout ends a session after this long without a request; MaxAge after this long in all.
	IdleTimeout time.Duration
	MaxAge      time.Duration
	// dummyHash makes a login for an unknown user cost as much as one with a wrong password.
	dummyHash string
}

// New returns an auth service with a 30-minute idle timeout and 12-hour session lifetime.
func New(s *store.Store) *Service {
	h, _ := HashPassword("dummy password for timing")
	return &Service{Store: s, IdleTimeout: 30 * time.Minute, MaxAge: 12 * time.Hour, dummyHash: h}
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Login checks the password and opens a session; it returns the session token (for the cookie).
func (s *Service) Login(ctx context.Context, username, password string) (string, *model.User, error) {
	u, err := s.Store.GetUserByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		VerifyPassword(s.dummyHash, password)
		return "", nil, errs.New(errs.Unauthorized, "login_failed")
	}
	if err != nil {
		return "", nil, err
	}
	if u.Disabled || !VerifyPassword(u.PasswordHash, password) {
		s.recordLogin(ctx, u, "login_failed")
		return "", nil, errs.New(errs.Unauthorized, "login_failed")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	t := time.Now().UTC()
	sess := &model.Session{TokenHash: hashToken(token), UserID: u.ID, CreatedAt: t, LastSeen: t, ExpiresAt: t.Add(s.MaxAge)}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertSession(ctx, sess); err != nil {
			return err
		}
		return audit.Record(ctx, tx, &Principal{UserID: u.ID, Username: u.Username}, "login", "session", u.ID, "", nil, nil)
	})
	if err != nil {
		return "", nil, err
	}
	return token, u, nil
}

func (s *Service) recordLogin(ctx context.Context, u *model.User, action string) {
	_ = s.Store.InTx(ctx, func(tx *store.Tx) error {
		return audit.Record(ctx, tx, &Principal{UserID: u.ID, Username: u.Username}, action, "session", u.ID, "", nil, nil)
	})
}

// Authenticate resolves a session token into its principal, ending sessions past their idle
// timeout or lifetime.
func (s *Service) Authenticate(ctx context.Context, token string) (*Principal, error) {
	if token == "" {
		return nil, errs.ErrUnauthorized
	}
	h := hashToken(token)
	sess, err := s.Store.GetSession(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.ErrUnauthorized
	}
	if err != nil {
		return nil, err
	}
	t := time.Now().UTC()
	if t.After(sess.ExpiresAt) || t.Sub(sess.LastSeen) > s.IdleTimeout {
		_ = s.Store.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, h) })
		return nil, errs.ErrUnauthorized
	}
	u, err := s.Store.GetUser(ctx, sess.UserID)
	if err != nil {
		return nil, errs.ErrUnauthorized
	}
	if u.Disabled {
		return nil, errs.ErrUnauthorized
	}
	// Record activity at most once a minute, to keep reads free of writes.
	if t.Sub(sess.LastSeen) > time.Minute {
		_ = s.Store.InTx(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, h, t) })
	}
	return s.principalOf(ctx, u)
}

// PrincipalFor builds the principal of a user (CLI and tests use it directly).
func (s *Service) PrincipalFor(ctx context.Context, userID int64) (*Principal, error) {
	u, err := s.Store.GetUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return s.principalOf(ctx, u)
}

func (s *Service) principalOf(ctx context.Context, u *model.User) (*Principal, error) {
	p := &Principal{UserID: u.ID, Username: u.Username, MemberID: u.MemberID, Grants: u.Grants}
	if u.MemberID != 0 {
		if m, err := s.Store.GetMember(ctx, store.AllScope, u.MemberID); err == nil {
			p.MemberOrgPath = m.OrgPath
		}
	}
	return p, nil
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, p *Principal, token string) error {
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSession(ctx, hashToken(token)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "logout", "session", p.UserID, "", nil, nil)
	})
}
