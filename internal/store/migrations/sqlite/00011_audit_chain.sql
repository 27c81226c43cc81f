-- +goose Up
-- Tamper-evident audit (安全审计, MLPS 2.0 level 3): every entry stores the hash of the previous
-- entry and its own hash over its canonical form (model.AuditEntry.ChainHash), the client
-- address, and ids taken from the one-row chain head, so the chain has no gaps. The head also
-- names the last archived entry (base_*), from which the live chain continues.
ALTER TABLE audit_log ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY,
    last_id   BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    base_id   BIGINT NOT NULL,
    base_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash, base_id, base_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
        0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: a sealed entry never changes; entries are deleted only once archived (up to
-- base_id); the head only moves forward. (Entries written before the chain existed are sealed
-- once, by the start-up after this migration.)
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN OLD.hash <> ''
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.id > (SELECT base_id FROM audit_head WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'audit_log entries are deleted only by archiving');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.last_id < OLD.last_id OR NEW.base_id < OLD.base_id OR NEW.base_id > NEW.last_id
BEGIN
    SELECT RAISE(ABORT, 'audit_head only moves forward');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_head_forward;
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE audit_head;
ALTER TABLE audit_log DROP COLUMN hash;
ALTER TABLE audit_log DROP COLUMN prev_hash;
ALTER TABLE audit_log DROP COLUMN ip;
