-- +goose Up
-- Study: plans, courses and materials, sessions with hours and per-member records, the yearly
-- hours per member (kept with every record), and documents members must acknowledge.
CREATE TABLE study_plans (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    org_path    TEXT NOT NULL,
    year        INTEGER NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX study_plans_org_path ON study_plans (org_path, year);

CREATE TABLE study_courses (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES orgs (id),
    org_path   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT '',
    hours      BIGINT NOT NULL DEFAULT 0,
    link       TEXT NOT NULL DEFAULT '',
    version    BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX study_courses_org_path ON study_courses (org_path);

CREATE TABLE study_sessions (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES orgs (id),
    org_path   TEXT NOT NULL,
    plan_id    BIGINT REFERENCES study_plans (id) ON DELETE SET NULL,
    course_id  BIGINT REFERENCES study_courses (id) ON DELETE SET NULL,
    title      TEXT NOT NULL,
    held_on    DATE NOT NULL,
    hours      BIGINT NOT NULL,
    remedial   BOOLEAN NOT NULL DEFAULT 0,
    place      TEXT NOT NULL DEFAULT '',
    expected   INTEGER NOT NULL DEFAULT 0,
    present    INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX study_sessions_org_path ON study_sessions (org_path, held_on);

CREATE TABLE study_records (
    session_id BIGINT NOT NULL REFERENCES study_sessions (id) ON DELETE CASCADE,
    member_id  BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    hours      BIGINT NOT NULL DEFAULT 0,
    held_on    DATE NOT NULL,
    PRIMARY KEY (session_id, member_id)
) WITHOUT ROWID;
CREATE INDEX study_records_member ON study_records (member_id, held_on);

-- Hours credited per member and year (remedial: the part from remedial sessions).
CREATE TABLE study_hours (
    member_id BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    year      INTEGER NOT NULL,
    hours     BIGINT NOT NULL,
    remedial  BIGINT NOT NULL,
    PRIMARY KEY (member_id, year)
) WITHOUT ROWID;

CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES orgs (id),
    org_path   TEXT NOT NULL,
    title      TEXT NOT NULL,
    content    TEXT NOT NULL DEFAULT '',
    issued_on  DATE NOT NULL,
    due_on     DATE,
    targets    INTEGER NOT NULL DEFAULT 0,
    acked      INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT,
    version    BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX documents_org_path ON documents (org_path, issued_on);

CREATE TABLE document_acks (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    member_id   BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    acked_at    TIMESTAMP,
    PRIMARY KEY (document_id, member_id)
) WITHOUT ROWID;
CREATE INDEX document_acks_member ON document_acks (member_id, document_id);

-- +goose Down
DROP TABLE document_acks;
DROP TABLE documents;
DROP TABLE study_hours;
DROP TABLE study_records;
DROP TABLE study_sessions;
DROP TABLE study_courses;
DROP TABLE study_plans;
