package bluesky

import (
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// Notifications walk back to the first with the API's cursor, newest
// first, each once (likes left out), and a restart resumes from the cursor.
func TestBackfillNotificationsToTheEnd(t *testing.T) {
	_, d := setup(t)
	const n = 2500
	d.AddInbound(n)
	mk := func() connector.Backfiller {
		c, err := New(connector.Config{Settings: map[string]string{"handle": "@shop.bsky.social", "pds": d.srv.URL},
			Secrets: map[string]string{"app_password": d.password}, HTTP: d.srv.Client()})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w := connectortest.WalkBackfill(t, mk, StreamNotifications, 11)
	// The seed holds a mention, a reply and a quote besides a like.
	w.ExactlyOnce(t, n+3)
	if want := (n + 3 + pageLimit - 1) / pageLimit; w.Pages != want {
		t.Errorf("%d pages, want %d", w.Pages, want)
	}
}

func TestBackfillHasNoChatHistory(t *testing.T) {
	c, _ := setup(t)
	if got := c.BackfillStreams(); len(got) != 1 || got[0] != StreamNotifications {
		t.Fatalf("backfill streams %v", got)
	}
	if _, err := c.Backfill(t.Context(), StreamChat, ""); err == nil {
		t.Fatal("a chat backfill was accepted")
	}
}
