// Package sentiment scores customers' messages and spots escalations: how
// negative a message reads (VADER, github.com/jonreiter/govader, local and
// offline), whether the customer threatens to leave or to go public, and
// whether a conversation's customer is irate.
//
// VADER knows English only. A message that does not look English by a cheap
// check (stop words, script) gets no score ("unknown"), never a misleading
// "neutral"; the threat phrases still apply, in English, German, French and
// Spanish. Pure rules, no I/O.
package sentiment

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jonreiter/govader"
)

// Label is how a score reads to an agent.
type Label string

const (
	Negative Label = "negative"
	Neutral  Label = "neutral"
	Positive Label = "positive"
	Unknown  Label = "unknown" // not scored: not English, or nothing to score
)

// VADER's own thresholds for the compound score.
const (
	negativeBelow = -0.05
	positiveAbove = 0.05
)

// LabelOf reads a compound score; nil is Unknown.
func LabelOf(score *float64) Label {
	switch {
	case score == nil:
		return Unknown
	case *score <= negativeBelow:
		return Negative
	case *score >= positiveAbove:
		return Positive
	default:
		return Neutral
	}
}

// Result is one message's reading.
type Result struct {
	// Score is VADER's compound score (-1 … 1), adjusted for sarcastic
	// complaint cues; nil when the text is not English (or empty).
	Score *float64
	// Threat is the phrase that threatens to leave or to go public ("" when none).
	Threat string
}

// Analyzer scores messages. Build one with New and share it: it only reads
// its lexicon, so it is safe for concurrent use.
type Analyzer struct {
	vader *govader.SentimentIntensityAnalyzer
}

// New loads VADER's lexicon (about 8 ms).
func New() *Analyzer {
	return &Analyzer{vader: govader.NewSentimentIntensityAnalyzer()}
}

// maxScored bounds the text VADER reads: a wall of text (an e-mail with a
// quoted thread) is judged by its start, which is what the customer wrote.
const maxScored = 4000

// Score reads one message.
func (a *Analyzer) Score(text string) Result {
	if len(text) > maxScored {
		// Cut at a space, so no word is cut into another ("lawyers" → "lawyer").
		cut := maxScored
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
		if i := strings.LastIndexAny(text, " \n\t"); i > 0 {
			text = text[:i]
		}
	}
	words := words_(text)
	res := Result{Threat: threats.first(words)}
	if !looksEnglish(text, words) {
		return res
	}
	c := a.vader.PolarityScores(text).Compound
	switch {
	case res.Threat != "":
		// A threat to leave or to go public is a strong complaint, whatever
		// its words ("Refund me or I post this on Trustpilot").
		c = -math.Max(math.Abs(c), threatFloor)
	case complaintCues.first(words) != "":
		// "Oh great, lost yet again. Just great." reads positive to VADER;
		// the cue says it is a complaint, and its positive words are
		// sarcasm, so they count against it.
		c = -math.Max(math.Abs(c), cueFloor)
	}
	c = math.Round(c*1000) / 1000
	res.Score = &c
	return res
}

// How negative a message with a complaint cue, or a threat, reads at least.
const (
	cueFloor    = 0.3
	threatFloor = 0.5
)

// LooksEnglish is the cheap language check in front of VADER: mostly Latin
// letters, and more English than German, French or Spanish stop words. Very
// short texts without any stop word ("terrible service", "👍") count as
// English unless they carry a word of another language's list.
func LooksEnglish(text string) bool { return looksEnglish(text, words_(text)) }

func looksEnglish(text string, words []string) bool {
	var latin, other int
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		if unicode.Is(unicode.Latin, r) {
			latin++
		} else {
			other++
		}
	}
	if latin == 0 && other == 0 {
		// Emoji and punctuation only: VADER knows emoji.
		return strings.TrimSpace(text) != ""
	}
	if other > latin {
		return false
	}
	en, foreign := 0, 0
	for _, w := range words {
		if englishStop[w] {
			en++
		}
		if foreignStop[w] {
			foreign++
		}
	}
	if foreign > en {
		return false
	}
	if en == 0 && foreign > 0 {
		return false
	}
	return true
}

// words_ splits text into lower-case words (letters, digits and
// apostrophes, a typographic one read as straight).
func words_(text string) []string {
	ws := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	})
	for i, w := range ws {
		w = strings.Trim(strings.ReplaceAll(w, "’", "'"), "'")
		if len(w) > 2 && strings.HasSuffix(w, "'s") && w != "it's" {
			w = w[:len(w)-2] // a lawyer's letter is a lawyer
		}
		ws[i] = w
	}
	return ws
}

var englishStop = set("the", "and", "to", "is", "my", "you", "your", "i", "it", "for", "not", "this", "that",
	"of", "a", "was", "have", "me", "with", "on", "in", "are", "be", "do", "can", "no", "what", "why", "how",
	"we", "they", "at", "still", "but", "so", "just", "been", "has", "had", "will", "would", "from", "an",
	"i'm", "it's", "don't", "can't", "won't", "again", "any", "please", "thanks", "thank", "order", "never")

// foreignStop are common German, French and Spanish words that are not English words.
var foreignStop = set(
	// German
	"der", "die", "das", "und", "ist", "nicht", "ich", "ein", "eine", "mit", "für", "auf", "sie", "mein",
	"meine", "wir", "ihr", "noch", "schon", "kein", "keine", "bitte", "danke", "sehr", "wie", "warum",
	// French
	"le", "la", "les", "et", "est", "je", "pas", "une", "un", "des", "pour", "vous", "mon", "ma", "mes",
	"avec", "sur", "merci", "très", "toujours", "ne", "c'est", "j'ai", "bonjour", "votre", "du", "au",
	// Spanish
	"el", "los", "las", "y", "es", "yo", "una", "por", "para", "con", "mi", "mis", "usted", "gracias",
	"muy", "pero", "que", "todavía", "nunca", "hola", "su", "del")

// "no" is English and Spanish alike: it is only in englishStop, where it
// cannot make an English text look foreign.

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
