package listen

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"careinbox/backend/store"
)

// Normalize trims and bounds a search before it is saved: terms,
// exclusions and feeds deduplicated (case-insensitively), feeds only
// http(s) URLs, the language a two-letter code.
func Normalize(ls store.ListenSearch) (store.ListenSearch, error) {
	ls.Name = clipRunes(strings.TrimSpace(ls.Name), 80)
	ls.Terms = cleanList(ls.Terms, MaxTerms)
	ls.ExcludeWords = cleanList(ls.ExcludeWords, MaxExclusion)
	ls.ExcludeAccounts = cleanList(ls.ExcludeAccounts, MaxExclusion)
	for i, a := range ls.ExcludeAccounts {
		ls.ExcludeAccounts[i] = strings.TrimPrefix(a, "@")
	}
	feeds := cleanList(ls.Feeds, MaxFeeds)
	for _, f := range feeds {
		u, err := url.Parse(f)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return ls, fmt.Errorf("%q is not a feed address: enter an http(s) URL of an RSS or Atom feed", f)
		}
	}
	ls.Feeds = feeds
	ls.Language = strings.ToLower(strings.TrimSpace(ls.Language))
	if ls.Language != "" && (len(ls.Language) != 2 || !isLetters(ls.Language)) {
		return ls, fmt.Errorf("language %q: use a two-letter code such as en or de", ls.Language)
	}
	if len(ls.Terms) == 0 {
		return ls, errors.New("add at least one word, name or #hashtag to listen for")
	}
	if ls.Name == "" {
		ls.Name = ls.Terms[0]
	}
	return ls, nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func cleanList(in []string, most int) []string {
	out := []string{}
	for _, v := range in {
		v = clipRunes(strings.Join(strings.Fields(v), " "), MaxTermLen)
		if v == "" || slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, v) }) {
			continue
		}
		out = append(out, v)
		if len(out) == most {
			break
		}
	}
	return out
}

func clipRunes(s string, most int) string {
	if utf8.RuneCountInString(s) <= most {
		return s
	}
	r := []rune(s)
	return string(r[:most])
}

// isHashtag reports whether a term is a hashtag ("#acme"), and its tag.
func isHashtag(term string) (string, bool) {
	tag, ok := strings.CutPrefix(term, "#")
	return tag, ok && tag != "" && !strings.ContainsFunc(tag, unicode.IsSpace)
}

// matches reports whether text mentions a term: a word or phrase on word
// boundaries, case-insensitively; a hashtag as "#tag" or the bare word.
// Network searches already matched; this keeps feeds (whose entries are
// everything a feed publishes) and exclusions honest.
func matches(terms []string, text string) bool {
	low := strings.ToLower(strings.Join(strings.Fields(text), " "))
	for _, t := range terms {
		t = strings.ToLower(t)
		if tag, ok := isHashtag(t); ok {
			t = tag
		}
		if containsWord(low, t) {
			return true
		}
	}
	return false
}

// containsWord finds w in s with no letter or digit on either side.
func containsWord(s, w string) bool {
	if w == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		at := i + j
		before, _ := utf8.DecodeLastRuneInString(s[:at])
		after, _ := utf8.DecodeRuneInString(s[at+len(w):])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		i = at + 1
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// excluded reports whether a post is left out by the search's exclusions
// or its language filter (a post of unknown language is kept).
func excluded(ls store.ListenSearch, text, username, language string) bool {
	low := strings.ToLower(text)
	for _, w := range ls.ExcludeWords {
		if containsWord(low, strings.ToLower(w)) {
			return true
		}
	}
	user := strings.ToLower(strings.TrimPrefix(username, "@"))
	for _, a := range ls.ExcludeAccounts {
		a = strings.ToLower(a)
		if user == a || strings.HasPrefix(user, a+"@") {
			return true
		}
	}
	if ls.Language != "" && language != "" && !strings.EqualFold(baseLang(language), ls.Language) {
		return true
	}
	return false
}

// baseLang is "en" of "en-GB".
func baseLang(l string) string {
	l, _, _ = strings.Cut(strings.ReplaceAll(l, "_", "-"), "-")
	return l
}
