package instagram

import (
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// Every Instagram DM conversation arrives, each message once, resuming
// from Graph's cursor after a restart.
func TestBackfillAllConversations(t *testing.T) {
	_, d := setup(t)
	d.AddConversations(600)
	mk := func() connector.Backfiller {
		c, err := New(connector.Config{Settings: map[string]string{"page_id": pageID, "base": d.URL + "/v21.0"},
			Secrets: map[string]string{"page_token": d.Token}, HTTP: d.Client()})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	w := connectortest.WalkBackfill(t, mk, StreamDMs, 5)
	w.ExactlyOnce(t, d.Listed())
}
