package mastodon

import (
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
	skip := 0 // inside <script>/<style>, whose text is not content
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
