package snooze

import (
	"context"
	"path/filepath"
	"testing"
	"time"

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
