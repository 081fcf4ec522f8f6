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
