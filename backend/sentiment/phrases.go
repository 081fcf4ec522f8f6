package sentiment

import "strings"

// threats are phrases with which a customer threatens to leave, to take
// legal steps or to go public. Matched on whole words, case-insensitive;
// the first match is reported. A small list in German, French and Spanish
// follows the English one, since VADER cannot score those languages.
var threats = normalizeAll(
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
var complaintCues = normalizeAll(
	"still waiting", "still no", "still not", "still haven't", "still hasn't", "yet again", "thanks for nothing",
	"just great", "oh great", "oh wonderful", "oh perfect", "as usual", "for the third time", "third time",
	"fourth time", "fifth time", "nobody helps", "no one helps", "nobody has", "no one has", "been waiting",
	"how hard can it be", "unbelievable", "what a joke", "thanks a lot for nothing", "great job losing",
)

// Threat returns the first threat phrase in text, or "".
func Threat(text string) string { return firstMatch(text, threats) }

func complaintCue(text string) bool { return firstMatch(text, complaintCues) != "" }

// firstMatch finds a phrase on word boundaries: both text and phrases are
// reduced to lower-case words joined by single spaces.
func firstMatch(text string, phrases []string) string {
	padded := " " + strings.Join(words_(normalizeQuotes(text)), " ") + " "
	for _, p := range phrases {
		if strings.Contains(padded, " "+p+" ") {
			return p
		}
	}
	return ""
}

func normalizeQuotes(s string) string { return strings.ReplaceAll(s, "’", "'") }

func normalizeAll(ps ...string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = strings.Join(words_(normalizeQuotes(p)), " ")
	}
	return out
}
