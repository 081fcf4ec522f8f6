package sentiment

import (
	"slices"
	"strings"
)

// threats are phrases with which a customer threatens to leave, to take
// legal steps or to go public. Matched on whole words, case-insensitive;
// the one the customer wrote first is reported. A small list in German, French and Spanish
// follows the English one, since VADER cannot score those languages.
var threats = index(
	// leaving
	"cancel my account", "cancel my subscription", "cancelling my account", "canceling my account",
	"close my account", "closing my account", "switching to", "switch to your competitor", "going to switch",
	"take my business elsewhere", "taking my business elsewhere", "never again", "never buying",
	"never ordering", "last time i order", "last time i buy", "done with you", "chargeback",
	// going public or legal
	"going to post", "post this on", "posting about this", "tell everyone", "report you", "reporting you",
	"lawyer", "lawyers", "attorney", "sue you", "legal action", "small claims", "bbb", "better business bureau",
	"trustpilot", "one star review", "1 star review", "bad review", "the press", "consumer protection",
	"trading standards", "ombudsman",
	// German
	"ich kündige", "kündige meinen", "kündigen", "kündigung", "nie wieder", "anwalt", "verbraucherzentrale",
	"wechsle zu", "schlechte bewertung",
	// French
	"résilier", "je résilie", "résiliation", "plus jamais", "jamais plus", "avocat", "porter plainte",
	"mauvais avis", "association de consommateurs",
	// Spanish
	"cancelar mi cuenta", "darme de baja", "nunca más", "abogado", "denunciar", "voy a publicar",
	"me cambio a", "mala reseña",
)

// complaintCues mark a complaint whose words VADER may read as friendly
// (sarcasm, "still waiting"): a message with one never reads positive.
var complaintCues = index(
	"still waiting", "still no", "still not", "still haven't", "still hasn't", "yet again", "thanks for nothing",
	"just great", "oh great", "oh wonderful", "oh perfect", "as usual", "for the third time", "third time",
	"fourth time", "fifth time", "nobody helps", "no one helps", "nobody has", "no one has", "been waiting",
	"how hard can it be", "unbelievable", "what a joke", "thanks a lot for nothing", "great job losing",
)

// Threat returns the first threat phrase in text, or "".
func Threat(text string) string { return threats.first(words_(text)) }

// phrases are lower-case word sequences indexed by their first word, so a
// message is matched in one pass over its words, on word boundaries.
type phrases struct {
	byFirst map[string][][]string
}

func index(ps ...string) phrases {
	idx := phrases{byFirst: map[string][][]string{}}
	for _, p := range ps {
		if ws := words_(p); len(ws) > 0 {
			idx.byFirst[ws[0]] = append(idx.byFirst[ws[0]], ws)
		}
	}
	return idx
}

// first returns the phrase found earliest in words ("" when none).
func (idx phrases) first(words []string) string {
	for i, w := range words {
		for _, p := range idx.byFirst[w] {
			if len(words)-i >= len(p) && slices.Equal(words[i:i+len(p)], p) {
				return strings.Join(p, " ")
			}
		}
	}
	return ""
}
