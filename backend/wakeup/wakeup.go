// Package wakeup lets a background loop sleep until a wall-clock time or a
// change, instead of polling: the deadline service, the snooze waker and the
// survey sender each know when their next piece of work is due, and a write
// that may move it signals them.
package wakeup

import (
	"context"
	"time"

	"careinbox/backend/events"
)

// Signal is a one-slot wake-up: Notify never blocks, and any number of
// notifications before a wait wake it once.
type Signal chan struct{}

// NewSignal returns a Signal.
func NewSignal() Signal { return make(Signal, 1) }

// Notify wakes the next (or current) wait.
func (s Signal) Notify() {
	select {
	case s <- struct{}{}:
	default:
	}
}

// On subscribes to deltas of the given entities and notifies the signal on
// each; the returned cancel unsubscribes. A nil subscriber subscribes to
// nothing.
func (s Signal) On(sub events.Subscriber, entities ...string) (cancel func()) {
	if sub == nil {
		return func() {}
	}
	return sub.Subscribe(func(d events.Delta) {
		for _, e := range entities {
			if d.Entity == e {
				s.Notify()
				return
			}
		}
	})
}

// Sleep waits until the wall clock (now) reaches next, a signal arrives, or
// ctx ends; it reports false when ctx ended. A zero next waits for a signal
// only. Each timer is capped at maxWait because Go's timers follow the
// monotonic clock, which stops while the computer is suspended: a capped
// wake-up that finds the wall clock still before next goes back to sleep and
// does nothing else. A next already past returns at once.
func Sleep(ctx context.Context, now func() time.Time, next time.Time, maxWait time.Duration, sig Signal) bool {
	for {
		wait := maxWait
		if !next.IsZero() {
			if wait = min(wait, next.Sub(now())); wait <= 0 {
				return ctx.Err() == nil
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-sig:
			t.Stop()
			return true
		case <-t.C:
			if !next.IsZero() && !now().Before(next) {
				return true
			}
		}
	}
}
