package store_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/service/audit"
	"dangjian/internal/store"
	"dangjian/internal/store/storetest"
)

type actor string

func (a actor) ActorID() int64    { return 0 }
func (a actor) ActorName() string { return string(a) }

// record writes n entries, one transaction each.
func record(t *testing.T, s *store.Store, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := s.InTx(context.Background(), func(tx *store.Tx) error {
			return audit.Record(context.Background(), tx, actor("u"), "update", "member", int64(i+1), "/1/", nil, map[string]int{"n": i})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verifyChain(t *testing.T, s *store.Store) *audit.Report {
	t.Helper()
	r, err := audit.Verify(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAuditChainUnderConcurrentWriters: writers in parallel transactions (truly concurrent on
// PostgreSQL) extend one unbroken chain with consecutive ids.
func TestAuditChainUnderConcurrentWriters(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		const writers, txs, perTx = 8, 15, 3
		var wg sync.WaitGroup
		errs := make(chan error, writers*txs)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < txs; i++ {
					errs <- s.InTx(context.Background(), func(tx *store.Tx) error {
						for k := 0; k < perTx; k++ {
							if err := audit.Record(context.Background(), tx, actor(fmt.Sprint("w", w)), "update", "member", int64(i), "", nil, nil); err != nil {
								return err
							}
						}
						return nil
					})
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		r := verifyChain(t, s)
		if !r.OK() || r.Entries != writers*txs*perTx || r.FirstID != 1 || r.LastID != writers*txs*perTx {
			t.Fatalf("chain after concurrent writes: %+v", r)
		}
		// The entries of one transaction are consecutive.
		items, _, _ := s.ListAudit(context.Background(), store.AllScope, store.AuditFilter{Limit: 1000})
		for i := 0; i+perTx <= len(items); i += perTx {
			for k := 1; k < perTx; k++ {
				if items[i+k].Username != items[i].Username {
					t.Fatalf("a transaction's entries interleaved with another's at id %d", items[i+k].ID)
				}
			}
		}
	})
}

// TestAuditVerifyNamesTheTamperedEntry edits, deletes and reorders entries by hand and checks
// that verification names each.
func TestAuditVerifyNamesTheTamperedEntry(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		record(t, s, 12)
		if r := verifyChain(t, s); !r.OK() || r.Entries != 12 {
			t.Fatalf("intact chain: %+v", r)
		}
		// The triggers refuse an edit and a delete.
		if err := store.Exec(ctx, s, `UPDATE audit_log SET after = 'x' WHERE id = 3`); err == nil {
			t.Fatal("an audit entry was updated")
		}
		if err := store.Exec(ctx, s, `DELETE FROM audit_log WHERE id = 3`); err == nil {
			t.Fatal("an audit entry was deleted")
		}
		cases := []struct {
			name   string
			tamper []string
			want   []audit.Problem
		}{
			{"edited", []string{`UPDATE audit_log SET after = '{"n":99}' WHERE id = 5`},
				[]audit.Problem{{Kind: audit.Edited, ID: 5}}},
			{"edited with its hash recomputed", nil, // filled below
				[]audit.Problem{{Kind: audit.Edited, ID: 6}}},
			{"deleted", []string{`DELETE FROM audit_log WHERE id = 8`},
				[]audit.Problem{{Kind: audit.Deleted, ID: 8, ToID: 8}}},
			{"reordered", []string{`UPDATE audit_log SET id = 1000 WHERE id = 9`, `UPDATE audit_log SET id = 9 WHERE id = 10`,
				`UPDATE audit_log SET id = 10 WHERE id = 1000`},
				[]audit.Problem{{Kind: audit.Reordered, ID: 9, WasID: 10}, {Kind: audit.Reordered, ID: 10, WasID: 9}}},
			{"last deleted", []string{`DELETE FROM audit_log WHERE id = 12`},
				[]audit.Problem{{Kind: audit.Deleted, ID: 12, ToID: 12}}},
		}
		for _, c := range cases {
			t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
				s := storetest.Open(t, engineOf(s))
				record(t, s, 12)
				tamper := c.tamper
				if tamper == nil {
					items, _, _ := s.ListAudit(ctx, store.AllScope, store.AuditFilter{EntityID: 6, Limit: 1})
					e := items[0]
					e.After = `{"n":99}`
					tamper = []string{fmt.Sprintf(`UPDATE audit_log SET after = '{"n":99}', hash = '%s' WHERE id = 6`, e.ChainHash())}
				}
				for _, q := range tamper {
					if err := store.Tamper(ctx, s, q); err != nil {
						t.Fatal(err)
					}
				}
				r := verifyChain(t, s)
				if fmt.Sprint(r.Problems) != fmt.Sprint(c.want) {
					t.Fatalf("problems %v, want %v", r.Problems, c.want)
				}
			})
		}
	})
}

func engineOf(s *store.Store) string { return s.Dialect().String() }

// TestAuditArchive: entries older than the retention go to a file that verifies alone; the
// live chain continues from its last entry; nothing younger can be archived.
func TestAuditArchive(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		today := model.NewDate(2026, 12, 1)
		old := func(days int) time.Time { return today.Time().AddDate(0, 0, -days).Add(time.Hour) }
		err := s.InTx(ctx, func(tx *store.Tx) error {
			for i, d := range []int{400, 300, 200, 181, 180, 179, 10} {
				if err := tx.InsertAudit(ctx, &model.AuditEntry{At: old(d), Username: "u", Action: "update", Entity: "member",
					EntityID: int64(i + 1), After: fmt.Sprintf(`{"day":%d}`, d)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := audit.Archive(ctx, s, today.AddDate(0, 0, -179), today, 180, &buf); err != audit.ErrTooYoung || buf.Len() > 0 {
			t.Fatalf("archive of entries 179 days old: %v (%d bytes)", err, buf.Len())
		}
		res, err := audit.Archive(ctx, s, today.AddDate(0, 0, -180), today, 180, &buf)
		if err != nil {
			t.Fatal(err)
		}
		// Entries at 400, 300, 200 and 181 days (1 h past midnight, so 180 days + 23 h is not before the cut).
		if res.Deleted != 4 || res.Header.FirstID != 1 || res.Header.LastID != 4 {
			t.Fatalf("archive: %+v", res)
		}
		hdr, rep, err := audit.VerifyArchive(bytes.NewReader(buf.Bytes()))
		if err != nil || !rep.OK() || rep.Entries != 4 || hdr.LastHash != rep.LastHash {
			t.Fatalf("archive file: %v %+v", err, rep)
		}
		live := verifyChain(t, s)
		if !live.OK() || live.BaseID != 4 || live.BaseHash != hdr.LastHash || live.FirstID != 5 || live.Entries != 4 {
			t.Fatalf("live chain after the archive: %+v", live)
		}
		// The next entries continue the chain; a second archive links to the first.
		record(t, s, 2)
		if r := verifyChain(t, s); !r.OK() {
			t.Fatalf("chain after new entries: %+v", r)
		}
		// An edited line of the archive file shows.
		edited := strings.Replace(buf.String(), `{\"day\":300}`, `{\"day\":301}`, 1)
		if edited == buf.String() {
			t.Fatal("test file edit did not apply")
		}
		if _, rep, err := audit.VerifyArchive(strings.NewReader(edited)); err != nil || rep.OK() || rep.Problems[0] != (audit.Problem{Kind: audit.Edited, ID: 2}) {
			t.Fatalf("edited archive: %v %+v", err, rep)
		}
		// Entries not archived cannot be deleted.
		if err := store.Exec(ctx, s, `DELETE FROM audit_log WHERE id = 5`); err == nil {
			t.Fatal("an entry younger than the archive's base was deleted")
		}
	})
}
