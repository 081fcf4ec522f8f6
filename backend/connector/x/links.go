package x

import (
	"net/url"
	"strings"
	"unicode"
)

// maxLinkLength caps an expanded link: the customer's link is what the
// agent needs to read, but a post of t.co links each standing for pages of
// URL would bloat the stored text; past the cap the t.co link stays.
const maxLinkLength = 1024

// entities are the parts of a post's text X marks up; only links are used.
type entities struct {
	URLs []urlEntity `json:"urls"`
}

type urlEntity struct {
	URL         string `json:"url"`          // the t.co link in the text
	ExpandedURL string `json:"expanded_url"` // what the author wrote
}

// expandLinks puts back the links the author wrote where X shows t.co
// ones, so the agent sees where a customer's link goes. The expanded link
// is untrusted: only a plain http(s) URL of bounded length, without spaces,
// control or invisible formatting characters (which could fake text or
// hide the real address) and without user info (https://bank.com@evil.example
// reads as the bank's), replaces its t.co link; otherwise the t.co link
// stays. One pass, so an expanded link is never itself rewritten.
func expandLinks(text string, es *entities) string {
	if es == nil {
		return text
	}
	var pairs []string
	for _, u := range es.URLs {
		if isTco(u.URL) && safeLink(u.ExpandedURL) && strings.Contains(text, u.URL) {
			pairs = append(pairs, u.URL, u.ExpandedURL)
		}
	}
	if len(pairs) == 0 {
		return text
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

func isTco(s string) bool {
	return strings.HasPrefix(s, "https://t.co/") || strings.HasPrefix(s, "http://t.co/")
}

func safeLink(s string) bool {
	if s == "" || len(s) > maxLinkLength {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}
