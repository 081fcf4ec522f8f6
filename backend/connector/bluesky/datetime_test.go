package bluesky

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// A customer's createdAt is the customer's client's text. The lexicon's
// datetime format is a syntax (atproto.com/specs/lexicon#datetime), and the
// AppView indexes a post whose createdAt has that syntax but is no calendar
// date Go accepts ("2026-02-30": JavaScript's Date rolls it over to 2 March;
// see normalizeDatetime in @atproto/syntax). Such a mention must still
// reach the inbox, by fetch and by backfill, and be answerable.
func TestCustomerCreatedAtGoRejects(t *testing.T) {
	tests := []struct {
		name, createdAt string
		want            time.Time // zero: the notification's indexedAt
	}{
		{"30 February", "2026-02-30T09:00:00Z", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)},
		{"31 November with an offset", "2026-11-31T08:30:00.250+01:00", time.Date(2026, 12, 1, 7, 30, 0, 250e6, time.UTC)},
		{"valid, many digits", "2026-11-23T09:30:00.12345678901234Z", time.Date(2026, 11, 23, 9, 30, 0, 123456789, time.UTC)},
		{"no time zone (an older record)", "2026-11-23T09:30:00", time.Time{}},
		{"not a date at all", "soon", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			d.mu.Lock()
			d.lex = nil // the last two break the contract on purpose
			uri := d.post(ana, "@shop.bsky.social where is order 77?", "", "mention")
			d.posts[uri]["record"].(map[string]any)["createdAt"] = tt.createdAt
			indexedAt, _ := time.Parse(time.RFC3339Nano, d.posts[uri]["indexedAt"].(string))
			d.mu.Unlock()
			want := tt.want
			if want.IsZero() {
				want = indexedAt
			}

			p, err := c.Fetch(context.Background(), StreamNotifications, "")
			if err != nil {
				t.Fatal(err)
			}
			if m, ok := byRemoteID(p)[uri]; !ok {
				t.Errorf("fetch dropped the mention with createdAt %q", tt.createdAt)
			} else if !m.SentAt.Equal(want) {
				t.Errorf("fetch: SentAt = %s; want %s", m.SentAt, want)
			}
			b, err := c.Backfill(context.Background(), StreamNotifications, "")
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := byRemoteID(b)[uri]; !ok {
				t.Errorf("backfill dropped the mention with createdAt %q", tt.createdAt)
			}
			_, err = c.Reply(context.Background(), connector.Reply{IdempotencyKey: "dt-" + tt.name, ConversationRemoteID: uri,
				Visibility: connector.Public, InReplyTo: uri, Customer: participant(profile{DID: "did:plc:ana", Handle: "ana.bsky.social"}), Text: "It left today."})
			if err != nil {
				t.Fatalf("reply to it: %v", err)
			}
			if n := len(d.created); n != 1 || !strings.HasSuffix(d.created[0]["record"].(map[string]any)["reply"].(map[string]any)["parent"].(map[string]any)["uri"].(string), uri[strings.LastIndex(uri, "/"):]) {
				t.Errorf("%d posts created: %v", n, d.created)
			}
		})
	}
}

// parseDatetime reads what the lexicon's datetime syntax allows, rolling
// an impossible day over as the AppView does, and nothing else.
func TestParseDatetime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-11-23T09:00:00Z", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)},
		{"2026-11-23T09:00:00.5-05:30", time.Date(2026, 11, 23, 14, 30, 0, 5e8, time.UTC)},
		{"2025-02-29T00:00:00Z", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"2026-11-23T09:00:00", time.Time{}},
		{"2026-11-23t09:00:00z", time.Time{}},
		{"2026-11-23T25:00:00Z", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		if got := parseDatetime(tt.in); !got.Equal(tt.want) {
			t.Errorf("parseDatetime(%q) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func byRemoteID(p connector.Page) map[string]connector.Message {
	out := map[string]connector.Message{}
	for _, cv := range p.Conversations {
		for _, m := range cv.Messages {
			out[m.RemoteID] = m
		}
	}
	return out
}
