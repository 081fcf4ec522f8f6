package x

import (
	"context"
	"strings"
	"testing"

	"careinbox/backend/connector"
)

func TestSearchRecent(t *testing.T) {
	ctx := context.Background()
	c, d := setup(t)
	d.mu.Lock()
	first := d.mention(ana, "Is the Acme store open? #acme", "", "")
	d.mu.Unlock()
	p, err := c.Search(ctx, connector.SearchQuery{Term: "acme store", Language: "en"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Posts) != 1 || p.Posts[0].RemoteID != first || p.Posts[0].Author.Username != "ana_k" || p.Posts[0].Reach != 3 ||
		!strings.HasPrefix(p.Posts[0].URL, "https://x.com/ana_k/status/") || p.Cursor != first {
		t.Fatalf("search = %+v, cursor %q", p.Posts, p.Cursor)
	}
	d.mu.Lock()
	second := d.mention(ben, "#acme deliveries are slow", "", "")
	reads := d.requests["tweets/search/recent"]
	d.mu.Unlock()
	next, err := c.Search(ctx, connector.SearchQuery{Term: "acme", Hashtag: true}, p.Cursor)
	if err != nil || len(next.Posts) != 1 || next.Posts[0].RemoteID != second || next.Cursor != second {
		t.Fatalf("next search = %+v, %v", next, err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if got := d.requests["tweets/search/recent"] - reads; got != 1 {
		t.Errorf("one search made %d requests: every read is billed, one request per call", got)
	}
}
