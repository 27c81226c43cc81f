-- +goose Up
-- After migration 91 has encrypted them, the applicants' plaintext ID and phone columns go; a
-- person still has at most one running record, by the keyed hash of the ID number.
ALTER TABLE developments DROP COLUMN id_number;
ALTER TABLE developments DROP COLUMN phone;
CREATE INDEX developments_id_number_hash ON developments (id_number_hash);
CREATE UNIQUE INDEX developments_running ON developments (id_number_hash) WHERE status = 'active';

-- +goose Down
-- The plaintext cannot come back without the key: the columns return empty.
DROP INDEX developments_running;
DROP INDEX developments_id_number_hash;
ALTER TABLE developments ADD COLUMN id_number TEXT NOT NULL DEFAULT '';
ALTER TABLE developments ADD COLUMN phone TEXT NOT NULL DEFAULT '';
