package report_test

import (
	"context"
	"os"
	"runtime/pprof"
	"slices"
	"testing"
	"time"

	"careinbox/backend/report"
	"careinbox/backend/store"
)

// TestBenchReport measures issue 11's speed figures on the generated
// 1 M-message archive: a one-month report of one client and a one-year
// report of all clients. It only runs when CAREINBOX_BENCH_DB names the
// archive (scripts/bench.sh sets it).
func TestBenchReport(t *testing.T) {
	path := os.Getenv("CAREINBOX_BENCH_DB")
	if path == "" {
		t.Skip("set CAREINBOX_BENCH_DB to a generated archive (scripts/bench.sh does)")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clients, err := st.Clients(ctx)
	if err != nil || len(clients) == 0 {
		t.Fatal("no clients", err)
	}
	end := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	svc := report.New(st, time.UTC, func() time.Time { return end })
	cases := []struct {
		name string
		sc   report.Scope
		p    report.Period
	}{
		{"one client, one month", report.Scope{ClientID: clients[0].ID}, report.Period{From: end.AddDate(0, -1, 0), To: end}},
		{"all clients, one year", report.Scope{}, report.Period{From: end.AddDate(-1, 0, 0), To: end}},
	}
	if f := os.Getenv("CAREINBOX_BENCH_PROFILE"); f != "" {
		out, _ := os.Create(f)
		_ = pprof.StartCPUProfile(out)
		defer pprof.StopCPUProfile()
	}
	for _, c := range cases {
		var d []time.Duration
		for i := 0; i < 5; i++ {
			t0 := time.Now()
			r, err := svc.Build(ctx, c.sc, c.p)
			if err != nil {
				t.Fatal(err)
			}
			d = append(d, time.Since(t0))
			if i == 0 {
				t.Logf("%s: %d conversations in", c.name, r.Current.Volume.ConversationsIn)
			}
		}
		slices.Sort(d)
		t.Logf("%s: p50 %v max %v", c.name, d[len(d)/2], d[len(d)-1])
	}
}
