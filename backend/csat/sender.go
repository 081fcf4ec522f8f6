package csat

import (
	"context"
	"log/slog"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/wakeup"
)

// Store is what the sender needs: ask the due surveys (each written with its
// outbox row in one transaction, see store.SendDueSurveys) and say when the
// next one is due (zero when none is scheduled).
type Store interface {
	SendDueSurveys(ctx context.Context, now time.Time) ([]int64, error)
	NextSurveyDue(ctx context.Context) (time.Time, error)
}

// Sender asks due surveys until its context ends. The database is its queue,
// so a restart picks up where it stopped and nothing is asked twice. It
// sleeps until the next survey is due or a conversation changes (a resolve
// schedules a survey, the button asks one now), and polls nothing between.
type Sender struct {
	Store  Store
	Logger *slog.Logger
	// Wake tells the outbox that messages were queued (the engine's Wake).
	Wake func()
	Now  func() time.Time // defaults to time.Now
	// Changes wakes the sender when conversations change; nil: only its own
	// timer wakes it.
	Changes events.Subscriber
	// MaxSleep caps one timer, so a suspend or a clock change is noticed soon
	// (default 30 seconds); a capped wake-up with nothing due does no work.
	MaxSleep time.Duration
}

// retry is the least wait after a pass that left a survey due (a store that
// keeps failing is not hammered).
const retry = time.Second

// Run asks what is due, then sleeps until the next survey is due or a
// change. It returns when ctx ends.
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
	sig := wakeup.NewSignal()
	defer sig.On(s.Changes, events.EntityConversation)()
	due := true // what fell due while the app was closed
	for {
		if due {
			if err := s.Once(ctx, now()); err != nil && ctx.Err() == nil {
				log.Warn("sending satisfaction surveys failed", "err", err)
			}
		}
		next, err := s.Store.NextSurveyDue(ctx)
		if err != nil && ctx.Err() == nil {
			log.Warn("reading the next survey failed", "err", err)
			next = now().Add(retry)
		}
		if due && !next.IsZero() && !next.After(now()) {
			next = now().Add(retry) // still due right after asking: the store failed, or more than a page was due
		}
		if !wakeup.Sleep(ctx, now, next, maxSleep, sig) {
			return nil
		}
		due = !next.IsZero() && !now().Before(next)
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
