package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fixture creates one client with one handle and returns the handle.
func fixture(t *testing.T, s *Store, network inbox.Network) inbox.Handle {
	t.Helper()
	ctx := context.Background()
	c, err := s.CreateClient(ctx, inbox.Client{Name: "Bakery " + string(network)})
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: network,
		RemoteAccountID: "acct-" + string(network), DisplayName: "@AskBakery"})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func customer(id string) inbox.Participant {
	return inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: id, Username: id + "@example.social", DisplayName: "Zoë " + id}
}

func thread(remote string, cust inbox.Participant, msgs ...IncomingMessage) IncomingConversation {
	return IncomingConversation{RemoteID: remote, Kind: inbox.KindPublic, Customer: cust, Messages: msgs}
}

func in(id string, cust inbox.Participant, text string, at time.Duration) IncomingMessage {
	return IncomingMessage{RemoteID: id, Direction: inbox.Inbound, Author: cust, Text: text, SentAt: t0.Add(at)}
}

func out(id, text string, at time.Duration) IncomingMessage {
	return IncomingMessage{RemoteID: id, Direction: inbox.Outbound, AuthorName: "@AskBakery", Text: text, SentAt: t0.Add(at)}
}

func TestPragmasFromDSN(t *testing.T) {
	s := openTest(t)
	got, err := s.Pragmas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1",
		"temp_store": "2", "wal_autocheckpoint": strconv.Itoa(writerAutoCheckpoint), "cache_size": strconv.Itoa(-defaultCacheKiB)}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("pragma %s = %q, want %q", k, got[k], v)
		}
	}
	// The writer keeps statement journals in memory (Ingest's page-sized
	// statements would spill them to a temporary file); readers do not.
	var temp int
	if err := s.w.QueryRow("PRAGMA temp_store").Scan(&temp); err != nil || temp != 2 {
		t.Errorf("writer temp_store = %d, %v; want 2 (memory)", temp, err)
	}
	if err := s.r.QueryRow("PRAGMA temp_store").Scan(&temp); err != nil || temp != 0 {
		t.Errorf("reader temp_store = %d, %v; want 0 (default)", temp, err)
	}
	// Reader connections must get the same pragmas from the DSN.
	var fk int
	if err := s.r.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("reader foreign_keys = %d, %v", fk, err)
	}
	if _, err := s.r.Exec("DELETE FROM clients"); err == nil {
		t.Error("reader pool accepted a write")
	}
}

func TestMigrationsApplyOnceAcrossReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		v, err := s.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("schema version = %d, %v", v, err)
		}
		if i == 0 {
			if _, err := s.CreateClient(ctx, inbox.Client{Name: "Kept"}); err != nil {
				t.Fatal(err)
			}
		} else if cs, _ := s.Clients(ctx); len(cs) != 1 {
			t.Fatalf("clients after reopen = %d, want 1", len(cs))
		}
		s.Close()
	}
}

