package mastodon

import (
	"fmt"
	"net/http"
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// addDirect opens n direct conversations, each with a new account.
func (d *double) addDirect(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range n {
		a := acct(fmt.Sprint(5000+i), fmt.Sprintf("dm%d@remote.example", i), fmt.Sprintf("DM %d", i))
		d.addStatus(a, "direct", "", "<p>@askbrand a private question</p>", true)
	}
}

// Both streams walk back to their first item, newest first, each once,
// following the Link header, and resume from the cursor after a restart.
func TestBackfillToTheEnd(t *testing.T) {
	_, d := setup(t)
	const mentions, directs = 2000, 300
	d.AddInbound(mentions)
	d.addDirect(directs)
	mk := func() connector.Backfiller {
		c, err := New(connector.Config{HandleID: 1, Settings: map[string]string{"instance": d.srv.URL},
			Secrets: map[string]string{"access_token": d.token}, HTTP: d.srv.Client()})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// The seed holds 3 mentions and 1 direct message too.
	w := connectortest.WalkBackfill(t, mk, StreamNotifications, 9)
	w.ExactlyOnce(t, mentions+directs+3)
	if want := (mentions+directs+3)/pageLimit + 2; w.Pages != want {
		t.Errorf("notifications: %d pages, want %d", w.Pages, want)
	}
	w = connectortest.WalkBackfill(t, mk, StreamConversations, 3)
	w.ExactlyOnce(t, directs+1)
}

func TestNextMaxIDFromLink(t *testing.T) {
	for _, tc := range []struct{ link, want string }{
		{`<https://m.example/api/v1/conversations?limit=40&max_id=77>; rel="next", <https://m.example/api/v1/conversations?min_id=99>; rel="prev"`, "77"},
		{`<https://m.example/api/v1/notifications?min_id=99>; rel="prev"`, ""},
		{``, ""},
		{`garbage`, ""},
	} {
		h := http.Header{}
		if tc.link != "" {
			h.Set("Link", tc.link)
		}
		if got := nextMaxID(h); got != tc.want {
			t.Errorf("nextMaxID(%q) = %q, want %q", tc.link, got, tc.want)
		}
	}
}
