package csat

import "testing"

func TestParse(t *testing.T) {
	cases := []struct {
		text      string
		rated     bool
		score     int
		optOut    bool
		wantsHelp bool
		comment   string
	}{
		// digits
		{"5", true, 5, false, false, ""},
		{"5/5", true, 5, false, false, ""},
		{"4 stars, thanks Sam!", true, 4, false, false, "thanks Sam"},
		{"I'd say 3 out of 5", true, 3, false, false, "I'd say"},
		{"2", true, 2, false, false, ""},
		{"my order 12345 arrived", false, 0, false, false, "my order 12345 arrived"},
		{"10/10", false, 0, false, false, "10/10"},
		// emoji
		{"⭐⭐⭐⭐", true, 4, false, false, ""},
		{"👍", true, 5, false, false, ""},
		{"👎 took forever", true, 1, false, false, "took forever"},
		{"😡", true, 1, false, false, ""},
		{"😀", true, 5, false, false, ""},
		{"😐", true, 3, false, false, ""},
		// English
		{"Great, thanks!", true, 5, false, false, "thanks"},
		{"terrible service", true, 1, false, false, "service"},
		{"not good", true, 2, false, false, ""},
		{"excellent", true, 5, false, false, ""},
		{"bad", true, 2, false, false, ""},
		// German
		{"Sehr gut, danke", true, 5, false, false, "danke"},
		{"schlecht", true, 2, false, false, ""},
		{"nicht gut", true, 2, false, false, ""},
		{"furchtbar", true, 1, false, false, ""},
		// French
		{"Génial merci", true, 5, false, false, "merci"},
		{"nul", true, 1, false, false, ""},
		{"pas bien", true, 2, false, false, ""},
		{"très bien", true, 5, false, false, ""},
		// Spanish
		{"Excelente atención", true, 5, false, false, "atención"},
		{"pésimo", true, 1, false, false, ""},
		{"muy bien gracias", true, 5, false, false, "gracias"},
		{"malo", true, 2, false, false, ""},
		// opt-out
		{"STOP", false, 0, true, false, ""},
		{"unsubscribe please", false, 0, true, false, ""},
		{"Abmelden", false, 0, true, false, ""},
		{"baja", false, 0, true, false, ""},
		{"it does not stop crashing when I open the app", false, 0, false, false, "it does not stop crashing when I open the app"},
		// asking for more help reopens
		{"5 but the app still crashes", true, 5, false, true, "but the app still crashes"},
		{"2, still not working", true, 2, false, true, "still not working"},
		{"good, how do I reset my password?", true, 4, false, true, "how do I reset my password?"},
		{"gut, aber es funktioniert nicht", true, 4, false, true, "aber es funktioniert nicht"},
		{"bien mais ça ne marche pas", true, 4, false, true, "mais ça ne marche pas"},
		{"bueno pero sigue fallando", true, 4, false, true, "pero sigue fallando"},
		{"thanks?", false, 0, false, false, "thanks?"},
		{"", false, 0, false, false, ""},
	}
	for _, c := range cases {
		got := Parse(c.text)
		if got.Rated != c.rated || got.Score != c.score || got.OptOut != c.optOut || got.WantsHelp != c.wantsHelp {
			t.Errorf("Parse(%q) = %+v, want rated=%v score=%d optOut=%v wantsHelp=%v", c.text, got, c.rated, c.score, c.optOut, c.wantsHelp)
		}
		if c.rated && got.Comment != c.comment {
			t.Errorf("Parse(%q).Comment = %q, want %q", c.text, got.Comment, c.comment)
		}
	}
}
