package cli

import (
	"slices"
	"testing"

	"careinbox/backend/report"
)

func TestLoopsRows(t *testing.T) {
	rows := loopsRows(report.Loops{Started: 5, Pending: 2, Dismissed: 1, LeftOpen: 3}, report.Loops{Started: 1, LeftOpen: 0})
	want := [][]string{{"taken_private_or_offline", "5", "1"}, {"public_close_pending", "2", "0"},
		{"public_close_dismissed", "1", "0"}, {"left_open", "3", "0"}}
	if !slices.EqualFunc(rows, want, slices.Equal[[]string]) {
		t.Fatalf("rows = %v, want %v", rows, want)
	}
}
