package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"careinbox/backend/csat"
	"careinbox/backend/inbox"
)

func heldConversation(t *testing.T, s *Store) int64 {
	t.Helper()
	h := fixture(t, s, inbox.NetworkMastodon)
	res, err := s.Ingest(context.Background(), h.ID, []IncomingConversation{thread("t-1", customer("a"), in("m-1", customer("a"), "hi", 0))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.Conversations[0]
}

// A held reply is not claimed before its not-before time, is claimed once
// after it, and can be pulled back only while the outbox has not taken it.
func TestHeldReplyWaitsForItsWindow(t *testing.T) {
	ctx := context.Background()
	hold := t0.Add(10 * time.Second)
	tests := []struct {
		name     string
		claimAt  time.Time // a claim pass before the undo (zero: none)
		claimed  int
		undoErr  error
		afterAll int // claimed by a pass an hour later, after the undo
	}{
		{"inside the window: nothing due, undo removes it", t0.Add(9 * time.Second), 0, nil, 0},
		{"no pass yet: undo removes it", time.Time{}, 0, nil, 0},
		{"window over and claimed: too late", hold, 1, ErrTooLate, 0},
		{"window over, not yet claimed: still pulled back", time.Time{}, 0, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			conv := heldConversation(t, s)
			m, err := s.QueueHeldReply(ctx, conv, "  Thanks! ", "public", "Sam", t0, hold)
			if err != nil {
				t.Fatal(err)
			}
			if !m.HoldUntil.Equal(hold) {
				t.Fatalf("HoldUntil = %v, want %v", m.HoldUntil, hold)
			}
			d, _ := s.Conversation(ctx, conv)
			if got := d.Messages[len(d.Messages)-1]; !got.HoldUntil.Equal(hold) || got.Delivery != inbox.DeliveryQueued {
				t.Fatalf("the thread shows %+v, want queued and held until %v", got, hold)
			}
			if next, ok, err := s.NextHold(ctx, t0); err != nil || !ok || !next.Equal(hold) {
				t.Fatalf("NextHold = %v %v %v, want %v", next, ok, err, hold)
			}
			if !tt.claimAt.IsZero() {
				items, err := s.ClaimOutbox(ctx, tt.claimAt, 10)
				if err != nil || len(items) != tt.claimed {
					t.Fatalf("claim at %v: %d items (%v), want %d", tt.claimAt, len(items), err, tt.claimed)
				}
			}
			r, err := s.UndoSend(ctx, m.ID)
			if !errors.Is(err, tt.undoErr) {
				t.Fatalf("UndoSend = %v, want %v", err, tt.undoErr)
			}
			if err == nil {
				if r.Text != "Thanks!" || r.Visibility != "public" || r.ConversationID != conv {
					t.Errorf("undone = %+v", r)
				}
				d, _ := s.Conversation(ctx, conv)
				for _, msg := range d.Messages {
					if msg.ID == m.ID {
						t.Error("the undone reply is still in the thread")
					}
				}
				if d.Summary.AwaitingSince.IsZero() {
					t.Error("the conversation no longer waits on a reply after the undo")
				}
			}
			if items, _ := s.ClaimOutbox(ctx, t0.Add(time.Hour), 10); len(items) != tt.afterAll {
				t.Errorf("a later pass claims %d, want %d", len(items), tt.afterAll)
			}
		})
	}
}

// A reply queued without a hold (a survey, a closing note) is not undoable.
func TestUndoSendNeedsAHold(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	conv := heldConversation(t, s)
	m, err := s.QueueReply(ctx, conv, "Hello", "public", "Sam", t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UndoSend(ctx, m.ID); !errors.Is(err, ErrTooLate) {
		t.Fatalf("UndoSend of an unheld reply = %v, want ErrTooLate", err)
	}
	if _, ok, _ := s.NextHold(ctx, t0); ok {
		t.Error("an unheld reply counts as held")
	}
}

func TestSendDelaySetting(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if d, err := s.SendDelay(ctx); err != nil || d != DefaultSendDelay {
		t.Fatalf("default = %v %v", d, err)
	}
	for _, tt := range []struct {
		set     time.Duration
		wantErr bool
		want    time.Duration
	}{
		{0, false, 0},
		{30 * time.Second, false, 30 * time.Second},
		{61 * time.Second, true, 30 * time.Second},
		{-time.Second, true, 30 * time.Second},
	} {
		err := s.SetSendDelay(ctx, tt.set, t0)
		if (err != nil) != tt.wantErr {
			t.Errorf("SetSendDelay(%v) = %v", tt.set, err)
		}
		if d, _ := s.SendDelay(ctx); d != tt.want {
			t.Errorf("after SetSendDelay(%v): %v, want %v", tt.set, d, tt.want)
		}
	}
}

// Undoing a status change restores each conversation exactly, the bulk
// case included: status, snooze time, queue position and the survey that
// resolving scheduled.
func TestRestoreStatusPutsEverythingBack(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	lastIn := time.Now().Add(-time.Minute)
	convA, _ := surveyed(t, s, inbox.NetworkFacebook, "ana", lastIn, func(st *csat.Settings) { st.DelayMinutes = 60 })
	// A second one: open, one more: snoozed.
	h := fixture(t, s, inbox.NetworkMastodon)
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{
		thread("t-b", customer("b"), in("m-b", customer("b"), "hi", 0)),
		thread("t-c", customer("c"), in("m-c", customer("c"), "hello", time.Minute)),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	convB, convC := res.Conversations[0], res.Conversations[1]
	wake := t0.Add(48 * time.Hour)
	if err := s.SetStatus(ctx, []int64{convC}, inbox.StatusSnoozed, wake); err != nil {
		t.Fatal(err)
	}
	// convA was resolved by surveyed (survey scheduled); reopen it first so
	// the bulk resolve below schedules it again from "no survey".
	if err := s.SetStatus(ctx, []int64{convA}, inbox.StatusOpen, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, "DELETE FROM csat_surveys WHERE conversation_id = ?", convA); err != nil {
		t.Fatal(err)
	}
	ids := []int64{convA, convB, convC}
	type state struct {
		status inbox.Status
		until  time.Time
		key    string
		survey int
	}
	read := func() map[int64]state {
		out := map[int64]state{}
		for _, id := range ids {
			var st state
			var until int64
			if err := s.r.QueryRowContext(ctx, "SELECT status, snoozed_until, queue_key FROM conversations WHERE id = ?", id).Scan(&st.status, &until, &st.key); err != nil {
				t.Fatal(err)
			}
			st.until = fromMS(until)
			if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM csat_surveys WHERE conversation_id = ?", id).Scan(&st.survey); err != nil {
				t.Fatal(err)
			}
			out[id] = st
		}
		return out
	}
	// The deadline service orders the queue by due time, not by the
	// provisional key a status change writes: B's place is its own.
	if _, err := s.w.ExecContext(ctx, "UPDATE conversations SET queue_key = 4242 WHERE id = ?", convB); err != nil {
		t.Fatal(err)
	}
	before := read()
	snaps, err := s.StatusSnapshots(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, ids, inbox.StatusResolved, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if after := read(); after[convA].survey != 1 || after[convC].status != inbox.StatusResolved {
		t.Fatalf("the bulk resolve did not take: %+v", after)
	}
	if err := s.RestoreStatus(ctx, snaps); err != nil {
		t.Fatal(err)
	}
	restored := read()
	for _, id := range ids {
		if restored[id] != before[id] {
			t.Errorf("conversation %d: restored %+v, want %+v", id, restored[id], before[id])
		}
	}
	if restored[convC].status != inbox.StatusSnoozed || !restored[convC].until.Equal(wake) {
		t.Errorf("the snoozed conversation came back as %+v", restored[convC])
	}

	// A message after the change makes the old place stale: the restore
	// writes the provisional key for the conversation as it is now.
	snaps, err = s.StatusSnapshots(ctx, []int64{convB})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, []int64{convB}, inbox.StatusResolved, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t-b", customer("b"), in("m-b2", customer("b"), "still there?", 2*time.Minute))}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RestoreStatus(ctx, snaps); err != nil {
		t.Fatal(err)
	}
	var key, awaiting, last int64
	var status inbox.Status
	if err := s.r.QueryRowContext(ctx, "SELECT status, queue_key, awaiting_since, last_message_at FROM conversations WHERE id = ?", convB).Scan(&status, &key, &awaiting, &last); err != nil {
		t.Fatal(err)
	}
	if want := inbox.QueueKey(status, fromMS(awaiting), fromMS(last)); key == 4242 || key != want {
		t.Errorf("after a new message the restored key is %d, want the provisional %d", key, want)
	}
}

func TestHandleName(t *testing.T) {
	s := openTest(t)
	conv := heldConversation(t, s)
	n, err := s.HandleName(context.Background(), conv)
	if err != nil || n == "" {
		t.Fatalf("HandleName = %q, %v", n, err)
	}
	if _, err := s.HandleName(context.Background(), 9999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown conversation: %v", err)
	}
}
