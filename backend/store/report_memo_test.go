package store

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// Every write a report reads changes the conversation's report version
// (migration 0005's triggers), and writes it does not read leave it; the
// maintained first and last message times follow inserts, edits and deletes.
func TestReportVersionTriggers(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	cust := customer("a")
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{
		thread("t1", cust, in("m1", cust, "hello", 0), out("m2", "hi", time.Hour)),
		thread("t2", customer("b"), in("m3", customer("b"), "other", 2*time.Hour)),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	id, other := res.Conversations[0], res.Conversations[1]
	version := func(id int64) (v int64, first, last int64) {
		t.Helper()
		var f, l *int64
		if err := s.r.QueryRowContext(ctx, "SELECT report_version, report_first_at, report_last_at FROM conversations WHERE id = ?", id).
			Scan(&v, &f, &l); err != nil {
			t.Fatal(err)
		}
		if f != nil {
			first = *f
		}
		if l != nil {
			last = *l
		}
		return v, first, last
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.w.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	msgID := func(remote string) int64 {
		var m int64
		if err := s.r.QueryRowContext(ctx, "SELECT id FROM messages WHERE remote_id = ?", remote).Scan(&m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	ms := func(d time.Duration) int64 { return t0.Add(d).UnixMilli() }
	cases := []struct {
		name        string
		change      func()
		bumps       bool
		first, last int64 // 0: not checked
	}{
		{"a late-arriving older message", func() {
			if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", cust, in("m0", cust, "earlier", -time.Hour))}, nil); err != nil {
				t.Fatal(err)
			}
		}, true, ms(-time.Hour), ms(time.Hour)},
		{"a message's time edited", func() { exec("UPDATE messages SET sent_at = ? WHERE id = ?", ms(3*time.Hour), msgID("m2")) }, true, ms(-time.Hour), ms(3 * time.Hour)},
		{"a reply's delivery", func() { exec("UPDATE messages SET delivery = 'failed' WHERE id = ?", msgID("m2")) }, true, 0, 0},
		{"a message's text edited", func() { exec("UPDATE messages SET text = 'edited' WHERE id = ?", msgID("m1")) }, false, 0, 0},
		{"a message deleted", func() { exec("DELETE FROM messages WHERE id = ?", msgID("m2")) }, true, ms(-time.Hour), ms(0)},
		{"a message moved in", func() { exec("UPDATE messages SET conversation_id = ? WHERE id = ?", id, msgID("m3")) }, true, ms(-time.Hour), ms(2 * time.Hour)},
		{"a status change", func() {
			if err := s.SetStatus(ctx, []int64{id}, inbox.StatusPending, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}, true, 0, 0},
		{"a status history row written directly", func() {
			exec("INSERT INTO conversation_status_changes(conversation_id, status, at) VALUES (?, 'open', ?)", id, ms(0))
		}, true, 0, 0},
		{"deadlines and their events saved", func() {
			if err := s.SaveDeadlines(ctx, []deadline.Update{{ConversationID: id, QueueKey: 5,
				Deadlines: []deadline.Deadline{{Clock: deadline.ClockResponse, Kind: "first", StartedAt: t0, State: deadline.StateOnTrack, ComputedAt: t0}},
				Events:    []deadline.Event{{Clock: deadline.ClockResponse, StartedAt: t0, Name: deadline.EventLate, At: t0, RecordedAt: t0, NotifyState: "none"}}}}); err != nil {
				t.Fatal(err)
			}
		}, true, 0, 0},
		{"an event's notification bookkeeping", func() {
			exec("UPDATE deadline_events SET notify_state = 'sent', notified_at = 1 WHERE conversation_id = ?", id)
		}, false, 0, 0},
		{"an event's time edited", func() { exec("UPDATE deadline_events SET at = at + 1 WHERE conversation_id = ?", id) }, true, 0, 0},
		{"a deadline's state updated", func() { exec("UPDATE deadlines SET state = 'late' WHERE conversation_id = ?", id) }, true, 0, 0},
		{"deadlines cleared", func() { exec("DELETE FROM deadlines WHERE conversation_id = ?", id) }, true, 0, 0},
		{"the customer renamed", func() { exec("UPDATE participants SET display_name = 'Renamed' WHERE remote_id = 'a'") }, true, 0, 0},
		{"marked read", func() { exec("UPDATE conversations SET unread = 0 WHERE id = ?", id) }, false, 0, 0},
		{"a status history row's time edited", func() { exec("UPDATE conversation_status_changes SET at = 1 WHERE conversation_id = ?", id) }, true, 0, 0},
		{"the status history cleared", func() { exec("DELETE FROM conversation_status_changes WHERE conversation_id = ?", id) }, true, 0, 0},
		{"the first inbound message deleted", func() { exec("DELETE FROM messages WHERE id = ?", msgID("m0")) }, true, ms(0), ms(2 * time.Hour)},
	}
	for _, c := range cases {
		before, _, _ := version(id)
		otherBefore, _, _ := version(other)
		c.change()
		after, first, last := version(id)
		if (after != before) != c.bumps {
			t.Errorf("%s: version %d → %d, want changed = %v", c.name, before, after, c.bumps)
		}
		if c.first != 0 && (first != c.first || last != c.last) {
			t.Errorf("%s: first/last = %d/%d, want %d/%d", c.name, first, last, c.first, c.last)
		}
		if v, _, _ := version(other); v != otherBefore && c.name != "a message moved in" {
			t.Errorf("%s: the other conversation's version changed too", c.name)
		}
		maintained(t, s, c.name)
	}
	// Every message gone: no first or last, so no period finds it.
	exec("DELETE FROM messages WHERE conversation_id = ?", id)
	if _, first, last := version(id); first != 0 || last != 0 {
		t.Errorf("no messages: first/last = %d/%d, want none", first, last)
	}
	// A conversation deleted and created again under the same id (SQLite
	// reuses the largest rowid) never shows a version the old row had.
	v, _, _ := version(other)
	exec("DELETE FROM conversations WHERE id = ?", other)
	res, err = s.Ingest(ctx, h.ID, []IncomingConversation{thread("t3", customer("b"), in("m9", customer("b"), "again", 2*time.Hour))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Conversations[0] != other {
		t.Fatalf("new conversation id %d, want the reused %d", res.Conversations[0], other)
	}
	if nv, _, _ := version(other); nv == v {
		t.Errorf("recreated conversation has the old version %d", v)
	}
}

// maintained checks every conversation's maintained times against the
// tables they are kept from.
func maintained(t *testing.T, s *Store, step string) {
	t.Helper()
	var n int
	if err := s.r.QueryRow(`SELECT COUNT(*) FROM conversations c WHERE
		report_first_at IS NOT (SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = c.id) OR
		report_last_at IS NOT (SELECT MAX(sent_at) FROM messages m WHERE m.conversation_id = c.id) OR
		report_first_in_at IS NOT (SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in') OR
		report_status_at IS NOT (SELECT MAX(at) FROM conversation_status_changes x WHERE x.conversation_id = c.id)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%s: %d conversations' maintained times disagree with their messages and status history", step, n)
	}
}

// ReportChanges lists what changed since a clock reading: everything from
// zero, then only the conversations written since, and those deleted.
func TestReportChanges(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	cust := customer("a")
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{
		thread("t1", cust, in("m1", cust, "a", 0), out("m2", "b", 10*24*time.Hour)),
		thread("t2", customer("b"), in("m3", customer("b"), "c", time.Hour)),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t1, t2 := res.Conversations[0], res.Conversations[1]
	type change struct {
		id          int64
		first, last time.Time
		deleted     bool
	}
	firstIn, status := map[int64]time.Time{}, map[int64]inbox.Status{}
	list := func(since int64) (map[int64]change, int64) {
		t.Helper()
		clock, err := s.ReportClock(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]change{}
		err = s.ReportChanges(ctx, since, func(c ReportChange) {
			if c.Version <= since {
				t.Errorf("conversation %d: version %d not after %d", c.ID, c.Version, since)
			}
			if !c.Deleted && (c.HandleID != h.ID || c.Kind != inbox.KindPublic) {
				t.Errorf("conversation %d: handle %d kind %q", c.ID, c.HandleID, c.Kind)
			}
			got[c.ID] = change{c.ID, c.FirstAt, c.LastAt, c.Deleted}
			firstIn[c.ID], status[c.ID] = c.FirstInboundAt, c.Status
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, clock
	}
	all, clock := list(0)
	if len(all) != 2 || !all[t1].first.Equal(t0) || !all[t1].last.Equal(t0.Add(10*24*time.Hour)) {
		t.Fatalf("from zero: %+v", all)
	}
	if !firstIn[t1].Equal(t0) || status[t1] != inbox.StatusOpen {
		t.Fatalf("first inbound %v, status %q", firstIn[t1], status[t1])
	}
	if none, c := list(clock); len(none) != 0 || c != clock {
		t.Fatalf("nothing written: %+v (clock %d → %d)", none, clock, c)
	}
	if _, err := s.w.ExecContext(ctx, "DELETE FROM messages WHERE remote_id = 'm2'"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, "DELETE FROM conversations WHERE id = ?", t2); err != nil {
		t.Fatal(err)
	}
	got, _ := list(clock)
	if len(got) != 2 || got[t1].deleted || !got[t1].last.Equal(t0) || !got[t2].deleted {
		t.Fatalf("after a deleted message and a deleted conversation: %+v", got)
	}
}

// ReportMessages (one packed row per conversation) gives each conversation's
// inbound, sent and unsent reply times oldest first, whatever order the
// messages arrived in, with ties and messages before 1970; sent agrees with
// MessageTimes.
func TestReportMessagesLists(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	h := fixture(t, s, inbox.NetworkMastodon)
	a, b := customer("a"), customer("b")
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{
		thread("t1", a, in("m3", a, "late", 3*time.Hour), in("m1", a, "first", 0), out("m2", "hi", time.Hour),
			out("m4", "queued", 4*time.Hour), in("m5", a, "tie", time.Hour)),
		thread("t2", b, in("m6", b, "only", 2*time.Hour)),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t1, t2 := res.Conversations[0], res.Conversations[1]
	if _, err := s.w.ExecContext(ctx, `UPDATE messages SET delivery = 'queued' WHERE remote_id = 'm4'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE messages SET sent_at = -5000 WHERE remote_id = 'm6'`); err != nil {
		t.Fatal(err)
	}
	at := func(d time.Duration) time.Time { return t0.Add(d).UTC().Truncate(time.Millisecond) }
	cases := []struct {
		id              int64
		in, out, unsent []time.Time
	}{
		{t1, []time.Time{at(0), at(time.Hour), at(3 * time.Hour)}, []time.Time{at(time.Hour)}, []time.Time{at(4 * time.Hour)}},
		{t2, []time.Time{time.UnixMilli(-5000).UTC()}, nil, nil},
	}
	ins, outs, unsent, err := s.ReportMessages(ctx, []int64{t1, t2, 9999})
	if err != nil {
		t.Fatal(err)
	}
	mIn, mOut, err := s.MessageTimes(ctx, []int64{t1, t2})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		for _, l := range []struct {
			name      string
			got, want []time.Time
		}{{"in", ins[c.id], c.in}, {"out", outs[c.id], c.out}, {"unsent", unsent[c.id], c.unsent},
			{"in as MessageTimes", ins[c.id], mIn[c.id]}, {"out as MessageTimes", outs[c.id], mOut[c.id]}} {
			if len(l.got) != len(l.want) {
				t.Fatalf("conversation %d %s: %v, want %v", c.id, l.name, l.got, l.want)
			}
			for i := range l.got {
				if !l.got[i].Equal(l.want[i]) {
					t.Fatalf("conversation %d %s: %v, want %v", c.id, l.name, l.got, l.want)
				}
			}
		}
	}
	if len(ins) != 2 {
		t.Errorf("lists for %d conversations, want 2", len(ins))
	}
}
