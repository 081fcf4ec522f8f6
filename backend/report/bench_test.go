package report_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"careinbox/backend/report"
	"careinbox/backend/store"
)

// TestBenchReport measures issue 11's speed figures on the generated
// 1 M-message archive: a one-month report of one client and a one-year
// report of all clients. Each case reports the first (cold) build of a new
// service, then warm builds alternated with the raw SQL floor of the same
// aggregates in the same run, and the memo's heap. It only runs when
// CAREINBOX_BENCH_DB names the archive (scripts/bench.sh sets it; the file
// is migrated first, then read through a read-only store as a report can
// be). CAREINBOX_BENCH_OUT, if set, receives the Markdown table;
// CAREINBOX_BENCH_PROFILE a CPU profile of the year's warm builds (and floor);
// CAREINBOX_BENCH_RUNS overrides the number of warm runs.
func TestBenchReport(t *testing.T) {
	path := os.Getenv("CAREINBOX_BENCH_DB")
	if path == "" {
		t.Skip("set CAREINBOX_BENCH_DB to a generated archive (scripts/bench.sh does)")
	}
	ctx := context.Background()
	t0 := time.Now()
	rw, err := store.Open(ctx, path) // applies pending migrations (0005 backfills report versions)
	if err != nil {
		t.Fatal(err)
	}
	rw.Close()
	migrated := time.Since(t0)
	st, err := store.Open(ctx, path, store.ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	clients, err := st.Clients(ctx)
	if err != nil || len(clients) == 0 {
		t.Fatal("no clients", err)
	}
	var nConv, nMsg int
	if err := raw.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM messages)").
		Scan(&nConv, &nMsg); err != nil {
		t.Fatal(err)
	}
	end := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		sc   report.Scope
		p    report.Period
		runs int
	}{
		{"one client, one month", report.Scope{ClientID: clients[0].ID}, report.Period{From: end.AddDate(0, -1, 0), To: end}, 30},
		{"all clients, one year", report.Scope{}, report.Period{From: end.AddDate(-1, 0, 0), To: end}, 20},
	}
	if n, _ := strconv.Atoi(os.Getenv("CAREINBOX_BENCH_RUNS")); n > 0 {
		for i := range cases {
			cases[i].runs = n
		}
	}
	var prof *os.File
	if f := os.Getenv("CAREINBOX_BENCH_PROFILE"); f != "" {
		if prof, err = os.Create(f); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Archive: %d conversations, %d messages, %d clients; pending migrations (0005 and any later) on it: %s (once).\n\n",
		nConv, nMsg, len(clients), ms1(migrated))
	fmt.Fprintf(&b, "Load average at the start: %s.\n\n", loadavg())
	b.WriteString("| report | conversations in | cold (first build) | warm p50 | warm p95 | warm CPU p50 | raw SQL p50 | raw SQL p95 | warm p95 / raw p95 | memo heap |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range cases {
		before := heap()
		svc := report.New(st, time.UTC, func() time.Time { return end })
		t1 := time.Now()
		r, err := svc.Build(ctx, c.sc, c.p)
		if err != nil {
			t.Fatal(err)
		}
		cold := time.Since(t1)
		memoHeap := heap() - before
		if prof != nil && c.sc.ClientID == 0 {
			_ = pprof.StartCPUProfile(prof)
		}
		var warm, floor, cpu []time.Duration
		for i := -1; i < c.runs; i++ {
			c0 := cpuTime()
			t1 := time.Now()
			if _, err := svc.Build(ctx, c.sc, c.p); err != nil {
				t.Fatal(err)
			}
			t2 := time.Now()
			c1 := cpuTime()
			if err := rawReport(ctx, raw, c.sc.ClientID, c.p); err != nil {
				t.Fatal(err)
			}
			t3 := time.Now()
			if i >= 0 { // the first pair warms the page cache for the raw SQL
				warm, floor, cpu = append(warm, t2.Sub(t1)), append(floor, t3.Sub(t2)), append(cpu, c1-c0)
			}
		}
		if prof != nil && c.sc.ClientID == 0 {
			pprof.StopCPUProfile()
			prof.Close()
			prof = nil // the year only: one profile per file
		}
		runtime.KeepAlive(svc)
		w50, w95, r50, r95 := pct(warm, 50), pct(warm, 95), pct(floor, 50), pct(floor, 95)
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s | %.2f | %.0f MB |\n", c.name, r.Current.Volume.ConversationsIn,
			ms1(cold), ms1(w50), ms1(w95), ms1(pct(cpu, 50)), ms1(r50), ms1(r95), float64(w95)/float64(r95), float64(memoHeap)/(1<<20))
	}
	t.Log("\n" + b.String())
	if out := os.Getenv("CAREINBOX_BENCH_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// cpuTime is the process's user and system CPU time so far: a build's
// share of the machine, which a shared machine's load does not inflate as
// much as its wall time (both cores count).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// heap is the live heap after a collection.
func heap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ms1(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// rawReport is the floor: a report's aggregates over its two periods
// (previous and current) in plain SQL on the same data — messages in and out
// per period, conversations in per period by their first inbound message,
// their first-response times sorted (the median and p90 are read off them),
// and inbound messages by hour of the week — each read to the last row.
func rawReport(ctx context.Context, db *sql.DB, clientID int64, p report.Period) error {
	prev := p.Previous()
	from, mid, to := prev.From.UnixMilli(), p.From.UnixMilli(), p.To.UnixMilli()
	scope := ` JOIN conversations c ON c.id = m.conversation_id JOIN handles h ON h.id = c.handle_id WHERE (? = 0 OR h.client_id = ?)`
	firstIn := `SELECT m.conversation_id AS id, MIN(m.sent_at) AS first FROM messages m` + scope +
		` AND m.direction = 'in' GROUP BY m.conversation_id`
	queries := []struct {
		q    string
		args []any
	}{
		{`SELECT m.direction, m.sent_at >= ?, COUNT(*) FROM messages m` + scope + ` AND m.sent_at >= ? AND m.sent_at < ?
			AND (m.direction = 'in' OR m.delivery IN ('sent', 'received')) GROUP BY 1, 2`,
			[]any{mid, clientID, clientID, from, to}},
		{`SELECT first >= ?, COUNT(*) FROM (` + firstIn + `) WHERE first >= ? AND first < ? GROUP BY 1`,
			[]any{mid, clientID, clientID, from, to}},
		{`SELECT first >= ?, (SELECT MIN(o.sent_at) FROM messages o WHERE o.conversation_id = f.id AND o.direction = 'out'
			AND o.delivery IN ('sent', 'received') AND o.sent_at >= f.first) - first AS d
			FROM (` + firstIn + `) f WHERE first >= ? AND first < ? AND d IS NOT NULL ORDER BY 1, 2`,
			[]any{mid, clientID, clientID, from, to}},
		{`SELECT strftime('%w %H', m.sent_at / 1000, 'unixepoch'), COUNT(*) FROM messages m` + scope +
			` AND m.direction = 'in' AND m.sent_at >= ? AND m.sent_at < ? GROUP BY 1`,
			[]any{clientID, clientID, mid, to}},
	}
	for _, q := range queries {
		rows, err := db.QueryContext(ctx, q.q, q.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var a, b sql.RawBytes
			var c sql.RawBytes
			dest := []any{&a, &b}
			if cols, _ := rows.Columns(); len(cols) == 3 {
				dest = append(dest, &c)
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
