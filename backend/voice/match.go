// Package voice holds the pure rules of a client's tone of voice: finding
// avoided words in a reply, expanding saved-reply variables and adding a
// client's sign-off once, within the network's length limit. It also ships
// the starter best-practices guide.
package voice

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"careinbox/backend/inbox"
)

// Hit is one avoided word or phrase found in a text.
type Hit struct {
	Phrase      string // as the client listed it
	Alternative string // what to say instead ("" when none was given)
	Found       string // the first occurrence as written in the text
	Count       int    // how many times it occurs
}

// folded is a text prepared for matching: NFC, lower case, curly
// apostrophes straight and white space runs as one space; at[i] is where
// rune i starts in src, so a match can be shown as it was written.
type folded struct {
	runes []rune
	at    []int
	src   string
}

func fold(s string) folded {
	s = norm.NFC.String(s)
	f := folded{src: s}
	space := false
	for i, r := range s {
		if unicode.IsSpace(r) {
			if !space && len(f.runes) > 0 {
				f.runes, f.at = append(f.runes, ' '), append(f.at, i)
			}
			space = true
			continue
		}
		space = false
		switch r {
		case '\u2019', '\u2018', '\u02bc':
			r = '\''
		}
		f.runes, f.at = append(f.runes, unicode.ToLower(r)), append(f.at, i)
	}
	if n := len(f.runes); n > 0 && f.runes[n-1] == ' ' {
		f.runes, f.at = f.runes[:n-1], f.at[:n-1]
	}
	return f
}

// isWord is a rune that belongs inside a word: a match must not start or
// end next to one, so "lol" is not found in "lollipop".
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}

// wordAt tells whether rune i of rs continues a word, counting an
// apostrophe between letters ("don't") as part of it.
func wordAt(rs []rune, i int) bool {
	if i < 0 || i >= len(rs) {
		return false
	}
	if isWord(rs[i]) {
		return true
	}
	return rs[i] == '\'' && i > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1])
}

// find returns the rune offsets where p occurs in t as a whole word or
// phrase. A phrase that starts or ends with punctuation ("^^", ":P") needs
// no boundary on that side.
func find(t, p []rune) [][2]int {
	var out [][2]int
	if len(p) == 0 {
		return nil
	}
	needStart, needEnd := wordAt(p, 0), wordAt(p, len(p)-1)
	for i := 0; i+len(p) <= len(t); i++ {
		if t[i] != p[0] || (needStart && wordAt(t, i-1)) {
			continue
		}
		if !equal(t[i:i+len(p)], p) || (needEnd && wordAt(t, i+len(p))) {
			continue
		}
		out = append(out, [2]int{i, i + len(p)})
		i += len(p) - 1
	}
	return out
}

func equal(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Avoided lists the avoided words and phrases that occur in text, in the
// order of the list, each once with its count. Matching ignores case and
// spacing and is Unicode-aware; accents count ("schon" is not "schön") but
// a letter typed with a combining accent equals the precomposed one.
func Avoided(text string, avoid []inbox.VoiceWord) []Hit {
	t := fold(text)
	var out []Hit
	for _, w := range avoid {
		ms := find(t.runes, fold(w.Phrase).runes)
		if len(ms) == 0 {
			continue
		}
		out = append(out, Hit{Phrase: w.Phrase, Alternative: w.Alternative, Found: t.slice(ms[0]), Count: len(ms)})
	}
	return out
}

func (f folded) slice(m [2]int) string {
	end := len(f.src)
	if m[1] < len(f.at) {
		end = f.at[m[1]]
	}
	return strings.TrimSpace(f.src[f.at[m[0]]:end])
}

// Contains reports whether phrase occurs in text as a whole word or phrase.
func Contains(text, phrase string) bool {
	return len(find(fold(text).runes, fold(phrase).runes)) > 0
}
