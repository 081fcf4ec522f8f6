package export

import (
	"context"
	"fmt"
	"testing"
	"time"

	"careinbox/backend/store"
)

// bigStore is one client with one conversation of n messages, made as they
// are read; at message check it records how much the export had written.
type bigStore struct {
	n, check int
	out      *countWriter
	seen     int64
}

func (b *bigStore) ExportConversationIDs(context.Context, store.ExportScope) ([]int64, error) {
	return []int64{1}, nil
}
func (b *bigStore) ClientByName(context.Context, string) (int64, error) { return 1, nil }
func (b *bigStore) ExportConversation(context.Context, int64) (store.ExportConversation, error) {
	return store.ExportConversation{ID: 1, ClientName: "Big", Kind: "private", Status: "open"}, nil
}
func (b *bigStore) EachExportMessage(_ context.Context, _ int64, _, _ time.Time, fn func(store.ExportMessage) error) error {
	for i := range b.n {
		if i == b.check {
			b.seen = b.out.n
		}
		if err := fn(store.ExportMessage{ID: int64(i), Direction: "in", AuthorName: "C", Text: fmt.Sprintf("message %d with some words", i), SentAt: time.Unix(int64(i), 0)}); err != nil {
			return err
		}
	}
	return nil
}
func (b *bigStore) ExportNotes(context.Context, int64) ([]store.ExportNote, error) { return nil, nil }
func (b *bigStore) SearchPage(context.Context, store.SearchQuery) (store.SearchResult, error) {
	return store.SearchResult{}, nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// TestExportStreams checks that a 100 000-message conversation is written
// while it is read: half-way through, most of what was read is already out
// (the export holds one buffer, not the thread).
func TestExportStreams(t *testing.T) {
	for _, f := range []Format{CSV, JSON, HTML} {
		t.Run(string(f), func(t *testing.T) {
			out := &countWriter{}
			b := &bigStore{n: 100_000, check: 50_000, out: out}
			sum, err := Exporter{Store: b}.Write(context.Background(), out, Options{Scope: Scope{Client: "Big"}, Format: f})
			if err != nil || sum.Messages != 100_000 {
				t.Fatalf("export = %+v, %v", sum, err)
			}
			if b.seen < out.n/2-(128<<10) {
				t.Errorf("%s: half-way through, %d of %d bytes were written: the export is held, not streamed", f, b.seen, out.n)
			}
		})
	}
}
