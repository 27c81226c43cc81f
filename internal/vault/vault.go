// Package vault protects personal data at rest (个人信息保护, MLPS 2.0 level 3): a keyring of
// AES-256-GCM data keys, numbered so that rows record the key that encrypted them and keys can
// be rotated, and a separate index key for keyed hashes (HMAC-SHA256) that serve exact lookup
// and uniqueness without the plaintext. Keys come from a file or an environment variable and
// are never stored in the database; the database keeps only their fingerprints, so that a
// wrong key is refused at start-up.
package vault

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// KeySize is the size of every key: 32 bytes (AES-256, HMAC-SHA256).
const KeySize = 32

// HashSize is the size of a keyed hash that must be unique (an ID number): HMAC-SHA256
// truncated to 128 bits.
const HashSize = 16

// ShortHashSize is the size of a keyed hash that only filters a search (64 bits: a false match
// among a million rows has a probability of 1 in 10^13).
const ShortHashSize = 8

// ErrNoKey is returned when no key is configured.
var ErrNoKey = errors.New("no personal-data key: pass --key-file FILE or set DANGJIAN_KEY_FILE (or DANGJIAN_KEY); " +
	"'dangjian keys generate --key-file FILE' creates one (make run does it for ./data)")

// Keyring holds the data keys by id and the index key. It is safe for concurrent use; a
// keyring loaded from a file reloads it when asked for a key it does not know (a rotation by
// another process appends keys).
type Keyring struct {
	mu    sync.RWMutex
	keys  map[int][]byte
	index []byte
	file  string
	// active caches the highest key id (read on every encryption and decryption).
	active atomic.Int64
}

// Fingerprint identifies a key without revealing it: the first 16 hex digits of
// HMAC-SHA256(key, "dangjian key check").
func Fingerprint(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("dangjian key check"))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// New builds a keyring from an index key and data keys by id.
func New(index []byte, keys map[int][]byte) (*Keyring, error) {
	if len(index) != KeySize {
		return nil, fmt.Errorf("vault: the index key must be %d bytes", KeySize)
	}
	if len(keys) == 0 {
		return nil, errors.New("vault: no data key")
	}
	k := &Keyring{keys: map[int][]byte{}, index: index}
	for id, key := range keys {
		if id < 1 || len(key) != KeySize {
			return nil, fmt.Errorf("vault: data key %d: ids start at 1 and keys are %d bytes", id, KeySize)
		}
		k.keys[id] = key
	}
	k.setActiveLocked()
	return k, nil
}

// setActiveLocked recomputes the active key id; the caller holds mu (or owns k alone).
func (k *Keyring) setActiveLocked() {
	ids := k.idsLocked()
	k.active.Store(int64(ids[len(ids)-1]))
}

// Generate returns a keyring with a fresh index key and data key 1.
func Generate() *Keyring {
	k, _ := New(random(KeySize), map[int][]byte{1: random(KeySize)})
	return k
}

func random(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

// FromSecret derives a keyring from one secret (the DANGJIAN_KEY variable: 32 bytes in base64):
// the index key and data key 1 by HKDF-SHA256. Such a keyring cannot be rotated; use a key
// file for that.
func FromSecret(b64 string) (*Keyring, error) {
	secret, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(secret) != KeySize {
		return nil, fmt.Errorf("DANGJIAN_KEY must be %d bytes in base64 (openssl rand -base64 32)", KeySize)
	}
	derive := func(info string) []byte {
		k, err := hkdf.Key(sha256.New, secret, nil, info, KeySize)
		if err != nil {
			panic(err)
		}
		return k
	}
	return New(derive("dangjian index key"), map[int][]byte{1: derive("dangjian data key 1")})
}

// Load reads a key file: lines "index BASE64" and "key ID BASE64"; '#' starts a comment.
func Load(file string) (*Keyring, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("personal-data key file: %w", err)
	}
	k, err := parse(b)
	if err != nil {
		return nil, fmt.Errorf("personal-data key file %s: %w", file, err)
	}
	k.file = file
	return k, nil
}

func parse(b []byte) (*Keyring, error) {
	var index []byte
	keys := map[int][]byte{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "index":
			v, err := base64.StdEncoding.DecodeString(f[1])
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			index = v
		case len(f) == 3 && f[0] == "key":
			id, err := strconv.Atoi(f[1])
			if err != nil {
				return nil, fmt.Errorf("line %d: key id %q", n, f[1])
			}
			v, err := base64.StdEncoding.DecodeString(f[2])
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			if _, dup := keys[id]; dup {
				return nil, fmt.Errorf("line %d: key %d twice", n, id)
			}
			keys[id] = v
		default:
			return nil, fmt.Errorf("line %d: expected 'index BASE64' or 'key ID BASE64'", n)
		}
	}
	return New(index, keys)
}

