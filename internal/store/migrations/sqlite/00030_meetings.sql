-- +goose Up
-- Organisational life: meetings with their attendance, the per-organisation tally of held
-- meetings by month, and the compliance rollup (organisations of a subtree that held what the
-- rules require in a period). Attachments of meetings, directives, answers and study material.
CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES orgs (id),
    org_path        TEXT NOT NULL,
    type            TEXT NOT NULL,
    topic           TEXT NOT NULL,
    status          TEXT NOT NULL,
    starts_at       TIMESTAMP NOT NULL,
    ends_at         TIMESTAMP NOT NULL,
    held_on         DATE NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    host            TEXT NOT NULL DEFAULT '',
    recorder        TEXT NOT NULL DEFAULT '',
    minutes         TEXT NOT NULL DEFAULT '',
    decisions       TEXT NOT NULL DEFAULT '',
    expected        INTEGER NOT NULL DEFAULT 0,
    present         INTEGER NOT NULL DEFAULT 0,
    absent          INTEGER NOT NULL DEFAULT 0,
    voting_expected INTEGER NOT NULL DEFAULT 0,
    voting_present  INTEGER NOT NULL DEFAULT 0,
    sign_code       TEXT NOT NULL,
    sign_expires_at TIMESTAMP NOT NULL,
    created_by      BIGINT,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX meetings_org_path ON meetings (org_path, held_on);
CREATE INDEX meetings_org ON meetings (org_id, held_on);
CREATE UNIQUE INDEX meetings_sign_code ON meetings (sign_code);

CREATE TABLE meeting_attendance (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    member_id  BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    voting     BOOLEAN NOT NULL DEFAULT 0,
    method     TEXT NOT NULL DEFAULT '',
    signed_at  TIMESTAMP,
    held_on    DATE NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
) WITHOUT ROWID;
CREATE INDEX attendance_member ON meeting_attendance (member_id, held_on);

-- Held meetings per organisation (itself, not its subtree), type and month.
CREATE TABLE meeting_tallies (
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    meeting_type TEXT NOT NULL,
    month        TEXT NOT NULL,
    held         BIGINT NOT NULL,
    PRIMARY KEY (org_id, meeting_type, month)
) WITHOUT ROWID;

-- Compliance rollup: organisations of the subtree (self included) that met the requirement of
-- meeting_type in period (YYYY-MM, YYYY-Qn or YYYY, by the requirement's period kind).
CREATE TABLE compliance_stats (
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    meeting_type TEXT NOT NULL,
    period       TEXT NOT NULL,
    met          BIGINT NOT NULL,
    PRIMARY KEY (org_id, meeting_type, period)
) WITHOUT ROWID;

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    owner_type   TEXT NOT NULL,
    owner_id     BIGINT NOT NULL,
    org_path     TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         BLOB NOT NULL,
    created_by   BIGINT,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner_type, owner_id);

-- The rollup now counts organisations with a committee by type (org.committee.<type>): the
-- compliance page's "required" figures for committee meetings come from it.
INSERT INTO org_stats (org_id, metric, n)
SELECT a.id, 'org.committee.' || o.type, COUNT(*)
FROM orgs a JOIN orgs o ON o.path >= a.path AND o.path < substr(a.path, 1, length(a.path) - 1) || '0'
WHERE o.has_committee AND o.dissolved_on IS NULL
GROUP BY a.id, o.type;

-- +goose Down
DELETE FROM org_stats WHERE metric LIKE 'org.committee.%';
DROP TABLE attachments;
DROP TABLE compliance_stats;
DROP TABLE meeting_tallies;
DROP TABLE meeting_attendance;
DROP TABLE meetings;
