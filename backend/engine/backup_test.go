package engine

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"careinbox/backend/store"
)

// TestBackupWhileSyncing backs the database up while the engine syncs with
// real credentials in the keychain: the backup passes integrity_check and
// neither it nor the database holds the credentials (issue 15).
func TestBackupWhileSyncing(t *testing.T) {
	const secret = "xoxb-TEST-SECRET-BOT-TOKEN-9876"
	ctx := context.Background()
	dir := t.TempDir()
	n := &fakeNet{total: 400, perConv: 4, pageSize: 20}
	r := newRig(t, filepath.Join(dir, "e.db"), n)
	for hid := range r.nets {
		if err := SaveSecrets(ctx, r.sec, hid, map[string]string{"bot_token": secret}); err != nil {
			t.Fatal(err)
		}
	}
	synced := make(chan error, 1)
	go func() { synced <- r.eng.SyncOnce(ctx, 0) }()
	var backups []string
	for i := 0; ; i++ {
		path := filepath.Join(dir, "backup-"+string(rune('a'+i))+".db")
		if err := r.st.BackupTo(ctx, path); err != nil {
			t.Fatal(err)
		}
		backups = append(backups, path)
		select {
		case err := <-synced:
			if err != nil {
				t.Fatal(err)
			}
			final := filepath.Join(dir, "backup-final.db")
			if err := r.st.BackupTo(ctx, final); err != nil {
				t.Fatal(err)
			}
			backups = append(backups, final)
			for _, p := range append(backups, r.st.Path(), r.st.Path()+"-wal") {
				if filepath.Ext(p) == ".db" && p != r.st.Path() {
					if _, err := store.VerifyFile(ctx, p); err != nil {
						t.Errorf("backup %s: %v", filepath.Base(p), err)
					}
				}
				b, err := os.ReadFile(p)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				if bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s holds the bot token", filepath.Base(p))
				}
			}
			if c, m := r.count(t); c != 100 || m != 400 {
				t.Errorf("synced %d / %d, want 100 / 400", c, m)
			}
			copied, err := store.Open(ctx, final, store.ReadOnly())
			if err != nil {
				t.Fatal(err)
			}
			defer copied.Close()
			var msgs int
			if err := copied.DB().QueryRow("SELECT COUNT(*) FROM messages").Scan(&msgs); err != nil || msgs != 400 {
				t.Errorf("the backup made after the sync holds %d messages (%v), want 400", msgs, err)
			}
			return
		default:
		}
	}
}