// Save writes the keyring to file (mode 0600) atomically: a temporary file renamed over it.
func (k *Keyring) Save(file string) error {
	k.mu.RLock()
	var b strings.Builder
	b.WriteString("# Dangjian personal-data keys (AES-256-GCM data keys, HMAC-SHA256 index key).\n" +
		"# Keep this file secret and backed up with the database; it is never stored in the database.\n" +
		"# The highest key id encrypts new data; older keys stay until 'dangjian keys rotate' has\n" +
		"# re-encrypted everything they encrypt.\n")
	fmt.Fprintf(&b, "index %s\n", base64.StdEncoding.EncodeToString(k.index))
	for _, id := range k.idsLocked() {
		fmt.Fprintf(&b, "key %d %s\n", id, base64.StdEncoding.EncodeToString(k.keys[id]))
	}
	k.mu.RUnlock()
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".keys-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

// File is the key file the keyring was loaded from ("" for an environment secret).
func (k *Keyring) File() string { return k.file }

func (k *Keyring) idsLocked() []int {
	ids := make([]int, 0, len(k.keys))
	for id := range k.keys {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

// IDs returns the data key ids, ascending.
func (k *Keyring) IDs() []int {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.idsLocked()
}

// Active is the id of the key that encrypts new data: the highest.
func (k *Keyring) Active() int { return int(k.active.Load()) }

// AddKey appends a new data key (id one above the highest) and returns its id.
func (k *Keyring) AddKey() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	ids := k.idsLocked()
	id := ids[len(ids)-1] + 1
	k.keys[id] = random(KeySize)
	k.setActiveLocked()
	return id
}

// RemoveKey drops a retired data key (never the active one).
func (k *Keyring) RemoveKey(id int) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	ids := k.idsLocked()
	if id == ids[len(ids)-1] {
		return errors.New("vault: the active key cannot be removed")
	}
	delete(k.keys, id)
	k.setActiveLocked()
	return nil
}

// Fingerprints returns the fingerprint of each data key by id, and of the index key.
func (k *Keyring) Fingerprints() (map[int]string, string) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	out := make(map[int]string, len(k.keys))
	for id, key := range k.keys {
		out[id] = Fingerprint(key)
	}
	return out, Fingerprint(k.index)
}

// key returns data key id, reloading the key file once when the id is unknown.
func (k *Keyring) key(id int) ([]byte, error) {
	k.mu.RLock()
	key, ok := k.keys[id]
	file := k.file
	k.mu.RUnlock()
	if ok {
		return key, nil
	}
	if file != "" {
		if fresh, err := Load(file); err == nil && Fingerprint(fresh.index) == Fingerprint(k.index) {
			k.mu.Lock()
			for fid, fk := range fresh.keys {
				if _, have := k.keys[fid]; !have {
					k.keys[fid] = fk
				}
			}
			key, ok = k.keys[id]
			k.setActiveLocked()
			k.mu.Unlock()
		}
	}
	if !ok {
		return nil, fmt.Errorf("vault: data key %d is not in the key file", id)
	}
	return key, nil
}

// Reload reads the key file again and adds the keys it gained (a rotation appended one); it
// reports whether the active key changed.
func (k *Keyring) Reload() (bool, error) {
	if k.file == "" {
		return false, nil
	}
	before := k.Active()
	fresh, err := Load(k.file)
	if err != nil {
		return false, err
	}
	if Fingerprint(fresh.index) != Fingerprint(k.index) {
		return false, errors.New("vault: the key file's index key changed; restart with the right file")
	}
	k.mu.Lock()
	for id, key := range fresh.keys {
		if _, have := k.keys[id]; !have {
			k.keys[id] = key
		}
	}
	k.setActiveLocked()
	k.mu.Unlock()
	return k.Active() != before, nil
}

// Sealer encrypts and hashes; one per goroutine (it reuses its hash state).
type Sealer struct {
	k     *Keyring
	id    int
	aead  cipher.AEAD
	index hash.Hash
	sum   []byte
	aeads map[int]cipher.AEAD
}

// NewSealer returns a sealer that encrypts with the active key.
func (k *Keyring) NewSealer() *Sealer {
	id := k.Active()
	key, _ := k.key(id)
	k.mu.RLock()
	index := hmac.New(sha256.New, k.index)
	k.mu.RUnlock()
	return &Sealer{k: k, id: id, aead: newGCM(key), index: index, aeads: map[int]cipher.AEAD{}}
}

func newGCM(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return g
}

// KeyID is the id of the key this sealer encrypts with.
func (s *Sealer) KeyID() int { return s.id }

// Encrypt returns nonce ‖ AES-256-GCM(plaintext) with the column name as additional data (a
// ciphertext copied into another column does not open); empty plaintext stays nil.
func (s *Sealer) Encrypt(column, plaintext string) []byte {
	if plaintext == "" {
		return nil
	}
	nonce := random(s.aead.NonceSize())
	return s.aead.Seal(nonce, nonce, []byte(plaintext), []byte(column))
}

// Decrypt opens a ciphertext made by Encrypt with key keyID.
func (s *Sealer) Decrypt(keyID int, column string, ciphertext []byte) (string, error) {
	if len(ciphertext) == 0 {
		return "", nil
	}
	aead := s.aead
	if keyID != s.id {
		if aead = s.aeads[keyID]; aead == nil {
			key, err := s.k.key(keyID)
			if err != nil {
				return "", err
			}
			aead = newGCM(key)
			s.aeads[keyID] = aead
		}
	}
	n := aead.NonceSize()
	if len(ciphertext) < n+aead.Overhead() {
		return "", errors.New("vault: ciphertext too short")
	}
	plain, err := aead.Open(nil, ciphertext[:n], ciphertext[n:], []byte(column))
	if err != nil {
		return "", fmt.Errorf("vault: cannot decrypt %s with key %d (wrong key?)", column, keyID)
	}
	return string(plain), nil
}

// Hash is the keyed hash of value in a domain ("id", "id_tail", "phone"): HMAC-SHA256 with the
// index key, truncated to HashSize bytes; nil for an empty value.
func (s *Sealer) Hash(domain, value string) []byte { return s.HashN(domain, value, HashSize) }

// HashN is Hash truncated to n bytes.
func (s *Sealer) HashN(domain, value string, n int) []byte {
	if value == "" {
		return nil
	}
	s.index.Reset()
	s.index.Write([]byte(domain))
	s.index.Write([]byte{0})
	s.index.Write([]byte(value))
	s.sum = s.index.Sum(s.sum[:0])
	out := make([]byte, n)
	copy(out, s.sum)
	return out
}
