-- +goose Up
-- Dates are stored as TEXT 'YYYY-MM-DD' (declared DATE), timestamps as TIMESTAMP text that
-- modernc parses back into time.Time. Booleans are 0/1 integers (declared BOOLEAN).
CREATE TABLE id_sequences (
    name    TEXT PRIMARY KEY,
    next_id BIGINT NOT NULL
);
INSERT INTO id_sequences (name, next_id) VALUES ('orgs', 1);

CREATE TABLE orgs (
    id            INTEGER PRIMARY KEY,
    parent_id     BIGINT REFERENCES orgs (id),
    depth         INTEGER NOT NULL,
    path          TEXT NOT NULL,
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL DEFAULT '',
    type          TEXT NOT NULL,
    has_committee BOOLEAN NOT NULL DEFAULT 0,
    unit_type     TEXT NOT NULL DEFAULT '',
    unit_name     TEXT NOT NULL DEFAULT '',
    industry      TEXT NOT NULL DEFAULT '',
    code          TEXT NOT NULL DEFAULT '',
    unit_code     TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    founded_on    DATE,
    dissolved_on  DATE,
    term_start    DATE,
    term_years    INTEGER NOT NULL DEFAULT 0,
    term_expired  BOOLEAN NOT NULL DEFAULT 0,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX orgs_path ON orgs (path);
CREATE INDEX orgs_parent ON orgs (parent_id);
CREATE INDEX orgs_code ON orgs (code);
CREATE INDEX orgs_name ON orgs (name);

CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    org_id        BIGINT NOT NULL REFERENCES orgs (id),
    org_path      TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_initials TEXT NOT NULL DEFAULT '',
    sex           TEXT NOT NULL,
    ethnicity     TEXT NOT NULL DEFAULT '',
    birth_date    DATE,
    id_number     TEXT NOT NULL,
    native_place  TEXT NOT NULL DEFAULT '',
    education     TEXT NOT NULL DEFAULT '',
    degree        TEXT NOT NULL DEFAULT '',
    occupation    TEXT NOT NULL DEFAULT '',
    work_unit     TEXT NOT NULL DEFAULT '',
    work_post     TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL,
    status        TEXT NOT NULL,
    exit_type     TEXT NOT NULL DEFAULT '',
    applied_on    DATE,
    admitted_on   DATE,
    full_on       DATE,
    party_posts   TEXT NOT NULL DEFAULT '',
    card_no       TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX members_id_number ON members (id_number);
CREATE INDEX members_org_path ON members (org_path, id);

-- Rollup: one row per organisation and metric, counting the whole subtree (self.* metrics
-- count the organisation alone). Kept in the same transaction as every change.
CREATE TABLE org_stats (
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    metric TEXT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (org_id, metric)
) WITHOUT ROWID;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL,
    display_name  TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    member_id     BIGINT REFERENCES members (id),
    disabled      BOOLEAN NOT NULL DEFAULT 0,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (username);

CREATE TABLE grants (
    id       INTEGER PRIMARY KEY,
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    org_id   BIGINT REFERENCES orgs (id),
    org_path TEXT NOT NULL DEFAULT ''
);
CREATE INDEX grants_user ON grants (user_id);
CREATE INDEX grants_org_path ON grants (org_path);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_seen  TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TIMESTAMP NOT NULL,
    user_id    BIGINT,
    username   TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  BIGINT,
    org_path   TEXT NOT NULL DEFAULT '',
    before     TEXT NOT NULL DEFAULT '',
    after      TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_org_path ON audit_log (org_path);
CREATE INDEX audit_at ON audit_log (at);

CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    done       BIGINT NOT NULL DEFAULT 0,
    total      BIGINT NOT NULL DEFAULT 0,
    result     TEXT NOT NULL DEFAULT '',
    error      TEXT NOT NULL DEFAULT '',
    user_id    BIGINT,
    org_path   TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX jobs_user ON jobs (user_id);

-- +goose Down
DROP TABLE jobs;
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE grants;
DROP TABLE users;
DROP TABLE org_stats;
DROP TABLE members;
DROP TABLE orgs;
DROP TABLE id_sequences;
