package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestBenchForget measures forgetting one customer (ForgetCustomer, then
// Compact: FTS merges, VACUUM, WAL truncate) and a backup (BackupTo +
// VerifyFile) on a copy of the benchmark archive named by
// CAREINBOX_BENCH_FORGET (it is changed: pass a copy). Skipped otherwise.
func TestBenchForget(t *testing.T) {
	path := os.Getenv("CAREINBOX_BENCH_FORGET")
	if path == "" {
		t.Skip("set CAREINBOX_BENCH_FORGET to a copy of the benchmark archive")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var cust, msgs int64
	if err := s.r.QueryRow(`SELECT author_id, COUNT(*) FROM messages WHERE author_id IS NOT NULL
		GROUP BY author_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&cust, &msgs); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	e, err := s.ForgetCustomer(ctx, cust, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	forget := time.Since(start)
	start = time.Now()
	complete, err := s.Compact(ctx)
	if err != nil {
		t.Fatal(err)
	}
	compact := time.Since(start)
	backup := filepath.Join(t.TempDir(), "b.db")
	start = time.Now()
	if err := s.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	copyTime := time.Since(start)
	start = time.Now()
	if _, err := VerifyFile(ctx, backup); err != nil {
		t.Fatal(err)
	}
	verify := time.Since(start)
	load, _ := os.ReadFile("/proc/loadavg")
	t.Logf("forget customer %d (%d conversations, %d messages): %v; compact (complete %v): %v; backup: %v; integrity_check: %v; load %s",
		cust, e.Conversations, e.Messages, forget.Round(time.Millisecond), complete, compact.Round(time.Millisecond),
		copyTime.Round(time.Millisecond), verify.Round(time.Millisecond), load)
}
