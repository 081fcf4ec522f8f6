package store

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// TestBenchSentimentBackfill measures, on a copy of the generated archive
// (CAREINBOX_BENCH_SENTIMENT_DB; skipped otherwise, and it changes the
// file): migration 0006, scoring every stored message in batches, and the
// Irate and Negative filters afterwards. docs/BENCHMARKS.md has the numbers.
func TestBenchSentimentBackfill(t *testing.T) {
	path := os.Getenv("CAREINBOX_BENCH_SENTIMENT_DB")
	if path == "" {
		t.Skip("set CAREINBOX_BENCH_SENTIMENT_DB to a copy of a generated archive")
	}
	ctx := context.Background()
	start := time.Now()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Logf("open + migrate: %v", time.Since(start))
	var batches []time.Duration
	start = time.Now()
	for {
		b := time.Now()
		done, err := s.BackfillSentiment(ctx, 500)
		if err != nil {
			t.Fatal(err)
		}
		batches = append(batches, time.Since(b))
		if done {
			break
		}
	}
	total := time.Since(start)
	slices.Sort(batches)
	t.Logf("backfill: %d batches of 500 in %v; per batch p50 %v, p95 %v, max %v", len(batches), total,
		batches[len(batches)/2], batches[len(batches)*95/100], batches[len(batches)-1])
	var scored, irate int
	_ = s.r.QueryRow("SELECT COUNT(*) FROM messages WHERE sentiment IS NOT NULL").Scan(&scored)
	_ = s.r.QueryRow("SELECT COUNT(*) FROM conversations WHERE irate = 1").Scan(&irate)
	t.Logf("scored messages: %d; irate conversations: %d", scored, irate)
	for _, f := range []inbox.ConversationFilter{
		{Irate: true}, {Irate: true, Statuses: []inbox.Status{inbox.StatusOpen}},
		{Moods: []inbox.Mood{inbox.MoodNegative}, Statuses: []inbox.Status{inbox.StatusOpen}},
	} {
		var d []time.Duration
		for i := 0; i < 30; i++ {
			b := time.Now()
			if _, err := s.Conversations(ctx, f, 0, 100); err != nil {
				t.Fatal(err)
			}
			d = append(d, time.Since(b))
		}
		slices.Sort(d)
		t.Logf("list %+v: p50 %v p95 %v", f, d[len(d)/2], d[len(d)*95/100])
	}
}
