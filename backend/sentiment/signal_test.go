package sentiment

import "testing"

// TestSummarizeConversations reads whole customer sides of conversations
// through the real analyzer: the angry ones are irate, the others are not.
func TestSummarizeConversations(t *testing.T) {
	a := New()
	cases := []struct {
		name   string
		msgs   []string
		label  Label
		trend  Trend
		irate  bool
		reason string
	}{
		{"happy", []string{"Hi, does the jacket come in blue?", "Perfect, thank you so much!"}, Positive, Improving, false, ""},
		{"neutral question", []string{"When does my order ship?"}, Neutral, NoTrend, false, ""},
		{"mildly annoyed", []string{"My parcel is a day late, a bit annoying."}, Negative, NoTrend, false, ""},
		{"strongly negative", []string{"This is disgusting. Your staff were rude and the food was awful, worst evening ever."}, Negative, NoTrend, true, "strongly negative"},
		{"rising anger", []string{
			"Hi, my order hasn't arrived yet, any news?",
			"This is really disappointing, I expected better.",
			"It's been a week now. Not happy.",
		}, Negative, Worsening, true, "anger rising across the customer's messages"},
		{"threat in a calm tone", []string{"Please close my account by Friday."}, Negative, NoTrend, true, "threatens to leave or go public (\u201cclose my account\u201d)"},
		{"threat in German", []string{"Wo bleibt meine Bestellung?", "Ich kündige, das war's."}, Unknown, NoTrend, true, "threatens to leave or go public (\u201cich kündige\u201d)"},
		{"calmed down", []string{
			"I'm going to cancel my account, this is a disgrace.",
			"Oh wow, the refund just came through. Thank you so much, that's great!",
		}, Positive, Improving, false, ""},
		{"nothing scored", []string{"Bonjour, où est ma commande ?"}, Unknown, NoTrend, false, ""},
		{"no messages", nil, Unknown, NoTrend, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var pts []Point
			for _, m := range tc.msgs {
				r := a.Score(m)
				pts = append(pts, Point(r))
			}
			sig := Summarize(pts)
			if sig.Label != tc.label || sig.Trend != tc.trend || sig.Irate != tc.irate || sig.Reason != tc.reason {
				var s any = "nil"
				if sig.Score != nil {
					s = *sig.Score
				}
				t.Errorf("got label %s trend %q irate %v reason %q (score %v), want %s %q %v %q",
					sig.Label, sig.Trend, sig.Irate, sig.Reason, s, tc.label, tc.trend, tc.irate, tc.reason)
			}
		})
	}
}

func f(v float64) *float64 { return &v }

// TestSummarizeRules pins the rules on scores alone.
func TestSummarizeRules(t *testing.T) {
	cases := []struct {
		name  string
		pts   []Point
		irate bool
		score *float64
	}{
		{"latest weighs most", []Point{{Score: f(-1)}, {Score: f(1)}}, false, f(0.333)},
		{"rising but still mild", []Point{{Score: f(0)}, {Score: f(-0.1)}, {Score: f(-0.2)}}, false, f(-0.143)},
		{"rising to angry", []Point{{Score: f(0.1)}, {Score: f(-0.2)}, {Score: f(-0.45)}}, true, f(-0.3)},
		{"one bad then better", []Point{{Score: f(-0.55)}, {Score: f(-0.1)}}, false, f(-0.25)},
		{"only the last five count", []Point{{Threat: "lawyer"}, {Score: f(0)}, {Score: f(0)}, {Score: f(0)}, {Score: f(0)}, {Score: f(0)}}, false, f(0)},
		{"a happy message clears a threat", []Point{{Threat: "bbb", Score: f(-0.3)}, {Score: f(0.6)}}, false, f(0.3)},
		{"unknown languages keep threats", []Point{{Threat: "anwalt"}, {}}, true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sig := Summarize(tc.pts)
			if sig.Irate != tc.irate {
				t.Errorf("irate = %v (%s), want %v", sig.Irate, sig.Reason, tc.irate)
			}
			if (sig.Score == nil) != (tc.score == nil) || (sig.Score != nil && *sig.Score != *tc.score) {
				t.Errorf("score = %v, want %v", deref(sig.Score), deref(tc.score))
			}
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