func TestIngestIsIdempotentAndAggregates(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	ana := customer("ana")
	batch := []IncomingConversation{thread("t1", ana,
		in("m1", ana, "My order #1042 never arrived", 0),
		out("m2", "Sorry! Checking now.", 10*time.Minute),
		in("m3", ana, "Any news?", 30*time.Minute),
		in("m4", ana, "Hello??", 40*time.Minute),
	)}
	for i := 0; i < 3; i++ {
		res, err := s.Ingest(ctx, h.ID, batch, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[int]int{0: 4}[i]; res.NewMessages != want {
			t.Errorf("pass %d: new messages = %d, want %d", i, res.NewMessages, want)
		}
	}
	page, err := s.Conversations(ctx, inbox.ConversationFilter{}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || len(page.Items) != 1 {
		t.Fatalf("page = %+v", page)
	}
	c := page.Items[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"message count", c.MessageCount, 4},
		{"unread", c.Unread, 3},
		{"awaiting since = oldest unanswered", c.AwaitingSince, t0.Add(30 * time.Minute)},
		{"last outbound", c.LastOutboundAt, t0.Add(10 * time.Minute)},
		{"last inbound", c.LastInboundAt, t0.Add(40 * time.Minute)},
		{"excerpt", c.LastExcerpt, "Hello??"},
		{"customer", c.CustomerName, "Zoë ana"},
		{"client", c.ClientName, "Bakery mastodon"},
		{"network", c.Network, inbox.NetworkMastodon},
	}
	for _, ck := range checks {
		if fmt.Sprint(ck.got) != fmt.Sprint(ck.want) {
			t.Errorf("%s = %v, want %v", ck.name, ck.got, ck.want)
		}
	}
	d, err := s.Conversation(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range d.Messages {
		texts = append(texts, m.Text)
	}
	if got := strings.Join(texts, "|"); got != "My order #1042 never arrived|Sorry! Checking now.|Any news?|Hello??" {
		t.Errorf("thread order = %s", got)
	}
}

func TestEditedMessageUpdatesTextAndIndex(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	ana := customer("ana")
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", ana, in("m1", ana, "wrong parcel", 0))}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", ana, in("m1", ana, "damaged parcel", 0))}, nil); err != nil {
		t.Fatal(err)
	}
	if hits, _ := s.Search(ctx, "wrong", 10); len(hits) != 0 {
		t.Errorf("old text still indexed: %+v", hits)
	}
	if hits, _ := s.Search(ctx, "damaged", 10); len(hits) != 1 {
		t.Errorf("new text not indexed: %+v", hits)
	}
}

