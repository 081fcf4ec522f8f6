package sentiment

import (
	"fmt"
	"strings"
	"testing"
)

// customerMessages are real-looking messages a care team gets, each with the
// label an agent would give it and the threat phrase it carries.
var customerMessages = []struct {
	name, text string
	want       Label
	threat     string
}{
	// angry
	{"angry refund", "This is the third time I'm writing. Still no refund. Absolutely ridiculous.", Negative, ""},
	{"angry caps", "WORST SERVICE EVER. Your app deleted all my photos and nobody cares!!!", Negative, ""},
	{"angry on hold", "I have been on hold for 2 hours and nobody helps. This is unacceptable!", Negative, ""},
	{"angry broken", "The blender broke after one use. Terrible quality, I'm furious.", Negative, ""},
	// sarcastic: VADER alone reads these as positive; the complaint cues correct it
	{"sarcastic great", "Oh great, my order is lost yet again. Just great.", Negative, ""},
	{"sarcastic thanks", "Thanks for nothing, really helpful as usual.", Negative, ""},
	{"sarcastic still waiting", "Wonderful, still waiting for the technician who was due on Monday.", Negative, ""},
	// neutral
	{"question", "Hi, can you tell me when my order 48213 ships?", Neutral, ""},
	{"address change", "I moved last week, how do I change the delivery address on my account?", Neutral, ""},
	{"opening hours", "What time does the Utrecht store open on Sunday?", Neutral, ""},
	// happy
	{"thanks", "Thank you so much, the replacement arrived and works perfectly!", Positive, ""},
	{"praise", "Love the new update, great job team 😍", Positive, ""},
	{"resolved", "That fixed it, you're awesome. Have a nice weekend!", Positive, ""},
	// threats to leave or to go public: never positive, whatever the words
	{"cancel", "If this isn't fixed today I'm going to cancel my account.", Negative, "cancel my account"},
	{"switching", "Honestly I'm switching to your competitor, they actually answer.", Negative, "switching to"},
	{"trustpilot", "Awful experience. I'm writing a review on Trustpilot tonight.", Negative, "trustpilot"},
	{"lawyer", "My lawyer will be in touch about the damage to my car.", Negative, "lawyer"},
	{"bbb", "Filing a complaint with the BBB.", Negative, "bbb"},
	{"going to post", "I'm going to post this conversation everywhere so people know how you treat customers.", Negative, "going to post"},
	{"never again", "Never again. Worst airline I've ever flown with.", Negative, "never again"},
	// not English: no score, threats still found
	{"german threat", "Das ist eine Frechheit, ich kündige meinen Vertrag.", Unknown, "ich kündige"},
	{"french threat", "C'est inadmissible, je vais porter plainte et résilier mon abonnement.", Unknown, "porter plainte"},
	{"spanish threat", "Es la tercera vez que escribo. Voy a cancelar mi cuenta.", Unknown, "cancelar mi cuenta"},
	{"german question", "Wann wird meine Bestellung geliefert? Danke!", Unknown, ""},
	{"japanese", "注文した商品がまだ届きません。", Unknown, ""},
	// word boundaries: no threat inside other words
	{"boundary", "My flawyers… I mean, the flowers were lovely, thanks!", Positive, ""},
	{"emoji", "terrible 😡", Negative, ""},
	{"empty", "   ", Unknown, ""},
}

func TestScoreLabelsAndThreats(t *testing.T) {
	a := New()
	for _, tc := range customerMessages {
		t.Run(tc.name, func(t *testing.T) {
			r := a.Score(tc.text)
			if got := LabelOf(r.Score); got != tc.want {
				s := "nil"
				if r.Score != nil {
					s = fmt.Sprint(*r.Score)
				}
				t.Errorf("label = %s (score %s), want %s", got, s, tc.want)
			}
			if r.Threat != tc.threat {
				t.Errorf("threat = %q, want %q", r.Threat, tc.threat)
			}
		})
	}
}

func TestThreatWordBoundaries(t *testing.T) {
	cases := []struct{ text, want string }{
		{"I'll see you in small claims court.", "small claims"},
		{"Leaving a 1 star review.", "1 star review"},
		{"I’m CANCELLING MY ACCOUNT", "cancelling my account"},
		{"the lawyer's letter", "lawyer"},
		{"My lawyer, Ms Brandt, will call.", "lawyer"},
		{"bbbq party", ""},
		{"Switching topics: where is my parcel?", ""},
		{"switching to Lidl", "switching to"},
		{"Ich kündige!", "ich kündige"},
		{"NUNCA MÁS compro aquí", "nunca más"},
	}
	for _, tc := range cases {
		if got := Threat(tc.text); got != tc.want {
			t.Errorf("Threat(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func BenchmarkScore(b *testing.B) {
	a := New()
	for i := 0; i < b.N; i++ {
		a.Score(customerMessages[i%len(customerMessages)].text)
	}
}

func TestLongTextIsCutAtAWord(t *testing.T) {
	a := New()
	text := strings.Repeat("x", maxScored-3) + " lawyers are expensive"
	if r := a.Score(text); r.Threat != "" {
		t.Errorf("a word cut at the limit became the threat %q", r.Threat)
	}
}
