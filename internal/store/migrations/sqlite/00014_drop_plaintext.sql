-- +goose Up
-- After migration 13 has encrypted them, the plaintext ID and phone columns go.
ALTER TABLE members DROP COLUMN id_number;
ALTER TABLE members DROP COLUMN phone;
CREATE UNIQUE INDEX members_id_number_hash ON members (id_number_hash);

-- +goose Down
-- The plaintext cannot come back without the key: the columns return empty.
DROP INDEX members_id_number_hash;
ALTER TABLE members ADD COLUMN id_number TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN phone TEXT NOT NULL DEFAULT '';
