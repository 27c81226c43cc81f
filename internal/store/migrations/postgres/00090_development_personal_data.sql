-- +goose Up
-- Personal data of applicants (入党申请人), as of members (migration 12): the ID number and
-- the phone encrypted together in personal_enc (pii_key names the data key), a keyed hash of
-- the ID number for the one-running-record rule and exact lookup, and of its last four
-- characters for the list's search. Numbered after the member lifecycle's tables (20) that it
-- changes; migration 91 (Go) encrypts existing rows and 92 drops the plaintext columns.
DROP INDEX developments_id_number;
DROP INDEX developments_running;
ALTER TABLE developments ADD COLUMN personal_enc BYTEA;
ALTER TABLE developments ADD COLUMN id_number_hash BYTEA;
ALTER TABLE developments ADD COLUMN id_tail_hash BYTEA;
ALTER TABLE developments ADD COLUMN pii_key INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE developments DROP COLUMN pii_key;
ALTER TABLE developments DROP COLUMN id_tail_hash;
ALTER TABLE developments DROP COLUMN id_number_hash;
ALTER TABLE developments DROP COLUMN personal_enc;
CREATE INDEX developments_id_number ON developments (id_number);
CREATE UNIQUE INDEX developments_running ON developments (id_number) WHERE status = 'active';
