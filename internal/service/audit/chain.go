package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"dangjian/internal/model"
	"dangjian/internal/store"
)

// Problem kinds a verification reports.
const (
	Edited    = "edited"    // the entry's content no longer matches its hash, or its hash was rewritten
	Deleted   = "deleted"   // entries are missing from the chain
	Reordered = "reordered" // the entry sits at another place than where it was written
)

// Problem is one break of the chain, naming the entry.
type Problem struct {
	Kind string `json:"kind"`
	// ID is the entry concerned; for Deleted, the first missing id (through ToID).
	ID   int64 `json:"id"`
	ToID int64 `json:"to_id,omitempty"`
	// WasID is, for Reordered, the id the entry was written with.
	WasID int64 `json:"was_id,omitempty"`
}

func (p Problem) String() string {
	switch p.Kind {
	case Deleted:
		if p.ToID > p.ID {
			return fmt.Sprintf("entries %d–%d deleted", p.ID, p.ToID)
		}
		return fmt.Sprintf("entry %d deleted", p.ID)
	case Reordered:
		return fmt.Sprintf("entry %d reordered (written as entry %d)", p.ID, p.WasID)
	}
	return fmt.Sprintf("entry %d edited", p.ID)
}

// Report is the result of verifying a chain.
type Report struct {
	// BaseID and BaseHash are what the chain continues from (the last archived entry, or 0 and
	// the genesis hash).
	BaseID   int64  `json:"base_id"`
	BaseHash string `json:"base_hash"`
	// Entries counts the entries read; FirstID and LastID are the ids of the first and last.
	Entries  int64     `json:"entries"`
	FirstID  int64     `json:"first_id"`
	LastID   int64     `json:"last_id"`
	LastHash string    `json:"last_hash"`
	Problems []Problem `json:"problems"`
}

// OK reports whether the chain is intact.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// MaxReportedProblems bounds the problems a report lists.
const MaxReportedProblems = 1000

// reorderWindow is how far from its place an entry is looked for when it does not match its
// hash where it is.
const reorderWindow = 64

// chainChecker walks entries in id order and records every break.
type chainChecker struct {
	r        *Report
	prevHash string
	expectID int64
	// prevBroken is set when the entry before had a problem: the next one's link then breaks
	// too, and is not reported again.
	prevBroken bool
	found      int
	// hashOwner finds the id of the entry whose stored hash is h (0 if none).
	hashOwner func(h string) (int64, error)
}

func newChecker(baseID int64, baseHash string, owner func(string) (int64, error)) *chainChecker {
	return &chainChecker{r: &Report{BaseID: baseID, BaseHash: baseHash, LastID: baseID, LastHash: baseHash, Problems: []Problem{}},
		prevHash: baseHash, expectID: baseID + 1, hashOwner: owner}
}

func (c *chainChecker) add(p Problem) {
	c.found++
	if len(c.r.Problems) < MaxReportedProblems {
		c.r.Problems = append(c.r.Problems, p)
	}
}

func (c *chainChecker) check(e *model.AuditEntry) error {
	if c.r.Entries == 0 {
		c.r.FirstID = e.ID
	}
	c.r.Entries++
	gap := e.ID != c.expectID
	if gap && e.ID > c.expectID {
		c.add(Problem{Kind: Deleted, ID: c.expectID, ToID: e.ID - 1})
	}
	intact := e.ChainHash() == e.Hash
	problems := c.found
	switch {
	case !intact:
		if was := originalID(e); was != 0 {
			c.add(Problem{Kind: Reordered, ID: e.ID, WasID: was})
		} else {
			c.add(Problem{Kind: Edited, ID: e.ID})
		}
	case gap || c.prevBroken || e.PrevHash == c.prevHash:
		// intact and linked (or after a break already reported)
	default:
		owner, err := c.hashOwner(e.PrevHash)
		if err != nil {
			return err
		}
		if owner != 0 && owner != e.ID-1 {
			c.add(Problem{Kind: Reordered, ID: e.ID, WasID: owner + 1})
		} else {
			// The entry before was rewritten with a new hash: its successor no longer links.
			c.add(Problem{Kind: Edited, ID: e.ID - 1})
		}
	}
	c.prevBroken = c.found > problems
	c.prevHash, c.expectID = e.Hash, e.ID+1
	c.r.LastID, c.r.LastHash = e.ID, e.Hash
	return nil
}

// originalID returns the id near e's own with which e matches its hash, or 0.
func originalID(e *model.AuditEntry) int64 {
	x := *e
	for d := int64(1); d <= reorderWindow; d++ {
		for _, id := range []int64{e.ID - d, e.ID + d} {
			if id <= 0 {
				continue
			}
			x.ID = id
			if x.ChainHash() == e.Hash {
				return id
			}
		}
	}
	return 0
}

// finish compares the end of the walk with the recorded last entry (the chain head, or an
// archive's header): entries missing at the end were deleted; entries beyond it were added,
// which is an edit of the log.
func (c *chainChecker) finish(lastID int64, lastHash string) {
	switch {
	case lastID > c.r.LastID:
		c.add(Problem{Kind: Deleted, ID: c.r.LastID + 1, ToID: lastID})
	case lastID < c.r.LastID:
		c.add(Problem{Kind: Edited, ID: max(lastID+1, c.r.FirstID)})
	case lastHash != c.r.LastHash && c.r.OK():
		c.add(Problem{Kind: Edited, ID: lastID})
	}
}

