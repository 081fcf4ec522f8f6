package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

func TestReportQueries(t *testing.T) {
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
	a1 := ingest(ha, thread("a1", customer("x"), in("a1-1", customer("x"), "hi", 0), out("a1-2", "hello", time.Hour)))
	dm := thread("a2", customer("y"), in("a2-1", customer("y"), "psst", 48*time.Hour))
	dm.Kind = inbox.KindPrivate
	a2 := ingest(ha, dm)
	b1 := ingest(hb, thread("b1", customer("z"), in("b1-1", customer("z"), "hey", 2*time.Hour)))
	// A reply still in the outbox has not reached the customer: not a reply yet.
	if _, err := s.QueueReply(ctx, a1, "on its way", "public", "Ana", t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}

	day := 24 * time.Hour
	for _, c := range []struct {
		name           string
		client, handle int64
		network        inbox.Network
		kind           inbox.Kind
		from, to       time.Duration
		want           []int64
	}{
		{"everything", 0, 0, "", "", 0, 3 * day, []int64{a1, a2, b1}},
		{"first day", 0, 0, "", "", 0, day, []int64{a1, b1}},
		{"a message at the end is out", 0, 0, "", "", 0, 2 * time.Hour, []int64{a1}},
		{"a reply alone counts", 0, 0, "", "", time.Hour, 90 * time.Minute, []int64{a1}},
		{"client", ha.ClientID, 0, "", "", 0, 3 * day, []int64{a1, a2}},
		{"handle", 0, hb.ID, "", "", 0, 3 * day, []int64{b1}},
		{"network", 0, 0, inbox.NetworkBluesky, "", 0, 3 * day, []int64{b1}},
		{"kind", 0, 0, "", inbox.KindPrivate, 0, 3 * day, []int64{a2}},
		{"client and kind", hb.ClientID, 0, "", inbox.KindPrivate, 0, 3 * day, nil},
	} {
		got, err := s.ReportConversationIDs(ctx, c.client, c.handle, c.network, c.kind, t0.Add(c.from), t0.Add(c.to))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}

	ins, outs, err := s.MessageTimes(ctx, []int64{a1, a2})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(ins[a1], []time.Time{t0}, time.Time.Equal) || !slices.EqualFunc(outs[a1], []time.Time{t0.Add(time.Hour)}, time.Time.Equal) ||
		len(ins[a2]) != 1 || len(outs[a2]) != 0 || len(ins[b1]) != 0 {
		t.Errorf("message times: in %v, out %v", ins, outs)
	}

	ev := func(conv int64, name string, at time.Duration) deadline.Event {
		return deadline.Event{ConversationID: conv, Clock: deadline.ClockResponse, StartedAt: t0, Name: name, At: t0.Add(at),
			RecordedAt: t0.Add(at), NotifyState: deadline.NotifyNone}
	}
	if err := s.SaveDeadlines(ctx, []deadline.Update{
		{ConversationID: a1, Events: []deadline.Event{ev(a1, deadline.EventAchieved, time.Hour), ev(a1, deadline.EventImminent, 20*time.Minute)}},
		{ConversationID: b1, Events: []deadline.Event{ev(b1, deadline.EventBreached, 3*time.Hour)}},
	}); err != nil {
		t.Fatal(err)
	}
	evs, err := s.DeadlineEventsFor(ctx, []int64{a1, a2, b1})
	if err != nil {
		t.Fatal(err)
	}
	names := func(es []deadline.Event) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return out
	}
	if got := names(evs[a1]); !slices.Equal(got, []string{deadline.EventImminent, deadline.EventAchieved}) {
		t.Errorf("events of a1 = %v (oldest first)", got)
	}
	if len(evs[a2]) != 0 || !slices.Equal(names(evs[b1]), []string{deadline.EventBreached}) {
		t.Errorf("events = %v", evs)
	}
	// The bulk read agrees with the per-conversation history.
	one, err := s.DeadlineEvents(ctx, a1)
	if err != nil || !slices.Equal(names(one), names(evs[a1])) {
		t.Errorf("DeadlineEvents(a1) = %v, %v", names(one), err)
	}
}

// A report of a year reads more conversations than SQLite binds in one
// statement (32 766): tags are attached in chunks.
func TestSummariesBeyondTheVariableLimit(t *testing.T) {
	s := openTest(t)
	items := make([]inbox.ConversationSummary, 40_000)
	for i := range items {
		items[i].ID = int64(i + 1)
	}
	if err := s.attachTags(context.Background(), items); err != nil {
		t.Fatalf("attach tags to %d conversations: %v", len(items), err)
	}
}

func TestReportOpenConversationIDs(t *testing.T) {
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
	day := 24 * time.Hour
	resolveAt := func(id int64, at time.Duration) {
		t.Helper()
		if err := s.SetStatus(ctx, []int64{id}, inbox.StatusResolved, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().ExecContext(ctx, `UPDATE conversation_status_changes SET at = ? WHERE conversation_id = ?`,
			ms(t0.Add(at)), id); err != nil {
			t.Fatal(err)
		}
	}
	// open: written on day 0, still open. early: resolved on day 1.
	// late: resolved on day 5. imported: resolved with no history.
	// future: first written on day 9. ours: only our message, on day 0.
	open := ingest(ha, thread("open", customer("a"), in("open-1", customer("a"), "hi", 0)))
	early := ingest(ha, thread("early", customer("b"), in("early-1", customer("b"), "hi", 0)))
	resolveAt(early, day)
	late := ingest(hb, thread("late", customer("c"), in("late-1", customer("c"), "hi", 0)))
	resolveAt(late, 5*day)
	imp := thread("imported", customer("d"), in("imp-1", customer("d"), "hi", 0))
	imp.Status = inbox.StatusResolved
	ingest(ha, imp)
	ingest(hb, thread("future", customer("e"), in("future-1", customer("e"), "hi", 9*day)))
	ingest(ha, thread("ours", customer("f"), out("ours-1", "hello", 0)))
	for _, c := range []struct {
		name     string
		handle   int64
		network  inbox.Network
		from, to time.Duration
		want     []int64
	}{
		{"days 3 to 7", 0, "", 3 * day, 7 * day, []int64{open, late}},
		{"days 0 to 7", 0, "", 0, 7 * day, []int64{open, early, late}},
		{"days 6 to 8", 0, "", 6 * day, 8 * day, []int64{open}},
		{"before anyone wrote", 0, "", -2 * day, -day, nil},
		{"one handle", ha.ID, "", 3 * day, 7 * day, []int64{open}},
		{"one network", 0, inbox.NetworkBluesky, 3 * day, 7 * day, []int64{late}},
	} {
		got, err := s.ReportOpenConversationIDs(ctx, 0, c.handle, c.network, "", t0.Add(c.from), t0.Add(c.to))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
