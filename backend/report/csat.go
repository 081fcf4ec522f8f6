package report

// CSATAnswer is one survey asked in a report's period.
type CSATAnswer struct {
	Answered bool
	Score    int // 1–5 (👍 = 5, 👎 = 1); 0 for an opt-out or no answer
}

// CSATFigure is the satisfaction figure of a period: the score is the share
// of ratings that are 4–5 (or 👍), the response rate answered / asked.
type CSATFigure struct {
	Asked    int
	Answered int // ratings and opt-outs
	Rated    int
	Positive int
	// Score and ResponseRate are percentages; -1 when there is nothing to divide.
	Score        float64
	ResponseRate float64
}

// CSAT computes the satisfaction figure over the surveys asked.
func CSAT(answers []CSATAnswer) CSATFigure {
	f := CSATFigure{Score: -1, ResponseRate: -1}
	for _, a := range answers {
		f.Asked++
		if !a.Answered {
			continue
		}
		f.Answered++
		if a.Score > 0 {
			f.Rated++
			if a.Score >= 4 {
				f.Positive++
			}
		}
	}
	if f.Asked > 0 {
		f.ResponseRate = 100 * float64(f.Answered) / float64(f.Asked)
	}
	if f.Rated > 0 {
		f.Score = 100 * float64(f.Positive) / float64(f.Rated)
	}
	return f
}
