package app

import (
	"testing"
	"time"

	"careinbox/backend/store"
)

func TestSummarizeBackfill(t *testing.T) {
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		rows     []store.Backfill
		state    string
		progress float64
		total    int
		oldest   int64
	}{
		{"never started", nil, "none", -1, 0, 0},
		{"a mailbox with a count", []store.Backfill{{State: store.BackfillRunning, Total: 400, Progress: 0.25, Messages: 100, OldestAt: day}},
			"running", 0.25, 400, day.UnixMilli()},
		{"a stream without a total: no estimate", []store.Backfill{
			{State: store.BackfillRunning, Messages: 80, OldestAt: day},
			{State: store.BackfillDone, Messages: 5, OldestAt: day.AddDate(0, 0, -3)}}, "running", -1, 0, day.AddDate(0, 0, -3).UnixMilli()},
		{"paused beats done", []store.Backfill{{State: store.BackfillDone}, {State: store.BackfillPaused}}, "paused", -1, 0, 0},
		{"all done", []store.Backfill{{State: store.BackfillDone}, {State: store.BackfillDone}}, "done", 1, 0, 0},
		{"stopped", []store.Backfill{{State: store.BackfillStopped, Total: 10, Progress: 0.5}}, "stopped", 0.5, 10, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := summarize(BackfillDTO{State: "none", Progress: -1}, tc.rows)
			if got.State != tc.state || got.Progress != tc.progress || got.Total != tc.total || got.OldestAt != tc.oldest {
				t.Errorf("got %+v, want state %s progress %v total %d oldest %d", got, tc.state, tc.progress, tc.total, tc.oldest)
			}
		})
	}
}
