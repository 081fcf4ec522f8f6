package bluesky

import (
	"context"
	"slices"
	"testing"

	"careinbox/backend/connector"
)

// A URL in a post is a link only with a link facet
// (docs.bsky.app/docs/advanced-guides/post-richtext): its byte range in the
// UTF-8 text and the URI. Detection follows @atproto/api's detectFacets for
// http(s) URLs (trailing punctuation and an unbalanced ")" left out); other
// schemes are never made links.
func TestLinkFacets(t *testing.T) {
	type link struct {
		text, uri string
		start     int
	}
	tests := []struct {
		name, text string
		want       []link
	}{
		{"plain", "see https://shop.example/track?id=7", []link{{"https://shop.example/track?id=7", "https://shop.example/track?id=7", 4}}},
		{"after multi-byte text", "🌷 é https://shop.example/ä", []link{{"https://shop.example/ä", "https://shop.example/ä", len("🌷 é ")}}},
		{"full stop after", "Tracking: https://shop.example/t/1.", []link{{"https://shop.example/t/1", "https://shop.example/t/1", 10}}},
		{"in parentheses", "(see http://shop.example/a)", []link{{"http://shop.example/a", "http://shop.example/a", 5}}},
		{"balanced parentheses kept", "(https://en.example/A_(b))", []link{{"https://en.example/A_(b))", "https://en.example/A_(b))", 1}}},
		{"two, after a newline", "one https://a.example\nhttps://b.example/x!", []link{
			{"https://a.example", "https://a.example", 4}, {"https://b.example/x", "https://b.example/x", 22}}},
		{"javascript is not a link", "click javascript:alert(1)", nil},
		{"ftp is not a link", "ftp://files.example/f and mailto:a@b.example", nil},
		{"inside a word", "xhttps://shop.example", nil},
		{"no host", "https:// is the start", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []link
			for _, f := range linkFacets(tt.text) {
				s, e := f.Index.ByteStart, f.Index.ByteEnd
				if len(f.Features) != 1 || f.Features[0]["$type"] != "app.bsky.richtext.facet#link" {
					t.Fatalf("features = %v", f.Features)
				}
				got = append(got, link{tt.text[s:e], f.Features[0]["uri"], s})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("links = %+v; want %+v", got, tt.want)
			}
		})
	}
}

// A public reply carries a link facet for each URL, at its place in the
// text as posted ("@handle " in front included), and a mention of the
// customer inside a URL is part of the URL, not the mention.
func TestReplyLinkFacets(t *testing.T) {
	tests := []struct {
		name, text string
		mentionAt  int
		links      []string
	}{
		{"prefix shifts the link", "Track it: https://shop.example/t/9.", 0, []string{"https://shop.example/t/9"}},
		{"mention kept in place", "Hej @ana.bsky.social, see https://shop.example/ø", len("Hej "), []string{"https://shop.example/ø"}},
		{"mention inside a URL", "https://bsky.app/profile/@ana.bsky.social", 0, []string{"https://bsky.app/profile/@ana.bsky.social"}},
		{"no link", "Thanks!", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			if _, err := c.Reply(context.Background(), publicReply(t, c, "link-"+tt.name, tt.text)); err != nil {
				t.Fatal(err)
			}
			rec := d.created[0]["record"].(map[string]any)
			text := rec["text"].(string)
			var links []string
			mentions, end := 0, -1
			for _, fv := range rec["facets"].([]any) {
				f := fv.(map[string]any)
				idx := f["index"].(map[string]any)
				s, e := int(idx["byteStart"].(float64)), int(idx["byteEnd"].(float64))
				if s < end {
					t.Errorf("facets overlap or are out of order at %d", s)
				}
				end = e
				feat := f["features"].([]any)[0].(map[string]any)
				switch feat["$type"] {
				case "app.bsky.richtext.facet#mention":
					mentions++
					if s != tt.mentionAt || text[s:e] != "@ana.bsky.social" {
						t.Errorf("mention %d..%d = %q", s, e, text[s:e])
					}
				case "app.bsky.richtext.facet#link":
					if text[s:e] != feat["uri"] {
						t.Errorf("link facet covers %q but points at %q", text[s:e], feat["uri"])
					}
					links = append(links, feat["uri"].(string))
				}
			}
			if mentions != 1 || !slices.Equal(links, tt.links) {
				t.Errorf("%q: %d mentions, links %v; want 1, %v", text, mentions, links, tt.links)
			}
		})
	}
}

// The AppView shows "handle.invalid" for an account whose handle no longer
// verifies; "@handle.invalid " in front of a reply mentions no one the
// customer would recognise, so the reply goes without the prefix.
func TestNoMentionOfAnInvalidHandle(t *testing.T) {
	tests := []struct{ handle, want string }{
		{"handle.invalid", "Thanks!"},
		{"ana.bsky.social", "@ana.bsky.social Thanks!"},
	}
	for _, tt := range tests {
		if got, _ := withMention("Thanks!", tt.handle, "did:plc:ana"); got != tt.want {
			t.Errorf("withMention(%q) = %q; want %q", tt.handle, got, tt.want)
		}
	}
}

// A chat reply's links are facets too (chat.bsky.convo.defs#messageInput
// takes the same richtext facets): without them the Bluesky app shows the
// address as plain text the customer cannot tap.
func TestReplyPrivateLinks(t *testing.T) {
	c, d := setup(t)
	text := "Ja! 👍 https://shop.example/p/blue"
	if _, err := c.Reply(context.Background(), connector.Reply{ConversationRemoteID: "convo:convo-ben", Visibility: connector.Private, Text: text}); err != nil {
		t.Fatal(err)
	}
	if len(d.sentChat) != 1 {
		t.Fatalf("sent %d chat messages", len(d.sentChat))
	}
	msg := d.sentChat[0]["message"].(map[string]any)
	fs, _ := msg["facets"].([]any)
	if msg["text"] != text || len(fs) != 1 {
		t.Fatalf("message = %v; want the text and one link facet", msg)
	}
	f := fs[0].(map[string]any)
	idx := f["index"].(map[string]any)
	s, e := int(idx["byteStart"].(float64)), int(idx["byteEnd"].(float64))
	feat := f["features"].([]any)[0].(map[string]any)
	if feat["$type"] != "app.bsky.richtext.facet#link" || text[s:e] != "https://shop.example/p/blue" || feat["uri"] != text[s:e] {
		t.Errorf("facet %d..%d %v", s, e, feat)
	}
}
