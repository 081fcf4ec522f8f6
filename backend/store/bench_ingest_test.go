package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// TestBenchIngestReportTriggers measures what migration 0005's triggers
// (report versions, maintained first/last message times) cost ingest: the
// same batches of conversations ingested into two new databases, one with
// the triggers and one with them dropped, alternately. Runs with the other
// benchmarks only (CAREINBOX_BENCH_DB set); CAREINBOX_BENCH_INGEST_OUT, if
// set, receives the Markdown table.
func TestBenchIngestReportTriggers(t *testing.T) {
	if os.Getenv("CAREINBOX_BENCH_DB") == "" {
		t.Skip("set CAREINBOX_BENCH_DB (scripts/bench.sh does)")
	}
	ctx := context.Background()
	open := func(name string, drop bool) (*Store, int64) {
		s, err := Open(ctx, filepath.Join(t.TempDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if drop {
			rows, err := s.r.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%report%'")
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for rows.Next() {
				var n string
				_ = rows.Scan(&n)
				names = append(names, n)
			}
			rows.Close()
			for _, n := range names {
				if _, err := s.w.ExecContext(ctx, "DROP TRIGGER "+n); err != nil {
					t.Fatal(err)
				}
			}
		}
		h := fixture(t, s, inbox.NetworkMastodon)
		return s, h.ID
	}
	with, hw := open("with.db", false)
	without, hn := open("without.db", true)
	const batches, perBatch, perConv = 40, 50, 10
	batch := func(b int) []IncomingConversation {
		var out []IncomingConversation
		for c := 0; c < perBatch; c++ {
			cust := customer(fmt.Sprintf("c%d-%d", b, c))
			conv := IncomingConversation{RemoteID: fmt.Sprintf("t%d-%d", b, c), Kind: inbox.KindPublic, Customer: cust}
			for m := 0; m < perConv; m++ {
				dir, author := inbox.Inbound, cust
				if m%2 == 1 {
					dir, author = inbox.Outbound, inbox.Participant{}
				}
				conv.Messages = append(conv.Messages, IncomingMessage{RemoteID: fmt.Sprintf("m%d-%d-%d", b, c, m), Direction: dir,
					Author: author, Text: "a message of ordinary length about an order and its delivery", SentAt: t0.Add(time.Duration(b*1000+c*10+m) * time.Minute)})
			}
			out = append(out, conv)
		}
		return out
	}
	var dw, dn time.Duration
	for b := 0; b < batches; b++ {
		convs := batch(b)
		t1 := time.Now()
		if _, err := with.Ingest(ctx, hw, convs, nil); err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		if _, err := without.Ingest(ctx, hn, convs, nil); err != nil {
			t.Fatal(err)
		}
		dw, dn = dw+t2.Sub(t1), dn+time.Since(t2)
	}
	n := batches * perBatch * perConv
	var b strings.Builder
	b.WriteString("| ingest (batches of 50 conversations × 10 messages) | per message | total |\n|---|---:|---:|\n")
	fmt.Fprintf(&b, "| with the report triggers (0005) | %.1f µs | %s |\n", float64(dw.Microseconds())/float64(n), ms1(dw))
	fmt.Fprintf(&b, "| triggers dropped | %.1f µs | %s |\n", float64(dn.Microseconds())/float64(n), ms1(dn))
	t.Log("\n" + b.String())
	if out := os.Getenv("CAREINBOX_BENCH_INGEST_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
