package cli

import (
	"strconv"

	"careinbox/backend/report"
)

var loopsHeader = []string{"metric", "current", "previous"}

// loopsRows is the CSV section of loops left open (finish in public).
func loopsRows(cur, prev report.Loops) [][]string {
	i := strconv.Itoa
	return [][]string{
		{"taken_private_or_offline", i(cur.Started), i(prev.Started)},
		{"public_close_pending", i(cur.Pending), i(prev.Pending)},
		{"public_close_dismissed", i(cur.Dismissed), i(prev.Dismissed)},
		{"left_open", i(cur.LeftOpen), i(prev.LeftOpen)},
	}
}

// csatRows is the CSV section of satisfaction surveys (issue 12): score is
// the share of 4–5 (or 👍) ratings, response rate answered / asked, in %.
func csatRows(cur, prev report.CSATFigure) [][]string {
	i := strconv.Itoa
	f := func(v float64) string {
		if v < 0 { // nothing asked or rated: no percentage, not "-1"
			return ""
		}
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return [][]string{
		{"surveys_asked", i(cur.Asked), i(prev.Asked)},
		{"surveys_answered", i(cur.Answered), i(prev.Answered)},
		{"ratings", i(cur.Rated), i(prev.Rated)},
		{"ratings_positive", i(cur.Positive), i(prev.Positive)},
		{"satisfied_pct", f(cur.Score), f(prev.Score)},
		{"response_rate_pct", f(cur.ResponseRate), f(prev.ResponseRate)},
	}
}
