package vault

import (
	"encoding/base64"
	"strings"
	"testing"
)

// FuzzParseKeyFile: a key file either loads as a usable keyring or is refused; it never
// panics, and a loaded keyring encrypts and decrypts.
func FuzzParseKeyFile(f *testing.F) {
	k := base64.StdEncoding.EncodeToString(make([]byte, KeySize))
	f.Add([]byte("index " + k + "\nkey 1 " + k + "\n"))
	f.Add([]byte("# comment\nindex " + k + "\nkey 7 " + k + "\nkey 2 " + k + "\n"))
	f.Add([]byte("key 1 x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		kr, err := parse(b)
		if err != nil {
			return
		}
		s := kr.NewSealer()
		ct := s.Encrypt("c", "secret")
		if got, err := s.Decrypt(kr.Active(), "c", ct); err != nil || got != "secret" {
			t.Fatalf("a loaded keyring does not round-trip: %v", err)
		}
		if strings.Contains(string(ct), "secret") {
			t.Fatal("plaintext in the ciphertext")
		}
	})
}