// Verify walks the live chain from its base (the last archived entry) to the head and reports
// every edited, deleted or reordered entry.
func Verify(ctx context.Context, s *store.Store) (*Report, error) {
	head, err := s.GetAuditHead(ctx)
	if err != nil {
		return nil, err
	}
	c := newChecker(head.BaseID, head.BaseHash, func(h string) (int64, error) { return s.AuditIDByHash(ctx, h) })
	if err := s.EachAudit(ctx, head.BaseID, 0, c.check); err != nil {
		return nil, err
	}
	c.finish(head.LastID, head.LastHash)
	return c.r, nil
}

// ArchiveHeader is the first line of an archive file.
type ArchiveHeader struct {
	Format    string    `json:"format"`
	BaseID    int64     `json:"base_id"`
	BaseHash  string    `json:"base_hash"`
	FirstID   int64     `json:"first_id"`
	LastID    int64     `json:"last_id"`
	LastHash  string    `json:"last_hash"`
	Entries   int64     `json:"entries"`
	Before    string    `json:"before"`
	CreatedAt time.Time `json:"created_at"`
}

// ArchiveFormat names the archive file format (JSON lines: the header, then one entry a line).
const ArchiveFormat = "dangjian-audit-archive-v1"

// ErrTooYoung refuses an archive of entries younger than the retention.
var ErrTooYoung = errors.New("audit: entries younger than the retention cannot be archived")

// ArchiveResult says what an archive wrote and removed.
type ArchiveResult struct {
	Header  ArchiveHeader
	Deleted int64
}

// Archive writes the entries of the live chain older than before to w (verifying them on the
// way: a broken chain is not archived), then removes them from the database in one
// transaction that moves the chain's base to the last archived entry and records the archive
// in the log. before may be at most today minus retentionDays.
func Archive(ctx context.Context, s *store.Store, before model.Date, today model.Date, retentionDays int, w io.Writer) (*ArchiveResult, error) {
	if today.AddDate(0, 0, -retentionDays).Before(before) {
		return nil, ErrTooYoung
	}
	head, err := s.GetAuditHead(ctx)
	if err != nil {
		return nil, err
	}
	lastID, err := s.LastAuditIDBefore(ctx, before.Time())
	if err != nil {
		return nil, err
	}
	hdr := ArchiveHeader{Format: ArchiveFormat, BaseID: head.BaseID, BaseHash: head.BaseHash, Before: before.String(),
		CreatedAt: time.Now().UTC()}
	if lastID <= head.BaseID {
		return &ArchiveResult{Header: hdr}, nil
	}
	// Verify and collect the run first: the header (written first) names its last entry.
	c := newChecker(head.BaseID, head.BaseHash, func(h string) (int64, error) { return s.AuditIDByHash(ctx, h) })
	if err := s.EachAudit(ctx, head.BaseID, lastID, c.check); err != nil {
		return nil, err
	}
	c.finish(lastID, c.r.LastHash)
	if !c.r.OK() {
		return nil, fmt.Errorf("audit: the chain is broken (%s); nothing archived", c.r.Problems[0])
	}
	hdr.FirstID, hdr.LastID, hdr.LastHash, hdr.Entries = c.r.FirstID, c.r.LastID, c.r.LastHash, c.r.Entries
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(hdr); err != nil {
		return nil, err
	}
	if err := s.EachAudit(ctx, head.BaseID, lastID, func(e *model.AuditEntry) error { return enc.Encode(e) }); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	if f, ok := w.(interface{ Sync() error }); ok {
		if err := f.Sync(); err != nil {
			return nil, err
		}
	}
	res := &ArchiveResult{Header: hdr}
	err = s.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if res.Deleted, err = tx.ArchiveAuditUpTo(ctx, hdr.LastID, hdr.LastHash); err != nil {
			return err
		}
		return Record(ctx, tx, systemActor{}, "archive", "audit", 0, "", nil, hdr)
	})
	return res, err
}

type systemActor struct{}

func (systemActor) ActorID() int64    { return 0 }
func (systemActor) ActorName() string { return "system" }

// VerifyArchive checks an archive file: its entries form a chain from the header's base to its
// last entry, with nothing edited, deleted or reordered.
func VerifyArchive(r io.Reader) (*ArchiveHeader, *Report, error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	var hdr ArchiveHeader
	if err := dec.Decode(&hdr); err != nil || hdr.Format != ArchiveFormat {
		return nil, nil, fmt.Errorf("not a Dangjian audit archive (%v)", err)
	}
	if !isHash(hdr.BaseHash) || !isHash(hdr.LastHash) || hdr.BaseID < 0 || hdr.LastID < hdr.BaseID || hdr.Entries != hdr.LastID-hdr.BaseID {
		return &hdr, nil, fmt.Errorf("the archive's header is inconsistent (base %d, last %d, %d entries)", hdr.BaseID, hdr.LastID, hdr.Entries)
	}
	var entries []*model.AuditEntry
	byHash := map[string]int64{}
	for {
		var e model.AuditEntry
		if err := dec.Decode(&e); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return &hdr, nil, fmt.Errorf("archive entry %d: %w", len(entries)+1, err)
		}
		entries = append(entries, &e)
		byHash[e.Hash] = e.ID
	}
	c := newChecker(hdr.BaseID, hdr.BaseHash, func(h string) (int64, error) { return byHash[h], nil })
	for _, e := range entries {
		if err := c.check(e); err != nil {
			return &hdr, nil, err
		}
	}
	c.finish(hdr.LastID, hdr.LastHash)
	return &hdr, c.r, nil
}

// isHash reports whether s looks like a chain hash (64 hex digits).
func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
