package bluesky

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// recordFacet is a facet as read from someone else's post or message.
type recordFacet struct {
	Index struct {
		ByteStart int `json:"byteStart"`
		ByteEnd   int `json:"byteEnd"`
	} `json:"index"`
	Features []facetFeature `json:"features"`
}

type facetFeature struct {
	Type string `json:"$type"`
	URI  string `json:"uri"`
}

// expandLinks puts the complete URL of each http(s) link facet into text.
// The official app posts a long link shortened ("shop.example/orders/12...")
// and keeps the whole URL only in the facet ("the text URL may have been
// simplified or truncated, but the facet reference should be a complete
// URL", app.bsky.richtext.facet#link); the inbox shows plain text, so
// without this the agent could not open what the customer linked. A
// shortened URL is replaced by the complete one; link text of its own
// ("our FAQ") keeps its words and gains the URL in brackets. Other schemes,
// offsets off the text or inside a character, and overlapping facets are
// left as they are: the text stays what the customer wrote.
func expandLinks(text string, facets []recordFacet) string {
	type span struct {
		start, end int
		uri        string
	}
	var spans []span
	for _, f := range facets {
		s, e := f.Index.ByteStart, f.Index.ByteEnd
		if s < 0 || e > len(text) || s >= e || !utf8.RuneStart(text[s]) || e < len(text) && !utf8.RuneStart(text[e]) {
			continue
		}
		for _, ft := range f.Features {
			if ft.Type == "app.bsky.richtext.facet#link" && webURL(ft.URI) {
				spans = append(spans, span{s, e, ft.URI})
				break
			}
		}
	}
	slices.SortStableFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		if sp.start < at {
			continue // overlaps the one before
		}
		shown := text[sp.start:sp.end]
		b.WriteString(text[at:sp.start])
		switch {
		case shown == sp.uri:
			b.WriteString(shown)
		case shortened(shown, sp.uri):
			b.WriteString(sp.uri)
		default:
			b.WriteString(shown + " (" + sp.uri + ")")
		}
		at = sp.end
	}
	b.WriteString(text[at:])
	return b.String()
}

// webURL says uri is an absolute http(s) URL with a host and nothing that
// would break the text around it (spaces, control characters).
func webURL(uri string) bool {
	if strings.IndexFunc(uri, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return false
	}
	u, err := url.Parse(uri)
	return err == nil && (strings.EqualFold(u.Scheme, "https") || strings.EqualFold(u.Scheme, "http")) && u.Host != ""
}

// shortened says shown is uri as the app shortens it: without the scheme
// (and "www."), possibly cut off and ended with "..." or "…".
func shortened(shown, uri string) bool {
	shown = strings.TrimSuffix(strings.TrimSuffix(shown, "..."), "…")
	if shown == "" {
		return false
	}
	rest := uri
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	for _, full := range []string{uri, rest, strings.TrimPrefix(rest, "www.")} {
		if strings.HasPrefix(strings.ToLower(full), strings.ToLower(shown)) {
			return true
		}
	}
	return false
}
