package store

import (
	"context"
	"strings"
	"testing"
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
