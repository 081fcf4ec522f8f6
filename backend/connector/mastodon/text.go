package mastodon

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// PlainText turns a status's HTML content into plain text: tags are
// dropped, entities decoded, and paragraphs and line breaks kept as
// newlines. The result is never HTML: the UI renders it as text, and a
// customer's message must not be able to inject markup.
func PlainText(content string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(content))
	skip := 0       // inside <script>/<style>, whose text is not content
	var open []link // <a> elements not yet closed
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// io.EOF or malformed input: either way, what was read is the text.
			return tidy(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text()) // Text() has entities decoded already
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "a":
				switch tt {
				case html.StartTagToken:
					open = append(open, link{href: attr(z, "href"), class: attr(z, "class"), start: b.Len()})
				case html.EndTagToken:
					if n := len(open); n > 0 {
						l := open[n-1]
						open = open[:n-1]
						l.finish(&b)
					}
				}
			case "br":
				b.WriteByte('\n')
			case "p", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6":
				if tt == html.EndTagToken {
					b.WriteString("\n\n")
				}
			case "li":
				if tt == html.StartTagToken {
					b.WriteString("\n• ")
				}
			}
		}
	}
}

// link is an open <a>: its target and where its shown text starts.
type link struct {
	href, class string
	start       int
}

// finish shows the link's address after its text when the two differ:
// "click here" must not hide where it leads, since the UI shows text
// only. Mastodon's own links keep their shown text: mentions and
// hashtags (class "mention"), and auto-linked addresses, whose text
// (with the invisible and ellipsis spans) is the address itself.
func (l link) finish(b *strings.Builder) {
	if !isWebURL(l.href) || strings.Contains(" "+l.class+" ", " mention ") || strings.Contains(" "+l.class+" ", " hashtag ") {
		return
	}
	shown := strings.TrimSpace(b.String()[l.start:])
	switch {
	case shown == "":
		b.WriteString(l.href)
	case sameAddress(shown, l.href), profileOrTag(shown, l.href):
	default:
		b.WriteString(" (" + l.href + ")")
	}
}

// profileOrTag reports whether shown text is a mention or hashtag naming
// href's own path ("@mia" → …/@mia, "#bread" → …/tags/bread): servers and
// archives that leave out Mastodon's "mention" class (an outbox.json of
// another server, an h-card without it) still write mentions so.
func profileOrTag(shown, href string) bool {
	if len(shown) < 2 || shown[0] != '@' && shown[0] != '#' {
		return false
	}
	name, _, _ := strings.Cut(shown[1:], "@")
	u, err := url.Parse(href)
	if err != nil || name == "" {
		return false
	}
	path := strings.ToLower(u.Path)
	name = strings.ToLower(name)
	return strings.HasSuffix(path, "/@"+name) || strings.HasSuffix(path, "/"+name) || strings.HasSuffix(path, "/tags/"+name)
}

// sameAddress reports whether shown text names href: the address itself,
// or it without its scheme or trailing slash, as Mastodon abbreviates.
func sameAddress(shown, href string) bool {
	trim := func(s string) string {
		s = strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(s), "https://"), "http://")
		return strings.TrimSuffix(strings.TrimPrefix(s, "www."), "/")
	}
	return trim(shown) == trim(href)
}

// attr is the value of the current tag's attribute key ("" if none).
func attr(z *html.Tokenizer, key string) string {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return string(v)
		}
		if !more {
			return ""
		}
	}
}

// tidy trims trailing spaces on each line and collapses runs of blank
// lines, so paragraph breaks stay one empty line.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if strings.TrimSpace(l) == "" {
			blank++
			if blank > 1 {
				continue
			}
			l = ""
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
