package sentiment

import (
	"context"
	"errors"
	"testing"
)

type fakeBackfill struct {
	left     int // batches left
	fail     int // failures before the first success
	calls    int
	cancel   func()
	cancelAt int
}

func (f *fakeBackfill) BackfillSentiment(ctx context.Context, limit int) (bool, error) {
	f.calls++
	if f.cancel != nil && f.calls == f.cancelAt {
		f.cancel()
	}
	if f.fail > 0 {
		f.fail--
		return false, errors.New("disk busy")
	}
	if f.left == 0 {
		return true, nil
	}
	f.left--
	return f.left == 0, nil
}

func TestBackfillRun(t *testing.T) {
	t.Run("runs batches until done", func(t *testing.T) {
		f := &fakeBackfill{left: 3}
		if err := (Backfill{Store: f}).Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if f.calls != 3 {
			t.Errorf("calls = %d, want 3", f.calls)
		}
	})
	t.Run("a failed batch is retried", func(t *testing.T) {
		f := &fakeBackfill{left: 1, fail: 2}
		if err := (Backfill{Store: f, Retry: 1}).Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if f.calls != 3 {
			t.Errorf("calls = %d, want 3", f.calls)
		}
	})
	t.Run("cancelling stops between batches", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		f := &fakeBackfill{left: 100, cancel: cancel, cancelAt: 2}
		if err := (Backfill{Store: f}).Run(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if f.calls != 2 {
			t.Errorf("calls = %d, want 2", f.calls)
		}
	})
}
