package facebook

import (
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// Every Messenger conversation the Page has arrives, newest first, each
// message once, resuming from Graph's cursor after a restart.
func TestBackfillAllConversations(t *testing.T) {
	_, d := setup(t)
	d.AddConversations(1000)
	mk := func() connector.Backfiller {
		c, err := New(connector.Config{Settings: map[string]string{"page_id": pageID, "base": d.URL + "/v21.0"},
			Secrets: map[string]string{"page_token": d.Token}, HTTP: d.Client()})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w := connectortest.WalkBackfill(t, mk, StreamMessenger, 13)
	w.ExactlyOnce(t, d.Listed())
	if w.Pages != (1000+1+24)/25 {
		t.Errorf("%d pages of 25", w.Pages)
	}
}
