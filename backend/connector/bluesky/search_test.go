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

// A found post's link shortened by the app comes with its complete URL.
func TestSearchKeepsFullLink(t *testing.T) {
	c, d := setup(t)
	d.mu.Lock()
	uri := d.post(ana, "acme lost it: track.example/x/99...", "", "")
	start := len("acme lost it: ")
	d.posts[uri]["record"].(map[string]any)["facets"] = []any{map[string]any{
		"index":    map[string]any{"byteStart": start, "byteEnd": len("acme lost it: track.example/x/99...")},
		"features": []any{map[string]any{"$type": "app.bsky.richtext.facet#link", "uri": "https://track.example/x/9912345"}}}}
	d.mu.Unlock()
	p, err := c.Search(context.Background(), connector.SearchQuery{Term: "acme"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Posts) != 1 || p.Posts[0].Text != "acme lost it: https://track.example/x/9912345" {
		t.Fatalf("search = %+v", p.Posts)
	}
}
