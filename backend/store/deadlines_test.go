package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

func TestStatusHistoryTrigger(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", customer("a"), in("m1", customer("a"), "hi", 0))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Conversations[0]
	steps := []struct {
		status inbox.Status
		want   []inbox.Status
	}{
		{inbox.StatusPending, []inbox.Status{inbox.StatusPending}},
		{inbox.StatusPending, []inbox.Status{inbox.StatusPending}}, // unchanged: no row
		{inbox.StatusOpen, []inbox.Status{inbox.StatusPending, inbox.StatusOpen}},
	}
	for _, st := range steps {
		if err := s.SetStatus(ctx, []int64{id}, st.status, time.Time{}); err != nil {
			t.Fatal(err)
		}
		ins, err := s.DeadlineInputs(ctx, []int64{id})
		if err != nil {
			t.Fatal(err)
		}
		var got []inbox.Status
		for _, c := range ins[0].History {
			got = append(got, c.Status)
		}
		if len(got) != len(st.want) || got[len(got)-1] != st.want[len(st.want)-1] {
			t.Errorf("after %s: history %v, want %v", st.status, got, st.want)
		}
	}
	// A new inbound message re-opening a pending conversation is recorded too.
	if err := s.SetStatus(ctx, []int64{id}, inbox.StatusPending, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", customer("a"), in("m2", customer("a"), "again", time.Hour))}, nil); err != nil {
		t.Fatal(err)
	}
	ins, _ := s.DeadlineInputs(ctx, []int64{id})
	if hist := ins[0].History; len(hist) != 4 || hist[3].Status != inbox.StatusOpen || ins[0].FirstInboundAt != t0 {
		t.Errorf("history after re-open = %+v, first inbound %s", hist, ins[0].FirstInboundAt)
	}
}

func TestDeadlinesAndEventsStore(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", customer("a"), in("m1", customer("a"), "hi", 0))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Conversations[0]
	var deltas []events.Delta
	defer subscribe(s, func(d events.Delta) { deltas = append(deltas, d) })()
	d := deadline.Deadline{Clock: deadline.ClockResponse, Kind: "first", StartedAt: t0, WarnAt: t0.Add(20 * time.Minute),
		InternalAt: t0.Add(30 * time.Minute), PromiseWarnAt: t0.Add(50 * time.Minute), PublishedAt: t0.Add(time.Hour),
		State: "imminent", NextAt: t0.Add(30 * time.Minute), ComputedAt: t0}
	ev := deadline.Event{Clock: deadline.ClockResponse, StartedAt: t0, Name: "imminent", At: t0.Add(20 * time.Minute), RecordedAt: t0, NotifyState: deadline.NotifyPending}
	for i := 0; i < 2; i++ { // the second save must not duplicate the event
		if err := s.SaveDeadlines(ctx, []deadline.Update{{ConversationID: id, Deadlines: []deadline.Deadline{d}, Events: []deadline.Event{ev},
			QueueKey: d.InternalAt.UnixMilli()}, {ConversationID: 999999}}); err != nil {
			t.Fatal(err)
		}
	}
	if len(deltas) != 2 || deltas[0].Entity != events.EntityDeadline || len(deltas[0].Upserted) != 1 {
		t.Errorf("deltas = %+v, want deadline deltas for the existing conversation only", deltas)
	}
	for _, tt := range []struct {
		now  time.Time
		want int
	}{{t0.Add(29 * time.Minute), 0}, {t0.Add(30 * time.Minute), 1}} {
		ids, err := s.DueDeadlineConversations(ctx, tt.now)
		if err != nil || len(ids) != tt.want {
			t.Errorf("due at %s = %v, %v", tt.now, ids, err)
		}
	}
	pend, err := s.PendingDeadlineEvents(ctx)
	if err != nil || len(pend) != 1 || pend[0].Current == nil || pend[0].CustomerName != "Zoë a" {
		t.Fatalf("pending = %+v, %v", pend, err)
	}
	if n, err := s.MarkDeadlineEvents(ctx, []int64{pend[0].ID}, deadline.NotifySent, t0); err != nil || n != 1 {
		t.Fatal(n, err)
	}
	if n, _ := s.MarkDeadlineEvents(ctx, []int64{pend[0].ID}, deadline.NotifySent, t0); n != 0 {
		t.Error("an event was claimed twice")
	}
	page, _ := s.Conversations(ctx, inbox.ConversationFilter{}, 0, 5)
	if len(page.Items) != 1 {
		t.Fatal(page)
	}
	if err := s.DeleteHandle(ctx, h.ID); err != nil {
		t.Fatal(err)
	}
	if next, _ := s.NextDeadlineAt(ctx); !next.IsZero() {
		t.Error("deadlines outlived their handle")
	}
}

