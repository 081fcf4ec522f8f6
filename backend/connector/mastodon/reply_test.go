package mastodon

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// TestPostingBudgetApart: Mastodon limits posting (300 per 3 hours) apart
// from reading, and its answer to a post reports the posting window. A
// spent posting window must not stall syncing; a refused post holds only
// further posts back.
func TestPostingBudgetApart(t *testing.T) {
	tests := []struct {
		name          string
		postRemaining int // before the reply
		wantReplyKind connector.Kind
		wantErr       bool
	}{
		{"posting window nearly spent", 3, 0, false},
		{"posting window spent: 429", 0, connector.RateLimited, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			ctx := context.Background()
			d.postRemaining = tt.postRemaining
			r := connector.Reply{IdempotencyKey: "k", ConversationRemoteID: "100001", Kind: inbox.KindPublic, Visibility: connector.Public,
				InReplyTo: "100003", Customer: inbox.Participant{Username: "alice@example.org"}, Text: "On its way."}
			_, err := c.Reply(ctx, r)
			ce, _ := connector.Classify(err)
			if (err != nil) != tt.wantErr || tt.wantErr && (ce.Kind != tt.wantReplyKind || ce.RetryAt.Before(time.Now().Add(2*time.Hour))) {
				t.Fatalf("reply: %v (%+v)", err, ce)
			}
			if _, err := c.Fetch(ctx, StreamNotifications, ""); err != nil {
				t.Errorf("syncing stalled after the post: %v", err)
			}
			if tt.wantErr {
				calls := len(d.srv.Calls())
				_, err := c.Reply(ctx, r)
				if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.RateLimited {
					t.Errorf("second post in a spent window: %v", err)
				}
				if n := len(d.srv.Calls()) - calls; n > 1 { // at most the parent lookup
					t.Errorf("a post in a spent window asked the server %d times", n)
				}
			}
		})
	}
}

func TestReplyVisibility(t *testing.T) {
	tests := []struct{ want, parent, got string }{
		{"public", "", "public"},
		{"public", "public", "public"},
		{"public", "unlisted", "unlisted"},
		{"public", "private", "private"},
		{"public", "mutuals_only", "mutuals_only"},
		{"public", "direct", "direct"},
		{"unlisted", "public", "unlisted"},
		{"unlisted", "private", "private"},
		{"unlisted", "direct", "direct"},
		{"direct", "public", "direct"},
		{"public", "limited", "direct"}, // unknown: only the mentioned customer
	}
	for _, tt := range tests {
		if got := replyVisibility(tt.want, tt.parent); got != tt.got {
			t.Errorf("replyVisibility(%q, %q) = %q, want %q", tt.want, tt.parent, got, tt.got)
		}
	}
}

// TestReplyNeverWidens: a public reply to a post seen only by a few goes
// out with at most the post's visibility, whether the connector saw the
// post while syncing or has to ask the server.
func TestReplyNeverWidens(t *testing.T) {
	tests := []struct {
		name, publicVis, parentVis, want string
		synced                           bool // the parent came by Fetch first
	}{
		{"public to public", "public", "public", "public", false},
		{"public to unlisted", "public", "unlisted", "unlisted", false},
		{"public to private", "public", "private", "private", false},
		{"public to private, synced", "public", "private", "private", true},
		{"public to direct", "public", "direct", "direct", false},
		{"unlisted to public", "unlisted", "public", "unlisted", false},
		{"unlisted to private", "unlisted", "private", "private", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDouble(t)
			d.seed()
			c, err := New(connector.Config{Settings: map[string]string{"instance": d.srv.URL, "public_visibility": tt.publicVis},
				Secrets: map[string]string{"access_token": d.token}, HTTP: d.srv.Client()})
			if err != nil {
				t.Fatal(err)
			}
			d.mu.Lock()
			parent := d.addStatus(carol, tt.parentVis, "", `<p>@askbrand where is my parcel?</p>`, true)
			d.mu.Unlock()
			if tt.synced {
				if _, err := c.Fetch(context.Background(), StreamNotifications, ""); err != nil {
					t.Fatal(err)
				}
			}
			r := connector.Reply{IdempotencyKey: "k", ConversationRemoteID: parent, Kind: inbox.KindPublic, Visibility: connector.Public,
				InReplyTo: parent, Customer: inbox.Participant{Username: "carol@social.example"}, Text: "Checking now."}
			if _, err := c.Reply(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			if got := d.posted[len(d.posted)-1].Get("visibility"); got != tt.want {
				t.Errorf("visibility = %q, want %q", got, tt.want)
			}
		})
	}
}
