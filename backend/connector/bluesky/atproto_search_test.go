//go:build atproto

package bluesky

import (
	"context"
	"fmt"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/bluesky/atprototest"
)

// The dev network's AppView serves app.bsky.feed.searchPosts from its own
// data plane: a case-sensitive substring match on the post text, newest
// first, which ignores since, lang and tag (the production AppView hands
// these to its search service). So the test searches for a word exactly as
// written, and checks what the connector does on a repeat: nothing newer
// than the cursor comes back as new (the boundary post may come again, as
// since is inclusive; listening's store drops it).
func TestAtprotoSearchPosts(t *testing.T) {
	n := atprototest.Open(t)
	c := realConnector(t, n, n.Accounts["shop"], nil)
	word := fmt.Sprintf("Zorblax%d", time.Now().UnixNano()%1_000_000)
	first := n.Post(atprototest.PostOpts{As: "ana", Text: "my " + word + " bag broke"})
	ctx := context.Background()
	p, err := c.Search(ctx, connector.SearchQuery{Term: word}, "")
	if err != nil {
		t.Fatalf("searchPosts on the real AppView: %v", err)
	}
	if len(p.Posts) != 1 || p.Posts[0].RemoteID != first.URI || p.Posts[0].Text != "my "+word+" bag broke" {
		t.Fatalf("search = %+v: want ana's post", p.Posts)
	}
	if p.Posts[0].Author.Username != n.Accounts["ana"].Handle || p.Posts[0].URL == "" || p.Cursor == "" {
		t.Errorf("post = %+v, cursor %q", p.Posts[0], p.Cursor)
	}
	second := n.Post(atprototest.PostOpts{As: "ben", Text: word + " support is slow"})
	next, err := c.Search(ctx, connector.SearchQuery{Term: word}, p.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, x := range next.Posts {
		seen[x.RemoteID] = true
	}
	if !seen[second.URI] {
		t.Fatalf("second search = %+v: want ben's new post", next.Posts)
	}
}
