-- +goose Up
-- Failed logins under names that are no account, counted like an account's (users.failed_logins
-- and locked_until) so that the lockout answers the same whether or not the account exists.
-- Keyed by the SHA-256 of the name tried, not the name itself. A row whose lockout has ended is
-- the same as no row (the next failure counts from one) and is pruned.
CREATE TABLE login_failures (
    name_hash      TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL,
    locked_until   TIMESTAMP,
    last_failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_locked ON login_failures (locked_until);

-- +goose Down
DROP TABLE login_failures;
