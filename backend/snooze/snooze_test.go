package snooze

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

func TestWakerWakesDueAndLaterSnoozes(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Bakery"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkMastodon, RemoteAccountID: "a", DisplayName: "@AskBakery"})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	cust := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: "z", Username: "z@example.social"}
	var convs []store.IncomingConversation
	for _, id := range []string{"due", "later", "tomorrow"} {
		convs = append(convs, store.IncomingConversation{RemoteID: id, Kind: inbox.KindPublic, Customer: cust,
			Messages: []store.IncomingMessage{{RemoteID: "m-" + id, Direction: inbox.Inbound, Author: cust, Text: "hello", SentAt: t0}}})
	}
	res, err := st.Ingest(ctx, h.ID, convs, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := res.Conversations
	// The clock runs from t0: the first snooze is already over, the second
	// ends a moment after start, the third not during the test.
	start := time.Now()
	now := func() time.Time { return t0.Add(time.Since(start)) }
	for i, until := range []time.Time{t0.Add(-time.Minute), t0.Add(1200 * time.Millisecond), t0.Add(24 * time.Hour)} {
		if err := st.SetStatus(ctx, ids[i:i+1], inbox.StatusSnoozed, until); err != nil {
			t.Fatal(err)
		}
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- Waker{Store: st, Now: now, MaxSleep: time.Hour}.Run(runCtx) }()

	status := func(id int64) inbox.Status {
		t.Helper()
		conv, err := st.Conversation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return conv.Summary.Status
	}
	// Waits for an event, bounded generously; the waker's own sleep is what
	// is exercised (MaxSleep is an hour, so only NextWake can end it early).
	waitFor := func(id int64, want inbox.Status) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); status(id) != want; {
			if time.Now().After(deadline) {
				t.Fatalf("conversation %d is %s, want %s", id, status(id), want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor(ids[0], inbox.StatusOpen)
	waitFor(ids[1], inbox.StatusOpen)
	if got := status(ids[2]); got != inbox.StatusSnoozed {
		t.Errorf("tomorrow's snooze woke early: %s", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v after cancel, want nil", err)
	}
}

// signalling reports each NextWake, so the test knows the waker is about to sleep.
type signalling struct {
	*store.Store
	asked chan struct{}
}

func (s signalling) NextWake(ctx context.Context) (time.Time, error) {
	defer func() {
		select {
		case s.asked <- struct{}{}:
		default:
		}
	}()
	return s.Store.NextWake(ctx)
}

func TestWakerTimesASnoozeSetWhileAsleep(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	bus := events.New()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "w.db"), store.WithPublisher(bus))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, _ := st.CreateClient(ctx, inbox.Client{Name: "Bakery"})
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkMastodon, RemoteAccountID: "a", DisplayName: "@AskBakery"})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	cust := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: "z", Username: "z@example.social"}
	res, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "c", Kind: inbox.KindPublic, Customer: cust,
		Messages: []store.IncomingMessage{{RemoteID: "m", Direction: inbox.Inbound, Author: cust, Text: "hello", SentAt: t0}}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Conversations[0]
	woken := make(chan struct{}, 10)
	defer bus.Subscribe(func(d events.Delta) {
		if d.Entity == events.EntityConversation {
			woken <- struct{}{}
		}
	})()
	sig := signalling{Store: st, asked: make(chan struct{}, 1)}
	done := make(chan error, 1)
	// A frozen clock and an hour's cap: nothing snoozed at start, so only
	// the change can wake the waker.
	go func() {
		done <- Waker{Store: sig, Now: func() time.Time { return t0 }, Changes: bus, MaxSleep: time.Hour}.Run(ctx)
	}()
	<-sig.asked
	if err := st.SetStatus(ctx, []int64{id}, inbox.StatusSnoozed, t0.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	for {
		conv, err := st.Conversation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if conv.Summary.Status == inbox.StatusOpen {
			break
		}
		select {
		case <-woken: // the snooze's own delta, then the wake-up's
		case <-ctx.Done():
			t.Fatalf("still %s: the change did not wake the waker", conv.Summary.Status)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