func TestSettingsStore(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkX)
	for _, spec := range []string{`{"a":1}`, `{"a":2}`} {
		if err := s.SaveCalendarSpec(ctx, h.ClientID, 0, spec, t0); err != nil {
			t.Fatal(err)
		}
		if err := s.SavePolicySpec(ctx, h.ClientID, h.ID, "private", spec, t0); err != nil {
			t.Fatal(err)
		}
	}
	cals, _ := s.CalendarSpecs(ctx)
	pols, _ := s.PolicySpecs(ctx)
	if len(cals) != 1 || cals[0].Spec != `{"a":2}` || len(pols) != 1 || pols[0].HandleID != h.ID || pols[0].Kind != "private" {
		t.Errorf("calendars %+v policies %+v: saving twice must replace", cals, pols)
	}
	if err := s.SavePolicySpec(ctx, h.ClientID, 0, "sms", "{}", t0); err == nil {
		t.Error("an unknown kind was stored")
	}
	if err := s.SetNotifySwitch(ctx, h.ClientID, h.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNotifySwitch(ctx, h.ClientID, h.ID, true); err != nil {
		t.Fatal(err)
	}
	sws, _ := s.NotifySwitches(ctx)
	if len(sws) != 1 || !sws[0].On {
		t.Errorf("switches = %+v", sws)
	}
}

func TestOpenDeadlinesOfOneHandle(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	busy := fixture(t, s, inbox.NetworkMastodon)
	other, err := s.CreateHandle(ctx, inbox.Handle{ClientID: busy.ClientID, Network: inbox.NetworkX, RemoteAccountID: "other", DisplayName: "@other"})
	if err != nil {
		t.Fatal(err)
	}
	conv := func(h inbox.Handle, remote string) int64 {
		res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread(remote, customer(remote), in(remote+"-m", customer(remote), "hi", 0))}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res.Conversations[0]
	}
	d := func(state string, next time.Duration) deadline.Deadline {
		return deadline.Deadline{Clock: deadline.ClockResponse, Kind: "first", StartedAt: t0, InternalAt: t0.Add(30 * time.Minute),
			PublishedAt: t0.Add(time.Hour), State: state, NextAt: t0.Add(next), ComputedAt: t0}
	}
	running1, running2, paused := conv(busy, "a"), conv(busy, "b"), conv(other, "c")
	res := d(deadline.StateOnTrack, 40*time.Minute)
	res.Clock, res.Kind = deadline.ClockResolution, "resolution"
	if err := s.SaveDeadlines(ctx, []deadline.Update{
		{ConversationID: running1, Deadlines: []deadline.Deadline{d(deadline.StateImminent, 30*time.Minute), res}},
		{ConversationID: running2, Deadlines: []deadline.Deadline{d(deadline.StateOnTrack, 20*time.Minute)}},
		{ConversationID: paused, Deadlines: []deadline.Deadline{d(deadline.StatePaused, 0)}},
	}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		handle int64
		open   bool
		count  int
	}{{busy.ID, true, 2}, {other.ID, false, 0}, {987654, false, 0}} {
		open, err := s.HasOpenDeadlines(ctx, tt.handle)
		if err != nil || open != tt.open {
			t.Errorf("handle %d: open = %v, %v; want %v", tt.handle, open, err, tt.open)
		}
		n, err := s.OpenDeadlineCount(ctx, tt.handle)
		if err != nil || n != tt.count {
			t.Errorf("handle %d: count = %d, %v; want %d (conversations, not clocks)", tt.handle, n, err, tt.count)
		}
	}
	for _, tt := range []struct {
		after time.Time
		want  time.Time
	}{
		{t0, t0.Add(20 * time.Minute)},
		{t0.Add(20 * time.Minute), t0.Add(30 * time.Minute)},
		{t0.Add(30 * time.Minute), t0.Add(40 * time.Minute)},
		{t0.Add(40 * time.Minute), time.Time{}},
	} {
		if got, err := s.NextDeadlineAfter(ctx, tt.after); err != nil || !got.Equal(tt.want) {
			t.Errorf("next after %s = %s, %v; want %s", tt.after, got, err, tt.want)
		}
	}
	// Indexed: one handle's conversations, each probed by the primary key;
	// never a scan of the whole deadlines table.
	for _, q := range []string{hasOpenDeadlinesSQL, openDeadlineCountSQL} {
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, busy.ID)
		if err != nil {
			t.Fatal(err)
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
		joined := strings.Join(plan, " | ")
		if strings.Contains(joined, "SCAN d") || strings.Contains(joined, "SCAN c") || !strings.Contains(joined, "SEARCH d USING PRIMARY KEY") {
			t.Errorf("plan of %q = %s", q, joined)
		}
	}
}

