// Package snooze brings snoozed conversations back to the queue at their time.
package snooze

import (
	"context"
	"log/slog"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/wakeup"
)

// Store is what the waker needs: wake what is due, and say when the next
// snooze ends (zero when none is pending).
type Store interface {
	WakeSnoozed(ctx context.Context, now time.Time) ([]int64, error)
	NextWake(ctx context.Context) (time.Time, error)
}

// Waker wakes snoozed conversations until its context ends. It sleeps until
// the next snooze ends, or until a conversation changes (a snooze set or
// moved), and polls nothing in between.
type Waker struct {
	Store  Store
	Logger *slog.Logger
	Now    func() time.Time // defaults to time.Now
	// Changes wakes the waker when conversations change, so a snooze set
	// meanwhile is timed at once; nil: only its own timer wakes it.
	Changes events.Subscriber
	// MaxSleep caps one timer, so a suspend or a clock change is noticed
	// soon (default one minute); a capped wake-up with nothing due does no
	// work (see wakeup.Sleep).
	MaxSleep time.Duration
}

// retry is the least wait after a pass that left something due (a store
// that keeps failing is not hammered).
const retry = time.Second

// Run wakes what is due, then sleeps until the next snooze ends or a change.
// It returns when ctx ends.
func (w Waker) Run(ctx context.Context) error {
	now, maxSleep, log := w.Now, w.MaxSleep, w.Logger
	if now == nil {
		now = time.Now
	}
	if maxSleep <= 0 {
		maxSleep = time.Minute
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sig := wakeup.NewSignal()
	defer sig.On(w.Changes, events.EntityConversation)()
	due := true // what ended while the app was closed
	for {
		if due {
			if _, err := w.Store.WakeSnoozed(ctx, now()); err != nil && ctx.Err() == nil {
				log.Warn("waking snoozed conversations failed", "err", err)
			}
		}
		next, err := w.Store.NextWake(ctx)
		if err != nil && ctx.Err() == nil {
			log.Warn("reading the next snooze failed", "err", err)
			next = now().Add(retry)
		}
		if due && !next.IsZero() && !next.After(now()) {
			next = now().Add(retry) // still due right after waking it: the store failed
		}
		if !wakeup.Sleep(ctx, now, next, maxSleep, sig) {
			return nil
		}
		due = !next.IsZero() && !now().Before(next)
	}
}
