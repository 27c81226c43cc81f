-- +goose Up
-- The documents of development steps are attachments (table attachments, owner type
-- development_step) like every other file: one mechanism, kept in the database so that app
-- servers need no shared directory. Nothing was deployed with the files table; it goes.
DROP INDEX files_owner;
DROP TABLE files;

-- +goose Down
-- The empty table comes back as migration 20 made it.
CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    owner_type   TEXT NOT NULL,
    owner_id     BIGINT NOT NULL,
    org_path     TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    storage_key  TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX files_owner ON files (owner_type, owner_id);