// DueWithin picks its page of ids before joining the conversations; the page
// must still be the soonest conversations by their earliest clock, and
// NextDueAfter the next instant that page can change.
func TestDueWithinPicksTheSoonestByEarliestClock(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkMastodon)
	var ids []int64
	for _, r := range []string{"a", "b", "c", "d", "e"} {
		res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread(r, customer(r), in(r+"-m", customer(r), "hi", 0))}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Conversations[0])
	}
	clock := func(c string, internal, window time.Duration, state string) deadline.Deadline {
		d := deadline.Deadline{Clock: c, Kind: "first", StartedAt: t0, InternalAt: t0.Add(internal), State: state, ComputedAt: t0}
		if window != 0 {
			d.WindowAt = t0.Add(window)
		}
		return d
	}
	resp, reso := deadline.ClockResponse, deadline.ClockResolution
	if err := s.SaveDeadlines(ctx, []deadline.Update{
		// a: due at 50 min by its response clock, its resolution clock later.
		{ConversationID: ids[0], Deadlines: []deadline.Deadline{clock(resp, 50*time.Minute, 0, deadline.StateOnTrack), clock(reso, 5*time.Hour, 0, deadline.StateOnTrack)}},
		// b: its reply window closes (20 min) before its internal target.
		{ConversationID: ids[1], Deadlines: []deadline.Deadline{clock(resp, 40*time.Minute, 20*time.Minute, deadline.StateOnTrack)}},
		// c: overdue since 10 min before t0.
		{ConversationID: ids[2], Deadlines: []deadline.Deadline{clock(resp, -10*time.Minute, 0, deadline.StateBreached)}},
		// d: paused, never due.
		{ConversationID: ids[3], Deadlines: []deadline.Deadline{clock(resp, time.Minute, 0, deadline.StatePaused)}},
		// e: due in three hours.
		{ConversationID: ids[4], Deadlines: []deadline.Deadline{clock(resp, 3*time.Hour, 0, deadline.StateOnTrack)}},
	}); err != nil {
		t.Fatal(err)
	}
	got := func(until time.Time, limit int) []int64 {
		items, err := s.DueWithin(ctx, until, limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, c := range items {
			if c.HandleName == "" || c.CustomerName == "" {
				t.Errorf("conversation %d lacks its joined columns: %+v", c.ID, c)
			}
			out = append(out, c.ID)
		}
		return out
	}
	for _, tt := range []struct {
		until time.Duration
		limit int
		want  []int64
	}{
		{time.Hour, 10, []int64{ids[2], ids[1], ids[0]}},
		{time.Hour, 2, []int64{ids[2], ids[1]}},
		{30 * time.Minute, 10, []int64{ids[2], ids[1]}},
		{-time.Hour, 10, nil},
		{6 * time.Hour, 10, []int64{ids[2], ids[1], ids[0], ids[4]}},
	} {
		if g := got(t0.Add(tt.until), tt.limit); !slices.Equal(g, tt.want) {
			t.Errorf("due within %s (limit %d) = %v, want %v", tt.until, tt.limit, g, tt.want)
		}
	}
	for _, tt := range []struct{ after, want time.Duration }{
		{-time.Hour, -10 * time.Minute},
		{0, 20 * time.Minute},
		{20 * time.Minute, 50 * time.Minute},
		{time.Hour, 3 * time.Hour}, // a's resolution clock (5 h) never changes when a falls due
	} {
		if next, err := s.NextDueAfter(ctx, t0.Add(tt.after)); err != nil || !next.Equal(t0.Add(tt.want)) {
			t.Errorf("next due after %s = %s, %v; want %s", tt.after, next, err, t0.Add(tt.want))
		}
	}
	if next, err := s.NextDueAfter(ctx, t0.Add(3*time.Hour)); err != nil || !next.IsZero() {
		t.Errorf("next due after the last = %s, %v; want none", next, err)
	}
}
