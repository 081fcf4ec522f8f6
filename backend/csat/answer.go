package csat

import (
	"regexp"
	"strings"
	"unicode"
)

// Answer is what a customer's message says about a survey.
type Answer struct {
	// Rated: the message carries a score (Score 1–5; 👍 = 5, 👎 = 1).
	Rated bool
	Score int
	// OptOut: the customer asked not to be surveyed again ("stop").
	OptOut bool
	// WantsHelp: the message asks for more help, so the conversation reopens.
	WantsHelp bool
	// Comment is the rest of the message, kept as the customer's words.
	Comment string
}

// Recognised says whether the message answers the survey at all.
func (a Answer) Recognised() bool { return a.Rated || a.OptOut }

// Parse reads the customer's first message after a survey. The rules, in order:
//
//   - Opt-out: a short message (at most four words) that is or starts with
//     "stop", "unsubscribe", "no more surveys", "abmelden", "stopp",
//     "désabonner", "baja" … records the opt-out.
//   - A digit 1–5 standing alone or as "5/5", "4 stars", "3 Sterne",
//     "4 étoiles", "5 estrellas", "4 out of 5" (not part of a longer number,
//     so "order 12345" is no rating).
//   - Emoji: ⭐ counted (⭐⭐⭐⭐ = 4), 👍 = 5, 👎 = 1, faces 😍🤩😀😃😄😁 = 5,
//     🙂😊 = 4, 😐 = 3, 🙁😕 = 2, 😞😢😠😡🤬 = 1.
//   - Words in English, German, French and Spanish ("great", "sehr gut",
//     "nul", "pésimo" …); a negation just before a word ("not good", "nicht
//     gut", "pas bien", "no muy bien") turns praise into 2 and blame into 3.
//
// WantsHelp — the conversation reopens — when the message goes on with a
// problem: "still", "but", "not working", "doesn't work", "again" and their
// German, French and Spanish equivalents, or a question mark together with a
// help word ("help", "how", "why", "can you" …). A plain rating, a thank-you
// or a complaint about the past does not reopen.
func Parse(text string) Answer {
	a := Answer{}
	low := strings.ToLower(strings.TrimSpace(text))
	if low == "" {
		return a
	}
	words := tokens(low)
	if optOut(words) {
		a.OptOut = true
		return a
	}
	span := [2]int{-1, -1}
	if m := digitRe.FindStringSubmatchIndex(low); m != nil {
		a.Rated, a.Score, span = true, int(low[m[2]]-'0'), [2]int{m[0], m[1]}
	} else if s, sp, ok := emojiScore(low); ok {
		a.Rated, a.Score, span = true, s, sp
	} else if s, sp, ok := wordScore(low); ok {
		a.Rated, a.Score, span = true, s, sp
	}
	a.WantsHelp = wantsHelp(low, words)
	comment := strings.TrimSpace(text)
	if span[0] >= 0 && len(low) == len(text) { // byte offsets match when lowering kept the length
		comment = text[:span[0]] + " " + text[span[1]:]
	}
	a.Comment = strings.TrimFunc(strings.Join(strings.Fields(comment), " "), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("-–—:,.;!/", r)
	})
	if a.Rated && a.Comment == strings.TrimSpace(text) && len(words) <= 1 {
		a.Comment = ""
	}
	return a
}

var digitRe = regexp.MustCompile(`(?:^|[^0-9.,/])([1-5])(?:\s*(?:/\s*5|out of 5|von 5|sur 5|de 5|stars?|sterne?|étoiles?|etoiles?|estrellas?|points?|punkte?))?(?:$|[^0-9.,/]|[.,](?:\s|$))`)

func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
}

var optOutPhrases = []string{"stop", "stopp", "unsubscribe", "opt out", "optout", "no more surveys", "no surveys",
	"abmelden", "abbestellen", "keine umfragen", "désabonner", "desabonner", "désinscrire", "arrêter", "arrete",
	"baja", "darme de baja", "cancelar suscripción", "no más encuestas"}

func optOut(words []string) bool {
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	joined := strings.Join(words, " ")
	for _, p := range optOutPhrases {
		if joined == p || strings.HasPrefix(joined, p+" ") {
			return true
		}
	}
	return false
}

var emojiScores = []struct {
	emoji string
	score int
}{
	{"👍", 5}, {"👎", 1}, {"😍", 5}, {"🤩", 5}, {"😀", 5}, {"😃", 5}, {"😄", 5}, {"😁", 5}, {"🥰", 5}, {"❤", 5},
	{"🙂", 4}, {"😊", 4}, {"😐", 3}, {"😑", 3}, {"🙁", 2}, {"😕", 2}, {"☹", 2},
	{"😞", 1}, {"😢", 1}, {"😠", 1}, {"😡", 1}, {"🤬", 1},
}

