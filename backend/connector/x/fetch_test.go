package x

import (
	"context"
	"strings"
	"testing"
)

// A post over 280 characters arrives whole: X's text field holds only its
// first 280, the long form is in note_post (note_tweet in older docs).
func TestLongPostText(t *testing.T) {
	full := strings.Repeat("my order never came and nobody answers ", 12)
	short := full[:280]
	for _, tc := range []struct {
		name, extra, want string
	}{
		{"plain post", ``, short},
		{"note_post", `,"note_post":{"text":"` + full + `"}`, full},
		{"note_tweet", `,"note_tweet":{"text":"` + full + `"}`, full},
		{"empty note", `,"note_post":{"text":""}`, short},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"data":[{"id":"1900000000000000002","text":"` + short + `","author_id":"22","created_at":"2026-11-23T09:00:00Z"` + tc.extra + `}],"meta":{"result_count":1}}`
			p, err := routed(t, newRoutes(map[string]answer{mentionsRoute: {200, nil, body}})).Fetch(context.Background(), StreamMentions, "")
			if err != nil || len(p.Conversations) != 1 {
				t.Fatalf("page %+v, %v", p, err)
			}
			if got := p.Conversations[0].Messages[0].Text; got != tc.want {
				t.Errorf("text = %q (%d bytes), want %d bytes", got, len(got), len(tc.want))
			}
		})
	}
}

// The double, held to the contract, serves a long post: the request's
// post.fields may ask for note_post and the answer may carry it.
func TestLongPostThroughDouble(t *testing.T) {
	c, d := setup(t)
	full := strings.Repeat("still waiting for the refund, day ", 10)
	d.mu.Lock()
	d.mention(ben, full[:280], "", "")
	d.mentions[0]["note_post"] = map[string]any{"text": full}
	d.mu.Unlock()
	p, err := c.Fetch(context.Background(), StreamMentions, "")
	if err != nil {
		t.Fatal(err)
	}
	last := p.Conversations[len(p.Conversations)-1].Messages
	if got := last[len(last)-1].Text; got != full {
		t.Errorf("text = %q", got)
	}
}

// X escapes &, < and > in post text; the inbox shows what the customer wrote.
func TestPostTextUnescaped(t *testing.T) {
	for _, tc := range []struct{ sent, want string }{
		{`R&amp;D &lt;3 &gt;:(`, `R&D <3 >:(`},
		{`typed &amp;amp; literally`, `typed &amp; literally`},
		{`&quot;kept&quot; &#39;as is&#39;`, `&quot;kept&quot; &#39;as is&#39;`},
	} {
		body := `{"data":[{"id":"1900000000000000002","text":"x","note_post":{"text":"` + tc.sent + `"},"author_id":"22","created_at":"2026-11-23T09:00:00Z"},` +
			`{"id":"1900000000000000001","text":"` + tc.sent + `","author_id":"22","created_at":"2026-11-23T08:00:00Z"}],"meta":{"result_count":2}}`
		p, err := routed(t, newRoutes(map[string]answer{mentionsRoute: {200, nil, body}})).Fetch(context.Background(), StreamMentions, "")
		if err != nil || len(p.Conversations) != 2 {
			t.Fatalf("page %+v, %v", p, err)
		}
		for _, conv := range p.Conversations {
			if got := conv.Messages[0].Text; got != tc.want {
				t.Errorf("%q → %q, want %q", tc.sent, got, tc.want)
			}
		}
	}
}
