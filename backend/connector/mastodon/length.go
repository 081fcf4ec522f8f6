package mastodon

import (
	"regexp"
	"strings"

	"github.com/rivo/uniseg"

	"careinbox/backend/connector"
)

var (
	// urlRE finds links as Mastodon counts them: with their scheme,
	// running to the next space, without trailing punctuation (trimmed
	// below), like twitter-text's extractor that Mastodon uses.
	urlRE = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"]+`)
	// mentionRE finds @user@domain mentions (Mastodon's MENTION_RE: not
	// after a word character, "/" or "="); only @user is counted.
	mentionRE = regexp.MustCompile(`(?i)(^|[^\w/=])@([a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)@[\w.-]*\w`)
)

// statusLength counts text as Mastodon's StatusLengthValidator does:
// grapheme clusters, with every link counted as urlChars characters
// however long it is, and a mention of another server's account by its
// local part only ("@bob@example.org" counts as "@bob").
func statusLength(text string, urlChars int) int {
	n := 0
	text = urlRE.ReplaceAllStringFunc(text, func(u string) string {
		trimmed := strings.TrimRight(u, ".,;:!?'\")]")
		n += urlChars
		return u[len(trimmed):] // the trailing punctuation still counts
	})
	text = mentionRE.ReplaceAllString(text, "$1@$2")
	return n + uniseg.GraphemeClusterCount(text)
}

// checkLength refuses a reply the server would refuse for its length,
// before anything is posted, naming the server's limit.
func checkLength(text string, info instanceInfo, host string) error {
	n := statusLength(text, info.urlChars)
	if n <= info.maxChars {
		return nil
	}
	return connector.Errorf(connector.Permanent, nil,
		"the reply is %d characters long and %s allows at most %d (each link counts as %d); shorten it by %d",
		n, host, info.maxChars, info.urlChars, n-info.maxChars)
}
