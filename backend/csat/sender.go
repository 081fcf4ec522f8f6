package csat

import (
	"context"
	"log/slog"
	"time"
)

// Store is what the sender needs: ask the due surveys (each written with its
// outbox row in one transaction, see store.SendDueSurveys) and say when the
// next one is due (zero when none is scheduled).
type Store interface {
	SendDueSurveys(ctx context.Context, now time.Time) ([]int64, error)
	NextSurveyDue(ctx context.Context) (time.Time, error)
}

// Sender asks due surveys until its context ends. The database is its queue,
// so a restart picks up where it stopped and nothing is asked twice.
type Sender struct {
	Store  Store
	Logger *slog.Logger
	// Wake tells the outbox that messages were queued (the engine's Wake).
	Wake func()
	Now  func() time.Time // defaults to time.Now
	// MaxSleep caps one sleep, so surveys scheduled meanwhile (a resolve, the
	// button) go out soon (default 30 seconds).
	MaxSleep time.Duration
}

// Run asks what is due, then sleeps until the next survey is due (at most
// MaxSleep, at least a second). It returns when ctx ends.
func (s Sender) Run(ctx context.Context) error {
	now, maxSleep, log := s.Now, s.MaxSleep, s.Logger
	if now == nil {
		now = time.Now
	}
	if maxSleep <= 0 {
		maxSleep = 30 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for {
		if err := s.Once(ctx, now()); err != nil && ctx.Err() == nil {
			log.Warn("sending satisfaction surveys failed", "err", err)
		}
		wait := maxSleep
		if next, err := s.Store.NextSurveyDue(ctx); err == nil && !next.IsZero() {
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

// Once asks every survey due at now and wakes the outbox if one was queued.
func (s Sender) Once(ctx context.Context, now time.Time) error {
	asked, err := s.Store.SendDueSurveys(ctx, now)
	if len(asked) > 0 && s.Wake != nil {
		s.Wake()
	}
	return err
}
