package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"dangjian/internal/model"
	"dangjian/internal/vault"
)

// colPersonal is the additional data of the encryption (a ciphertext moved to another column
// does not decrypt). The ID number and the phone are encrypted together, "id\x00phone": one
// nonce and one tag per member keep the rows small for bulk imports.
const colPersonal = "members.personal"

// colDevPersonal is the additional data of applicants' personal data (developments).
const colDevPersonal = "developments.personal"

// sealedTable is a table whose rows carry personal data encrypted in personal_enc under the
// data key pii_key.
type sealedTable struct{ name, column string }

var sealedTables = []sealedTable{{"members", colPersonal}, {"developments", colDevPersonal}}

// EncryptedTables names the tables holding encrypted personal data (what a key rotation
// re-encrypts).
func EncryptedTables() []string {
	out := make([]string, len(sealedTables))
	for i, t := range sealedTables {
		out[i] = t.name
	}
	return out
}

func sealedTableNamed(name string) (sealedTable, error) {
	for _, t := range sealedTables {
		if t.name == name {
			return t, nil
		}
	}
	return sealedTable{}, fmt.Errorf("store: %q holds no encrypted personal data", name)
}

// Hash domains of the keyed hashes.
const (
	hashID     = "id"
	hashIDTail = "id_tail"
	hashPhone  = "phone"
)

// IDTailLength is how many trailing characters of an ID number the register's search matches.
const IDTailLength = 4

// ErrNoKey is returned by reads and writes of personal data when the store has no keyring.
var ErrNoKey = vault.ErrNoKey

// pii encrypts and decrypts members' personal data with pooled sealers.
type pii struct {
	keys *vault.Keyring
	pool sync.Pool
}

func newPII(keys *vault.Keyring) *pii { return &pii{keys: keys} }

// get returns a sealer for the key now active.
func (p *pii) get() (*vault.Sealer, error) {
	if p == nil || p.keys == nil {
		return nil, ErrNoKey
	}
	active := p.keys.Active()
	for {
		v := p.pool.Get()
		if v == nil {
			return p.keys.NewSealer(), nil
		}
		if s := v.(*vault.Sealer); s.KeyID() == active {
			return s, nil
		}
	}
}

func (p *pii) put(s *vault.Sealer) { p.pool.Put(s) }

// SealedMember is a member with its personal data encrypted and hashed, ready to write.
type SealedMember struct {
	*model.Member
	KeyID       int
	PersonalEnc []byte
	IDHash      []byte
	IDTailHash  []byte
	PhoneHash   []byte
}

// MemberSealer encrypts and hashes members' personal data; one per goroutine (imports seal in
// the parsing goroutine so that the single writer does not).
type MemberSealer struct{ s *vault.Sealer }

// NewMemberSealer returns a sealer with the key now active.
func (s *Store) NewMemberSealer() (*MemberSealer, error) {
	v, err := s.pii.get()
	if err != nil {
		return nil, err
	}
	return &MemberSealer{v}, nil
}

var phoneSeparators = strings.NewReplacer(" ", "", "-", "", "\u00a0", "")

// NormalizePhone is the form of a phone number that is hashed: without spaces and hyphens.
func NormalizePhone(p string) string {
	return phoneSeparators.Replace(strings.TrimSpace(p))
}

// Seal encrypts and hashes m's ID number and phone.
func (ms *MemberSealer) Seal(m *model.Member) SealedMember {
	return sealWith(ms.s, m)
}

// IDHash is the keyed hash of a (normalized) ID number, for lookups.
func (ms *MemberSealer) IDHash(id string) []byte { return ms.s.Hash(hashID, id) }

func sealWith(s *vault.Sealer, m *model.Member) SealedMember {
	p := sealPerson(s, colPersonal, m.IDNumber, m.Phone)
	return SealedMember{Member: m, KeyID: p.keyID, PersonalEnc: p.enc, IDHash: p.idHash, IDTailHash: p.tailHash,
		PhoneHash: s.HashN(hashPhone, NormalizePhone(m.Phone), vault.ShortHashSize)}
}

