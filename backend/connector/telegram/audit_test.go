package telegram

import (
	"context"
	"testing"
	"time"
)

// TestWaitConfirmsOnlyCommittedCursor: getUpdates confirms every update
// below its offset (core.telegram.org/bots/api#getupdates). The cursor a
// Fetch hands out is only safe once the engine has committed the page, so
// the long poll must not use it: when the commit fails (or the app stops
// before it), re-fetching the stored cursor must still return the updates.
func TestWaitConfirmsOnlyCommittedCursor(t *testing.T) {
	c, _ := setup(t)
	ctx := context.Background()
	p, err := c.Fetch(ctx, StreamUpdates, "")
	if err != nil || len(p.Conversations) == 0 {
		t.Fatalf("first fetch = %+v, %v", p, err)
	}
	// The page's commit failed: the stored cursor is still "".
	wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := c.Wait(wctx); err != nil {
		t.Fatal(err)
	}
	again, err := c.Fetch(ctx, StreamUpdates, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Conversations) != len(p.Conversations) || again.Cursor != p.Cursor {
		t.Fatalf("after Wait the uncommitted updates are gone: %d conversations (want %d), cursor %q (want %q)",
			len(again.Conversations), len(p.Conversations), again.Cursor, p.Cursor)
	}
}
