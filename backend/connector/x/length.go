package x

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// MaxLength is X's limit for a post by a standard account, in weighted
// characters (see Weight).
const MaxLength = 280

// MaxDMLength is X's limit for a direct message, in characters.
const MaxDMLength = 10000

// urlWeight is what X counts for any link, however long: it is shortened
// to a t.co link of that length.
const urlWeight = 23

// urlPattern finds what X turns into links: anything with an http(s)
// scheme, a bare domain under a common generic top-level domain, and a bare
// domain under any two-letter country domain when a path follows (as
// twitter-text does, so "e.g." or "node.js" are not links).
var urlPattern = regexp.MustCompile(`(?i)\bhttps?://[^\s]+|\b(?:[a-z0-9][a-z0-9-]*\.)+(?:com|net|org|info|biz|edu|gov|app|dev|shop|store|online|site|xyz|tech|blog)\b(?:/[^\s]*)?|\b(?:[a-z0-9][a-z0-9-]*\.)+[a-z]{2}/[^\s]*`)

// Weight counts text the way X does (twitter-text v3): NFC first; a link 23
// whatever its length; an emoji, even a sequence of several code points
// (family, flag, skin tone, keycap), 2; other code points 1 in the Latin,
// Greek, Cyrillic, Hebrew, Arabic, Indic … blocks (up to U+10FF) and some
// punctuation, 2 everywhere else (CJK, Hangul, most symbols).
func Weight(text string) int {
	text = norm.NFC.String(text)
	n := 0
	last := 0
	for _, loc := range urlPattern.FindAllStringIndex(text, -1) {
		end := loc[0] + len(strings.TrimRight(text[loc[0]:loc[1]], `.,:;!?'")]}`))
		n += weightPlain(text[last:loc[0]]) + urlWeight
		last = end
	}
	return n + weightPlain(text[last:])
}

func weightPlain(s string) int {
	n := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		rs := g.Runes()
		if isEmoji(rs) {
			n += 2
			continue
		}
		for _, r := range rs {
			n += runeWeight(r)
		}
	}
	return n
}

// isEmoji recognises a multi-code-point emoji, which X counts as one
// emoji (2) rather than per code point.
func isEmoji(rs []rune) bool {
	if len(rs) < 2 {
		return false
	}
	if rs[0] >= 0x1F1E6 && rs[0] <= 0x1F1FF { // a flag: two regional indicators
		return true
	}
	for _, r := range rs[1:] {
		switch {
		case r == 0x200D, r == 0xFE0F, r == 0x20E3, // joiner, emoji presentation, keycap
			r >= 0x1F3FB && r <= 0x1F3FF, // skin tones
			r >= 0xE0020 && r <= 0xE007F: // tag sequences (subdivision flags)
			return true
		}
	}
	return false
}

// runeWeight is twitter-text's weight of one code point: 1 in its light
// ranges, else 2.
func runeWeight(r rune) int {
	switch {
	case r <= 0x10FF, r >= 0x2000 && r <= 0x200D, r >= 0x2010 && r <= 0x201F, r >= 0x2032 && r <= 0x2037:
		return 1
	}
	return 2
}

// dmLength counts a direct message's characters (code points after NFC).
func dmLength(text string) int { return utf8.RuneCountInString(norm.NFC.String(text)) }
