package audit

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"dangjian/internal/model"
)

// archiveOf builds a valid archive file of n chained entries.
func archiveOf(n int) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	hdr := ArchiveHeader{Format: ArchiveFormat, BaseHash: model.AuditGenesisHash, Before: "2026-01-01"}
	prev := model.AuditGenesisHash
	var entries []*model.AuditEntry
	for i := 1; i <= n; i++ {
		e := &model.AuditEntry{ID: int64(i), At: time.Date(2025, 1, i, 0, 0, 0, 0, time.UTC), Username: "u", Action: "update",
			Entity: "member", EntityID: int64(i), After: `{"n":1}`, PrevHash: prev}
		e.Hash = e.ChainHash()
		prev = e.Hash
		entries = append(entries, e)
	}
	hdr.FirstID, hdr.LastID, hdr.LastHash, hdr.Entries = 1, int64(n), prev, int64(n)
	enc.Encode(hdr)
	for _, e := range entries {
		enc.Encode(e)
	}
	return buf.Bytes()
}

// FuzzVerifyArchive: an archive file (read back from anywhere) never panics the verifier,
// and a file that verifies intact has a chain that links from its base to its last entry.
func FuzzVerifyArchive(f *testing.F) {
	f.Add(archiveOf(3))
	f.Add(archiveOf(0))
	f.Add([]byte(`{"format":"dangjian-audit-archive-v1"}` + "\n{}\n"))
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, b []byte) {
		hdr, r, err := VerifyArchive(bytes.NewReader(b))
		if err != nil || !r.OK() {
			return
		}
		if r.LastID != hdr.LastID || r.LastHash != hdr.LastHash {
			t.Fatalf("intact, but the chain ends at %d %s and the header says %d %s", r.LastID, r.LastHash, hdr.LastID, hdr.LastHash)
		}
	})
}

// TestVerifyArchiveSeeds: the valid seed verifies, and flipping any entry byte is caught.
func TestVerifyArchiveSeeds(t *testing.T) {
	good := archiveOf(3)
	if _, r, err := VerifyArchive(bytes.NewReader(good)); err != nil || !r.OK() || r.Entries != 3 {
		t.Fatalf("good archive: %v %+v", err, r)
	}
	edited := bytes.Replace(good, []byte(`\"n\":1`), []byte(`\"n\":2`), 1)
	if _, r, err := VerifyArchive(bytes.NewReader(edited)); err != nil || r.OK() {
		t.Fatalf("edited archive passed: %v %+v", err, r)
	}
}
