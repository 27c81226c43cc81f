package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"dangjian/internal/service/audit"
	"dangjian/internal/store"
	"dangjian/internal/vault"
)

const keysUsage = `Usage: dangjian keys generate|status|rotate [flags]

  generate --key-file FILE            write a new key file (an index key and data key 1), mode 0600
  status   --db … --key-file FILE     the keys, their fingerprints, and how many members each encrypts
  rotate   --db … --key-file FILE     add a data key to the file and re-encrypt every member with it,
           [--batch N] [--settle D]   in batches of N (short transactions: the server keeps running;
           [--continue] [--retire]    servers load the new key within 30 s, --settle waits that long
                                      first); --continue re-runs the passes without a new key;
                                      --retire then removes the keys no member uses from the file
The index key (keyed hashes for lookup) is not rotated online.`

func runKeys(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "generate" && args[0] != "status" && args[0] != "rotate") {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
			fmt.Fprintln(out, keysUsage)
			return nil
		}
		return &exitError{code: 2, msg: keysUsage}
	}
	fs := flags("keys "+args[0], "keys "+args[0]+" [flags]")
	o := dbFlags(fs)
	batch := fs.Int("batch", 1000, "rotate: members per transaction")
	settle := fs.Duration("settle", 35*time.Second, "rotate: wait this long after adding the key, so that running servers load it")
	cont := fs.Bool("continue", false, "rotate: re-encrypt with the active key without adding one")
	retire := fs.Bool("retire", false, "rotate: afterwards remove from the key file the keys no member uses")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "generate":
		if *o.keyFile == "" {
			return &exitError{code: 2, msg: "keys generate needs --key-file FILE"}
		}
		if _, err := os.Stat(*o.keyFile); err == nil {
			return &exitError{code: 1, msg: *o.keyFile + " exists: a new key would make its data unreadable"}
		}
		k := vault.Generate()
		if err := k.Save(*o.keyFile); err != nil {
			return err
		}
		_, index := k.Fingerprints()
		fmt.Fprintf(out, "Key file %s written (index key %s, data key 1). Keep it secret, back it up, and never with the database.\n", *o.keyFile, index)
		return nil
	case "status":
		a, err := o.open(ctx)
		if err != nil {
			return err
		}
		defer a.Close()
		return keyStatus(ctx, a.Store, a.Keys, out)
	}
	a, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	keys := a.Keys
	if keys.File() == "" {
		return &exitError{code: 1, msg: "keys rotate needs a key file (--key-file): a key from DANGJIAN_KEY cannot be rotated"}
	}
	from := keys.IDs()
	if !*cont {
		id := keys.AddKey()
		if err := keys.Save(keys.File()); err != nil {
			return err
		}
		if err := a.Store.RegisterKeys(ctx); err != nil {
			return err
		}
		fmt.Fprintf(out, "Data key %d added to %s and active.\n", id, keys.File())
		if *settle > 0 {
			fmt.Fprintf(out, "Waiting %s so that running servers load it…\n", *settle)
			select {
			case <-time.After(*settle):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	active := keys.Active()
	start := time.Now()
	total := 0
	// Passes until one finds nothing to change (a server that had not yet loaded the new key
	// may have written rows with the old one meanwhile).
	for pass := 1; ; pass++ {
		changed := 0
		for _, table := range store.EncryptedTables() {
			var after int64
			for {
				last, n, err := a.Store.ReencryptBatch(ctx, table, after, *batch)
				if err != nil {
					return err
				}
				changed += n
				if last == 0 {
					break
				}
				after = last
			}
		}
		total += changed
		fmt.Fprintf(out, "Pass %d: %d rows (members, applicants) re-encrypted with key %d.\n", pass, changed, active)
		if changed == 0 {
			break
		}
	}
	err = a.Store.InTx(ctx, func(tx *store.Tx) error {
		return audit.Record(ctx, tx, systemActor{}, "keys_rotate", "keys", int64(active), "", map[string]any{"keys": from},
			map[string]any{"active": active, "rows": total})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Rotation done in %s: %d rows re-encrypted.\n", time.Since(start).Round(time.Millisecond), total)
	if *retire {
		use, err := a.Store.KeyUsage(ctx)
		if err != nil {
			return err
		}
		for _, id := range keys.IDs() {
			if id == active || use[id] > 0 {
				continue
			}
			if err := a.Store.ForgetKey(ctx, id); err != nil {
				return err
			}
			if err := keys.RemoveKey(id); err != nil {
				return err
			}
			fmt.Fprintf(out, "Key %d retired (keep a copy with the backups made before the rotation).\n", id)
		}
		if err := keys.Save(keys.File()); err != nil {
			return err
		}
	}
	return keyStatus(ctx, a.Store, keys, out)
}

type systemActor struct{}

func (systemActor) ActorID() int64    { return 0 }
func (systemActor) ActorName() string { return "system" }

func keyStatus(ctx context.Context, s *store.Store, keys *vault.Keyring, out io.Writer) error {
	use, err := s.KeyUsage(ctx)
	if err != nil {
		return err
	}
	data, index := keys.Fingerprints()
	fmt.Fprintf(out, "index key  fingerprint %s\n", index)
	ids := make([]int, 0, len(data))
	for id := range data {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		mark := ""
		if id == keys.Active() {
			mark = " (active)"
		}
		fmt.Fprintf(out, "data key %d fingerprint %s  %d rows%s\n", id, data[id], use[id], mark)
	}
	for id, n := range use {
		if _, ok := data[id]; !ok && n > 0 {
			fmt.Fprintf(out, "key %d: %d members, NOT in the key file\n", id, n)
		}
	}
	return nil
}
