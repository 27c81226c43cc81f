package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"math"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/rules"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// Service logs users in and out, resolves session tokens into principals, and applies the
// identity controls: password policy, lockout, session timeouts.
type Service struct {
	Store *store.Store
	// Policy holds the password, lockout and session rules in force.
	Policy rules.SecurityRules
	// Now returns the current time (tests move it).
	Now func() time.Time
	// Verify is the argon2id check of a password against a hash, run exactly once for every
	// login attempt whatever its outcome (tests count it).
	Verify func(hash, password string) bool
	// dummyHash makes a login for an unknown user cost as much as one with a wrong password.
	dummyHash string
}

// New returns an auth service applying the security rules pol.
func New(s *store.Store, pol rules.SecurityRules) *Service {
	h, _ := HashPassword("dummy password for timing")
	return &Service{Store: s, Policy: pol, Now: func() time.Time { return time.Now().UTC() }, Verify: VerifyPassword, dummyHash: h}
}

// IdleTimeout ends a session after this long without a request.
func (s *Service) IdleTimeout() time.Duration {
	return time.Duration(s.Policy.SessionIdleMinutes) * time.Minute
}

// MaxAge ends a session this long after login, whatever its activity.
func (s *Service) MaxAge() time.Duration { return time.Duration(s.Policy.SessionMaxHours) * time.Hour }

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Login checks the password and opens a session; it returns the session token (for the
// cookie). Every attempt is audited; after Policy.LockoutAttempts consecutive failures the
// account is locked for Policy.LockoutMinutes, and a locked account refuses even the right
// password. A name that is no account is counted and locked the same way, so that the answers
// (status, message, lockout, the cost of an argon2 check) never tell whether it exists.
func (s *Service) Login(ctx context.Context, username, password string) (string, *model.User, error) {
	if len(username) > 64 {
		username = username[:64]
	}
	t := s.Now()
	u, err := s.Store.GetUserByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		// A name that is no account answers exactly as an account with a wrong password: the
		// same password check (against a dummy hash), failures counted and locked out alike,
		// the same messages. Only the audit log tells them apart.
		u = &model.User{Username: username}
		if u.FailedLogins, u.LockedUntil, err = s.Store.NameLoginFailures(ctx, username); err != nil {
			return "", nil, err
		}
	} else if err != nil {
		return "", nil, err
	}
	if u.Locked(t) {
		s.Verify(s.dummyHash, password)
		s.record(ctx, u, "login_failed", map[string]any{"reason": "locked"})
		return "", nil, lockedError(u, t)
	}
	if u.ID == 0 {
		s.Verify(s.dummyHash, password)
		return "", nil, s.loginFailed(ctx, u, t)
	}
	if ok := s.Verify(u.PasswordHash, password); u.Disabled || !ok { // a disabled account costs the same check
		return "", nil, s.loginFailed(ctx, u, t)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	client := audit.ClientOf(ctx)
	sess := &model.Session{TokenHash: hashToken(token), UserID: u.ID, CreatedAt: t, LastSeen: t, ExpiresAt: t.Add(s.MaxAge()),
		IP: client.IP, UserAgent: truncate(client.UserAgent, 200)}
	err = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if u.FailedLogins > 0 || u.LockedUntil != nil {
			if err := tx.ClearLoginFailures(ctx, u.ID); err != nil {
				return err
			}
		}
		if err := tx.InsertSession(ctx, sess); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actorOf(u), "login", "session", u.ID, "", nil, map[string]any{"session": sess.ID})
	})
	if err != nil {
		return "", nil, err
	}
	u.FailedLogins, u.LockedUntil = 0, nil
	return token, u, nil
}

