package x

import (
	"context"
	"strings"
	"testing"

	"careinbox/backend/connector"
)

func TestWeight(t *testing.T) {
	long := "https://shop.example.com/orders/12345?utm_source=care&utm_medium=x&utm_campaign=" + strings.Repeat("z", 200)
	for _, tc := range []struct {
		name string
		text string
		want int
	}{
		{"latin", strings.Repeat("a", 280), 280},
		{"accents decomposed count as composed", strings.Repeat("e\u0301", 10), 10},
		{"cyrillic and arabic are light", "Привет مرحبا", 12},
		{"CJK counts 2", strings.Repeat("あ", 10), 20},
		{"hangul counts 2", "안녕", 4},
		{"a link counts 23 however long", long, 23},
		{"a link among words", "see " + long + " thanks", 4 + 23 + 7},
		{"a bare domain is a link", "order at example.com today", 9 + 23 + 6},
		{"trailing punctuation is not the link", "see https://x.com/abc.", 4 + 23 + 1},
		{"e.g. and node.js are not links", "e.g. node.js", 12},
		{"emoji counts 2", "👍", 2},
		{"emoji with presentation selector counts 2", "❤️", 2},
		{"skin tone counts 2", "👋🏽", 2},
		{"family counts 2", "👨‍👩‍👧‍👦", 2},
		{"flag counts 2", "🇮🇸", 2},
		{"keycap counts 2", "1️⃣", 2},
		{"curly quotes and dashes are light", "“ok” – ‘yes’", 12},
	} {
		if got := Weight(tc.text); got != tc.want {
			t.Errorf("%s: Weight(%q) = %d, want %d", tc.name, tc.text, got, tc.want)
		}
	}
}

// Replies over X's limits are refused before a request, in plain words;
// replies within them go out, however many code points they have.
func TestReplyLength(t *testing.T) {
	posted := answer{201, nil, `{"data":{"id":"1900000000000000009","text":"x","edit_history_post_ids":["1900000000000000009"]}}`}
	dmSent := answer{201, nil, `{"data":{"dm_conversation_id":"11-22","dm_event_id":"1900000000000000010"}}`}
	link := " https://example.com/" + strings.Repeat("p", 100)
	for _, tc := range []struct {
		name    string
		r       connector.Reply
		refused string // words of the refusal; "" = sent
	}{
		{"280 latin", connector.Reply{Text: strings.Repeat("a", 280)}, ""},
		{"281 latin", connector.Reply{Text: strings.Repeat("a", 281)}, "counts 281"},
		{"140 CJK", connector.Reply{Text: strings.Repeat("お", 140)}, ""},
		{"141 CJK", connector.Reply{Text: strings.Repeat("お", 141)}, "counts 282"},
		{"long link", connector.Reply{Text: strings.Repeat("a", 256) + link}, ""},
		{"long link, one over", connector.Reply{Text: strings.Repeat("a", 257) + link}, "counts 281"},
		{"140 family emoji", connector.Reply{Text: strings.Repeat("👨‍👩‍👧", 140)}, ""},
		{"DM of 10000", connector.Reply{Visibility: connector.Private, Text: strings.Repeat("ü", 10000)}, ""},
		{"DM of 10001", connector.Reply{Visibility: connector.Private, Text: strings.Repeat("ü", 10001)}, "limited to 10000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRoutes(map[string]answer{postRoute: posted, dmSendRoute: dmSent})
			c := routed(t, r)
			reply := tc.r
			if reply.Visibility == "" {
				reply.Visibility, reply.InReplyTo = connector.Public, "1900000000000000001"
			} else {
				reply.Customer.RemoteID = "22"
			}
			_, err := c.Reply(context.Background(), reply)
			sent := r.requests(postRoute) + r.requests(dmSendRoute)
			if tc.refused == "" {
				if err != nil || sent != 1 {
					t.Fatalf("not sent: %v (%d requests)", err, sent)
				}
				return
			}
			ce, ok := connector.Classify(err)
			if !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, tc.refused) || sent != 0 {
				t.Fatalf("want a refusal with %q and no request, got %v (%d requests)", tc.refused, err, sent)
			}
		})
	}
}
