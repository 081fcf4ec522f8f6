package voice

import (
	"reflect"
	"strings"
	"testing"

	"careinbox/backend/inbox"
)

func TestAvoided(t *testing.T) {
	avoid := []inbox.VoiceWord{
		{Phrase: "LOL"},
		{Phrase: "per our policy", Alternative: "we usually"},
		{Phrase: "ticket", Alternative: "your message"},
		{Phrase: "schön"},
		{Phrase: "café"},
		{Phrase: ":P"},
		{Phrase: "don't worry", Alternative: "I understand"},
		{Phrase: "ASAP", Alternative: "as soon as we can"},
	}
	for _, tc := range []struct {
		name string
		text string
		want []Hit
	}{
		{"none", "Thanks for writing, we'll check now.", nil},
		{"case-insensitive", "lol that is odd. LoL!", []Hit{{Phrase: "LOL", Found: "lol", Count: 2}}},
		{"not inside other words", "A lollipop, a tickets office, ASAPish, schöner, cafés, tickety-boo", nil},
		{"punctuation around", "(lol), \"ticket\"; asap.", []Hit{
			{Phrase: "LOL", Found: "lol", Count: 1},
			{Phrase: "ticket", Alternative: "your message", Found: "ticket", Count: 1},
			{Phrase: "ASAP", Alternative: "as soon as we can", Found: "asap", Count: 1},
		}},
		{"phrase across spacing and lines", "Per  our\npolicy we can't.", []Hit{{Phrase: "per our policy", Alternative: "we usually", Found: "Per  our\npolicy", Count: 1}}},
		{"partial phrase is no hit", "per our policies", nil},
		{"accents count", "Das ist schon gut.", nil},
		{"accented word, any case", "Das ist SCHÖN.", []Hit{{Phrase: "schön", Found: "SCHÖN", Count: 1}}},
		{"decomposed accent equals precomposed", "Meet at the cafe\u0301 at noon", []Hit{{Phrase: "café", Found: "café", Count: 1}}},
		{"combining accent is part of the word", "cafe\u0301s", nil},
		{"emoticon needs no word boundary", "so there:P", []Hit{{Phrase: ":P", Found: ":P", Count: 1}}},
		{"curly apostrophe", "Don’t worry, it's fine", []Hit{{Phrase: "don't worry", Alternative: "I understand", Found: "Don’t worry", Count: 1}}},
		{"apostrophe inside a word is not a boundary", "the ticket's number", nil},
		{"other scripts", "Ваш ticket принят", []Hit{{Phrase: "ticket", Alternative: "your message", Found: "ticket", Count: 1}}},
		{"letters of other scripts are word characters", "Вашticket", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Avoided(tc.text, avoid)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Avoided(%q) =\n%+v\nwant\n%+v", tc.text, got, tc.want)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	v := Vars{CustomerName: "Zoë", Handle: "Brightside", Agent: "Sam", Signoff: "— Sam"}
	for _, tc := range []struct{ in, want string }{
		{"Hi {customer_name}, thanks for writing to {handle}. {signoff}", "Hi Zoë, thanks for writing to Brightside. — Sam"},
		{"I'm {agent}.", "I'm Sam."},
		{"{name} and {Agent} stay as typed", "{name} and {Agent} stay as typed"},
	} {
		if got := Expand(tc.in, v); got != tc.want {
			t.Errorf("Expand(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSignoff(t *testing.T) {
	for _, tc := range []struct{ tmpl, agent, want string }{
		{"— {agent}", "Sam", "— Sam"},
		{"^SK", "", "^SK"},
		{"— {agent}", "", ""},
		{"  ", "Sam", ""},
	} {
		if got := Signoff(tc.tmpl, tc.agent); got != tc.want {
			t.Errorf("Signoff(%q, %q) = %q, want %q", tc.tmpl, tc.agent, got, tc.want)
		}
	}
}

func TestSign(t *testing.T) {
	long := strings.Repeat("a", 275)
	for _, tc := range []struct {
		name         string
		text, signof string
		limit, extra int
		want         Signed
	}{
		{"short network: space", "Sorted!", "^SK", 280, 0, Signed{Text: "Sorted! ^SK", Appended: true}},
		{"long network: new line", "Sorted!", "— Sam", 8000, 0, Signed{Text: "Sorted!\n— Sam", Appended: true}},
		{"no limit: new line", "Sorted!", "— Sam", 0, 0, Signed{Text: "Sorted!\n— Sam", Appended: true}},
		{"already signed at the end", "Sorted! ^SK", "^SK", 280, 0, Signed{Text: "Sorted! ^SK", Skipped: SkipPresent}},
		{"already signed, other case and spacing", "Sorted!\n—  sam", "— Sam", 8000, 0, Signed{Text: "Sorted!\n—  sam", Skipped: SkipPresent}},
		{"a name inside a word is not a sign-off", "Samples are on the way", "Sam", 8000, 0, Signed{Text: "Samples are on the way\nSam", Appended: true}},
		{"exactly at the limit", long, "^SK", 279, 0, Signed{Text: long + " ^SK", Appended: true}},
		{"over the limit", long, "^SK", 278, 0, Signed{Text: long, Skipped: SkipTooLong}},
		{"what the network adds counts", long, "^SK", 300, 22, Signed{Text: long, Skipped: SkipTooLong}},
		{"emoji count once", strings.Repeat("👍🏽", 277), "^SK", 280, 0, Signed{Text: strings.Repeat("👍🏽", 277), Skipped: SkipTooLong}},
		{"emoji count once, fits", strings.Repeat("👍🏽", 276), "^SK", 280, 0, Signed{Text: strings.Repeat("👍🏽", 276) + " ^SK", Appended: true}},
		{"no sign-off", "Sorted!", "  ", 280, 0, Signed{Text: "Sorted!", Skipped: SkipEmpty}},
		{"trims the reply", "  Sorted!  ", "^SK", 280, 0, Signed{Text: "Sorted! ^SK", Appended: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Sign(tc.text, tc.signof, tc.limit, tc.extra)
			if got != tc.want {
				t.Fatalf("Sign = %+v, want %+v", got, tc.want)
			}
			// Signing twice is signing once.
			if again := Sign(got.Text, tc.signof, tc.limit, tc.extra); again.Text != got.Text || again.Appended {
				t.Fatalf("second Sign changed the text: %+v", again)
			}
		})
	}
}

func TestStarterGuide(t *testing.T) {
	for _, want := range []string{"private or offline", "Close in public", "Response windows", "Escalation", "Tone"} {
		if !strings.Contains(StarterGuide, want) {
			t.Errorf("the starter guide says nothing under %q", want)
		}
	}
}