// loginFailed counts a failed login, locking the account at the limit; for a name that is no
// account (u.ID 0) the count is kept under the name, with the same limit.
func (s *Service) loginFailed(ctx context.Context, u *model.User, t time.Time) error {
	failures := u.FailedLogins
	if u.LockedUntil != nil {
		failures = 0 // an expired lockout starts the count again
	}
	failures++
	var until *time.Time
	if s.Policy.LockoutAttempts > 0 && failures >= s.Policy.LockoutAttempts {
		v := t.Add(time.Duration(s.Policy.LockoutMinutes) * time.Minute)
		until = &v
	}
	reason := "wrong_password"
	switch {
	case u.ID == 0:
		reason = "unknown_user"
	case u.Disabled:
		reason = "disabled"
	}
	_ = s.Store.InTx(ctx, func(tx *store.Tx) error {
		if u.ID == 0 {
			if u.LockedUntil != nil {
				if err := tx.ClearNameLoginFailures(ctx, u.Username); err != nil {
					return err
				}
			}
			if err := tx.RecordNameLoginFailure(ctx, u.Username, until, t); err != nil {
				return err
			}
		} else {
			if u.LockedUntil != nil {
				if err := tx.ClearLoginFailures(ctx, u.ID); err != nil {
					return err
				}
			}
			if err := tx.RecordLoginFailure(ctx, u.ID, until); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, actorOf(u), "login_failed", "session", u.ID, "", nil,
			map[string]any{"reason": reason, "failures": failures}); err != nil {
			return err
		}
		if until != nil {
			return audit.Record(ctx, tx, actorOf(u), "lockout", "user", u.ID, "", nil,
				map[string]any{"failures": failures, "until": until.Format(time.RFC3339)})
		}
		return nil
	})
	if until != nil {
		u.LockedUntil = until
		return lockedError(u, t)
	}
	return errs.New(errs.Unauthorized, "login_failed")
}

func lockedError(u *model.User, t time.Time) error {
	minutes := int(math.Ceil(u.LockedUntil.Sub(t).Minutes()))
	return &errs.Error{Kind: errs.Unauthorized, Code: "login_locked", Params: map[string]any{"Minutes": minutes}}
}

// record audits a login event in its own transaction (the attempt itself writes nothing else).
func (s *Service) record(ctx context.Context, u *model.User, action string, after map[string]any) {
	_ = s.Store.InTx(ctx, func(tx *store.Tx) error {
		return audit.Record(ctx, tx, actorOf(u), action, "session", u.ID, "", nil, after)
	})
}

func actorOf(u *model.User) *Principal { return &Principal{UserID: u.ID, Username: u.Username} }

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Authenticate resolves a session token into its principal, ending sessions past their idle
// timeout or lifetime.
func (s *Service) Authenticate(ctx context.Context, token string) (*Principal, error) {
	if token == "" {
		return nil, errs.ErrUnauthorized
	}
	h := hashToken(token)
	sess, u, err := s.Store.SessionUser(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.ErrUnauthorized
	}
	if err != nil {
		return nil, err
	}
	t := s.Now()
	if t.After(sess.ExpiresAt) || t.Sub(sess.LastSeen) >= s.IdleTimeout() {
		_ = s.Store.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.DeleteSession(ctx, h); err != nil {
				return err
			}
			return audit.Record(ctx, tx, &Principal{UserID: sess.UserID}, "session_expired", "session", sess.UserID, "", nil,
				map[string]any{"session": sess.ID})
		})
		return nil, errs.ErrUnauthorized
	}
	if u.Disabled {
		return nil, errs.ErrUnauthorized
	}
	// Record activity at most once a minute, to keep reads free of writes.
	if t.Sub(sess.LastSeen) > time.Minute {
		_ = s.Store.InTx(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, h, t) })
	}
	p, err := s.principalOf(ctx, u)
	if err != nil {
		return nil, err
	}
	p.SessionID, p.tokenHash = sess.ID, h
	return p, nil
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
	p := &Principal{UserID: u.ID, Username: u.Username, MemberID: u.MemberID, Grants: u.Grants,
		MustChangePassword: u.MustChangePassword}
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
		return audit.Record(ctx, tx, p, "logout", "session", p.UserID, "", nil, map[string]any{"session": p.SessionID})
	})
}
