package store

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"careinbox/backend/inbox"
)

func TestInsightQueries(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	ha := fixture(t, s, inbox.NetworkMastodon)
	hb := fixture(t, s, inbox.NetworkBluesky)
	ingest := func(h inbox.Handle, c IncomingConversation) int64 {
		t.Helper()
		res, err := s.Ingest(ctx, h.ID, []IncomingConversation{c}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res.Conversations[0]
	}
	x, y, z := customer("x"), customer("y"), customer("z")
	a1 := ingest(ha, thread("a1", x, in("a1-1", x, "refund please", 0), out("a1-2", "our reply", time.Hour),
		in("a1-3", x, "still no refund", 2*time.Hour)))
	dm := thread("a2", x, in("a2-1", x, "private words", 3*time.Hour))
	dm.Kind = inbox.KindPrivate
	a2 := ingest(ha, dm)
	a3 := ingest(ha, thread("a3", y, in("a3-1", y, "too early", -time.Hour), in("a3-2", y, "too late", 48*time.Hour)))
	b1 := ingest(hb, thread("b1", z, in("b1-1", z, "other handle", 4*time.Hour)))
	for _, tg := range []struct {
		id   int64
		name string
	}{{a1, "billing"}, {a2, "billing"}, {a3, "billing"}, {b1, "billing"}, {a1, "urgent"}} {
		if err := s.TagConversation(ctx, tg.id, tg.name); err != nil {
			t.Fatal(err)
		}
	}
	from, to := t0, t0.Add(24*time.Hour)

	type msg struct {
		conv int64
		text string
	}
	for _, c := range []struct {
		name     string
		client   int64
		handle   int64
		network  inbox.Network
		kinds    []inbox.Kind
		limit    int
		maxChars int
		want     []msg
	}{
		{name: "all, newest first, inbound only, in the period", limit: 10,
			want: []msg{{b1, "other handle"}, {a2, "private words"}, {a1, "still no refund"}, {a1, "refund please"}}},
		{name: "limit keeps the newest", limit: 2, want: []msg{{b1, "other handle"}, {a2, "private words"}}},
		{name: "public only", kinds: []inbox.Kind{inbox.KindPublic}, limit: 10,
			want: []msg{{b1, "other handle"}, {a1, "still no refund"}, {a1, "refund please"}}},
		{name: "one handle, text cut", handle: ha.ID, kinds: []inbox.Kind{inbox.KindPublic, inbox.KindEmail}, limit: 10, maxChars: 5,
			want: []msg{{a1, "still"}, {a1, "refun"}}},
		{name: "one client", client: hb.ClientID, limit: 10, want: []msg{{b1, "other handle"}}},
		{name: "one network", network: inbox.NetworkMastodon, kinds: []inbox.Kind{inbox.KindPrivate}, limit: 10,
			want: []msg{{a2, "private words"}}},
		{name: "no limit, nothing", limit: 0, want: nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []msg
			n, err := s.InsightMessages(ctx, c.client, c.handle, c.network, c.kinds, from, to, c.limit, c.maxChars,
				func(id int64, text string) error {
					got = append(got, msg{id, text})
					return nil
				})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) || n != len(c.want) {
				t.Errorf("messages = %v (%d), want %v", got, n, c.want)
			}
		})
	}

	tags, err := s.InsightTagCounts(ctx, 0, 0, "", "", from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 2 || tags["billing"] != 3 || tags["urgent"] != 1 {
		t.Errorf("tags = %v", tags)
	}
	if tags, _ := s.InsightTagCounts(ctx, 0, ha.ID, "", inbox.KindPrivate, from, to); len(tags) != 1 || tags["billing"] != 1 {
		t.Errorf("private tags on handle a = %v", tags)
	}
	ps, counts, err := s.InsightCustomers(ctx, 0, 0, "", "", from, to, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].RemoteID != "x" || ps[0].Name() != "Zoë x" || !slices.Equal(counts, []int{2, 1}) || ps[1].RemoteID != "z" {
		t.Errorf("customers = %+v %v", ps, counts)
	}
	if ps, _, _ := s.InsightCustomers(ctx, 0, 0, "", "", from, to, 1); len(ps) != 1 {
		t.Errorf("limit: %d customers", len(ps))
	}
}

// The period is a range on messages(conversation_id, sent_at) for each
// conversation in scope, never a scan of every message.
func TestInsightQueryPlans(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, q := range []struct {
		name  string
		sql   string
		args  int
		index string
	}{{"messages", insightMessagesSQL(2), 1 + 8 + 3 + 2 + 1, "INDEX messages_conversation"},
		{"count", insightCountSQL(0), 8 + 3, "COVERING INDEX messages_conversation"},
		{"tags", insightTagsSQL, 8 + 3, "INDEX messages_conversation"},
		{"customers", insightCustomersSQL, 8 + 3 + 1, "INDEX messages_conversation"}} {
		args := make([]any, q.args)
		for i := range args {
			args[i] = 0
		}
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q.sql, args...)
		if err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "\n")
		if !strings.Contains(joined, q.index) || strings.Contains(joined, "SCAN m") {
			t.Errorf("%s plan:\n%s", q.name, joined)
		}
	}
}

// Read in windows or at once, the messages are the period's newest, in
// order: every limit gives the first messages of the whole period's list.
func TestInsightMessagesWindows(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	from, to := t0, t0.Add(30*24*time.Hour)
	var convs []IncomingConversation
	for i := range 60 {
		c := customer("c" + strconv.Itoa(i%7))
		// Bunched near the end, some sharing an instant, some outside the period.
		at := time.Duration(i*i) * 13 * time.Minute
		if i%10 == 0 {
			at = time.Duration(i-1) * 13 * time.Minute * time.Duration(i-1)
		}
		at = to.Sub(t0) - at
		convs = append(convs, thread("t"+strconv.Itoa(i%9)+"-"+strconv.Itoa(i), c, in("m"+strconv.Itoa(i), c, "text "+strconv.Itoa(i), at),
			out("o"+strconv.Itoa(i), "reply", at+time.Minute)))
	}
	if _, err := s.Ingest(ctx, h.ID, convs, nil); err != nil {
		t.Fatal(err)
	}
	var all []string
	rows, err := s.r.QueryContext(ctx, `SELECT text FROM messages WHERE direction = 'in' AND sent_at >= ? AND sent_at < ?
		ORDER BY sent_at DESC, id DESC`, ms(from), ms(to))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			t.Fatal(err)
		}
		all = append(all, text)
	}
	rows.Close()
	if len(all) < 40 || len(all) == 60 {
		t.Fatalf("fixture: %d messages in the period", len(all))
	}
	for _, limit := range []int{0, 1, 2, 5, 17, len(all) - 1, len(all), 100} {
		var got []string
		n, err := s.InsightMessages(ctx, 0, 0, "", nil, from, to, limit, 0, func(_ int64, text string) error {
			got = append(got, text)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := all[:min(limit, len(all))]
		if !slices.Equal(got, want) || n != len(want) {
			t.Errorf("limit %d: got %v, want %v", limit, got, want)
		}
	}
}
