package mastodon

import (
	"context"
	"testing"

	"careinbox/backend/connector"
)

func TestSearch(t *testing.T) {
	ctx := context.Background()
	c, d := setup(t)
	d.mu.Lock()
	d.addStatus(carol, "public", "", `<p>my <a href="https://example.org/tags/acmebags" class="mention hashtag" rel="tag">#<span>AcmeBags</span></a> strap broke</p>`, false)
	d.addStatus(bob, "direct", "", `<p>acmebags private note</p>`, false)
	d.addStatus(alice, "public", "", `<p>Acme Bags are great</p>`, false)
	d.mu.Unlock()

	tag, err := c.Search(ctx, connector.SearchQuery{Term: "#acmebags", Hashtag: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(tag.Posts) != 1 || tag.Posts[0].Text != "my #AcmeBags strap broke" || tag.Posts[0].Author.Username != "carol@social.example" {
		t.Fatalf("hashtag search = %+v", tag.Posts)
	}
	if tag.Posts[0].URL == "" || tag.Posts[0].Language != "en" || tag.Cursor != tag.Posts[0].RemoteID {
		t.Fatalf("post = %+v, cursor %q", tag.Posts[0], tag.Cursor)
	}
	again, err := c.Search(ctx, connector.SearchQuery{Term: "acmebags", Hashtag: true}, tag.Cursor)
	if err != nil || len(again.Posts) != 0 || again.Cursor != tag.Cursor {
		t.Fatalf("second search = %+v, %v: want nothing new", again, err)
	}

	text, err := c.Search(ctx, connector.SearchQuery{Term: "acme bags"}, "")
	if err != nil || text.Unavailable != "" || len(text.Posts) != 1 || text.Posts[0].AuthorName != "Alice" {
		t.Fatalf("text search = %+v, %v", text, err)
	}

	d.mu.Lock()
	d.noSearch = true
	d.mu.Unlock()
	none, err := c.Search(ctx, connector.SearchQuery{Term: "acme bags"}, "")
	if err != nil || none.Unavailable == "" || len(none.Posts) != 0 {
		t.Fatalf("server without search = %+v, %v: want a note", none, err)
	}
}
