package email

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Bounds on what one mail may turn into: without them a small mail of
// nested <blockquote>s repeats "> " thousands of times on every line and
// grows to hundreds of megabytes.
const (
	// maxQuoteDepth is the deepest quote shown as such; deeper levels keep
	// this many markers, which is as much as anyone can read.
	maxQuoteDepth = 5
	// maxRenderedBytes bounds the text made from one HTML part.
	maxRenderedBytes = 128 << 10
)

// htmlToText renders HTML mail as readable plain text: tags dropped,
// entities decoded, block elements and <br> become line breaks, quoted
// blocks get "> " so stripQuoted can treat them like plain-text quotes. No
// markup survives, so nothing from the mail can run in the app. The
// output stops at maxRenderedBytes (cut reports it).
func htmlToText(src string) (text string, cut bool) {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	quote := 0 // <blockquote> depth
	skip := 0  // inside <script>, <style>, <head>, <title>
	pre := 0   // inside <pre>: keep whitespace
	lineStart := true
	trailing := 2 // newlines at the end of b; starts as if after a paragraph
	newline := func() {
		b.WriteByte('\n')
		lineStart = true
		trailing++
	}
	// block ensures the output ends in at least n line breaks, so nested
	// and adjacent block tags do not pile up empty lines.
	block := func(n int) {
		for trailing < n {
			newline()
		}
	}
	write := func(s string) {
		for i, part := range strings.Split(s, "\n") {
			if i > 0 {
				newline()
			}
			if part == "" {
				continue
			}
			if lineStart {
				b.WriteString(strings.Repeat("> ", min(quote, maxQuoteDepth)))
				lineStart = false
			}
			b.WriteString(part)
			trailing = 0
		}
	}
	for {
		if b.Len() >= maxRenderedBytes {
			return tidyHTMLText(truncateUTF8(b.String(), maxRenderedBytes)), true
		}
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyHTMLText(b.String()), false
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := string(z.Text()) // entities already decoded
			if pre == 0 {
				t = collapseSpace(t)
				if lineStart {
					t = strings.TrimLeft(t, " ")
				}
			}
			write(t)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			start := tt != html.EndTagToken
			switch tag {
			case "script", "style", "head", "title":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "pre":
				if tt == html.StartTagToken {
					pre++
				} else if tt == html.EndTagToken && pre > 0 {
					pre--
				}
				block(1)
			case "br":
				newline()
			case "blockquote":
				block(1)
				if tt == html.StartTagToken {
					quote++
				} else if tt == html.EndTagToken && quote > 0 {
					quote--
				}
			case "li":
				if start {
					block(1)
					write("- ")
				}
			case "p", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "hr", "section", "article", "header", "footer":
				if tag == "p" || strings.HasPrefix(tag, "h") && len(tag) == 2 {
					block(2)
				} else {
					block(1)
				}
			case "td", "th":
				if !start {
					write(" ")
				}
			case "img":
				// Inline images carry no words; their alt text might.
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "alt" && len(v) > 0 {
						write("[" + string(v) + "]")
					}
				}
			}
		}
	}
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// collapseQuotes limits a plain-text line's leading quote markers ("> > >",
// ">>>") to maxQuoteDepth.
func collapseQuotes(l string) string {
	depth, i := 0, 0
	for i < len(l) && (l[i] == '>' || l[i] == ' ') {
		if l[i] == '>' {
			depth++
		}
		i++
	}
	if depth <= maxQuoteDepth {
		return l
	}
	return strings.Repeat("> ", maxQuoteDepth) + l[i:]
}

var spaceRun = regexp.MustCompile(`[ \t\r\n\f\x{00a0}]+`)

func collapseSpace(s string) string { return spaceRun.ReplaceAllString(s, " ") }

// tidyHTMLText trims the spaces the tag walk leaves around line breaks.
func tidyHTMLText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

var (
	// "On Mon, 3 Nov 2026 at 10:00, Ann <ann@x.org> wrote:" and its cousins.
	attribution = regexp.MustCompile(`(?i)^(on\s.+|.+\s)(wrote|writes|a écrit|schrieb|escribió|ha scritto|schreef|skrev|napisał)\s*:\s*$`)
	// Outlook puts the earlier mail under a separator instead of quoting it.
	outlookSep = regexp.MustCompile(`^(-{3,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{3,}|_{20,})\s*$`)
)

// stripQuoted removes the quoted history at the bottom of a reply, which the
// thread view already shows. It is conservative: only a trailing block that
// is entirely quoted (after an attribution line, or under Outlook's
// separator) goes; inline answers between quotes stay untouched, and a
// message that would become empty is kept whole.
func stripQuoted(s string) string {
	lines := strings.Split(s, "\n")
	cut := -1
	// Trailing run of "> " lines (and blanks).
	i := len(lines)
	for i > 0 && (strings.HasPrefix(lines[i-1], ">") || strings.TrimSpace(lines[i-1]) == "") {
		i--
	}
	if i < len(lines) && hasQuote(lines[i:]) {
		cut = i
		// Take the attribution with it; it may be wrapped over two lines.
		if j := i - 1; j >= 0 && attribution.MatchString(strings.TrimSpace(lines[j])) {
			cut = j
		} else if j >= 1 && attribution.MatchString(strings.TrimSpace(lines[j-1]+" "+lines[j])) {
			cut = j - 1
		}
	}
	for k, l := range lines {
		if outlookSep.MatchString(strings.TrimSpace(l)) && (cut < 0 || k < cut) {
			cut = k
			break
		}
	}
	if cut < 0 {
		return s
	}
	kept := strings.TrimSpace(strings.Join(lines[:cut], "\n"))
	if kept == "" {
		return s
	}
	return kept
}

func hasQuote(lines []string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, ">") {
			return true
		}
	}
	return false
}
