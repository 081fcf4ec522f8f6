package bluesky

import (
	"context"
	"strings"
	"testing"

	"careinbox/backend/connector"
)

func TestSearch(t *testing.T) {
	ctx := context.Background()
	c, d := setup(t)
	d.mu.Lock()
	first := d.post(ana, "my Acme bag arrived torn", "", "")
	d.posts[first]["record"].(map[string]any)["langs"] = []any{"en"}
	d.mu.Unlock()

	p, err := c.Search(ctx, connector.SearchQuery{Term: "acme", Language: "en"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Posts) != 1 || p.Posts[0].RemoteID != first || p.Posts[0].Text != "my Acme bag arrived torn" || p.Posts[0].Language != "en" {
		t.Fatalf("search = %+v", p.Posts)
	}
	if !strings.HasPrefix(p.Posts[0].URL, "https://bsky.app/profile/ana.bsky.social/post/") || p.Posts[0].Reach != 3 || p.Cursor == "" {
		t.Fatalf("post = %+v, cursor %q", p.Posts[0], p.Cursor)
	}

	d.mu.Lock()
	second := d.post(ben, "acme support is slow", "", "")
	d.mu.Unlock()
	next, err := c.Search(ctx, connector.SearchQuery{Term: "acme"}, p.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	// since is inclusive: the boundary post may come again, the new one must.
	var got []string
	for _, x := range next.Posts {
		got = append(got, x.RemoteID)
	}
	if len(got) == 0 || got[len(got)-1] != second || next.Cursor <= p.Cursor {
		t.Fatalf("next search = %v (cursor %q → %q)", got, p.Cursor, next.Cursor)
	}
}
