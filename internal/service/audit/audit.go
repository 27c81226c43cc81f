// Package audit records every write (and every login, export and view of unmasked personal
// data) in the audit log, in the writer's transaction; lets audit administrators read it within
// their scope; verifies its hash chain; and archives old entries to files that stay verifiable.
package audit

import (
	"context"
	"encoding/json"
	"reflect"

	"dangjian/internal/model"
	"dangjian/internal/store"
)

// Actor is who performed a write.
type Actor interface {
	ActorID() int64
	ActorName() string
}

type requestIDKey struct{}

// WithRequestID stores the request id in ctx, so that audit entries can name it.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id stored in ctx, or "".
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey{}).(string)
	return s
}

// Client is where a request came from: its address and user agent.
type Client struct {
	IP        string
	UserAgent string
}

type clientKey struct{}

// WithClient stores the request's client in ctx (sessions and audit entries record it).
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// ClientOf returns the client stored in ctx, or the zero Client.
func ClientOf(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}

// Redactor is a value whose audit snapshot differs from itself: personal data masked (members,
// development records, transfers). Record keeps its AuditView.
type Redactor interface{ AuditView() any }

// Record appends an entry for action on entity (before and after are marshalled to JSON; nil
// leaves them empty; a Redactor is kept as its AuditView).
func Record(ctx context.Context, tx *store.Tx, who Actor, action, entity string, entityID int64, orgPath string, before, after any) error {
	if r, ok := before.(Redactor); ok && !isNil(before) {
		before = r.AuditView()
	}
	if r, ok := after.(Redactor); ok && !isNil(after) {
		after = r.AuditView()
	}
	e := &model.AuditEntry{UserID: who.ActorID(), Username: who.ActorName(), Action: action, Entity: entity,
		EntityID: entityID, OrgPath: orgPath, RequestID: RequestID(ctx), IP: ClientOf(ctx).IP}
	if before != nil {
		b, err := json.Marshal(before)
		if err != nil {
			return err
		}
		e.Before = string(b)
	}
	if after != nil {
		b, err := json.Marshal(after)
		if err != nil {
			return err
		}
		e.After = string(b)
	}
	return tx.InsertAudit(ctx, e)
}

// Scoper gives the part of the audit log a caller may read.
type Scoper interface{ AuditScope() store.Scope }

// List returns audit entries within the caller's audit scope, newest first.
func List(ctx context.Context, s *store.Store, who Scoper, f store.AuditFilter) ([]*model.AuditEntry, int64, error) {
	return s.ListAudit(ctx, who.AuditScope(), f)
}

// isNil reports whether v is a nil pointer in an interface.
func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// Export records an export in its own transaction before the file's first row is written:
// who asked, for what, under which subtree (that subtree's audit administrators see it), and
// the query.
func Export(ctx context.Context, st *store.Store, who Actor, entity, orgPath string, query any) error {
	return st.InTx(ctx, func(tx *store.Tx) error {
		return Record(ctx, tx, who, "export", entity, 0, orgPath, nil, map[string]any{"query": query})
	})
}
