package backup

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// The test's credentials: kept in a keychain, they must never appear in a backup.
var testSecrets = map[string]string{"token": "xoxp-TEST-SECRET-TOKEN-4242", "password": "hunter2-imap-password"}

func keyOf(id int64) string { return fmt.Sprintf("handle/%d", id) }

// workspace opens a store with one client and n handles; the first handle's
// secrets are saved in the returned keychain.
func workspace(t *testing.T, path string, handles int) (*store.Store, []inbox.Handle, *secrets.Memory) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	kc := secrets.NewMemory()
	var hs []inbox.Handle
	for i := range handles {
		h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkMastodon,
			RemoteAccountID: fmt.Sprintf("acct-%d", i), DisplayName: fmt.Sprintf("@Bakery%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
	for k, v := range testSecrets {
		if err := kc.Set(ctx, keyOf(hs[0].ID)+"/"+k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := kc.Set(ctx, keyOf(hs[0].ID), testSecrets["token"]); err != nil {
		t.Fatal(err)
	}
	return st, hs, kc
}

func ingest(ctx context.Context, st *store.Store, handleID int64, i int) error {
	p := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: fmt.Sprintf("p%d", i%50), DisplayName: "Customer"}
	_, err := st.Ingest(ctx, handleID, []store.IncomingConversation{{RemoteID: fmt.Sprintf("c%d", i%200), Kind: inbox.KindPrivate,
		Customer: p, Messages: []store.IncomingMessage{{RemoteID: fmt.Sprintf("m%d", i), Direction: inbox.Inbound, Author: p,
			Text: fmt.Sprintf("message number %d about an order", i), SentAt: t0.Add(time.Duration(i) * time.Second)}}}}, nil)
	return err
}

func countRows(t *testing.T, path, table string) int {
	t.Helper()
	st, err := store.Open(context.Background(), path, store.ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var n int
	if err := st.DB().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBackupWhileIngesting backs up while a goroutine keeps writing: each
// backup passes integrity_check, opens, holds what was committed before it
// began, and holds none of the keychain's secrets.
func TestBackupWhileIngesting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, hs, _ := workspace(t, filepath.Join(dir, "careinbox.db"), 1)
	for i := range 100 {
		if err := ingest(ctx, st, hs[0].ID, i); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var ingestErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 100; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := ingest(ctx, st, hs[0].ID, i); err != nil {
				ingestErr = err
				return
			}
		}
	}()
	clock := t0
	svc := New(Config{Store: st, Dir: filepath.Join(dir, "backups"), Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
	var made []Info
	for range 3 {
		info, err := svc.Backup(ctx, "")
		if err != nil {
			close(stop)
			wg.Wait()
			t.Fatal(err)
		}
		made = append(made, info)
	}
	close(stop)
	wg.Wait()
	if ingestErr != nil {
		t.Fatalf("ingest during backup: %v", ingestErr)
	}
	for _, info := range made {
		if _, err := store.VerifyFile(ctx, info.Path); err != nil {
			t.Errorf("backup %s: %v", info.Path, err)
		}
		if n := countRows(t, info.Path, "messages"); n < 100 {
			t.Errorf("backup %s holds %d messages, want at least the 100 committed before it", info.Path, n)
		}
		if fi, err := os.Stat(info.Path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("backup mode = %v, %v; want 0600", fi, err)
		}
		raw, err := os.ReadFile(info.Path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range testSecrets {
			if bytes.Contains(raw, []byte(s)) {
				t.Errorf("backup %s holds the secret %q", info.Path, s)
			}
		}
	}
	list, err := svc.List()
	if err != nil || len(list) != 3 || list[0].Path != made[2].Path {
		t.Fatalf("list = %+v, %v", list, err)
	}
	removed, err := svc.Prune(2)
	if err != nil || len(removed) != 1 || removed[0] != made[0].Path {
		t.Errorf("prune(2) removed %v, %v; want the oldest", removed, err)
	}
	// A backup to a chosen path replaces what is there only when complete.
	chosen := filepath.Join(dir, "mine.db")
	if err := os.WriteFile(chosen, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Backup(ctx, chosen); err != nil {
		t.Fatal(err)
	}
	if _, err := store.VerifyFile(ctx, chosen); err != nil {
		t.Error(err)
	}
}

func TestVerifyRejects(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"not a database", []byte("hello, this is text")},
		{"empty", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			if err := os.WriteFile(p, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Stage(ctx, p, filepath.Join(dir, "careinbox.db"), secrets.NewMemory(), keyOf); err == nil {
				t.Error("staged a file that is not a backup")
			}
			if Pending(filepath.Join(dir, "careinbox.db")) {
				t.Error("a rejected file was staged")
			}
		})
	}
}

func TestNextDue(t *testing.T) {
	start := t0.Add(10 * time.Minute)
	for _, tc := range []struct {
		name string
		set  store.BackupSettings
		want time.Time
	}{
		{"off", store.BackupSettings{Daily: false, LastAt: t0}, time.Time{}},
		{"never made: after the start delay", store.BackupSettings{Daily: true}, start},
		{"made an hour ago: a day after it", store.BackupSettings{Daily: true, LastAt: t0.Add(-time.Hour)}, t0.Add(23 * time.Hour)},
		{"overdue: after the start delay", store.BackupSettings{Daily: true, LastAt: t0.Add(-48 * time.Hour)}, start},
	} {
		if got := nextDue(tc.set, start); !got.Equal(tc.want) {
			t.Errorf("%s: next = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestScheduledBackup runs the loop: a due backup is made at once, recorded
// (a restart does not repeat it) and old ones beyond keep are pruned.
func TestScheduledBackup(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	st, _, _ := workspace(t, filepath.Join(dir, "careinbox.db"), 1)
	backups := filepath.Join(dir, "backups")
	if err := os.MkdirAll(backups, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, old := range []string{"20261101-000000", "20261102-000000", "20261103-000000"} {
		if err := os.WriteFile(filepath.Join(backups, namePrefix+old+".db"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SaveBackupSettings(ctx, true, 2); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	svc := New(Config{Store: st, Dir: backups, Now: func() time.Time { return t0 },
		OnScheduled: func(_ Info, err error) { done <- err; cancel() }})
	go svc.Run(ctx)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	set, err := st.BackupSettings(context.Background())
	if err != nil || !set.LastAt.Equal(t0) {
		t.Errorf("last backup = %v, %v; want %v", set.LastAt, err, t0)
	}
	list, _ := svc.List()
	if len(list) != 2 || !list[0].At.Equal(t0) {
		t.Errorf("backups after pruning = %+v, want the new one and the newest old one", list)
	}
}

// TestRestore stages a backup and applies it as the next start would: the
// restored database is the backup's, the current one is kept aside with its
// WAL, and the handles without keychain entries are listed.
func TestRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "careinbox.db")
	st, hs, kc := workspace(t, db, 2)
	for i := range 5 {
		if err := ingest(ctx, st, hs[0].ID, i); err != nil {
			t.Fatal(err)
		}
	}
	svc := New(Config{Store: st, Dir: filepath.Join(dir, "backups"), Now: func() time.Time { return t0 }})
	info, err := svc.Backup(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 5; i < 9; i++ { // after the backup: only in the current database
		if err := ingest(ctx, st, hs[0].ID, i); err != nil {
			t.Fatal(err)
		}
	}
	staged, err := Stage(ctx, info.Path, db, kc, keyOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(staged.Handles) != 2 || len(staged.NeedSignIn) != 1 || staged.NeedSignIn[0].ID != hs[1].ID {
		t.Errorf("staged = %+v; want 2 handles, the second needing its sign-in", staged)
	}
	if !Pending(db) {
		t.Fatal("nothing pending after Stage")
	}
	if _, err := Stage(ctx, db, db, kc, keyOf); err == nil {
		t.Error("the open workspace was staged as its own backup")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	aside, applied, err := Apply(db)
	if err != nil || !applied || aside == "" {
		t.Fatalf("apply = %q, %v, %v", aside, applied, err)
	}
	if Pending(db) {
		t.Error("still pending after Apply")
	}
	if n := countRows(t, db, "messages"); n != 5 {
		t.Errorf("restored database holds %d messages, want the backup's 5", n)
	}
	if n := countRows(t, aside, "messages"); n != 9 {
		t.Errorf("the database kept aside holds %d messages, want 9", n)
	}
	if _, applied, err := Apply(db); applied || err != nil {
		t.Errorf("a second Apply = %v, %v; want nothing to do", applied, err)
	}
}

// TestApplyAfterCrash finishes a restore a crash interrupted at each step.
func TestApplyAfterCrash(t *testing.T) {
	for _, tc := range []struct {
		name  string
		moved []string // suffixes already renamed aside before the crash
	}{
		{"before any rename", nil},
		{"after the WAL moved", []string{"-wal"}},
		{"after the database moved", []string{"-wal", "-shm", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "careinbox.db")
			for _, f := range []struct{ path, data string }{{db, "OLD"}, {db + "-wal", "OLDWAL"}, {db + "-shm", "S"}, {db + StagedSuffix, "NEW"}} {
				if err := os.WriteFile(f.path, []byte(f.data), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			st, _ := os.Stat(db + StagedSuffix)
			aside := filepath.Join(dir, "careinbox-before-restore-"+st.ModTime().UTC().Format(nameLayout)+".db")
			for _, s := range tc.moved {
				if err := os.Rename(db+s, aside+s); err != nil {
					t.Fatal(err)
				}
			}
			got, applied, err := Apply(db)
			if err != nil || !applied || got != aside {
				t.Fatalf("apply = %q, %v, %v; want %q", got, applied, err, aside)
			}
			for path, want := range map[string]string{db: "NEW", aside: "OLD", aside + "-wal": "OLDWAL"} {
				if b, err := os.ReadFile(path); err != nil || string(b) != want {
					t.Errorf("%s = %q, %v; want %q", filepath.Base(path), b, err, want)
				}
			}
			if _, err := os.Stat(db + "-wal"); !os.IsNotExist(err) {
				t.Error("a WAL is left beside the restored database")
			}
		})
	}
}
