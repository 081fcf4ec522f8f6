package store

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/sentiment"
)

// sentimentFixture: an irate customer (rising anger, then a threat), a
// happy one, a neutral one, and a German one; on one handle.
func sentimentFixture(t *testing.T, s *Store) (inbox.Handle, map[string]int64) {
	t.Helper()
	h := fixture(t, s, inbox.NetworkMastodon)
	a, b, c, d := customer("angry"), customer("happy"), customer("asks"), customer("de")
	res, err := s.Ingest(context.Background(), h.ID, []IncomingConversation{
		thread("irate", a,
			in("a1", a, "Hi, my order hasn't arrived yet, any news?", 0),
			out("a2", "Sorry! Checking with the courier.", time.Minute),
			in("a3", a, "This is really disappointing, I expected better.", 2*time.Minute),
			in("a4", a, "Still nothing. I'm going to cancel my account and post this on Trustpilot.", 3*time.Minute)),
		thread("happy", b, in("b1", b, "Thank you so much, the cake was perfect!", time.Minute)),
		thread("asks", c, in("c1", c, "What time do you open on Sunday?", 2*time.Minute)),
		thread("de", d, in("d1", d, "Wann wird meine Bestellung geliefert? Danke!", 3*time.Minute)),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for i, name := range []string{"irate", "happy", "asks", "de"} {
		ids[name] = res.Conversations[i]
	}
	return h, ids
}

func TestIngestScoresCustomerMessages(t *testing.T) {
	s := openTest(t)
	_, ids := sentimentFixture(t, s)
	ctx := context.Background()
	d, err := s.Conversation(ctx, ids["irate"])
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		scored bool
		threat string
	}{{true, ""}, {false, ""}, {true, ""}, {true, "cancel my account"}}
	for i, m := range d.Messages {
		if (m.Sentiment != nil) != want[i].scored || m.Threat != want[i].threat {
			t.Errorf("message %d (%s): sentiment %v threat %q, want scored %v threat %q", i, m.Direction, m.Sentiment, m.Threat, want[i].scored, want[i].threat)
		}
	}
	if *d.Messages[2].Sentiment >= 0 {
		t.Errorf("disappointed message scored %v, want negative", *d.Messages[2].Sentiment)
	}
	sig := d.Summary.Sentiment
	if !sig.Irate || sig.Label != inbox.MoodNegative || sig.Reason == "" || sig.Score == nil {
		t.Errorf("irate conversation reads %+v", sig)
	}
	for name, mood := range map[string]inbox.Mood{"happy": inbox.MoodPositive, "asks": inbox.MoodNeutral, "de": inbox.MoodUnknown} {
		d, _ := s.Conversation(ctx, ids[name])
		if d.Summary.Sentiment.Label != mood || d.Summary.Sentiment.Irate {
			t.Errorf("%s reads %+v, want %s and not irate", name, d.Summary.Sentiment, mood)
		}
	}

	// An edit is scored again: the customer took the threat back.
	h, _ := s.Handles(ctx)
	a := customer("angry")
	if _, err := s.Ingest(ctx, h[0].ID, []IncomingConversation{thread("irate", a,
		in("a4", a, "All sorted now, the parcel came. Thank you so much, great service!", 3*time.Minute))}, nil); err != nil {
		t.Fatal(err)
	}
	d, _ = s.Conversation(ctx, ids["irate"])
	if d.Summary.Sentiment.Irate || d.Messages[3].Threat != "" || d.Summary.Sentiment.Label != inbox.MoodPositive {
		t.Errorf("after the edit the conversation reads %+v, last threat %q", d.Summary.Sentiment, d.Messages[3].Threat)
	}
}

func TestSentimentFilters(t *testing.T) {
	s := openTest(t)
	h, ids := sentimentFixture(t, s)
	tests := []struct {
		name string
		f    inbox.ConversationFilter
		want []int64
	}{
		{"irate", inbox.ConversationFilter{Irate: true}, []int64{ids["irate"]}},
		{"negative", inbox.ConversationFilter{Moods: []inbox.Mood{inbox.MoodNegative}}, []int64{ids["irate"]}},
		{"positive or unknown", inbox.ConversationFilter{Moods: []inbox.Mood{inbox.MoodPositive, inbox.MoodUnknown}}, []int64{ids["happy"], ids["de"]}},
		{"irate on the handle, open", inbox.ConversationFilter{Irate: true, HandleID: h.ID, Statuses: []inbox.Status{inbox.StatusOpen}}, []int64{ids["irate"]}},
		{"irate elsewhere", inbox.ConversationFilter{Irate: true, HandleID: h.ID + 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := listIDs(t, s, tt.f)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) || total != len(want) {
				t.Errorf("ids = %v (total %d), want %v", got, total, want)
			}
		})
	}
	if _, err := s.Conversations(context.Background(), inbox.ConversationFilter{Moods: []inbox.Mood{"furious"}}, 0, 10); err == nil {
		t.Error("an unknown mood was accepted")
	}
	// The Irate filter of the open inbox walks its partial index.
	var plan []string
	where, args := filterSQL(inbox.ConversationFilter{Irate: true, Statuses: []inbox.Status{inbox.StatusOpen}})
	rows, err := s.r.Query("EXPLAIN QUERY PLAN SELECT c.id FROM conversations c"+where+" ORDER BY c.queue_key, c.id", args...)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		_ = rows.Scan(&id, &parent, &unused, &detail)
		plan = append(plan, detail)
	}
	rows.Close()
	if !slices.ContainsFunc(plan, func(d string) bool { return strings.Contains(d, "conversations_irate") }) {
		t.Errorf("plan %v does not use conversations_irate", plan)
	}
}

