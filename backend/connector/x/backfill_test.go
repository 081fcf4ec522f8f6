package x

import (
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// Mentions walk back to the end of X's window (800 posts), DMs to their
// first event, newest first, each once, resuming from the cursor.
func TestBackfillWithinTheWindow(t *testing.T) {
	_, d := setup(t)
	d.AddInbound(2000) // 1000 mentions and 1000 DMs, alternating
	mk := func() connector.Backfiller {
		c, err := New(config(d, map[string]string{"access_token": "at-0", "refresh_token": "rt-0"}))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w := connectortest.WalkBackfill(t, mk, StreamMentions, 3)
	w.ExactlyOnce(t, mentionsWindow)
	w = connectortest.WalkBackfill(t, mk, StreamDMs, 4)
	w.ExactlyOnce(t, 1000+2) // the seed holds two DMs
}
