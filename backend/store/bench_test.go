package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

// TestBenchArchive measures the four interactions of issue 5 on a large
// generated archive: p50/p95 of the store method beside the raw SQL that
// returns the same rows, in the same run. It only runs when
// CAREINBOX_BENCH_DB names the archive (scripts/bench.sh sets it), so
// `go test ./...` stays fast. CAREINBOX_BENCH_OUT, if set, receives the
// Markdown table.
func TestBenchArchive(t *testing.T) {
	path := os.Getenv("CAREINBOX_BENCH_DB")
	if path == "" {
		t.Skip("set CAREINBOX_BENCH_DB to a generated archive (scripts/bench.sh does)")
	}
	ctx := context.Background()
	t0 := time.Now()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// Opening migrates the copy: on an archive older than this build the
	// figure includes every pending migration (migration 0010's backfill of
	// the subject and note indexes, say).
	openTime := time.Since(t0)
	defer s.Close()
	var nConv, nMsg int
	if err := s.r.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM conversations), (SELECT COUNT(*) FROM messages)").
		Scan(&nConv, &nMsg); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	handles, _ := s.Handles(ctx)
	clients, _ := s.Clients(ctx)
	if len(handles) == 0 || len(clients) == 0 {
		t.Fatal("the archive has no handles")
	}
	var tag string
	_ = s.r.QueryRowContext(ctx, "SELECT name FROM tags ORDER BY id LIMIT 1").Scan(&tag)
	if tag == "" {
		tag = "bench"
		var ids []int64
		for i := int64(1); i <= int64(nConv); i += 37 {
			ids = append(ids, i)
		}
		for len(ids) > 0 {
			n := min(len(ids), 500)
			if err := s.TagMany(ctx, ids[:n], tag); err != nil {
				t.Fatal(err)
			}
			ids = ids[n:]
		}
	}
	open := []inbox.Status{inbox.StatusOpen}
	filters := []inbox.ConversationFilter{
		{ClientID: clients[1%len(clients)].ID, Statuses: open},
		{HandleID: handles[3%len(handles)].ID},
		{Network: handles[2%len(handles)].Network, Statuses: open, UnreadOnly: true},
		{Statuses: []inbox.Status{inbox.StatusResolved}},
		{Tags: []string{tag}, Statuses: open},
		{ClientID: clients[0].ID, UnreadOnly: true},
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	const runs = 60
	var rows []benchRow
	rows = append(rows, measure(t, "open inbox (count + first 100, open)", runs, func(int) error {
		_, err := s.Conversations(ctx, inbox.ConversationFilter{Statuses: open}, 0, 100)
		return err
	}, func(int) error {
		return rawList(ctx, s.r, inbox.ConversationFilter{Statuses: open}, 0, 100)
	}))
	rows = append(rows, measure(t, "sidebar: clients, handles, open and unread per handle", runs, func(int) error {
		_, err := s.Sidebar(ctx)
		return err
	}, func(int) error {
		query, args := sidebarCounts()
		return drain(s.r.QueryContext(ctx, query, args...))
	}))
	rows = append(rows, measure(t, "change a filter (6 kinds, count + first 100)", runs, func(i int) error {
		_, err := s.Conversations(ctx, filters[i%len(filters)], 0, 100)
		return err
	}, func(i int) error {
		return rawList(ctx, s.r, filters[i%len(filters)], 0, 100)
	}))
	rows = append(rows, measure(t, "scroll: window at offset 20 000 (all)", runs, func(int) error {
		_, err := s.Conversations(ctx, inbox.ConversationFilter{}, 20000, 100)
		return err
	}, func(int) error {
		return rawList(ctx, s.r, inbox.ConversationFilter{}, 20000, 100)
	}))
	convIDs := make([]int64, runs)
	for i := range convIDs {
		convIDs[i] = 1 + rnd.Int64N(int64(nConv))
	}
	rows = append(rows, measure(t, "open a conversation (thread + notes)", runs, func(i int) error {
		_, err := s.Conversation(ctx, convIDs[i])
		return err
	}, func(i int) error {
		return rawThread(ctx, s.r, convIDs[i])
	}))
	// Every query matches something (printed with its count); "thanks" is in
	// a fifth of the archive, the phrases are whole-word phrases.
	queries := []SearchQuery{
		{Text: "refund"}, {Text: "parcel"}, {Text: `"working days"`}, {Text: "batt"},
		{Text: "refund", ClientID: clients[2%len(clients)].ID}, {Text: "charge", Network: handles[0].Network},
		{Text: "delivery", Statuses: open}, {Text: "thanks", From: time.Now().AddDate(0, -3, 0)},
		{Text: "thanks"}, {Text: "thank"}, {Text: "sorry "}, {Text: `"working days" refund`},
	}
	rows = append(rows, measure(t, fmt.Sprintf("search (%d queries, newest 50, with filters)", len(queries)), runs, func(i int) error {
		_, err := s.SearchHits(ctx, queries[i%len(queries)])
		return err
	}, func(i int) error {
		return rawSearch(ctx, s.r, queries[i%len(queries)])
	}))
	search := benchSearch(ctx, t, s, queries, 20) + benchPoolSpread(ctx, t, s, "thanks")
	var b strings.Builder
	fmt.Fprintf(&b, "Archive: %d conversations, %d messages, %d handles, %d clients; opened (and migrated) in %s.\n\n",
		nConv, nMsg, len(handles), len(clients), openTime.Round(time.Millisecond))
	b.WriteString("| interaction | store p50 | store p95 | raw SQL p50 | raw SQL p95 |\n|---|---:|---:|---:|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.name, ms1(r.p50), ms1(r.p95), ms1(r.rawP50), ms1(r.rawP95))
	}
	b.WriteString("\n" + search)
	t.Log("\n" + b.String())
	if out := os.Getenv("CAREINBOX_BENCH_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type benchRow struct {
	name                     string
	p50, p95, rawP50, rawP95 time.Duration
}

// measure alternates the store call and the raw query, so both see the
// same cache and machine load; one warm-up run of each is discarded.
func measure(t *testing.T, name string, runs int, fn, raw func(i int) error) benchRow {
	t.Helper()
	var a, b []time.Duration
	for i := -1; i < runs; i++ {
		j := max(i, 0)
		t0 := time.Now()
		if err := fn(j); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t1 := time.Now()
		if err := raw(j); err != nil {
			t.Fatalf("%s (raw): %v", name, err)
		}
		t2 := time.Now()
		if i >= 0 {
			a, b = append(a, t1.Sub(t0)), append(b, t2.Sub(t1))
		}
	}
	r := benchRow{name: name}
	r.p50, r.p95 = pct(a, 50), pct(a, 95)
	r.rawP50, r.rawP95 = pct(b, 50), pct(b, 95)
	return r
}

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ms1(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// drain reads every row into RawBytes: the floor of any Go caller.
func drain(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	dest := make([]any, len(cols))
	for i := range dest {
		dest[i] = new(sql.RawBytes)
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
	}
	return rows.Err()
}

func rawList(ctx context.Context, db *sql.DB, f inbox.ConversationFilter, offset, limit int) error {
	where, args := filterSQL(f)
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM conversations c"+where, args...).Scan(&n); err != nil {
		return err
	}
	// The floor: the ids of the window, then their rows by primary key.
	rows, err := db.QueryContext(ctx, "SELECT c.id FROM conversations c"+where+" ORDER BY c.queue_key, c.id LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return err
	}
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return rows.Err()
	}
	return drain(db.QueryContext(ctx, "SELECT "+summaryCols+summaryFrom+" WHERE c.id IN ("+placeholders(len(ids))+")", ids...))
}

