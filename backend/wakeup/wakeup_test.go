package wakeup

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/events"
)

func TestSleep(t *testing.T) {
	base := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		clock   []time.Time // successive readings of the wall clock (the last repeats)
		next    time.Time
		maxWait time.Duration
		signal  bool
		cancel  bool
		want    bool
	}{
		{"a time already past returns at once", []time.Time{base}, base.Add(-time.Second), time.Hour, false, false, true},
		{"the time itself is due", []time.Time{base}, base, time.Hour, false, false, true},
		{"a signal wakes a far-off wait", []time.Time{base}, base.Add(time.Hour), time.Hour, true, false, true},
		{"a signal wakes a wait with no time", []time.Time{base}, time.Time{}, time.Hour, true, false, true},
		{"the end of ctx stops it", []time.Time{base}, base.Add(time.Hour), time.Hour, false, true, false},
		// Capped at 1 ms: the first capped wake reads a clock still before
		// next and sleeps again; the second finds it past (a resume).
		{"capped wakes check the wall clock", []time.Time{base, base, base.Add(2 * time.Hour)}, base.Add(time.Hour),
			time.Millisecond, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := 0
			now := func() time.Time {
				c := tt.clock[min(i, len(tt.clock)-1)]
				i++
				return c
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sig := NewSignal()
			if tt.signal {
				sig.Notify()
				sig.Notify() // a second notification neither blocks nor queues
			}
			if tt.cancel {
				cancel()
			}
			if got := Sleep(ctx, now, tt.next, tt.maxWait, sig); got != tt.want {
				t.Fatalf("Sleep = %v, want %v", got, tt.want)
			}
			if tt.signal && len(sig) != 0 {
				t.Error("two notifications woke more than one wait")
			}
		})
	}
}

func TestSignalOn(t *testing.T) {
	bus := events.New()
	sig := NewSignal()
	cancel := sig.On(bus, events.EntityConversation)
	bus.Publish(events.Delta{Entity: events.EntityMessage, Upserted: []int64{1}})
	if len(sig) != 0 {
		t.Fatal("another entity's delta woke it")
	}
	bus.Publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{1}})
	if len(sig) != 1 {
		t.Fatal("its entity's delta did not wake it")
	}
	<-sig
	cancel()
	bus.Publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{2}})
	if len(sig) != 0 {
		t.Fatal("woken after cancel")
	}
	NewSignal().On(nil, events.EntityConversation)() // no bus: nothing to cancel
}
