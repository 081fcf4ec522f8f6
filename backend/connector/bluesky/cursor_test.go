package bluesky

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// cursorNewest is the newest indexedAt a notifications cursor holds, in
// the double's format.
func cursorNewest(t *testing.T, cursor string) string {
	t.Helper()
	c, err := parseNotifCursor(cursor)
	if err != nil {
		t.Fatalf("cursor %q: %v", cursor, err)
	}
	return c.Newest.Format(time.RFC3339Nano)
}

func fetchedURIs(t *testing.T, c *Connector, cursor string) ([]string, string) {
	t.Helper()
	p, err := c.Fetch(context.Background(), StreamNotifications, cursor)
	if err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, cv := range p.Conversations {
		for _, m := range cv.Messages {
			uris = append(uris, m.RemoteID)
		}
	}
	if p.More { // a long chain goes on from the API cursor
		more, next := fetchedURIs(t, c, p.Cursor)
		return append(uris, more...), next
	}
	return uris, p.Cursor
}

// A post whose createdAt is earlier than notifications already fetched is
// listed below them (indexedAt is the earlier of createdAt and the time it
// was indexed): it must still arrive, once.
func TestSlowClockPostIsNotMissed(t *testing.T) {
	tests := []struct {
		name string
		skew time.Duration // how far the customer's clock is behind
	}{
		{"a few minutes slow", 6 * time.Minute},
		{"an hour slow", time.Hour},
		{"indexed 20 hours late", 20 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			_, cursor := fetchedURIs(t, c, "")
			d.clock = d.clock.Add(time.Minute)
			late := d.postAt(ana, "@shop.bsky.social where is my order?", "", "mention", d.clock.Add(-tt.skew))
			d.post(ben, "@shop.bsky.social on time", "", "mention")
			got, cursor := fetchedURIs(t, c, cursor)
			if !strings.Contains(strings.Join(got, " "), late) || len(got) != 2 {
				t.Fatalf("after a post %s slow: fetched %v; want it and Ben's", tt.skew, got)
			}
			again, _ := fetchedURIs(t, c, cursor)
			if len(again) != 0 {
				t.Errorf("the next fetch delivered %v again", again)
			}
		})
	}
}

// A cursor written by the previous version (a bare RFC 3339 time) still
// reads, and the overlap recovers a slow post indexed before it.
func TestOldCursorStillReads(t *testing.T) {
	c, d := setup(t)
	newest := d.notifs[1]["indexedAt"].(string)
	d.clock = d.clock.Add(time.Minute)
	late := d.postAt(ana, "@shop.bsky.social hello from the past", "", "mention", d.clock.Add(-10*time.Minute))
	got, cursor := fetchedURIs(t, c, newest)
	if !strings.Contains(strings.Join(got, " "), late) {
		t.Fatalf("fetched %v; want the slow post %s", got, late)
	}
	if !strings.HasPrefix(cursor, "{") {
		t.Errorf("cursor %q is not the new format", cursor)
	}
}

// More new notifications than maxPages pages: the fetch says More and the
// next one goes on from the API cursor; nothing is lost or repeated.
func TestLongChainResumes(t *testing.T) {
	c, d := setup(t)
	_, cursor := fetchedURIs(t, c, "")
	n := maxPages*pageLimit + 30
	d.AddInbound(n)
	seen := map[string]bool{}
	for i := 0; i < 5; i++ {
		p, err := c.Fetch(context.Background(), StreamNotifications, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, cv := range p.Conversations {
			for _, m := range cv.Messages {
				if seen[m.RemoteID] {
					t.Errorf("%s delivered twice", m.RemoteID)
				}
				seen[m.RemoteID] = true
			}
		}
		cursor = p.Cursor
		if !p.More {
			break
		}
	}
	if len(seen) != n {
		t.Errorf("delivered %d of %d new notifications", len(seen), n)
	}
}

func TestCursorPrunesOutsideWindow(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := notifCursor{Seen: map[string]int64{}}
	c.mark("at://old", now.Add(-overlap-time.Minute))
	for i := range maxSeen + 5 {
		c.mark(fmt.Sprintf("at://p/%d", i), now.Add(time.Duration(i)*time.Millisecond))
	}
	back, err := parseNotifCursor(c.encode())
	if err != nil {
		t.Fatal(err)
	}
	if back.seen("at://old") || len(back.Seen) > maxSeen || !back.seen(fmt.Sprintf("at://p/%d", maxSeen+4)) {
		t.Errorf("pruned cursor: %d seen, old kept %v", len(back.Seen), back.seen("at://old"))
	}
}
