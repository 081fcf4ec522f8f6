package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
)

// benchSearch measures relevance search per query beside its two floors in
// the same run: raw bm25 over every match (`ORDER BY rank LIMIT 50`) and a
// raw `MATCH … LIMIT 50` (newest first, no ranking). Each query's matches
// are counted exactly first, so a query that matches nothing shows.
func benchSearch(ctx context.Context, t *testing.T, s *Store, queries []SearchQuery, runs int) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "Relevance search per query (%d runs each, bm25 over the newest %d matches per source):\n\n", runs, SearchCandidates)
	b.WriteString("| query | messages matching | store matches | bounded | store p50 | store p95 | typed word as a prefix p95 | raw bm25 p95 | store/bm25 | raw MATCH…LIMIT p95 | store/MATCH |\n")
	b.WriteString("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
	// The same search with the typed word left an FTS5 prefix (no
	// vocabulary): what PrefixTerms' expansion replaced, in the same run.
	var asPrefix []searchSource
	for _, src := range []searchSource{messageSource, subjectSource, noteSource} {
		src.vocab = ""
		asPrefix = append(asPrefix, src)
	}
	var worst time.Duration
	for _, q := range queries {
		joins, where, args := messageSource.filters(q)
		var n int
		if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM messages_fts"+joins+" WHERE messages_fts MATCH ?"+where,
			append([]any{q.MatchExpr()}, args...)...).Scan(&n); err != nil {
			t.Fatalf("count %q: %v", q.Text, err)
		}
		if n == 0 {
			t.Errorf("benchmark query %q matches nothing: it measures nothing", q.Text)
		}
		rq := q
		rq.Relevance = true
		var res SearchResult
		var st, bm, lim, pre []time.Duration
		for i := -1; i < runs; i++ {
			t0 := time.Now()
			r, err := s.SearchPage(ctx, rq)
			if err != nil {
				t.Fatalf("search %q: %v", q.Text, err)
			}
			t1 := time.Now()
			if err := rawSearch(ctx, s.r, rq); err != nil {
				t.Fatalf("raw bm25 %q: %v", q.Text, err)
			}
			t2 := time.Now()
			if err := rawSearch(ctx, s.r, q); err != nil {
				t.Fatalf("raw match %q: %v", q.Text, err)
			}
			t3 := time.Now()
			if _, err := s.search(ctx, rq, asPrefix); err != nil {
				t.Fatalf("search %q as a prefix: %v", q.Text, err)
			}
			t4 := time.Now()
			if i >= 0 {
				st, bm, lim, pre = append(st, t1.Sub(t0)), append(bm, t2.Sub(t1)), append(lim, t3.Sub(t2)), append(pre, t4.Sub(t3))
			}
			res = r
		}
		p95 := pct(st, 95)
		worst = max(worst, p95)
		more := ""
		if res.MoreMatches {
			more = "+"
		}
		bounded := fmt.Sprint(res.Bounded)
		if res.PrefixBounded {
			bounded += ", prefix"
		}
		fmt.Fprintf(&b, "| %s | %d | %d%s | %s | %s | %s | %s | %s | %.2f | %s | %.2f |\n", describe(q), n, res.Matches, more, bounded,
			ms1(pct(st, 50)), ms1(p95), ms1(pct(pre, 95)), ms1(pct(bm, 95)), ratio(p95, pct(bm, 95)), ms1(pct(lim, 95)), ratio(p95, pct(lim, 95)))
	}
	fmt.Fprintf(&b, "\nWorst relevance p95 over the %d queries: %s (target ≤ 50 ms).\n", len(queries), ms1(worst))
	return b.String()
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func describe(q SearchQuery) string {
	d := "`" + strings.ReplaceAll(q.Text, "|", `\|`) + "`"
	switch {
	case q.ClientID != 0:
		d += " (one client)"
	case q.Network != "":
		d += " (" + string(q.Network) + ")"
	case len(q.Statuses) > 0:
		d += " (open)"
	case !q.From.IsZero():
		d += " (last 3 months)"
	}
	return d
}

// benchPoolSpread runs raw bm25 over every match of a common word on each of
// four pooled readers at three page-cache sizes, interleaved, to show how far
// the same SQL's time depends on the connection that runs it.
func benchPoolSpread(ctx context.Context, t *testing.T, s *Store, word string) string {
	t.Helper()
	var conns []*sql.Conn
	for range 4 {
		c, err := s.r.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	q := `SELECT m.id, m.conversation_id, m.author_name, m.sent_at FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
		WHERE messages_fts MATCH ? ORDER BY rank LIMIT 50`
	var b strings.Builder
	fmt.Fprintf(&b, "\nThe same raw bm25 SQL (`%s`, every match ranked) on four pooled readers, median of 3 each, by page cache per connection:\n\n", word)
	b.WriteString("| cache_size | reader 1 | reader 2 | reader 3 | reader 4 | slowest/fastest |\n|---|---:|---:|---:|---:|---:|\n")
	for _, kib := range []int{2000, 8000, 16000} {
		for _, c := range conns {
			if _, err := c.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", kib)); err != nil {
				t.Fatal(err)
			}
		}
		ts := make([][]time.Duration, len(conns))
		for range 3 {
			for i, c := range conns {
				t0 := time.Now()
				if err := drain(c.QueryContext(ctx, q, FTSQuery(word+" "))); err != nil {
					t.Fatal(err)
				}
				ts[i] = append(ts[i], time.Since(t0))
			}
		}
		fmt.Fprintf(&b, "| %d MB |", kib/1000)
		lo, hi := time.Duration(1<<62), time.Duration(0)
		for i := range conns {
			m := pct(ts[i], 50)
			lo, hi = min(lo, m), max(hi, m)
			fmt.Fprintf(&b, " %s |", ms1(m))
		}
		fmt.Fprintf(&b, " %.2f |\n", ratio(hi, lo))
	}
	return b.String()
}
