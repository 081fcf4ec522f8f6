package mastodon

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// FuzzPlainText: any status content (a stranger's HTML) converts without a
// panic into text of bounded size, valid UTF-8 when the input was.
func FuzzPlainText(f *testing.F) {
	if b, err := os.ReadFile("testdata/status_content.html"); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		"<p>one</p><p>two</p>", "<p>a<br>b<br/>c</p>", "Tom &amp; Jerry &lt;3 &nGt; &#x1F600; &#0;",
		"<ul><li>a<li>b</ul>", "<script>x<script>y</script>z</script>w", "<style>p{}</style>", "<p",
		"<blockquote><blockquote><blockquote>deep</blockquote></blockquote></blockquote>",
		"\x00\xff\xfe<br>&", "a&nbsp;&nbsp;b\r\n\r\n\r\nc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := PlainText(in)
		if len(out) > 3*len(in)+8 {
			t.Fatalf("PlainText made %d bytes of %d", len(out), len(in))
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 in, invalid out: %q", out)
		}
	})
}

const fuzzOwn = `{"id":"1","username":"askbrand","acct":"askbrand","display_name":"Ask Brand"}`

// FuzzFetch: any answer to the notifications or conversations request
// (status and body) gives a page of bounded size or a classified error of
// readable size, never a panic.
func FuzzFetch(f *testing.F) {
	status := `{"id":"7","created_at":"2026-11-23T09:00:00.000Z","in_reply_to_id":%s,"visibility":"%s","content":"<p>@askbrand hi &amp; bye</p>","spoiler_text":"","url":"https://x/@a/7","account":{"id":"2","acct":"alice@example.org","display_name":"Alice"},"media_attachments":[{}]}`
	public := strings.Replace(strings.Replace(status, "%s", "null", 1), "%s", "public", 1)
	reply := strings.Replace(strings.Replace(status, "%s", `"5"`, 1), "%s", "unlisted", 1)
	direct := strings.Replace(strings.Replace(status, "%s", "null", 1), "%s", "direct", 1)
	for _, s := range []struct {
		conversations bool
		status        int
		body          string
	}{
		{false, 200, `[{"id":"10","type":"mention","status":` + public + `},{"id":"11","type":"mention","status":` + reply + `},{"id":"12","type":"mention","status":` + direct + `}]`},
		{false, 200, `[{"id":"13","type":"favourite"},{"id":"14","type":"mention","status":null}]`},
		{false, 200, `[]`},
		{true, 200, `[{"id":"c2","unread":true,"accounts":[{"id":"2","acct":"alice"}],"last_status":` + direct + `},{"id":"c3","accounts":[],"last_status":null}]`},
		{false, 401, `{"error":"The access token is invalid"}`},
		{false, 422, `{"error":"Validation failed"}`},
		{false, 429, `{"error":"Too many requests"}`},
		{true, 503, `<html>Maintenance</html>`},
		{false, 200, `{"ok":true`},
	} {
		f.Add(s.conversations, s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, conversations bool, status int, body []byte) {
		canned := connectortest.Canned{Status: status, Body: body, Fixed: map[string]string{
			"/api/v1/accounts/verify_credentials": fuzzOwn,
			"/api/v1/statuses/":                   `{"ancestors":[{"id":"3","content":"root"}],"descendants":[]}`,
		}}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		c, err := New(connector.Config{Settings: map[string]string{"instance": "https://example.org"},
			Secrets: map[string]string{"access_token": "tok"}, HTTP: canned.Client(), Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		stream := StreamNotifications
		if conversations {
			stream = StreamConversations
		}
		p, err := c.Fetch(context.Background(), stream, "")
		if err != nil {
			connectortest.CheckError(t, err, now)
			return
		}
		connectortest.CheckPage(t, p, canned.InputSize())
	})
}
