package store

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// History (an import) adds what the store lacks and changes nothing sync
// decides: a stored conversation is not reopened, its messages and extra
// keep sync's words, a new conversation is stored resolved and read.
func TestIngestHistory(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name       string
		status     inbox.Status // the synced conversation's, before the import
		wantStatus inbox.Status
	}{
		{"resolved stays resolved", inbox.StatusResolved, inbox.StatusResolved},
		{"open stays open", inbox.StatusOpen, inbox.StatusOpen},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t)
			h := fixture(t, s, inbox.NetworkMastodon)
			zoe := customer("zoe")
			synced := IncomingConversation{RemoteID: "dm:zoe", Kind: inbox.KindPrivate, Customer: zoe, Extra: map[string]any{"k": "sync"},
				Messages: []IncomingMessage{{RemoteID: "m2", Direction: inbox.Inbound, Author: zoe, Text: "as synced", SentAt: t0}}}
			res, err := s.Ingest(ctx, h.ID, []IncomingConversation{synced}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.status != inbox.StatusOpen {
				if err := s.SetStatus(ctx, res.Conversations, c.status, time.Time{}); err != nil {
					t.Fatal(err)
				}
			}
			history := []IncomingConversation{
				{RemoteID: "dm:zoe", Kind: inbox.KindPrivate, Customer: zoe, Extra: map[string]any{"k": "archive"}, History: true,
					Messages: []IncomingMessage{
						{RemoteID: "m1", Direction: inbox.Inbound, Author: zoe, Text: "older, from the archive", SentAt: t0.Add(-time.Hour)},
						{RemoteID: "m2", Direction: inbox.Inbound, Author: zoe, Text: "as archived", SentAt: t0}}},
				{RemoteID: "dm:new", Kind: inbox.KindPrivate, Customer: customer("ola"), History: true,
					Messages: []IncomingMessage{{RemoteID: "n1", Direction: inbox.Inbound, Author: customer("ola"), Text: "hej", SentAt: t0}}},
			}
			got, err := s.Ingest(ctx, h.ID, history, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.NewMessages != 2 {
				t.Errorf("new messages = %d, want 2", got.NewMessages)
			}
			row := func(remote string) (status inbox.Status, unread int, extra string) {
				t.Helper()
				if err := s.DB().QueryRow(`SELECT status, unread, extra FROM conversations WHERE remote_id = ?`, remote).Scan(&status, &unread, &extra); err != nil {
					t.Fatal(err)
				}
				return
			}
			wantUnread := 1 // the synced message, still unread; the archive's older one is read
			if st, unread, extra := row("dm:zoe"); st != c.wantStatus || unread != wantUnread || extra != `{"k":"sync"}` {
				t.Errorf("synced conversation after the import: %s, %d unread, extra %s; want %s, %d, sync's extra", st, unread, extra, c.wantStatus, wantUnread)
			}
			if st, unread, _ := row("dm:new"); st != inbox.StatusResolved || unread != 0 {
				t.Errorf("imported conversation: %s with %d unread; want resolved and read", st, unread)
			}
			var text string
			if err := s.DB().QueryRow(`SELECT text FROM messages WHERE remote_id = 'm2'`).Scan(&text); err != nil || text != "as synced" {
				t.Errorf("synced message text = %q, %v; want sync's", text, err)
			}
		})
	}
}

// An import's batch commits with its resume point, and its messages,
// stored unscored, are scored by the sentiment backfill afterwards.
func TestIngestImportProgressAndScoring(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	rec, err := s.StartImport(ctx, h.ID, "mastodon", "/tmp/a.zip", "fp", t0)
	if err != nil {
		t.Fatal(err)
	}
	zoe := customer("zoe")
	conv := IncomingConversation{RemoteID: "dm:zoe", Kind: inbox.KindPrivate, Customer: zoe, History: true,
		Messages: []IncomingMessage{{RemoteID: "m1", Direction: inbox.Inbound, Author: zoe, Text: "This is absolutely terrible, I hate it!", SentAt: t0}}}
	if _, err := s.IngestImport(ctx, rec.ID, h.ID, []IncomingConversation{conv}, 7, `{"messages":1}`); err != nil {
		t.Fatal(err)
	}
	again, err := s.StartImport(ctx, h.ID, "mastodon", "/tmp/a.zip", "fp", t0)
	if err != nil || again.ID != rec.ID || again.Units != 7 || again.Counts != `{"messages":1}` {
		t.Fatalf("restart = %+v, %v; want the same import at unit 7", again, err)
	}
	score := func() (v *float64) {
		t.Helper()
		if err := s.DB().QueryRow(`SELECT sentiment FROM messages WHERE remote_id = 'm1'`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := score(); v != nil {
		t.Fatalf("history was scored on the way in (%v); it is left to the backfill", *v)
	}
	for done := false; !done; {
		if done, err = s.BackfillSentiment(ctx, 100); err != nil {
			t.Fatal(err)
		}
	}
	if v := score(); v == nil || *v >= 0 {
		t.Errorf("after the backfill the message's score is %v, want a negative one", v)
	}
	if err := s.FinishImport(ctx, rec.ID, ImportDone, "{}", "", t0); err != nil {
		t.Fatal(err)
	}
	if fresh, err := s.StartImport(ctx, h.ID, "mastodon", "/tmp/a.zip", "fp", t0); err != nil || fresh.ID == rec.ID || fresh.Units != 0 {
		t.Errorf("after a finished import the same file starts anew: %+v, %v", fresh, err)
	}
}

// An import's batches run with a larger page cache on the writer, and
// FinishImport gives SQLite's default back (a synced page afterwards does
// not keep an import's memory).
func TestImportWriterCache(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	cache := func() int {
		var kib int
		if err := s.w.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&kib); err != nil {
			t.Fatal(err)
		}
		return kib
	}
	if got := cache(); got != -defaultCacheKiB {
		t.Fatalf("cache_size before an import = %d, want SQLite's default -%d", got, defaultCacheKiB)
	}
	rec, err := s.StartImport(ctx, h.ID, "mastodon", "/a.zip", "fp", t0)
	if err != nil {
		t.Fatal(err)
	}
	zoe := customer("zoe")
	batch := []IncomingConversation{{RemoteID: "c1", Kind: inbox.KindPublic, Customer: zoe, History: true,
		Messages: []IncomingMessage{in("m1", zoe, "hello", 0)}}}
	if _, err := s.IngestImport(ctx, rec.ID, h.ID, batch, 1, "{}"); err != nil {
		t.Fatal(err)
	}
	if got := cache(); got != -importCacheKiB {
		t.Errorf("cache_size during the import = %d, want -%d", got, importCacheKiB)
	}
	if err := s.FinishImport(ctx, rec.ID, ImportDone, "{}", "", t0); err != nil {
		t.Fatal(err)
	}
	if got := cache(); got != -defaultCacheKiB {
		t.Errorf("cache_size after the import = %d, want -%d", got, defaultCacheKiB)
	}
}
