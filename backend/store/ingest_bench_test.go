package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// BenchmarkIngestPage stores one sync page of new messages (20
// conversations, 3 customer messages and 2 replies each), the path every
// connector's page takes; docs/BENCHMARKS.md compares it with and without
// sentiment scoring.
func BenchmarkIngestPage(b *testing.B) {
	ctx := context.Background()
	s, h := benchHandle(b, inbox.Handle{Network: inbox.NetworkMastodon, RemoteAccountID: "bench", DisplayName: "@Bench"})
	texts := []string{
		"Hi, my order 48213 still hasn't arrived, can you check where it is?",
		"This is the third time I'm writing. Absolutely ridiculous, I want a refund now!",
		"Thanks so much, the replacement works perfectly. Have a great weekend!",
	}
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		page := make([]IncomingConversation, 20)
		for j := range page {
			cust := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: fmt.Sprintf("c%d-%d", i, j), Username: "bench"}
			conv := IncomingConversation{RemoteID: fmt.Sprintf("t%d-%d", i, j), Kind: inbox.KindPublic, Customer: cust}
			for k := 0; k < 5; k++ {
				m := IncomingMessage{RemoteID: fmt.Sprintf("m%d-%d-%d", i, j, k), Direction: inbox.Inbound, Author: cust,
					Text: texts[k%3], SentAt: base.Add(time.Duration(i*100+j*5+k) * time.Second)}
				if k%2 == 1 {
					m.Direction, m.Author, m.AuthorName, m.Text = inbox.Outbound, inbox.Participant{}, "@Bench", "Sorry about that, we're on it."
				}
				conv.Messages = append(conv.Messages, m)
			}
			page[j] = conv
		}
		if _, err := s.Ingest(ctx, h.ID, page, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// benchHandle opens a fresh store in b's temp dir (closed when b ends) with
// one client and the handle h under it.
func benchHandle(b *testing.B, h inbox.Handle) (*Store, inbox.Handle) {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	c, err := s.CreateClient(ctx, inbox.Client{Name: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	h.ClientID = c.ID
	if h, err = s.CreateHandle(ctx, h); err != nil {
		b.Fatal(err)
	}
	return s, h
}
