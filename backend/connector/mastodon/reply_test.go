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
