package sentiment

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// BackfillStore scores one batch of the messages stored before scoring
// existed and says whether any are left (store.Store implements it).
type BackfillStore interface {
	BackfillSentiment(ctx context.Context, limit int) (done bool, err error)
}

// Backfill scores an existing archive once, in the background, a batch per
// transaction with a pause between, so syncs and the screen keep the
// single writer. Cancelling ctx stops it between batches; the store's mark
// makes the next start resume there.
type Backfill struct {
	Store  BackfillStore
	Logger *slog.Logger
	Batch  int           // messages per batch; 0 means 500
	Pause  time.Duration // between batches
	Retry  time.Duration // after a failed batch; 0 means a minute
}

// Run scores until every old message is scored or ctx ends.
func (b Backfill) Run(ctx context.Context) error {
	batch, retry := b.Batch, b.Retry
	if batch <= 0 {
		batch = 500
	}
	if retry <= 0 {
		retry = time.Minute
	}
	log := b.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	batches := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		done, err := b.Store.BackfillSentiment(ctx, batch)
		wait := b.Pause
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil && errors.Is(err, context.Canceled):
			return err
		case err != nil:
			log.Warn("scoring stored messages failed; trying again later", "err", err)
			wait = retry
		case done:
			if batches > 0 {
				log.Info("stored messages scored", "batches", batches)
			}
			return nil
		default:
			batches++
		}
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
	}
}
