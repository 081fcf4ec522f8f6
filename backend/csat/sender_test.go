package csat

import (
	"context"
	"sync"
	"testing"
	"time"

	"careinbox/backend/events"
)

type fakeStore struct{ due []int64 }

func (f *fakeStore) SendDueSurveys(context.Context, time.Time) ([]int64, error) {
	d := f.due
	f.due = nil
	return d, nil
}
func (f *fakeStore) NextSurveyDue(context.Context) (time.Time, error) { return time.Time{}, nil }

func TestSenderWakesTheOutboxOnlyWhenSomethingWasQueued(t *testing.T) {
	wakes := 0
	st := &fakeStore{due: []int64{7}}
	s := Sender{Store: st, Wake: func() { wakes++ }}
	for i := 0; i < 2; i++ {
		if err := s.Once(context.Background(), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if wakes != 1 {
		t.Fatalf("woke the outbox %d times, want 1", wakes)
	}
}

// timedStore is a store whose next survey the test sets; each answer of
// NextSurveyDue is reported on asked, so the test knows the sender is about
// to sleep.
type timedStore struct {
	mu    sync.Mutex
	due   []int64
	next  time.Time
	asked chan struct{}
}

func (f *timedStore) SendDueSurveys(_ context.Context, now time.Time) ([]int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.next.IsZero() || now.Before(f.next) {
		return nil, nil
	}
	d := f.due
	f.due, f.next = nil, time.Time{}
	return d, nil
}

func (f *timedStore) NextSurveyDue(context.Context) (time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case f.asked <- struct{}{}:
	default:
	}
	return f.next, nil
}

func TestSenderSleepsUntilAChange(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	bus := events.New()
	st := &timedStore{asked: make(chan struct{}, 1)}
	woke := make(chan struct{}, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	// A frozen clock and an hour's cap: with nothing scheduled, only the
	// change can wake the sender.
	s := Sender{Store: st, Now: func() time.Time { return t0 }, Changes: bus, MaxSleep: time.Hour,
		Wake: func() { woke <- struct{}{} }}
	go func() { done <- s.Run(ctx) }()
	<-st.asked // the first pass ran: nothing scheduled, asleep
	st.mu.Lock()
	st.due, st.next = []int64{7}, t0 // a resolve scheduled a survey due now
	st.mu.Unlock()
	bus.Publish(events.Delta{Entity: events.EntityMessage, Upserted: []int64{1}}) // not a conversation: ignored
	bus.Publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{7}})
	select {
	case <-woke:
	case <-ctx.Done():
		t.Fatal("the change did not wake the sender")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
