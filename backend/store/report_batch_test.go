package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// The set-wise writers stamp report versions themselves in a report batch
// (report_batch.go, migration 0020). Checked against the per-row triggers:
// the same writes go to a second store whose report_clock drops its batch
// flag as soon as it is raised, so every trigger fires as before 0020.
// After every step both stores must hold the same report columns, every
// conversation the triggers stamped must be stamped by the batch too (a
// report memo must never miss a change), the columns must be what the
// messages say, and the flag must be down after every write.
func TestReportBatchStampsLikeTheTriggers(t *testing.T) {
	ctx := context.Background()
	batch, ref := openTest(t), openTest(t)
	if _, err := ref.w.ExecContext(ctx, `CREATE TRIGGER report_batch_off AFTER UPDATE OF batch ON report_clock
		WHEN new.batch <> 0 BEGIN UPDATE report_clock SET batch = 0; END`); err != nil {
		t.Fatal(err)
	}
	stores := []*Store{batch, ref}
	var handle int64
	for _, s := range stores {
		handle = fixture(t, s, inbox.NetworkMastodon).ID
	}
	a, b, c := customer("a"), customer("b"), customer("c")
	convID := func(s *Store, remote string) int64 {
		var id int64
		if err := s.r.QueryRowContext(ctx, "SELECT id FROM conversations WHERE remote_id = ?", remote).Scan(&id); err != nil {
			t.Fatalf("conversation %s: %v", remote, err)
		}
		return id
	}
	dl := func(clock string, start, due time.Duration, state string) deadline.Deadline {
		return deadline.Deadline{Clock: clock, Kind: "first", StartedAt: t0.Add(start), InternalAt: t0.Add(due),
			PublishedAt: t0.Add(due + time.Hour), State: state, NextAt: t0.Add(due), ComputedAt: t0}
	}
	ingest := func(convs ...IncomingConversation) func(*Store) error {
		return func(s *Store) error { _, err := s.Ingest(ctx, handle, convs, nil); return err }
	}
	history := func(cv IncomingConversation) IncomingConversation { cv.History = true; return cv }
	steps := []struct {
		name  string
		write func(*Store) error
	}{
		{"new conversations", ingest(
			thread("t1", a, in("m1", a, "hello", 0), out("m2", "hi", time.Hour)),
			thread("t2", b, out("m3", "we wrote first", 2*time.Hour), in("m4", b, "ok", 3*time.Hour)),
			thread("t3", c))},
		{"more messages, one older than the rest", ingest(
			thread("t1", a, in("m5", a, "again", 4*time.Hour), in("m6", a, "earlier", -time.Hour)),
			thread("t3", c, out("m7", "hello?", 5*time.Hour)))},
		{"the same page again", ingest(
			thread("t1", a, in("m5", a, "again", 4*time.Hour), in("m6", a, "earlier", -time.Hour)))},
		{"an edit only", ingest(thread("t2", b, in("m4", b, "ok, edited", 3*time.Hour)))},
		{"a message stored before, delivered in a new conversation", ingest(
			thread("t4", a, in("m1", a, "hello", 0), in("m8", a, "new thread", 6*time.Hour)))},
		{"one conversation twice in a page", ingest(
			thread("t5", b, in("m9", b, "first", 7*time.Hour)),
			thread("t5", b, in("m10", b, "second", 8*time.Hour)))},
		{"history", ingest(
			history(thread("t6", c, in("m11", c, "old", -48*time.Hour))),
			history(thread("t2", b, in("m12", b, "older still", -72*time.Hour))))},
		{"deadlines and events", func(s *Store) error {
			return s.SaveDeadlines(ctx, []deadline.Update{
				{ConversationID: convID(s, "t1"), Deadlines: []deadline.Deadline{dl(deadline.ClockResponse, 0, 30*time.Minute, "on_track"),
					dl(deadline.ClockResolution, 0, 24*time.Hour, "on_track")}, QueueKey: 42},
				{ConversationID: convID(s, "t2"), Deadlines: []deadline.Deadline{dl(deadline.ClockResponse, 3*time.Hour, 4*time.Hour, "imminent")},
					Events: []deadline.Event{{Clock: deadline.ClockResponse, StartedAt: t0.Add(3 * time.Hour), Name: "imminent",
						At: t0.Add(3 * time.Hour), RecordedAt: t0, NotifyState: deadline.NotifyPending}}},
			})
		}},
		{"a clock cleared, an event already recorded, an order changed", func(s *Store) error {
			return s.SaveDeadlines(ctx, []deadline.Update{
				{ConversationID: convID(s, "t1"), Deadlines: []deadline.Deadline{dl(deadline.ClockResolution, 0, 24*time.Hour, "on_track")}},
				{ConversationID: convID(s, "t2"), Deadlines: []deadline.Deadline{dl(deadline.ClockResponse, 3*time.Hour, 4*time.Hour, "imminent")},
					Events: []deadline.Event{{Clock: deadline.ClockResponse, StartedAt: t0.Add(3 * time.Hour), Name: "imminent",
						At: t0.Add(3 * time.Hour), RecordedAt: t0, NotifyState: deadline.NotifyPending}}},
				{ConversationID: convID(s, "t3"), QueueKey: 7},
			})
		}},
		{"a write outside any batch", func(s *Store) error {
			return s.SetStatus(ctx, []int64{convID(s, "t1")}, inbox.StatusResolved, time.Time{})
		}},
	}
	clock := func(s *Store) int64 {
		n, err := s.ReportClock(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, st := range steps {
		var stamped [2]map[string]bool
		var cols [2]string
		for i, s := range stores {
			before := clock(s)
			if err := st.write(s); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			var left int
			if err := s.r.QueryRowContext(ctx, "SELECT batch FROM report_clock").Scan(&left); err != nil || left != 0 {
				t.Fatalf("%s: report_clock.batch = %d after the write (%v)", st.name, left, err)
			}
			stamped[i] = map[string]bool{}
			rows, err := s.r.QueryContext(ctx, `SELECT remote_id, report_version, report_first_at, report_last_at, report_first_in_at,
				(SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = c.id),
				(SELECT MAX(sent_at) FROM messages m WHERE m.conversation_id = c.id),
				(SELECT MIN(sent_at) FROM messages m WHERE m.conversation_id = c.id AND direction = 'in')
				FROM conversations c ORDER BY remote_id`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var remote string
				var version int64
				var f, l, fi, wf, wl, wfi *int64
				if err := rows.Scan(&remote, &version, &f, &l, &fi, &wf, &wl, &wfi); err != nil {
					t.Fatal(err)
				}
				got, want := fmt.Sprint(deref(f), deref(l), deref(fi)), fmt.Sprint(deref(wf), deref(wl), deref(wfi))
				if got != want {
					t.Errorf("%s: %s's report span = %s, its messages say %s", st.name, remote, got, want)
				}
				if version > before {
					stamped[i][remote] = true
				}
				if version > clock(s) {
					t.Errorf("%s: %s stamped %d, above the clock %d", st.name, remote, version, clock(s))
				}
				cols[i] += remote + " " + got + "\n"
			}
			rows.Close()
		}
		if cols[0] != cols[1] {
			t.Errorf("%s: report columns differ:\nbatch:\n%striggers:\n%s", st.name, cols[0], cols[1])
		}
		for remote := range stamped[1] {
			if !stamped[0][remote] {
				t.Errorf("%s: the triggers stamp %s, the batch does not", st.name, remote)
			}
		}
		if len(stamped[1]) == 0 && st.name != "the same page again" {
			t.Errorf("%s: nothing stamped: the step tests nothing", st.name)
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return "NULL"
	}
	return *p
}
