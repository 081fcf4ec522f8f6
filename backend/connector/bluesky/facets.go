package bluesky

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// facet is an app.bsky.richtext.facet: a byte range of the text and what
// it is (a mention or a link).
type facet struct {
	Index struct {
		ByteStart int `json:"byteStart"`
		ByteEnd   int `json:"byteEnd"`
	} `json:"index"`
	Features []map[string]string `json:"features"`
}

// withMention puts "@handle " in front unless the text mentions the
// customer, and returns the text as posted with its facets in text order:
// the mention and every http(s) link (linkFacets). Facet offsets are UTF-8
// byte offsets into the text as sent, so the mention is looked for in the
// text itself: lower-casing it first would shift every offset after a
// letter whose UTF-8 length changes with case (İ, the Kelvin sign K).
func withMention(text, handle, did string) (string, []facet) {
	// handle.invalid is the AppView's stand-in for a handle that no longer
	// verifies (INVALID_HANDLE in @atproto/syntax): not a name to mention.
	if handle == "" || did == "" || strings.EqualFold(strings.TrimPrefix(handle, "@"), "handle.invalid") {
		return text, linkFacets(text)
	}
	mention := "@" + strings.TrimPrefix(handle, "@")
	i := findMention(text, mention, linkFacets(text))
	if i < 0 {
		text = mention + " " + text
		i = 0
	}
	var f facet
	f.Index.ByteStart, f.Index.ByteEnd = i, i+len(mention)
	f.Features = []map[string]string{{"$type": "app.bsky.richtext.facet#mention", "did": did}}
	fs := append(linkFacets(text), f)
	slices.SortFunc(fs, func(a, b facet) int { return a.Index.ByteStart - b.Index.ByteStart })
	return text, fs
}

// findMention is the byte offset of mention in text, -1 if absent. Handles
// are ASCII, so only ASCII letters match case-insensitively (a Kelvin sign
// is not a k); the mention must stand alone: not inside an e-mail address
// or a longer handle, nor inside one of the links (a profile URL).
func findMention(text, mention string, links []facet) int {
	for i := 0; i+len(mention) <= len(text); i++ {
		if text[i] != '@' || !asciiEqualFold(text[i:i+len(mention)], mention) {
			continue
		}
		if slices.ContainsFunc(links, func(l facet) bool { return l.Index.ByteStart <= i && i < l.Index.ByteEnd }) {
			continue
		}
		if i > 0 && isHandleByte(text[i-1]) {
			continue
		}
		if j := i + len(mention); j < len(text) && isHandleByte(text[j]) {
			// A full stop ending the sentence is fine; one going on to
			// more of a handle is a longer handle.
			if text[j] != '.' || j+1 < len(text) && isHandleByte(text[j+1]) {
				continue
			}
		}
		return i
	}
	return -1
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func isHandleByte(b byte) bool {
	return b == '.' || b == '-' || b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// linkFacets annotates every http(s) URL in text. Bluesky shows a URL as a
// link only through a link facet (the text itself is not markup), so a
// reply's tracking link would otherwise be dead text. Detection follows
// @atproto/api's detectFacets: a URL starts the text or follows white space
// or "(", runs to the next white space, and leaves out one trailing
// punctuation mark and then a ")" it has no "(" for. Only http and https
// become links: another scheme (javascript:, ftp:) is never one, and bare
// domains are left as text (telling them from prose needs the TLD list).
func linkFacets(text string) []facet {
	var out []facet
	prev := rune(-1) // -1: the start of the text
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if prev == -1 || prev == '(' || unicode.IsSpace(prev) {
			if uri := linkAt(text[i:]); uri != "" {
				var f facet
				f.Index.ByteStart, f.Index.ByteEnd = i, i+len(uri)
				f.Features = []map[string]string{{"$type": "app.bsky.richtext.facet#link", "uri": uri}}
				out = append(out, f)
				i += len(uri)
				prev, _ = utf8.DecodeLastRuneInString(uri)
				continue
			}
		}
		prev = r
		i += n
	}
	return out
}

// linkAt is the http(s) URL s starts with, "" if none.
func linkAt(s string) string {
	if !hasPrefixFold(s, "http://") && !hasPrefixFold(s, "https://") {
		return ""
	}
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		end = len(s)
	}
	uri := s[:end]
	if strings.ContainsAny(uri[len(uri)-1:], ".,;:!?") {
		uri = uri[:len(uri)-1]
	}
	if strings.HasSuffix(uri, ")") && !strings.Contains(uri, "(") {
		uri = uri[:len(uri)-1]
	}
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return ""
	}
	return uri
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && asciiEqualFold(s[:len(prefix)], prefix)
}
