-- +goose Up
-- Member lifecycle: membership development records and their steps, attached files, transfers
-- of the organisational relation with their letters, and membership status changes.
CREATE TABLE developments (
    id              INTEGER PRIMARY KEY,
    org_id          BIGINT NOT NULL REFERENCES orgs (id),
    org_path        TEXT NOT NULL,
    member_id       BIGINT REFERENCES members (id) ON DELETE SET NULL,
    name            TEXT NOT NULL,
    sex             TEXT NOT NULL,
    ethnicity       TEXT NOT NULL DEFAULT '',
    birth_date      DATE,
    id_number       TEXT NOT NULL,
    native_place    TEXT NOT NULL DEFAULT '',
    education       TEXT NOT NULL DEFAULT '',
    occupation      TEXT NOT NULL DEFAULT '',
    work_unit       TEXT NOT NULL DEFAULT '',
    work_post       TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    stage           TEXT NOT NULL,
    status          TEXT NOT NULL,
    applied_on      DATE,
    stage_since     DATE,
    probation_end   DATE,
    extensions      INTEGER NOT NULL DEFAULT 0,
    round           INTEGER NOT NULL DEFAULT 1,
    next_step       INTEGER NOT NULL DEFAULT 0,
    next_due        DATE,
    next_not_before DATE,
    stop_reason     TEXT NOT NULL DEFAULT '',
    stopped_on      DATE,
    stop_note       TEXT NOT NULL DEFAULT '',
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX developments_org_path ON developments (org_path, id);
CREATE INDEX developments_id_number ON developments (id_number);
-- A person has at most one running record, and a member at most one open transfer, even when
-- two writers race.
CREATE UNIQUE INDEX developments_running ON developments (id_number) WHERE status = 'active';
CREATE INDEX developments_status_due ON developments (status, next_due);
CREATE INDEX developments_member ON developments (member_id);

CREATE TABLE development_steps (
    id             INTEGER PRIMARY KEY,
    development_id BIGINT NOT NULL REFERENCES developments (id) ON DELETE CASCADE,
    no             INTEGER NOT NULL,
    round          INTEGER NOT NULL DEFAULT 1,
    done_on        DATE NOT NULL,
    acting_org_id  BIGINT REFERENCES orgs (id),
    persons        TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    data           TEXT NOT NULL DEFAULT '{}',
    created_by     TEXT NOT NULL DEFAULT '',
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX development_steps_no ON development_steps (development_id, no, round);

-- Attached documents: the bytes live in the file directory under storage_key.
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

CREATE TABLE transfers (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    status           TEXT NOT NULL,
    member_id        BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    member_name      TEXT NOT NULL,
    member_sex       TEXT NOT NULL DEFAULT '',
    member_birth     DATE,
    member_category  TEXT NOT NULL DEFAULT '',
    member_ethnic    TEXT NOT NULL DEFAULT '',
    from_org_id      BIGINT REFERENCES orgs (id),
    from_org_path    TEXT NOT NULL DEFAULT '',
    to_org_id        BIGINT REFERENCES orgs (id),
    to_org_path      TEXT NOT NULL DEFAULT '',
    external_org     TEXT NOT NULL DEFAULT '',
    reason           TEXT NOT NULL DEFAULT '',
    dues_paid_until  TEXT NOT NULL DEFAULT '',
    requested_on     DATE,
    requested_by     TEXT NOT NULL DEFAULT '',
    approved_by      TEXT NOT NULL DEFAULT '',
    letter_no        TEXT NOT NULL DEFAULT '',
    issued_on        DATE,
    valid_until      DATE,
    completed_on     DATE,
    completed_by     TEXT NOT NULL DEFAULT '',
    receipt_note     TEXT NOT NULL DEFAULT '',
    returned_on      DATE,
    return_reason    TEXT NOT NULL DEFAULT '',
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX transfers_from_path ON transfers (from_org_path);
CREATE INDEX transfers_to_path ON transfers (to_org_path);
CREATE INDEX transfers_member ON transfers (member_id);
CREATE UNIQUE INDEX transfers_open ON transfers (member_id) WHERE status IN ('requested', 'issued');
CREATE INDEX transfers_status_valid ON transfers (status, valid_until);
CREATE UNIQUE INDEX transfers_letter_no ON transfers (letter_no) WHERE letter_no <> '' AND kind <> 'incoming';

CREATE TABLE status_changes (
    id           INTEGER PRIMARY KEY,
    member_id    BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    org_path     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    effective_on DATE NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    exit_type    TEXT NOT NULL DEFAULT '',
    approval_org TEXT NOT NULL DEFAULT '',
    approved_on  DATE,
    approval_ref TEXT NOT NULL DEFAULT '',
    destination  TEXT NOT NULL DEFAULT '',
    card_no      TEXT NOT NULL DEFAULT '',
    contact_org  TEXT NOT NULL DEFAULT '',
    country      TEXT NOT NULL DEFAULT '',
    purpose      TEXT NOT NULL DEFAULT '',
    until        DATE,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX status_changes_member ON status_changes (member_id, id);
CREATE INDEX status_changes_kind ON status_changes (kind, effective_on);

-- +goose Down
DROP TABLE status_changes;
DROP TABLE transfers;
DROP TABLE files;
DROP TABLE development_steps;
DROP TABLE developments;
