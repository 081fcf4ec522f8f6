package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"careinbox/backend/inbox"
)

func TestCapText(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		maxLen int
		note   bool
	}{
		{"short stays", "hello", 5, false},
		{"invalid UTF-8 replaced", "caf\xe9", len("caf\uFFFD"), false},
		{"huge is cut with a note", strings.Repeat("é", MaxStoredText), MaxStoredText, true},
		{"cut on a character boundary", strings.Repeat("a", MaxStoredText-1) + strings.Repeat("😀", 10), MaxStoredText, true},
	}
	for _, tt := range tests {
		got := capText(tt.in)
		if len(got) > tt.maxLen || !utf8.ValidString(got) || strings.Contains(got, "Message shortened") != tt.note {
			t.Errorf("%s: %d bytes, valid %v, note %v", tt.name, len(got), utf8.ValidString(got), strings.Contains(got, "shortened"))
		}
	}
}

// A stranger's 5 MB message is stored shortened, and says so.
func TestIngestCapsText(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkTelegram)
	huge := strings.Repeat("spam ", 1<<20)
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", customer("a"), in("m1", customer("a"), huge, 0))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Conversation(ctx, res.Conversations[0])
	if err != nil {
		t.Fatal(err)
	}
	text := d.Messages[0].Text
	if len(text) > MaxStoredText || !strings.Contains(text, "the full original is 5.0 MB") {
		t.Errorf("stored %d bytes, ending %q", len(text), text[len(text)-60:])
	}
}

// A flooded thread opens with its newest messages, oldest first, and says
// how many older ones stay in the store.
func TestConversationSendsTheNewestOnly(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkTelegram)
	tests := []struct {
		name    string
		n, size int
		omitted int
	}{
		{"by count", MaxThreadMessages + 5, 10, 5},
		{"by bytes", 40, MaxStoredText - 100, 40 - MaxThreadBytes/(MaxStoredText-100)},
	}
	for i, tt := range tests {
		var msgs []IncomingMessage
		for j := range tt.n {
			msgs = append(msgs, in(fmt.Sprintf("m%d-%d", i, j), customer("a"), fmt.Sprintf("%06d ", j)+strings.Repeat("x", tt.size), time.Duration(j)*time.Second))
		}
		res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread(fmt.Sprint("t", i), customer("a"), msgs...)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Conversation(ctx, res.Conversations[0])
		if err != nil {
			t.Fatal(err)
		}
		last := d.Messages[len(d.Messages)-1].Text
		if d.Omitted != tt.omitted || len(d.Messages) != tt.n-tt.omitted || !strings.HasPrefix(last, fmt.Sprintf("%06d ", tt.n-1)) ||
			!d.Messages[0].SentAt.Before(d.Messages[1].SentAt) {
			t.Errorf("%s: %d messages, %d omitted (want %d), last %.7q", tt.name, len(d.Messages), d.Omitted, tt.omitted, last)
		}
	}
}
