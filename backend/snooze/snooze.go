// Package snooze brings snoozed conversations back to the queue at their time.
package snooze

import (
	"context"
	"log/slog"
	"time"
)

// Store is what the waker needs: wake what is due, and say when the next
// snooze ends (zero when none is pending).
type Store interface {
	WakeSnoozed(ctx context.Context, now time.Time) ([]int64, error)
	NextWake(ctx context.Context) (time.Time, error)
}

// Waker wakes snoozed conversations until its context ends.
type Waker struct {
	Store  Store
	Logger *slog.Logger
	Now    func() time.Time // defaults to time.Now
	// MaxSleep caps one sleep, so snoozes set meanwhile and clock changes are
	// noticed soon (default one minute).
	MaxSleep time.Duration
}

// Run wakes what is due, then sleeps until the next snooze ends (at most
// MaxSleep, at least a second so a store that keeps failing is not hammered).
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
	for {
		if _, err := w.Store.WakeSnoozed(ctx, now()); err != nil && ctx.Err() == nil {
			log.Warn("waking snoozed conversations failed", "err", err)
		}
		wait := maxSleep
		if next, err := w.Store.NextWake(ctx); err == nil && !next.IsZero() {
			if d := next.Sub(now()); d < wait {
				wait = max(d, time.Second)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}
