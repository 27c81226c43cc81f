package auth

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("Correct#Horse1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash format: %s", h)
	}
	if !VerifyPassword(h, "Correct#Horse1") || VerifyPassword(h, "correct#horse1") || VerifyPassword("garbage", "x") {
		t.Fatal("verify")
	}
	h2, _ := HashPassword("Correct#Horse1")
	if h == h2 {
		t.Fatal("two hashes of one password share a salt")
	}
}
