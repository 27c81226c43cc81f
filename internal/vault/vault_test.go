package vault

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeyFileRoundTripAndReload(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dangjian.key")
	k := Generate()
	if err := k.Save(file); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", st.Mode())
	}
	loaded, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	a, ai := k.Fingerprints()
	b, bi := loaded.Fingerprints()
	if ai != bi || a[1] != b[1] || loaded.Active() != 1 {
		t.Fatal("the loaded keyring differs")
	}
	s := k.NewSealer()
	ct := s.Encrypt("members.id_number", "11010519491231002X")
	if bytes.Contains(ct, []byte("11010519491231002X")) || len(ct) != 12+18+16 {
		t.Fatalf("ciphertext %x", ct)
	}
	if got, err := loaded.NewSealer().Decrypt(1, "members.id_number", ct); err != nil || got != "11010519491231002X" {
		t.Fatalf("decrypt with the loaded key: %q %v", got, err)
	}
	if _, err := s.Decrypt(1, "members.phone", ct); err == nil {
		t.Fatal("a ciphertext opened under another column")
	}
	if !bytes.Equal(s.Hash("id", "x"), loaded.NewSealer().Hash("id", "x")) || bytes.Equal(s.Hash("id", "x"), s.Hash("phone", "x")) {
		t.Fatal("keyed hashes: not stable, or domains collide")
	}
	// A rotation by another process appends a key: the running keyring finds it on reload, and
	// a ciphertext of the new key opens (the unknown id triggers the reload).
	other, _ := Load(file)
	watch, _ := Load(file)
	id := other.AddKey()
	if err := other.Save(file); err != nil {
		t.Fatal(err)
	}
	ct2 := other.NewSealer().Encrypt("members.phone", "13800138000")
	if got, err := loaded.NewSealer().Decrypt(id, "members.phone", ct2); err != nil || got != "13800138000" {
		t.Fatalf("decrypt with a key added to the file: %q %v", got, err)
	}
	if changed, err := watch.Reload(); err != nil || !changed || watch.Active() != 2 {
		t.Fatalf("reload: %v %v active %d", changed, err, watch.Active())
	}
	if err := watch.RemoveKey(2); err == nil {
		t.Fatal("the active key was removed")
	}
}

func TestSecretAndBadFiles(t *testing.T) {
	secret := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, KeySize))
	a, err := FromSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := FromSecret(secret)
	fa, ia := a.Fingerprints()
	fb, ib := b.Fingerprints()
	if fa[1] != fb[1] || ia != ib || fa[1] == ia {
		t.Fatal("derived keys are not stable, or the index key equals the data key")
	}
	if _, err := FromSecret("c2hvcnQ="); err == nil {
		t.Fatal("a short secret accepted")
	}
	dir := t.TempDir()
	for name, body := range map[string]string{
		"no-index": "key 1 " + secret + "\n",
		"no-key":   "index " + secret + "\n",
		"garbage":  "index " + secret + "\nkey one " + secret + "\n",
		"short":    "index " + secret + "\nkey 1 c2hvcnQ=\n",
	} {
		f := filepath.Join(dir, name)
		os.WriteFile(f, []byte(body), 0o600)
		if _, err := Load(f); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "key file") {
		t.Fatalf("missing file: %v", err)
	}
}
