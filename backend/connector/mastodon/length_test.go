package mastodon

import (
	"context"
	"strings"
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

func TestStatusLength(t *testing.T) {
	long := "https://shop.example/orders/42?utm_source=mastodon&utm_medium=social&x=" + strings.Repeat("y", 100)
	tests := []struct {
		name string
		text string
		want int
	}{
		{"plain", "hello", 5},
		{"graphemes, not bytes or runes", "café 👩‍👩‍👧 🇫🇷", 8},
		{"a link counts 23", "see " + long, 4 + 23},
		{"a short link counts 23 too", "see http://a.co", 4 + 23},
		{"trailing punctuation is not the link", "see " + long + ".", 4 + 23 + 1},
		{"two links", long + " " + long, 23 + 1 + 23},
		{"remote mention by its user only", "@alice@example.org hi", len("@alice hi")},
		{"local mention as is", "@bob hi", 7},
		{"an address is not a mention", "mail me@example.org", len("mail me@example.org")},
	}
	for _, tt := range tests {
		if got := statusLength(tt.text, 23); got != tt.want {
			t.Errorf("%s: statusLength(%q) = %d, want %d", tt.name, tt.text, got, tt.want)
		}
	}
}

// TestReplyLengthRefusedLocally: a reply over the instance's limit
// (GET /api/v2/instance) is refused in plain words naming the limit,
// before anything is posted; links and remote mentions count as Mastodon
// counts them, so a reply the server accepts is not refused.
func TestReplyLengthRefusedLocally(t *testing.T) {
	link := "https://shop.example/track/" + strings.Repeat("z", 200)
	tests := []struct {
		name     string
		instance map[string]any
		text     string
		refused  bool
		limit    string
	}{
		{"under 500", nil, strings.Repeat("a", 400), false, ""},
		{"over 500 with the mention", nil, strings.Repeat("a", 494), true, "at most 500"},
		{"long link counts 23", nil, strings.Repeat("a", 400) + " " + link, false, ""},
		{"instance allows 5000", map[string]any{"statuses": map[string]any{"max_characters": 5000}}, strings.Repeat("a", 1000), false, ""},
		{"instance allows 100", map[string]any{"statuses": map[string]any{"max_characters": 100}}, strings.Repeat("a", 101), true, "at most 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			if tt.instance != nil {
				d.instance = tt.instance
			}
			r := connector.Reply{IdempotencyKey: "k", ConversationRemoteID: "100001", Kind: inbox.KindPublic, Visibility: connector.Public,
				InReplyTo: "100003", Customer: inbox.Participant{Username: "alice@example.org"}, Text: tt.text}
			_, err := c.Reply(context.Background(), r)
			if !tt.refused {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ce, ok := connector.Classify(err)
			if !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, tt.limit) {
				t.Fatalf("got %v; want permanent naming %q", err, tt.limit)
			}
			if len(d.posted) != 0 {
				t.Error("the over-long reply was posted")
			}
		})
	}
}
