package engine

import (
	"context"
	"errors"
	"time"

	"careinbox/backend/connector"
)

// watch runs a handle's push wake-up (IMAP IDLE, a long poll) while no sync
// job runs for it: some networks (Telegram) refuse a wait and a fetch at the
// same time. A wake-up only schedules a poll; it never carries data, so a
// lost push costs latency, not messages. A due poll interrupts the wait.
func (e *Engine) watch(ctx context.Context, handleID int64, w connector.Waker) {
	defer func() {
		e.mu.Lock()
		delete(e.watching, handleID)
		e.mu.Unlock()
	}()
	failures := 0
	for ctx.Err() == nil {
		waitCtx, cancel := context.WithCancel(ctx)
		e.mu.Lock()
		if !e.registered[handleID] { // forgotten: its credentials or settings changed
			e.mu.Unlock()
			cancel()
			return
		}
		if e.running[handleID] {
			e.mu.Unlock()
			cancel()
			sleep(ctx, 200*time.Millisecond)
			continue
		}
		e.running[handleID] = true
		e.waits[handleID] = cancel
		e.mu.Unlock()

		err := e.callSafely(handleID, "wake-up", func() error { return w.Wait(waitCtx) })
		interrupted := waitCtx.Err() != nil
		cancel()
		e.mu.Lock()
		delete(e.running, handleID)
		delete(e.waits, handleID)
		e.mu.Unlock()

		switch {
		case ctx.Err() != nil:
			return
		case interrupted:
			e.Wake() // a poll wanted this handle
			sleep(ctx, 100*time.Millisecond)
		case err != nil:
			failures++
			if ce, ok := connector.Classify(err); ok && (ce.Kind == connector.AuthNeeded || ce.Kind == connector.Permanent) {
				// Sign-in trouble is the poll's to report (watching resumes
				// after sign-in); a server that refuses to push is simply
				// polled.
				return
			}
			e.cfg.Logger.Debug("wake-up failed", "handle", handleID, "err", err)
			sleep(ctx, backoff(failures))
		default:
			failures = 0
			if err := e.SyncNow(ctx, handleID); err != nil && !errors.Is(err, context.Canceled) {
				e.cfg.Logger.Error("schedule after wake-up", "handle", handleID, "err", err)
			}
			sleep(ctx, 50*time.Millisecond) // let the poll take the handle first
		}
	}
}

// interruptWait ends a handle's wake-up wait so a due poll can run.
func (e *Engine) interruptWait(handleID int64) {
	e.mu.Lock()
	cancel := e.waits[handleID]
	e.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// startWatchers starts one watcher per handle whose connector can push.
func (e *Engine) startWatchers(ctx context.Context) {
	e.mu.Lock()
	var ids []int64
	for id := range e.registered {
		if !e.watching[id] {
			ids = append(ids, id)
		}
	}
	e.mu.Unlock()
	for _, id := range ids {
		c, err := e.connectorFor(ctx, id)
		if err != nil {
			continue
		}
		w, ok := c.(connector.Waker)
		if !ok {
			continue
		}
		e.mu.Lock()
		e.watching[id] = true
		e.mu.Unlock()
		go e.watch(ctx, id, w)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