// sealedPerson is a person's ID number and phone encrypted under column's additional data,
// with the keyed hashes of the ID number and of its tail.
type sealedPerson struct {
	keyID                 int
	enc, idHash, tailHash []byte
}

func sealPerson(s *vault.Sealer, column, id, phone string) sealedPerson {
	out := sealedPerson{keyID: s.KeyID(), enc: s.Encrypt(column, joinPersonal(id, phone)), idHash: s.Hash(hashID, id)}
	if n := len(id); n >= IDTailLength {
		out.tailHash = s.HashN(hashIDTail, id[n-IDTailLength:], vault.ShortHashSize)
	}
	return out
}

// seal encrypts and hashes an ID number and a phone with a pooled sealer.
func (p *pii) seal(column, id, phone string) (sealedPerson, error) {
	v, err := p.get()
	if err != nil {
		return sealedPerson{}, err
	}
	defer p.put(v)
	return sealPerson(v, column, id, phone), nil
}

func joinPersonal(id, phone string) string {
	if id == "" && phone == "" {
		return ""
	}
	return id + "\x00" + phone
}

func splitPersonal(s string) (id, phone string) {
	id, phone, _ = strings.Cut(s, "\x00")
	return id, phone
}

// SealMembers seals a batch with one pooled sealer.
func (s *Store) SealMembers(ms []*model.Member) ([]SealedMember, error) {
	v, err := s.pii.get()
	if err != nil {
		return nil, err
	}
	defer s.pii.put(v)
	out := make([]SealedMember, len(ms))
	for i, m := range ms {
		out[i] = sealWith(v, m)
	}
	return out, nil
}

func (s *Store) sealOne(m *model.Member) (SealedMember, error) {
	out, err := s.SealMembers([]*model.Member{m})
	if err != nil {
		return SealedMember{}, err
	}
	return out[0], nil
}

// hash is the keyed hash of value in a domain (n bytes), with a pooled sealer.
func (p *pii) hash(domain, value string, n int) ([]byte, error) {
	v, err := p.get()
	if err != nil {
		return nil, err
	}
	defer p.put(v)
	return v.HashN(domain, value, n), nil
}

// open decrypts the personal data of a scanned member.
func (p *pii) open(m *model.Member, keyID int, enc []byte) error {
	var err error
	m.IDNumber, m.Phone, err = p.openPerson(colPersonal, keyID, enc)
	if err != nil {
		return fmt.Errorf("member %d: %w", m.ID, err)
	}
	return nil
}

// openPerson decrypts an ID number and a phone sealed under column's additional data.
func (p *pii) openPerson(column string, keyID int, enc []byte) (id, phone string, err error) {
	if len(enc) == 0 {
		return "", "", nil
	}
	v, err := p.get()
	if err != nil {
		return "", "", err
	}
	defer p.put(v)
	plain, err := v.Decrypt(keyID, column, enc)
	if err != nil {
		return "", "", err
	}
	id, phone = splitPersonal(plain)
	return id, phone, nil
}

// Key purposes in data_keys.
const (
	purposeData  = "data"
	purposeIndex = "index"
)

// ErrWrongKey is returned at start-up when the keyring does not hold the keys the database
// was encrypted with.
var ErrWrongKey = errors.New("wrong personal-data key")

