package auth

import (
	"context"
	"errors"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/service/errs"
	"dangjian/internal/store"
)

// ChangePassword sets the caller's own password after checking the current one and the
// policy. It clears a required change and ends the caller's other sessions (this one stays).
func (s *Service) ChangePassword(ctx context.Context, p *Principal, current, next string) error {
	u, err := s.Store.GetUser(ctx, p.UserID)
	if err != nil {
		return errs.ErrUnauthorized
	}
	if !VerifyPassword(u.PasswordHash, current) {
		return errs.Field("current_password", "password.wrong", nil)
	}
	history, err := s.Store.PasswordHistory(ctx, u.ID, max(s.Policy.PasswordHistory, 1))
	if err != nil {
		return err
	}
	if err := CheckPassword(s.Policy, "new_password", u.Username, next, history); err != nil {
		return err
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, u.ID, hash, false, p.tokenHash); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "password_change", "user", u.ID, "", nil, nil)
	})
}

// ResetPassword sets another user's password (a system administrator's task, or the CLI's):
// the user must change it at the next login, and their sessions end. The lockout is cleared.
// Another administrator's password is reset only from the command line (the System
// principal): a system administrator who could reset the security or audit administrator's
// password could act as them, which the separation of the three forbids.
func (s *Service) ResetPassword(ctx context.Context, p *Principal, userID int64, password string) error {
	if !p.IsSystemAdmin() {
		return errs.ErrForbidden
	}
	u, err := s.Store.GetUser(ctx, userID)
	if err != nil {
		return errs.ErrNotFound
	}
	if !p.IsSystem() && u.ID != p.UserID && administrative(u.Grants) {
		return errs.New(errs.Forbidden, "password.reset_administrator")
	}
	history, err := s.Store.PasswordHistory(ctx, u.ID, max(s.Policy.PasswordHistory, 1))
	if err != nil {
		return err
	}
	if err := CheckPassword(s.Policy, "password", u.Username, password, history); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, userID, hash, true, ""); err != nil {
			return errs.FromStore(err)
		}
		return audit.Record(ctx, tx, p, "password_reset", "user", userID, "", nil, nil)
	})
}

// Unlock clears a lockout before it expires (system administrators).
func (s *Service) Unlock(ctx context.Context, p *Principal, userID int64) error {
	if !p.IsSystemAdmin() {
		return errs.ErrForbidden
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.GetUser(ctx, userID); err != nil {
			return errs.ErrNotFound
		}
		if err := tx.ClearLoginFailures(ctx, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "unlock", "user", userID, "", nil, nil)
	})
}

// Sessions lists the live sessions of userID: the caller's own, or anyone's for a system
// administrator. The caller's current session is marked.
func (s *Service) Sessions(ctx context.Context, p *Principal, userID int64) ([]*model.Session, error) {
	if userID != p.UserID && !p.IsSystemAdmin() {
		return nil, errs.ErrNotFound
	}
	list, err := s.Store.ListSessions(ctx, userID, s.Now())
	if err != nil {
		return nil, err
	}
	for _, x := range list {
		x.Current = x.ID == p.SessionID && userID == p.UserID
	}
	return list, nil
}

// EndSession ends one session of userID (the caller's own, or anyone's for a system
// administrator).
func (s *Service) EndSession(ctx context.Context, p *Principal, userID, sessionID int64) error {
	if userID != p.UserID && !p.IsSystemAdmin() {
		return errs.ErrNotFound
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteUserSession(ctx, userID, sessionID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return errs.ErrNotFound
			}
			return err
		}
		return audit.Record(ctx, tx, p, "session_end", "user", userID, "", nil, map[string]any{"session": sessionID})
	})
}

// EndAllSessions ends every session of userID (system administrators; a user ends their own
// one by one or by changing their password).
func (s *Service) EndAllSessions(ctx context.Context, p *Principal, userID int64) (int64, error) {
	if !p.IsSystemAdmin() {
		return 0, errs.ErrForbidden
	}
	var n int64
	err := s.Store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.GetUser(ctx, userID); err != nil {
			return errs.ErrNotFound
		}
		var err error
		if n, err = tx.DeleteUserSessions(ctx, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "session_end_all", "user", userID, "", nil, map[string]any{"sessions": n})
	})
	return n, err
}
