-- +goose Up
-- Open alerts: each generator replaces the alerts of its kinds on every run, so a row exists
-- only while its condition holds. (kind, subject_type, subject_id) identifies an alert.
CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    severity     TEXT NOT NULL,
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    org_path     TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id   BIGINT NOT NULL,
    due_on       DATE,
    params       TEXT NOT NULL DEFAULT '',
    raised_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX alerts_subject ON alerts (kind, subject_type, subject_id);
CREATE INDEX alerts_org_path ON alerts (org_path, kind);

-- +goose Down
DROP TABLE alerts;