// checkKeys compares the keyring with the fingerprints the database keeps, before anything is
// written: every key the database knows must be in the keyring, identical. A database without
// the fingerprint table (new, or from before encryption) passes.
func (s *Store) checkKeys(ctx context.Context) error {
	if s.pii.keys == nil {
		return nil
	}
	exists, err := s.tableExists(ctx, "data_keys")
	if err != nil || !exists {
		return err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT purpose, key_id, fingerprint FROM data_keys ORDER BY purpose DESC, key_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	data, index := s.pii.keys.Fingerprints()
	for rows.Next() {
		var purpose, fp string
		var id int
		if err := rows.Scan(&purpose, &id, &fp); err != nil {
			return err
		}
		have, ok := index, true
		if purpose == purposeData {
			have, ok = data[id]
		}
		switch {
		case !ok:
			return fmt.Errorf("%w: the database holds data encrypted with key %d (fingerprint %s), which the key file lacks", ErrWrongKey, id, fp)
		case have != fp:
			return fmt.Errorf("%w: %s key %d has fingerprint %s, the database expects %s — this is not the key file of this database",
				ErrWrongKey, purpose, id, have, fp)
		}
	}
	return rows.Err()
}

// registerKeys records the fingerprints of keys the database does not know yet.
func (s *Store) registerKeys(ctx context.Context) error {
	if s.pii.keys == nil {
		return nil
	}
	return s.InTx(ctx, func(tx *Tx) error { return tx.registerKeys(ctx, s.pii.keys) })
}

func (tx *Tx) registerKeys(ctx context.Context, keys *vault.Keyring) error {
	data, index := keys.Fingerprints()
	add := func(purpose string, id int, fp string) error {
		var n int
		if err := tx.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM data_keys WHERE purpose = $1 AND key_id = $2`, purpose, id).Scan(&n); err != nil || n > 0 {
			return err
		}
		_, err := tx.db.ExecContext(ctx, `INSERT INTO data_keys (purpose, key_id, fingerprint, created_at) VALUES ($1,$2,$3,$4)`,
			purpose, id, fp, now())
		return err
	}
	if err := add(purposeIndex, 0, index); err != nil {
		return err
	}
	for id, fp := range data {
		if err := add(purposeData, id, fp); err != nil {
			return err
		}
	}
	return nil
}

// RegisterKeys records the fingerprints of the keyring's new keys (a rotation adds one).
func (s *Store) RegisterKeys(ctx context.Context) error { return s.registerKeys(ctx) }

// ForgetKey removes a retired data key's fingerprint once no member uses it.
func (s *Store) ForgetKey(ctx context.Context, id int) error {
	return s.InTx(ctx, func(tx *Tx) error {
		for _, t := range sealedTables {
			var n int64
			if err := tx.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.name+` WHERE pii_key = $1`, id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("key %d still encrypts %d rows of %s", id, n, t.name)
			}
		}
		_, err := tx.db.ExecContext(ctx, `DELETE FROM data_keys WHERE purpose = $1 AND key_id = $2`, purposeData, id)
		return err
	})
}

func (s *Store) tableExists(ctx context.Context, name string) (bool, error) {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	if s.dialect == Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
	}
	var n int
	err := s.read.QueryRowContext(ctx, q, name).Scan(&n)
	return n > 0, err
}

// KeyUsage counts the rows (members and applicants) encrypted with each data key.
func (q queries) KeyUsage(ctx context.Context) (map[int]int64, error) {
	out := map[int]int64{}
	for _, t := range sealedTables {
		if err := q.countKeys(ctx, t.name, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (q queries) countKeys(ctx context.Context, table string, out map[int]int64) error {
	rows, err := q.query(ctx, `SELECT pii_key, COUNT(*) FROM `+table+` WHERE personal_enc IS NOT NULL GROUP BY pii_key`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		out[id] += n
	}
	return rows.Err()
}

// ReencryptBatch re-encrypts, with the active key, the rows of table (one of EncryptedTables)
// after afterID (up to limit rows in id order) that another key encrypts; it returns the last
// id looked at (0 at the end) and how many rows it changed. One short transaction per batch, so
// that the server keeps running.
func (s *Store) ReencryptBatch(ctx context.Context, table string, afterID int64, limit int) (last int64, changed int, err error) {
	st, err := sealedTableNamed(table)
	if err != nil {
		return 0, 0, err
	}
	v, err := s.pii.get()
	if err != nil {
		return 0, 0, err
	}
	defer s.pii.put(v)
	active := v.KeyID()
	err = s.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.db.QueryContext(ctx, `SELECT id, pii_key, personal_enc FROM `+st.name+` WHERE id > $1
			ORDER BY id LIMIT `+fmt.Sprint(limit), afterID)
		if err != nil {
			return err
		}
		type row struct {
			id  int64
			key int
			enc []byte
		}
		var todo []row
		n := 0
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.key, &r.enc); err != nil {
				rows.Close()
				return err
			}
			n++
			last = r.id
			if r.key != active && len(r.enc) > 0 {
				todo = append(todo, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if n < limit {
			last = 0
		}
		for _, r := range todo {
			plain, err := v.Decrypt(r.key, st.column, r.enc)
			if err != nil {
				return fmt.Errorf("%s %d: %w", st.name, r.id, err)
			}
			res, err := tx.db.ExecContext(ctx, `UPDATE `+st.name+` SET personal_enc = $1, pii_key = $2 WHERE id = $3 AND pii_key = $4`,
				v.Encrypt(st.column, plain), active, r.id, r.key)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k > 0 {
				changed++
			}
		}
		return nil
	})
	return last, changed, err
}

// encryptLegacy is migration 13: it encrypts the plaintext ID and phone columns of the rows
// written before encryption, in the migration's transaction.
func (s *Store) encryptLegacy(ctx context.Context, tx *sql.Tx) error {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members`).Scan(&n); err != nil || n == 0 {
		return err
	}
	if s.pii.keys == nil {
		return fmt.Errorf("the database holds %d members with unencrypted personal data; start with a key to encrypt them: %w", n, ErrNoKey)
	}
	t := &Tx{queries: queries{db: tx, d: s.dialect}, tx: tx, store: s}
	if err := t.registerKeys(ctx, s.pii.keys); err != nil {
		return err
	}
	v, err := s.pii.get()
	if err != nil {
		return err
	}
	defer s.pii.put(v)
	var after int64
	for {
		rows, err := tx.QueryContext(ctx, `SELECT id, id_number, phone FROM members WHERE id > $1 ORDER BY id LIMIT 1000`, after)
		if err != nil {
			return err
		}
		var batch []*model.Member
		for rows.Next() {
			m := &model.Member{}
			if err := rows.Scan(&m.ID, &m.IDNumber, &m.Phone); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, m := range batch {
			sm := sealWith(v, m)
			if _, err := tx.ExecContext(ctx, `UPDATE members SET personal_enc = $1, id_number_hash = $2, id_tail_hash = $3,
				phone_hash = $4, pii_key = $5 WHERE id = $6`, sm.PersonalEnc, sm.IDHash, sm.IDTailHash,
				sm.PhoneHash, sm.KeyID, m.ID); err != nil {
				return err
			}
			after = m.ID
		}
		if len(batch) < 1000 {
			return nil
		}
	}
}

// encryptLegacyDevelopments is migration 91: it encrypts the applicants' plaintext ID and
// phone columns of the development records written before encryption.
func (s *Store) encryptLegacyDevelopments(ctx context.Context, tx *sql.Tx) error {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM developments`).Scan(&n); err != nil || n == 0 {
		return err
	}
	if s.pii.keys == nil {
		return fmt.Errorf("the database holds %d development records with unencrypted personal data; start with a key to encrypt them: %w", n, ErrNoKey)
	}
	t := &Tx{queries: queries{db: tx, d: s.dialect}, tx: tx, store: s}
	if err := t.registerKeys(ctx, s.pii.keys); err != nil {
		return err
	}
	v, err := s.pii.get()
	if err != nil {
		return err
	}
	defer s.pii.put(v)
	type row struct {
		id              int64
		idNumber, phone string
	}
	var after int64
	for {
		rows, err := tx.QueryContext(ctx, `SELECT id, id_number, phone FROM developments WHERE id > $1 ORDER BY id LIMIT 1000`, after)
		if err != nil {
			return err
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.idNumber, &r.phone); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range batch {
			sp := sealPerson(v, colDevPersonal, r.idNumber, r.phone)
			if _, err := tx.ExecContext(ctx, `UPDATE developments SET personal_enc = $1, id_number_hash = $2, id_tail_hash = $3,
				pii_key = $4 WHERE id = $5`, sp.enc, sp.idHash, sp.tailHash, sp.keyID, r.id); err != nil {
				return err
			}
			after = r.id
		}
		if len(batch) < 1000 {
			return nil
		}
	}
}
