package insights

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// language is a stop-word list and a stemmer (Snowball's).
type language struct {
	name  string
	stop  func(string) bool
	stem  func(string, bool) string
	extra map[string]bool // chat fillers the Snowball lists lack
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// languages, English first: it is the default and wins ties.
var languages = []language{
	{name: "english", stop: english.IsStopWord, stem: english.Stem, extra: set(
		"hi", "hey", "hello", "thanks", "thank", "please", "pls", "thx", "would", "could", "also", "still",
		"get", "got", "one", "yes", "like", "know", "can", "cant", "dont", "didn", "doesn", "isn", "wasn",
		"aren", "won", "couldn", "wouldn", "haven", "hasn", "let", "anyone", "really", "via", "okay",
		"just", "any", "ago", "today", "now", "will", "much", "many", "guys", "team", "every", "even", "since")},
	{name: "french", stop: french.IsStopWord, stem: french.Stem, extra: set("bonjour", "merci", "salut", "toujours", "les", "cette", "cet", "très", "tout", "tous", "bien",
		"fait", "faire", "peux", "pouvez", "vraiment")},
	{name: "spanish", stop: spanish.IsStopWord, stem: spanish.Stem, extra: set("hola", "gracias")},
	{name: "russian", stop: russian.IsStopWord, stem: russian.Stem, extra: set("здравствуйте", "привет", "спасибо", "мои", "моё", "мою", "моего",
		"наш", "наша", "наши", "ваш", "ваша", "ваши", "это", "эта", "очень", "пожалуйста")},
	{name: "swedish", stop: swedish.IsStopWord, stem: swedish.Stem, extra: set("hej", "tack")},
	{name: "norwegian", stop: norwegian.IsStopWord, stem: norwegian.Stem, extra: set("hei", "takk")},
	{name: "hungarian", stop: hungarian.IsStopWord, stem: hungarian.Stem, extra: set("szia", "köszönöm")},
}

const (
	minRunes = 3  // 1–2 letter words carry no topic
	maxRunes = 40 // longer "words" are codes, hashes or base64
)

// word is one word of a message as written (lowercased); brk says a phrase
// cannot span from the word before (punctuation, a link or a mention between).
type word struct {
	text string
	brk  bool
}

// token is a kept word: key is its folded form (the stem), surface the
// word as written (lowercased); pos is its index among the message's words,
// so two tokens form a phrase only when nothing was dropped between them.
type token struct {
	key, surface string
	pos          int
	brk          bool
}

// words splits text into lowercased words at anything that is not a letter,
// digit or combining mark — as SQLite's unicode61 tokenizer does, so a word
// found here is found by search — dropping links, @mentions and e-mail
// addresses whole. It stops after max words and says so.
func words(text string, max int) (out []word, capped bool) {
	brk := true
	for _, chunk := range strings.FieldsFunc(text, unicode.IsSpace) {
		if skipChunk(chunk) {
			brk = true
			continue
		}
		start := -1
		for i, r := range chunk + " " {
			if isWordRune(r) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				if len(out) == max {
					return out, true
				}
				out = append(out, word{text: strings.ToLower(chunk[start:i]), brk: brk})
				start, brk = -1, false
			}
			if i < len(chunk) && !joins(r) {
				brk = true
			}
		}
	}
	return out, false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }

// joins: separators that keep two words one phrase ("next-day", "won't"); any
// other punctuation (a full stop, a comma, an emoji) ends a phrase.
func joins(r rune) bool {
	return r == '-' || r == '\'' || r == '’' || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// skipChunk is a link, a @mention or an e-mail address: none says what a
// message is about, and each is a personal detail.
func skipChunk(c string) bool {
	c = strings.TrimLeftFunc(c, func(r rune) bool { return !isWordRune(r) && r != '@' && r != '＠' })
	l := strings.ToLower(c)
	return strings.HasPrefix(c, "@") || strings.HasPrefix(c, "＠") || strings.Contains(c, "@") ||
		strings.Contains(l, "://") || strings.HasPrefix(l, "www.") || isDomain(l)
}

// isDomain: a link without its scheme ("bit.ly/x", "shop.example.com").
func isDomain(l string) bool {
	l = strings.TrimRightFunc(l, func(r rune) bool { return !isWordRune(r) && r != '/' })
	host, path, slash := strings.Cut(l, "/")
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || dot == len(host)-1 {
		return false
	}
	return (slash && path != "") || topDomains[host[dot+1:]]
}

// topDomains are the endings that make "word.word" a site name, not a
// missing space after a full stop.
var topDomains = set("com", "org", "net", "io", "co", "uk", "de", "fr", "es", "it", "nl", "eu", "app", "dev", "ly", "me",
	"shop", "store", "info", "biz", "us", "ca", "au", "social")

// folder folds words, remembering each word's stop-word languages and each
// stem: in customer care the same few thousand words recur, and Snowball's
// stemmer is most of the cost of a run. One folder serves one run.
type folder struct {
	stops map[string]uint8 // bit i: a stop word of languages[i]
	stems map[stemKey]string
}

type stemKey struct {
	lang int
	word string
}

// maxCached bounds each cache; past it words are folded without remembering.
const maxCached = 1 << 17

func newFolder() *folder {
	return &folder{stops: map[string]uint8{}, stems: map[stemKey]string{}}
}

func (f *folder) stopMask(w string) uint8 {
	if m, ok := f.stops[w]; ok {
		return m
	}
	var m uint8
	for i := range languages {
		if languages[i].stop(w) || languages[i].extra[w] {
			m |= 1 << i
		}
	}
	if len(f.stops) < maxCached {
		f.stops[w] = m
	}
	return m
}

func (f *folder) stem(lang int, w string) string {
	k := stemKey{lang, w}
	if s, ok := f.stems[k]; ok {
		return s
	}
	s := languages[lang].stem(w, false)
	if s == "" {
		s = w
	}
	if len(f.stems) < maxCached {
		f.stems[k] = s
	}
	return s
}

// detect picks the language whose stop words the message uses most (its
// index in languages); English when none is used (or on a tie with English).
func (f *folder) detect(ws []word) int {
	var n [8]int
	for _, w := range ws {
		m := f.stopMask(w.text)
		for i := range languages {
			if m&(1<<i) != 0 {
				n[i]++
			}
		}
	}
	best := 0
	for i := range languages {
		if n[i] > n[best] {
			best = i
		}
	}
	return best
}

// tokens are a message's kept words, folded: short, numeric, code-like and
// stop words (the message's language's and English's) are dropped, and each
// kept word is stemmed in the message's language.
func (f *folder) tokens(text string, maxWords int) (out []token, capped bool) {
	ws, capped := words(text, maxWords)
	lang := f.detect(ws)
	drop := uint8(1)<<lang | 1 // English's stop words go in every language
	brk := false
	for i, w := range ws {
		brk = brk || w.brk
		if !keep(w.text) || f.stopMask(w.text)&drop != 0 {
			brk = true
			continue
		}
		out = append(out, token{key: f.stem(lang, w.text), surface: w.text, pos: i, brk: brk})
		brk = false
	}
	return out, capped
}

// keep: at least three and at most forty characters, and more letters than digits.
func keep(w string) bool {
	n := utf8.RuneCountInString(w)
	if n < minRunes || n > maxRunes {
		return false
	}
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > n-letters
}
