package store

import (
	"context"
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
	b.WriteString("| query | messages matching | store matches | bounded | store p50 | store p95 | raw bm25 p95 | store/bm25 | raw MATCH…LIMIT p95 | store/MATCH |\n")
	b.WriteString("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|\n")
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
		var st, bm, lim []time.Duration
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
			if i >= 0 {
				st, bm, lim = append(st, t1.Sub(t0)), append(bm, t2.Sub(t1)), append(lim, t3.Sub(t2))
			}
			res = r
		}
		p95 := pct(st, 95)
		worst = max(worst, p95)
		more := ""
		if res.MoreMatches {
			more = "+"
		}
		fmt.Fprintf(&b, "| %s | %d | %d%s | %v | %s | %s | %s | %.2f | %s | %.2f |\n", describe(q), n, res.Matches, more, res.Bounded,
			ms1(pct(st, 50)), ms1(p95), ms1(pct(bm, 95)), ratio(p95, pct(bm, 95)), ms1(pct(lim, 95)), ratio(p95, pct(lim, 95)))
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
