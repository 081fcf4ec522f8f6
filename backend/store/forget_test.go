package store

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// TestForgetCustomer erases one customer and checks, for each place their
// words were, that nothing is left: the rows, every FTS index, and the
// database file's bytes after Compact. Another customer's data stays.
func TestForgetCustomer(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	gone, kept := customer("gone"), customer("kept")
	gone.DisplayName = "Quixotrel Person"
	const word = "zyxwvutsecret"
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{
		{RemoteID: "c-gone", Kind: inbox.KindEmail, Subject: "about " + word + " subject", Customer: gone, Messages: []IncomingMessage{
			in("g1", gone, "my order "+word+" is late", 0), out("g2", "sorry about "+word, time.Minute)}},
		thread("c-kept", kept, in("k1", kept, "hello there", 0),
			// the forgotten customer also wrote in someone else's public thread
			in("k2", gone, "me too "+word, time.Minute)),
	}, nil); err != nil {
		t.Fatal(err)
	}
	convs, err := s.ExportConversationIDs(ctx, ExportScope{ClientID: h.ClientID})
	if err != nil || len(convs) != 2 {
		t.Fatalf("conversations = %v, %v", convs, err)
	}
	var goneConv, goneID int64
	if err := s.w.QueryRow("SELECT id, customer_id FROM conversations WHERE remote_id = 'c-gone'").Scan(&goneConv, &goneID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, inbox.Note{ConversationID: goneConv, Author: "me", Text: "note " + word}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(ctx, Draft{ConversationID: goneConv, Text: "draft " + word, Visibility: "public", UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}

	e, err := s.ForgetCustomer(ctx, goneID, t0)
	if err != nil {
		t.Fatal(err)
	}
	if e.Conversations != 1 || e.Messages != 3 || len(e.HandleIDs) != 1 || e.HandleIDs[0] != h.ID {
		t.Errorf("erasure = %+v, want 1 conversation, 3 messages, handle %d", e, h.ID)
	}
	if complete, err := s.Compact(ctx); err != nil || !complete {
		t.Fatalf("compact = %v, %v", complete, err)
	}
	for _, q := range []struct{ name, sql string }{
		{"messages_fts", "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH '" + word + "'"},
		{"conversations_fts", "SELECT COUNT(*) FROM conversations_fts WHERE conversations_fts MATCH '" + word + "'"},
		{"notes_fts", "SELECT COUNT(*) FROM notes_fts WHERE notes_fts MATCH '" + word + "'"},
		{"participants_fts", "SELECT COUNT(*) FROM participants_fts WHERE participants_fts MATCH 'Quixotrel'"},
		{"messages", "SELECT COUNT(*) FROM messages WHERE text LIKE '%" + word + "%'"},
		{"drafts", "SELECT COUNT(*) FROM drafts"},
		{"excerpt", "SELECT COUNT(*) FROM conversations WHERE last_excerpt LIKE '%" + word + "%'"},
		{"participant", "SELECT COUNT(*) FROM participants WHERE display_name LIKE 'Quixotrel%'"},
	} {
		var n int
		if err := s.w.QueryRow(q.sql).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows left (%v)", q.name, n, err)
		}
	}
	for _, probe := range []string{"hello", "kept"} {
		if hits, err := s.Search(ctx, probe, 10); err != nil || len(hits) == 0 {
			t.Errorf("search %q after forgetting another customer = %v, %v", probe, hits, err)
		}
	}
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(s.Path() + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, w := range []string{word, "Quixotrel"} {
			if bytes.Contains(b, []byte(w)) {
				t.Errorf("database file%s still holds %q", suffix, w)
			}
		}
	}
	list, err := s.Erasures(ctx)
	if err != nil || len(list) != 1 || list[0].CustomerID != goneID || !list[0].At.Equal(t0) {
		t.Errorf("erasures = %+v, %v", list, err)
	}
	if _, err := s.ForgetCustomer(ctx, goneID, t0); err == nil {
		t.Error("forgetting an unknown customer succeeded")
	}
}
