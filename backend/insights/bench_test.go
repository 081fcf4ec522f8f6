package insights_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"careinbox/backend/insights"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

// TestBenchArchive times insights on a generated archive named by
// CAREINBOX_BENCH_DB (see scripts/bench.sh; a copy, it is only read): a
// month of one client and a year of all clients, p50/p95 of 5 runs.
func TestBenchArchive(t *testing.T) {
	path := os.Getenv("CAREINBOX_BENCH_DB")
	if path == "" {
		t.Skip("set CAREINBOX_BENCH_DB to a generated archive (scripts/bench.sh does)")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clients, err := st.Clients(ctx)
	if err != nil || len(clients) == 0 {
		t.Fatalf("clients: %v %v", clients, err)
	}
	svc := insights.New(st)
	now := time.Now()
	for _, c := range []struct {
		name  string
		scope report.Scope
		from  time.Time
	}{{"one client, a month", report.Scope{ClientID: clients[0].ID}, now.AddDate(0, -1, 0)},
		{"all clients, a year", report.Scope{}, now.AddDate(-1, 0, 0)}} {
		var took []time.Duration
		var got insights.Insights
		for range 5 {
			start := time.Now()
			if got, err = svc.Build(ctx, c.scope, report.Period{From: c.from, To: now}, insights.Options{}); err != nil {
				t.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
		slices.Sort(took)
		t.Logf("%s: p50 %v, p95 %v; %d + %d messages read, capped %v, %d terms, %d issues", c.name, took[2], took[4],
			got.MessagesRead, got.PreviousMessagesRead, got.Capped, len(got.Terms), len(got.Issues))
	}
}
