-- +goose Up
-- Personal data at rest (个人信息保护, MLPS 2.0 level 3): citizen ID numbers and phone numbers
-- are stored encrypted together in personal_enc (AES-256-GCM; pii_key names the data key),
-- with keyed hashes (HMAC-SHA256 with the index key, truncated) for exact lookup and
-- uniqueness (id_number_hash, 16 bytes), and for the register's search by the last four ID
-- characters (id_tail_hash) and by phone (phone_hash), 8 bytes each.
-- The keys are never in the database; data_keys keeps their fingerprints so that a server
-- started with a wrong key refuses to start. Migration 13 (Go) encrypts existing rows and 14
-- drops the plaintext columns.
CREATE TABLE data_keys (
    purpose     TEXT NOT NULL,
    key_id      INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (purpose, key_id)
);
DROP INDEX members_id_number;
ALTER TABLE members ADD COLUMN personal_enc BLOB;
ALTER TABLE members ADD COLUMN id_number_hash BLOB;
ALTER TABLE members ADD COLUMN id_tail_hash BLOB;
ALTER TABLE members ADD COLUMN phone_hash BLOB;
ALTER TABLE members ADD COLUMN pii_key INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE members DROP COLUMN pii_key;
ALTER TABLE members DROP COLUMN phone_hash;
ALTER TABLE members DROP COLUMN id_tail_hash;
ALTER TABLE members DROP COLUMN id_number_hash;
ALTER TABLE members DROP COLUMN personal_enc;
CREATE UNIQUE INDEX members_id_number ON members (id_number);
DROP TABLE data_keys;