// unmigrate takes a database back to before migration 6, keeping its
// messages, so reopening it runs the migration over existing data.
func unmigrate(t *testing.T, s *Store) {
	t.Helper()
	for _, q := range []string{
		"DROP INDEX conversations_irate", "DROP INDEX conversations_irate_all", "DROP INDEX conversations_mood_queue",
		"ALTER TABLE messages DROP COLUMN sentiment", "ALTER TABLE messages DROP COLUMN threat",
		"ALTER TABLE conversations DROP COLUMN sentiment", "ALTER TABLE conversations DROP COLUMN mood",
		"ALTER TABLE conversations DROP COLUMN mood_trend", "ALTER TABLE conversations DROP COLUMN irate",
		"ALTER TABLE conversations DROP COLUMN irate_reason",
		"DELETE FROM meta WHERE key LIKE 'sentiment_backfill_%'", "DELETE FROM schema_migrations WHERE version = 6",
	} {
		if _, err := s.w.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestBackfillScoresOldMessagesOnceInBatches(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	h, ids := sentimentFixture(t, s)
	unmigrate(t, s)
	s.Close()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := listIDs(t, s, inbox.ConversationFilter{Irate: true}); got != nil {
		t.Fatalf("irate before the backfill: %v", got)
	}
	var scoredIDs []int64
	cancel := subscribe(s, func(d events.Delta) {
		if d.Entity == events.EntityConversation {
			t.Errorf("the backfill announced conversations %v: the deadline service would recompute them all", d.Upserted)
		}
		scoredIDs = append(scoredIDs, d.Upserted...)
	})
	batches := 0
	for {
		done, err := s.BackfillSentiment(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if done {
			break
		}
		if batches++; batches > 10 {
			t.Fatal("the backfill does not end")
		}
	}
	cancel()
	if batches < 2 {
		t.Errorf("6 customer messages in batches of 2 took %d batches", batches)
	}
	if len(scoredIDs) != 6 {
		t.Errorf("announced %d scored messages, want the 6 customer messages", len(scoredIDs))
	}
	got, _ := listIDs(t, s, inbox.ConversationFilter{Irate: true})
	if !slices.Equal(got, []int64{ids["irate"]}) {
		t.Fatalf("irate after the backfill: %v, want %v", got, ids["irate"])
	}
	before := snapshotScores(t, s)
	// Done means done: a second run, and a restart, change nothing.
	if done, err := s.BackfillSentiment(ctx, 2); err != nil || !done {
		t.Fatalf("second backfill: done %v, %v", done, err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if done, err := s.BackfillSentiment(ctx, 100); err != nil || !done {
		t.Fatalf("backfill after reopen: done %v, %v", done, err)
	}
	if after := snapshotScores(t, s); !slices.Equal(before, after) {
		t.Errorf("scores changed on a second run:\n%v\n%v", before, after)
	}
	// New messages after the mark are scored on ingest, not by the backfill.
	b := customer("happy")
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("happy", b,
		in("b2", b, "Actually the box was crushed and the cake ruined. Awful, I want a refund.", time.Hour))}, nil); err != nil {
		t.Fatal(err)
	}
	d, _ := s.Conversation(ctx, ids["happy"])
	if last := d.Messages[len(d.Messages)-1]; last.Sentiment == nil || *last.Sentiment >= 0 || d.Summary.Sentiment.Trend != "worsening" {
		t.Errorf("new message read %v, conversation %+v", last.Sentiment, d.Summary.Sentiment)
	}
}

func snapshotScores(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.r.Query(`SELECT id || ':' || COALESCE(sentiment, 'null') || ':' || threat FROM messages ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		_ = rows.Scan(&v)
		out = append(out, v)
	}
	return out
}

func TestSentimentTally(t *testing.T) {
	s := openTest(t)
	sentimentFixture(t, s)
	got, err := s.SentimentTally(context.Background(), inbox.ConversationFilter{}, t0, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got.Irate != 1 || got.Conversations[inbox.MoodNegative] != 1 || got.Conversations[inbox.MoodPositive] != 1 ||
		got.Conversations[inbox.MoodNeutral] != 1 || got.Conversations[inbox.MoodUnknown] != 1 {
		t.Errorf("conversations %+v irate %d", got.Conversations, got.Irate)
	}
	// a1 neutral, a3 and a4 negative, b1 positive, c1 neutral, d1 unknown.
	want := map[inbox.Mood]int{inbox.MoodNeutral: 2, inbox.MoodNegative: 2, inbox.MoodPositive: 1, inbox.MoodUnknown: 1}
	for m, n := range want {
		if got.Messages[m] != n {
			t.Errorf("messages %s = %d, want %d (all %v)", m, got.Messages[m], n, got.Messages)
		}
	}
	none, _ := s.SentimentTally(context.Background(), inbox.ConversationFilter{Irate: true}, t0.Add(time.Hour), t0.Add(2*time.Hour))
	if none.Irate != 0 || len(none.Messages) != 0 {
		t.Errorf("an empty period counts %+v", none)
	}
}

// The store keeps sentiment's labels as inbox moods, and the tally's SQL
// labels scores with sentiment's own thresholds.
func TestSentimentLabelsAreMoods(t *testing.T) {
	for _, l := range []sentiment.Label{sentiment.Negative, sentiment.Neutral, sentiment.Positive, sentiment.Unknown} {
		if !inbox.Mood(l).Valid() {
			t.Errorf("sentiment label %q is not an inbox mood", l)
		}
	}
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	a := customer("edge")
	if _, err := s.Ingest(context.Background(), h.ID, []IncomingConversation{thread("edge", a,
		in("e1", a, "one", 0), in("e2", a, "two", time.Minute), in("e3", a, "three", 2*time.Minute), in("e4", a, "four", 3*time.Minute))}, nil); err != nil {
		t.Fatal(err)
	}
	scores := []float64{-0.05, -0.049, 0.049, 0.05}
	want := map[inbox.Mood]int{}
	for i, v := range scores {
		if _, err := s.w.Exec("UPDATE messages SET sentiment = ? WHERE remote_id = ?", v, "e"+strconv.Itoa(i+1)); err != nil {
			t.Fatal(err)
		}
		want[inbox.Mood(sentiment.LabelOf(&v))]++
	}
	got, err := s.SentimentTally(context.Background(), inbox.ConversationFilter{}, t0, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for m, n := range want {
		if got.Messages[m] != n {
			t.Errorf("tally %s = %d, want %d (all %v)", m, got.Messages[m], n, got.Messages)
		}
	}
}