func rawThread(ctx context.Context, db *sql.DB, id int64) error {
	if err := drain(db.QueryContext(ctx, "SELECT "+summaryCols+summaryFrom+" WHERE c.id = ?", id)); err != nil {
		return err
	}
	return drain(db.QueryContext(ctx, `SELECT id, conversation_id, handle_id, remote_id, direction,
		COALESCE(author_id, 0), author_name, text, sent_at, reply_to_remote_id, delivery
		FROM messages WHERE conversation_id = ? ORDER BY sent_at, id`, id))
}

// rawSearch is the bare FTS query with the same filters and order, no joins
// beyond what the filters need and no snippet.
func rawSearch(ctx context.Context, db *sql.DB, q SearchQuery) error {
	where := []string{"messages_fts MATCH ?"}
	args := []any{q.MatchExpr()}
	if q.ClientID != 0 {
		where = append(where, "m.handle_id IN (SELECT id FROM handles WHERE client_id = ?)")
		args = append(args, q.ClientID)
	}
	if q.Network != "" {
		where = append(where, "m.handle_id IN (SELECT id FROM handles WHERE network = ?)")
		args = append(args, q.Network)
	}
	if len(q.Statuses) > 0 {
		where = append(where, "m.conversation_id IN (SELECT id FROM conversations WHERE status = ?)")
		args = append(args, q.Statuses[0])
	}
	if !q.From.IsZero() {
		where = append(where, "m.sent_at >= ?")
		args = append(args, ms(q.From))
	}
	order := "messages_fts.rowid DESC"
	if q.Relevance {
		order = "rank"
	}
	return drain(db.QueryContext(ctx, `SELECT m.id, m.conversation_id, m.author_name, m.sent_at
		FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE `+strings.Join(where, " AND ")+
		" ORDER BY "+order+" LIMIT 50", args...))
}
