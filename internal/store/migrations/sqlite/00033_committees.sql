-- +goose Up
-- Committees: who holds which post for which term, and the election records (换届选举).
CREATE TABLE committee_members (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    org_path    TEXT NOT NULL,
    member_id   BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    post        TEXT NOT NULL,
    term_start  DATE NOT NULL,
    left_on     DATE,
    election_id BIGINT,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX committee_members_org ON committee_members (org_id, left_on);
CREATE INDEX committee_members_member ON committee_members (member_id, left_on);

CREATE TABLE elections (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES orgs (id),
    org_path       TEXT NOT NULL,
    held_on        DATE NOT NULL,
    seats          INTEGER NOT NULL,
    entitled       INTEGER NOT NULL,
    present        INTEGER NOT NULL,
    excluded       TEXT NOT NULL DEFAULT '[]',
    candidates     TEXT NOT NULL DEFAULT '[]',
    term_years     INTEGER NOT NULL,
    valid          BOOLEAN NOT NULL DEFAULT 0,
    secretary_id   BIGINT REFERENCES members (id) ON DELETE SET NULL,
    secretary_name TEXT NOT NULL DEFAULT '',
    secretary_on   DATE,
    status         TEXT NOT NULL,
    reported_on    DATE,
    approved_on    DATE,
    note           TEXT NOT NULL DEFAULT '',
    created_by     BIGINT,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX elections_org_path ON elections (org_path, held_on);

-- +goose Down
DROP TABLE elections;
DROP TABLE committee_members;
