package x

import (
	"context"
	"strings"
	"testing"

	"careinbox/backend/connector"
)

// Customers' links arrive as t.co; the stored text has the link they wrote
// when it is a plain http(s) one, through mentions (and their long form)
// and listening searches, all checked against the contract by the double.
func TestLinksExpanded(t *testing.T) {
	long := "https://example.com/" + strings.Repeat("a", maxLinkLength)
	cases := []struct {
		name, expanded, want string
	}{
		{"https link", "https://shop.example.com/orders/7?x=1&y=2", "see https://shop.example.com/orders/7?x=1&y=2 & thanks"},
		{"http link", "http://example.org/a", "see http://example.org/a & thanks"},
		{"javascript: stays t.co", "javascript:alert(1)", "see https://t.co/Ab00000001 & thanks"},
		{"data: stays t.co", "data:text/html,<b>hi</b>", "see https://t.co/Ab00000001 & thanks"},
		{"no host stays t.co", "https:///path", "see https://t.co/Ab00000001 & thanks"},
		{"user info stays t.co", "https://bank.example@evil.example/", "see https://t.co/Ab00000001 & thanks"},
		{"hidden bidi override stays t.co", "https://example.com/\u202egpj.exe", "see https://t.co/Ab00000001 & thanks"},
		{"newline stays t.co", "https://example.com/\nCall 555", "see https://t.co/Ab00000001 & thanks"},
		{"over the cap stays t.co", long, "see https://t.co/Ab00000001 & thanks"},
		{"empty stays t.co", "", "see https://t.co/Ab00000001 & thanks"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, d := setup(t)
			d.mu.Lock()
			id := d.mention(ana, "", "", "")
			m := d.mentions[0]
			m["text"] = "see https://t.co/Ab00000001 &amp; thanks"
			m["entities"] = map[string]any{"urls": []any{map[string]any{"start": 4, "end": 27, "url": "https://t.co/Ab00000001",
				"expanded_url": tc.expanded, "display_url": "example.com/…"}}}
			d.mu.Unlock()
			p, err := c.Fetch(context.Background(), StreamMentions, "")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, conv := range p.Conversations {
				for _, msg := range conv.Messages {
					if msg.RemoteID == id {
						got = msg.Text
					}
				}
			}
			if got != tc.want {
				t.Errorf("stored text %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLinksExpandedInLongPostsAndSearch(t *testing.T) {
	c, d := setup(t)
	d.mu.Lock()
	id := d.mention(ana, "#acme see https://t.co/Ab00000001 …", "", "")
	d.mentions[0]["note_post"] = map[string]any{"text": "#acme see https://t.co/Ab00000002 and https://t.co/Ab00000003, long",
		"entities": map[string]any{"urls": []any{
			map[string]any{"start": 10, "end": 33, "url": "https://t.co/Ab00000002", "expanded_url": "https://a.example/x"},
			// An expanded link that holds another t.co link is not rewritten again.
			map[string]any{"start": 38, "end": 61, "url": "https://t.co/Ab00000003", "expanded_url": "https://b.example/?u=https://t.co/Ab00000002"},
		}}}
	d.mu.Unlock()
	want := "#acme see https://a.example/x and https://b.example/?u=https://t.co/Ab00000002, long"
	p, err := c.Fetch(context.Background(), StreamMentions, "")
	if err != nil {
		t.Fatal(err)
	}
	if m := p.Conversations[len(p.Conversations)-1].Messages[0]; m.RemoteID != id || m.Text != want {
		t.Errorf("mention %s: %q, want %q", m.RemoteID, m.Text, want)
	}
	s, err := c.Search(context.Background(), connector.SearchQuery{Term: "acme", Hashtag: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Posts) != 1 || s.Posts[0].Text != want {
		t.Errorf("search = %+v, want %q", s.Posts, want)
	}
}

// A customer's links in a DM arrive as t.co too, and are stored as they
// wrote them, with the same care as in posts.
func TestDMLinksExpanded(t *testing.T) {
	for _, tc := range []struct{ name, expanded, want string }{
		{"https", "https://shop.example/order/77", "my order: https://shop.example/order/77"},
		{"javascript stays t.co", "javascript:alert(1)", "my order: https://t.co/Dm00000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, d := setup(t)
			d.mu.Lock()
			id := d.dm(ben, own, "my order: https://t.co/Dm00000001")
			d.dms[0]["entities"] = map[string]any{"urls": []any{map[string]any{"start": 10, "end": 33, "url": "https://t.co/Dm00000001",
				"expanded_url": tc.expanded, "display_url": "shop.example/order/77"}}}
			d.mu.Unlock()
			p, err := c.Fetch(context.Background(), StreamDMs, "")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, conv := range p.Conversations {
				for _, msg := range conv.Messages {
					if msg.RemoteID == "dm:"+id {
						got = msg.Text
					}
				}
			}
			if got != tc.want {
				t.Errorf("stored text %q, want %q", got, tc.want)
			}
		})
	}
}
