package mastodon

import (
	"os"
	"testing"

	gomasto "github.com/mattn/go-mastodon"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs", "<p>one</p><p>two</p>", "one\n\ntwo"},
		{"line breaks", "<p>a<br>b<br/>c</p>", "a\nb\nc"},
		{"entities", "<p>Tom &amp; Jerry &lt;3 &#39;quoted&#39; &quot;x&quot;</p>", "Tom & Jerry <3 'quoted' \"x\""},
		{"mention", `<p><span class="h-card"><a href="https://x/@bob" class="u-url mention">@<span>bob</span></a></span> hi</p>`, "@bob hi"},
		{"link keeps full url", `<p><a href="https://example.com/a/long"><span class="invisible">https://</span><span class="ellipsis">example.com/a</span><span class="invisible">/long</span></a></p>`, "https://example.com/a/long"},
		{"script dropped", "<p>hi<script>alert(1)</script></p>", "hi"},
		{"hostile markup is text", "<p>&lt;img src=x onerror=alert(1)&gt;</p>", "<img src=x onerror=alert(1)>"},
		{"blank lines collapse", "<p>a</p><p></p><p></p><p>b</p>", "a\n\nb"},
		{"plain text", "no tags at all", "no tags at all"},
		{"nbsp", "a&nbsp;b", "a b"},
		{"link text differs: address shown", `<p><a href="https://x.example/a">click</a> now</p>`, "click (https://x.example/a) now"},
		{"lookalike text: real address shown", `<a href="https://evil.example/login">https://shop.example/login</a>`, "https://shop.example/login (https://evil.example/login)"},
		{"text is the address without scheme", `<a href="https://shop.example/a/">shop.example/a</a>`, "shop.example/a"},
		{"empty link text: the address", `see <a href="https://x.example/i.png"></a>`, "see https://x.example/i.png"},
		{"hashtag keeps its text", `<a href="https://x/tags/acme" class="mention hashtag" rel="tag">#<span>Acme</span></a>`, "#Acme"},
		{"non-web href not shown", `<a href="javascript:alert(1)">hi</a>`, "hi"},
		{"mention without the class (another server's archive)", `<span class="h-card"><a href="https://other.example/@mia">@mia</a></span> hi`, "@mia hi"},
		{"remote mention naming its profile", `<a href="https://other.example/users/mia">@mia@other.example</a>`, "@mia@other.example"},
		{"hashtag without the class", `<a href="https://x.example/tags/bread">#Bread</a>`, "#Bread"},
		{"an @ text pointing elsewhere: address shown", `<a href="https://evil.example/login">@mia</a>`, "@mia (https://evil.example/login)"},
	}
	for _, tt := range tests {
		if got := PlainText(tt.in); got != tt.want {
			t.Errorf("%s: PlainText(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestPlainTextFixture converts a status body as Mastodon 4 renders it.
func TestPlainTextFixture(t *testing.T) {
	in, err := os.ReadFile("testdata/status_content.html")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/status_content.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := PlainText(string(in)); got != string(want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestStatusLink(t *testing.T) {
	tests := []struct{ name, url, uri, want string }{
		{"url", "https://example.org/@a/1", "https://example.org/users/a/statuses/1", "https://example.org/@a/1"},
		{"javascript url falls back to uri", "javascript:alert(1)", "https://example.org/users/a/statuses/1", "https://example.org/users/a/statuses/1"},
		{"data url, tag uri", "data:text/html,<script>", "tag:example.org,2024:1", ""},
		{"JavaScript in capitals", "JavaScript:alert(1)", "", ""},
		{"no host", "https:///x", "", ""},
		{"plain http", "http://example.org/@a/1", "", "http://example.org/@a/1"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		if got := statusLink(&gomasto.Status{URL: tt.url, URI: tt.uri}); got != tt.want {
			t.Errorf("%s: statusLink(%q, %q) = %q, want %q", tt.name, tt.url, tt.uri, got, tt.want)
		}
	}
}
