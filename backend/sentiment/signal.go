package sentiment

// Trend says which way the customer's last messages are going.
type Trend string

const (
	Worsening Trend = "worsening"
	Improving Trend = "improving"
	Steady    Trend = "steady"
	NoTrend   Trend = "" // fewer than two scored messages
)

// Point is one of the customer's messages as the conversation signal reads
// it: the stored score (nil when unknown) and threat phrase.
type Point struct {
	Score  *float64
	Threat string
}

// Signal is a conversation's reading, from its customer's messages.
type Signal struct {
	// Score weighs the latest scored messages, the newest most; nil when none is scored.
	Score *float64
	Label Label
	Trend Trend
	// Irate: strongly negative, anger rising across consecutive messages, or a
	// threat to leave or to go public since the customer last sounded happy.
	Irate bool
	// Reason says why Irate is set, in words for the agent ("" when not irate).
	Reason string
}

// Tunables, chosen on the test table (signal_test.go, sentiment_test.go).
const (
	window         = 5    // the customer's messages a signal reads
	strongly       = -0.6 // one message this negative is irate on its own
	weightedIrate  = -0.5 // so is a weighted score this negative
	risingLatest   = -0.3 // rising anger ends at least this negative …
	risingDrop     = 0.4  // … having fallen at least this much
	resetPositive  = 0.5  // a message this positive clears earlier anger and threats
	trendThreshold = 0.2
)

// Summarize reads a conversation from its customer's messages, oldest
// first. Only the last window messages count.
func Summarize(inbound []Point) Signal {
	if len(inbound) > window {
		inbound = inbound[len(inbound)-window:]
	}
	var scores []float64
	for _, p := range inbound {
		if p.Score != nil {
			scores = append(scores, *p.Score)
		}
	}
	var sig Signal
	if len(scores) > 0 {
		var sum, weights float64
		w := 1.0
		for i := len(scores) - 1; i >= 0; i-- {
			sum += w * scores[i]
			weights += w
			w /= 2
		}
		v := round3(sum / weights)
		sig.Score = &v
	}
	sig.Label = LabelOf(sig.Score)
	if n := len(scores); n >= 2 {
		var prev float64
		for _, s := range scores[:n-1] {
			prev += s
		}
		switch d := scores[n-1] - prev/float64(n-1); {
		case d <= -trendThreshold:
			sig.Trend = Worsening
		case d >= trendThreshold:
			sig.Trend = Improving
		default:
			sig.Trend = Steady
		}
	}
	sig.Irate, sig.Reason = irate(inbound, sig.Score)
	return sig
}

// irate reads the messages since the customer last sounded clearly happy.
func irate(inbound []Point, weighted *float64) (bool, string) {
	start := 0
	for i, p := range inbound {
		if p.Score != nil && *p.Score >= resetPositive {
			start = i + 1
		}
	}
	recent := inbound[start:]
	if len(recent) == 0 {
		return false, ""
	}
	for i := len(recent) - 1; i >= 0; i-- {
		if t := recent[i].Threat; t != "" {
			return true, "threatens to leave or go public (\u201c" + t + "\u201d)"
		}
	}
	var scores []float64
	for _, p := range recent {
		if p.Score != nil {
			scores = append(scores, *p.Score)
		}
	}
	if len(scores) == 0 {
		return false, ""
	}
	last := scores[len(scores)-1]
	if last <= strongly || (weighted != nil && *weighted <= weightedIrate) {
		return true, "strongly negative"
	}
	// Rising anger: the last messages keep getting worse, in a row.
	run := len(scores) - 1
	for run > 0 && scores[run-1] > scores[run] {
		run--
	}
	if run < len(scores)-1 && last <= risingLatest && scores[run]-last >= risingDrop {
		return true, "anger rising across the customer's messages"
	}
	return false, ""
}

func round3(v float64) float64 {
	if v < 0 {
		return -float64(int64(-v*1000+0.5)) / 1000
	}
	return float64(int64(v*1000+0.5)) / 1000
}