func TestQueueOrderAndFilters(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	a, b, c := customer("a"), customer("b"), customer("c")
	_, err := s.Ingest(ctx, h.ID, []IncomingConversation{
		thread("answered", a, in("a1", a, "hi", 0), out("a2", "hello", time.Minute)),
		thread("late", b, in("b1", b, "help", 5*time.Minute)),
		thread("early", c, in("c1", c, "help", 2*time.Minute)),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	order := func(f inbox.ConversationFilter) string {
		page, err := s.Conversations(ctx, f, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, it := range page.Items {
			ids = append(ids, it.RemoteID)
		}
		return strings.Join(ids, ",")
	}
	if got := order(inbox.ConversationFilter{}); got != "early,late,answered" {
		t.Errorf("queue order = %s", got)
	}
	page, _ := s.Conversations(ctx, inbox.ConversationFilter{}, 0, 10)
	var lateID int64
	for _, it := range page.Items {
		if it.RemoteID == "late" {
			lateID = it.ID
		}
	}
	if err := s.SetStatus(ctx, []int64{lateID}, inbox.StatusPending, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := order(inbox.ConversationFilter{Statuses: []inbox.Status{inbox.StatusOpen}}); got != "early,answered" {
		t.Errorf("open filter = %s", got)
	}
	if got := order(inbox.ConversationFilter{Statuses: []inbox.Status{inbox.StatusPending}}); got != "late" {
		t.Errorf("pending filter = %s", got)
	}
	if got := order(inbox.ConversationFilter{Network: inbox.NetworkX}); got != "" {
		t.Errorf("network filter = %s", got)
	}
	if err := s.MarkRead(ctx, lateID); err != nil {
		t.Fatal(err)
	}
	if got := order(inbox.ConversationFilter{UnreadOnly: true}); got != "early,answered" {
		t.Errorf("unread filter = %s", got)
	}
	// The customer writes again: a pending conversation re-opens and is unread.
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("late", b, in("b2", b, "still broken", 9*time.Minute))}, nil); err != nil {
		t.Fatal(err)
	}
	if got := order(inbox.ConversationFilter{Statuses: []inbox.Status{inbox.StatusOpen}, UnreadOnly: true}); got != "early,late,answered" {
		t.Errorf("after new inbound = %s", got)
	}
	if err := s.SetStatus(ctx, []int64{lateID}, inbox.StatusSnoozed, time.Time{}); err == nil {
		t.Error("snooze without a wake-up time accepted")
	}
}

func TestSearch(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	a := customer("a")
	_, err := s.Ingest(ctx, h.ID, []IncomingConversation{
		thread("t1", a, in("1", a, "Le café était froid et la crème brûlée aussi", 0)),
		thread("t2", a, in("2", a, "Refund for order 5531 please", time.Minute)),
		thread("t3", a, in("3", a, "order refund later", 2*time.Minute)),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  int
	}{
		{"cafe", 1},           // accents ignored
		{"CRÈME brulee", 1},   // case and accents
		{"refu", 2},           // prefix
		{`"refund for"`, 1},   // phrase
		{`"order refund"`, 1}, // phrase order matters
		{"refund OR NOT", 0},  // operators are words, not syntax
		{`"unbalanced`, 0},    // no syntax error
		{"Zoë", 3},            // author names are indexed with the text
		{"*)(^", 0},
	}
	for _, tt := range tests {
		hits, err := s.Search(ctx, tt.query, 10)
		if err != nil {
			t.Errorf("Search(%q): %v", tt.query, err)
			continue
		}
		if len(hits) != tt.want {
			t.Errorf("Search(%q) = %d hits, want %d", tt.query, len(hits), tt.want)
		}
	}
	hits, _ := s.Search(ctx, "cafe", 10)
	if len(hits) == 1 && !strings.Contains(hits[0].Snippet, HighlightStart+"café"+HighlightEnd) {
		t.Errorf("snippet = %q", hits[0].Snippet)
	}
	ids, err := s.SearchParticipants(ctx, "zoe", 10)
	if err != nil || len(ids) != 1 {
		t.Errorf("participant search = %v, %v", ids, err)
	}
}

func TestDeltasArriveAfterCommitWithIDsOnly(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	var mu sync.Mutex
	var got []events.Delta
	var visible []int
	cancel := subscribe(s, func(d events.Delta) {
		// A subscriber that reads on another connection must already see the rows.
		var n int
		_ = s.r.QueryRow("SELECT COUNT(*) FROM conversations").Scan(&n)
		mu.Lock()
		got = append(got, d)
		visible = append(visible, n)
		mu.Unlock()
	})
	defer cancel()
	a := customer("a")
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", a, in("1", a, "hi", 0))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0].Entity != events.EntityConversation || got[0].Upserted[0] != res.Conversations[0] || got[1].Entity != events.EntityMessage {
		t.Fatalf("deltas = %+v", got)
	}
	if visible[0] != 1 {
		t.Errorf("delta arrived before the commit was visible")
	}
}

func TestFailedIngestLeavesNothing(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	a := customer("a")
	bad := []IncomingConversation{
		thread("ok", a, in("1", a, "hi", 0)),
		{RemoteID: "bad", Kind: "carrier-pigeon"},
	}
	if _, err := s.Ingest(ctx, h.ID, bad, nil); err == nil {
		t.Fatal("bad kind accepted")
	}
	page, _ := s.Conversations(ctx, inbox.ConversationFilter{}, 0, 10)
	if page.Total != 0 {
		t.Errorf("partial ingest committed %d conversations", page.Total)
	}
}

func TestNotesTagsSidebarAndCascade(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	a := customer("a")
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", a, in("1", a, "hi", 0))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Conversations[0]
	if _, err := s.AddNote(ctx, inbox.Note{ConversationID: id, Author: "me", Text: "VIP customer"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, inbox.Note{ConversationID: id, Text: "   "}); err == nil {
		t.Error("empty note accepted")
	}
	for _, tag := range []string{"refund", "Refund", "vip"} {
		if err := s.TagConversation(ctx, id, tag); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.Conversation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Notes) != 1 || strings.Join(d.Summary.Tags, ",") != "refund,vip" {
		t.Errorf("notes = %+v, tags = %v", d.Notes, d.Summary.Tags)
	}
	side, err := s.Sidebar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(side) != 1 || side[0].Unread != 1 || side[0].Open != 1 || side[0].Handles[0].Unread != 1 {
		t.Errorf("sidebar = %+v", side)
	}
	if err := s.DeleteHandle(ctx, h.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Conversation(ctx, id); err == nil {
		t.Error("conversation survived its handle")
	}
	if hits, _ := s.Search(ctx, "hi", 10); len(hits) != 0 {
		t.Errorf("search index kept deleted messages: %+v", hits)
	}
}

// subscribe routes s's deltas to fn through a real bus, as the app wires it.
func subscribe(s *Store, fn func(events.Delta)) (cancel func()) {
	b := events.New()
	s.pub = b
	return b.Subscribe(fn)
}
