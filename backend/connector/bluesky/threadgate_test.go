package bluesky

import (
	"context"
	"strings"
	"testing"

	"careinbox/backend/connector"
)

// A thread whose root's threadgate leaves us out (viewer.replyDisabled in
// app.bsky.feed.defs#viewerState): the PDS would accept the reply, but the
// AppView marks it violatesThreadGate and hides it, so the customer would
// never see an answer the inbox counts as sent. It is refused before
// anything is posted.
func TestReplyToGatedThread(t *testing.T) {
	tests := []struct {
		name  string
		gated bool
	}{
		{"gate leaves us out", true},
		{"no gate", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			r := publicReply(t, c, "gate-"+tt.name, "We are on it.")
			d.mu.Lock()
			d.posts[r.InReplyTo]["gated"] = tt.gated
			d.mu.Unlock()
			_, err := c.Reply(context.Background(), r)
			if !tt.gated {
				if err != nil || len(d.created) != 1 {
					t.Fatalf("reply = %v, %d posts", err, len(d.created))
				}
				return
			}
			ce, ok := connector.Classify(err)
			if !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "privately") || len(d.created) != 0 {
				t.Fatalf("reply into a gated thread = %v, %d posts; want a permanent refusal and none", err, len(d.created))
			}
		})
	}
}
