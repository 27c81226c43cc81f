-- +goose Up
-- Directives conveyed down the tree: the directive, one row per target organisation with its
-- answer, and the completion rollup (per directive and organisation: targets, answered and
-- answered late in the subtree between the target and the issuer), kept with every answer.
CREATE TABLE directives (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    org_path     TEXT NOT NULL,
    title        TEXT NOT NULL,
    content      TEXT NOT NULL DEFAULT '',
    issued_on    DATE NOT NULL,
    deadline     DATE NOT NULL,
    targeting    TEXT NOT NULL,
    target_types TEXT NOT NULL DEFAULT '',
    target_depth INTEGER NOT NULL DEFAULT 0,
    targets      INTEGER NOT NULL DEFAULT 0,
    created_by   BIGINT,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX directives_org_path ON directives (org_path, issued_on);

CREATE TABLE directive_targets (
    id           INTEGER PRIMARY KEY,
    directive_id BIGINT NOT NULL REFERENCES directives (id) ON DELETE CASCADE,
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    org_path     TEXT NOT NULL,
    answered_at  TIMESTAMP,
    answered_on  DATE,
    kind         TEXT NOT NULL DEFAULT '',
    meeting_id   BIGINT REFERENCES meetings (id),
    report       TEXT NOT NULL DEFAULT '',
    answered_by  TEXT NOT NULL DEFAULT '',
    late         BOOLEAN NOT NULL DEFAULT 0,
    reminders    INTEGER NOT NULL DEFAULT 0,
    reminded_at  TIMESTAMP
);
CREATE UNIQUE INDEX directive_targets_key ON directive_targets (directive_id, org_id);
CREATE INDEX directive_targets_path ON directive_targets (directive_id, org_path);
CREATE INDEX directive_targets_inbox ON directive_targets (org_path, directive_id);
CREATE INDEX directive_targets_meeting ON directive_targets (meeting_id);

CREATE TABLE directive_stats (
    directive_id BIGINT NOT NULL REFERENCES directives (id) ON DELETE CASCADE,
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    targets      BIGINT NOT NULL,
    answered     BIGINT NOT NULL,
    late         BIGINT NOT NULL,
    PRIMARY KEY (directive_id, org_id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE directive_stats;
DROP TABLE directive_targets;
DROP TABLE directives;
