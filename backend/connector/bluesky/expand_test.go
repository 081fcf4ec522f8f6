package bluesky

import (
	"context"
	"testing"
)

// The official app shortens a link in the text it posts ("shop.example/
// orders/12..."): "the text URL may have been simplified or truncated, but
// the facet reference should be a complete URL" (app.bsky.richtext.facet
// #link). The inbox keeps the complete http(s) URL; other schemes, broken
// offsets and overlaps leave the text as it is.
func TestExpandLinks(t *testing.T) {
	link := func(s, e int, uri string) recordFacet {
		var f recordFacet
		f.Index.ByteStart, f.Index.ByteEnd = s, e
		f.Features = []facetFeature{{Type: "app.bsky.richtext.facet#link", URI: uri}}
		return f
	}
	short := "my order shop.example/orders/8812... is late"
	full := "https://www.shop.example/orders/88123?tab=status"
	tests := []struct {
		name, text string
		facets     []recordFacet
		want       string
	}{
		{"shortened by the app", short, []recordFacet{link(9, 36, full)}, "my order " + full + " is late"},
		{"ellipsis character", "🚚 shop.example/a/b…", []recordFacet{link(5, 24, "https://shop.example/a/bcdef")}, "🚚 https://shop.example/a/bcdef"},
		{"already complete", "see https://shop.example/x", []recordFacet{link(4, 26, "https://shop.example/x")}, "see https://shop.example/x"},
		{"link text of its own", "read our FAQ please", []recordFacet{link(9, 12, "https://shop.example/faq")}, "read our FAQ (https://shop.example/faq) please"},
		{"javascript stays text", "click me", []recordFacet{link(0, 8, "javascript:alert(1)")}, "click me"},
		{"offsets past the end", "short", []recordFacet{link(2, 40, "https://a.example/")}, "short"},
		{"offsets inside a rune", "é shop.example", []recordFacet{link(1, 14, "https://shop.example/")}, "é shop.example"},
		{"mention facet untouched", "@ana.bsky.social hi", []recordFacet{{Features: []facetFeature{{Type: "app.bsky.richtext.facet#mention"}}}}, "@ana.bsky.social hi"},
		{"two links", "a.example/1... and b.example/2...", []recordFacet{link(19, 33, "https://b.example/22"), link(0, 14, "https://a.example/11")},
			"https://a.example/11 and https://b.example/22"},
		{"overlapping: the first wins", "a.example/1...", []recordFacet{link(0, 14, "https://a.example/11"), link(2, 9, "https://evil.example/")}, "https://a.example/11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := expandLinks(tt.text, tt.facets); got != tt.want {
				t.Errorf("expandLinks = %q; want %q", got, tt.want)
			}
		})
	}
}

// A mention whose link the app shortened reaches the inbox with the whole URL.
func TestNotificationKeepsFullLink(t *testing.T) {
	c, d := setup(t)
	uri := d.post(ana, "@shop.bsky.social photo of the damage: img.example/p/abc123...", "", "mention")
	text := d.posts[uri]["record"].(map[string]any)["text"].(string)
	start := len("@shop.bsky.social photo of the damage: ")
	facets := []any{map[string]any{"index": map[string]any{"byteStart": start, "byteEnd": len(text)},
		"features": []any{map[string]any{"$type": "app.bsky.richtext.facet#link", "uri": "https://img.example/p/abc123def456.jpg"}}}}
	d.posts[uri]["record"].(map[string]any)["facets"] = facets
	p, err := c.Fetch(context.Background(), StreamNotifications, "")
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, cv := range p.Conversations {
		for _, m := range cv.Messages {
			if m.RemoteID == uri {
				got = m.Text
			}
		}
	}
	if want := "@shop.bsky.social photo of the damage: https://img.example/p/abc123def456.jpg"; got != want {
		t.Errorf("text = %q; want %q", got, want)
	}
}

// So does a chat message.
func TestChatKeepsFullLink(t *testing.T) {
	c, d := setup(t)
	msg := d.chatIn("convo-ben", "did:plc:ben", "this one: shop.example/p/blue-m...")
	msg["facets"] = []any{map[string]any{"index": map[string]any{"byteStart": len("this one: "), "byteEnd": len("this one: shop.example/p/blue-m...")},
		"features": []any{map[string]any{"$type": "app.bsky.richtext.facet#link", "uri": "https://shop.example/p/blue-mug-large"}}}}
	p, err := c.Fetch(context.Background(), StreamChat, "")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, cv := range p.Conversations {
		for _, m := range cv.Messages {
			if m.RemoteID == "chat:"+msg["id"].(string) {
				found = m.Text == "this one: https://shop.example/p/blue-mug-large"
			}
		}
	}
	if !found {
		t.Errorf("chat page = %+v", p.Conversations)
	}
}
