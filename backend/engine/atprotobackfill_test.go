//go:build atproto

package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/bluesky"
	"careinbox/backend/connector/bluesky/atprototest"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// TestAtprotoBackfill: on the real AT Protocol dev network, an account
// with more mentions than one listNotifications page. Live sync's first
// sync takes the newest page only (the rest "never synced" before the
// backfill existed); the backfill walks back to the first, each mention
// stored once, and walking again adds nothing.
func TestAtprotoBackfill(t *testing.T) {
	n := atprototest.Open(t)
	shop := n.NewAccount("backfillshop")
	const posts = 50 + 16 // one page of listNotifications and 16 more
	for i := range posts {
		n.Post(atprototest.PostOpts{As: "ana", Text: fmt.Sprintf("@%s question number %d", shop.Handle, i)})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "bsky.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, _ := st.CreateClient(ctx, inbox.Client{Name: "Shop"})
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkBluesky, RemoteAccountID: shop.DID, DisplayName: "Shop on Bluesky"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetHandleSettings(ctx, h.ID, map[string]string{"handle": shop.Handle, "pds": n.PDS}); err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	if err := SaveSecrets(ctx, sec, h.ID, map[string]string{"app_password": shop.AppPassword}); err != nil {
		t.Fatal(err)
	}
	reg := connector.Registry{inbox.NetworkBluesky: func(cfg connector.Config) (connector.Connector, error) { return bluesky.New(cfg) }}
	eng := New(Config{Store: st, Secrets: sec, Registry: reg})
	messages := func() (rows, distinct int) {
		t.Helper()
		if err := st.DB().QueryRow("SELECT COUNT(*), COUNT(DISTINCT remote_id) FROM messages WHERE handle_id = ?", h.ID).Scan(&rows, &distinct); err != nil {
			t.Fatal(err)
		}
		return rows, distinct
	}
	if err := eng.SyncOnce(ctx, h.ID); err != nil {
		t.Fatal(err)
	}
	if rows, _ := messages(); rows >= posts {
		t.Fatalf("live sync alone took %d of %d mentions: nothing left to backfill", rows, posts)
	}
	for pass := range 2 {
		if pass == 1 {
			if err := st.StartBackfill(ctx, h.ID, []string{bluesky.StreamNotifications}, time.Time{}, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if err := eng.BackfillOnce(ctx, h.ID); err != nil {
			t.Fatal(err)
		}
		if rows, distinct := messages(); rows != posts || distinct != posts {
			t.Errorf("pass %d: %d messages (%d distinct), want %d once each", pass+1, rows, distinct, posts)
		}
	}
	b, err := st.Backfills(ctx, h.ID)
	if err != nil || len(b) != 1 || b[0].State != store.BackfillDone {
		t.Fatalf("backfill rows %+v, %v; want one, done", b, err)
	}
}