func emojiScore(s string) (int, [2]int, bool) {
	if n := strings.Count(s, "⭐") + strings.Count(s, "🌟"); n > 0 {
		i := strings.IndexAny(s, "⭐🌟")
		j := strings.LastIndexAny(s, "⭐🌟")
		_, size := firstRune(s[j:])
		return min(n, 5), [2]int{i, j + size}, true
	}
	best, at := 0, -1
	for _, e := range emojiScores {
		if i := strings.Index(s, e.emoji); i >= 0 && (at < 0 || i < at) {
			best, at = e.score, i
		}
	}
	if at < 0 {
		return 0, [2]int{}, false
	}
	_, size := firstRune(s[at:])
	return best, [2]int{at, at + size}, true
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		if i > 0 {
			return r, i
		}
	}
	return 0, len(s)
}

// ratingWords: phrases first (longest match wins), by language.
var ratingWords = map[string]int{
	// English
	"excellent": 5, "great": 5, "amazing": 5, "awesome": 5, "perfect": 5, "fantastic": 5, "brilliant": 5,
	"very good": 5, "outstanding": 5, "loved it": 5, "good": 4, "nice": 4, "helpful": 4, "ok": 3, "okay": 3,
	"fine": 3, "meh": 3, "average": 3, "bad": 2, "poor": 2, "disappointing": 2, "terrible": 1, "awful": 1,
	"horrible": 1, "worst": 1, "useless": 1, "very bad": 1,
	// German
	"ausgezeichnet": 5, "sehr gut": 5, "super": 5, "toll": 5, "prima": 5, "perfekt": 5, "klasse": 5, "spitze": 5,
	"gut": 4, "hilfreich": 4, "geht so": 3, "mittelmäßig": 3, "schlecht": 2, "enttäuschend": 2,
	"sehr schlecht": 1, "furchtbar": 1, "schrecklich": 1, "miserabel": 1, "katastrophal": 1,
	// French
	"génial": 5, "genial": 5, "parfait": 5, "très bien": 5, "tres bien": 5, "formidable": 5,
	"bien": 4, "bon": 4, "correct": 3, "moyen": 3, "bof": 3, "mauvais": 2, "décevant": 2, "nul": 1,
	"très mauvais": 1, "catastrophique": 1, "affreux": 1,
	// Spanish
	"excelente": 5, "perfecto": 5, "muy bien": 5, "muy bueno": 5, "estupendo": 5, "buenísimo": 5,
	"bueno": 4, "regular": 3, "normal": 3, "malo": 2, "mal": 2, "muy malo": 1, "pésimo": 1, "pesimo": 1,
	"fatal": 1,
}

var negations = map[string]bool{"not": true, "nicht": true, "pas": true, "no": true, "nada": true, "never": true, "isn't": true, "wasn't": true}

func wordScore(s string) (int, [2]int, bool) {
	words := tokens(s)
	for i := 0; i < len(words); i++ {
		for n := 2; n >= 1; n-- { // two-word phrases before single words
			if i+n > len(words) {
				continue
			}
			phrase := strings.Join(words[i:i+n], " ")
			score, ok := ratingWords[phrase]
			if !ok {
				continue
			}
			from := words[i]
			if i > 0 && negations[words[i-1]] || i > 1 && negations[words[i-2]] && words[i-1] == "very" {
				from = words[i-1]
				if !negations[from] {
					from = words[i-2]
				}
				if score >= 4 {
					score = 2
				} else {
					score = 3
				}
			}
			at := strings.Index(s, words[i])
			end := at + len(phrase)
			if end > len(s) || s[at:end] != phrase {
				end = at + len(words[i])
			}
			if start := strings.Index(s, from); start >= 0 && start < at {
				at = start
			}
			return score, [2]int{at, end}, true
		}
	}
	return 0, [2]int{}, false
}

// Words that go on with the problem; any one reopens.
var continuing = []string{"still", "but", "not working", "doesn't work", "does not work", "didn't work",
	"isn't working", "again", "not fixed", "not solved", "broken",
	"immer noch", "aber", "funktioniert nicht", "geht nicht", "nicht gelöst", "wieder",
	"toujours", "mais", "ne marche pas", "marche pas", "fonctionne pas", "pas résolu", "encore",
	"todavía", "todavia", "pero", "sigue", "no funciona", "no está resuelto", "otra vez"}

// Help words: with a question mark they ask for more help.
var helpWords = []string{"help", "how", "why", "when", "what", "can you", "could you", "can i", "hilfe", "wie",
	"warum", "wann", "können sie", "kannst du", "aide", "comment", "pourquoi", "quand", "pouvez vous",
	"ayuda", "cómo", "como", "por qué", "cuándo", "pueden", "puede"}

func wantsHelp(low string, words []string) bool {
	padded := " " + strings.Join(words, " ") + " "
	has := func(list []string) bool {
		for _, p := range list {
			if strings.Contains(padded, " "+p+" ") {
				return true
			}
		}
		return false
	}
	return has(continuing) || (strings.Contains(low, "?") && has(helpWords))
}
