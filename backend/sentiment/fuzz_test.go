package sentiment

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzScore: any text a stranger sends is read without a panic, a score
// stays within VADER's range, and a threat is one of the listed phrases.
func FuzzScore(f *testing.F) {
	for _, tc := range customerMessages {
		f.Add(tc.text)
	}
	f.Add(strings.Repeat("NEVER AGAIN!!! ", 400) + "é")
	f.Add("\xff\xfe lawyer \x00")
	f.Add("’’’ 's 's")
	a := New()
	f.Fuzz(func(t *testing.T, text string) {
		r := a.Score(text)
		if r.Score != nil && (*r.Score < -1 || *r.Score > 1) {
			t.Fatalf("score %v out of range for %q", *r.Score, text)
		}
		if r.Threat != "" && !strings.Contains(" "+strings.Join(words_(text), " ")+" ", " "+r.Threat+" ") {
			t.Fatalf("threat %q is not in %q", r.Threat, text)
		}
		if !utf8.ValidString(r.Threat) {
			t.Fatalf("threat %q is not UTF-8", r.Threat)
		}
		sig := Summarize([]Point{{Score: r.Score, Threat: r.Threat}, {Score: r.Score}})
		if sig.Score != nil && (*sig.Score < -1 || *sig.Score > 1) {
			t.Fatalf("conversation score %v out of range", *sig.Score)
		}
	})
}
