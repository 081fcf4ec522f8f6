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
	failures, quick := 0, 0
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

		began := time.Now()
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
			quick = 0
			ce, _ := connector.Classify(err)
			if ce != nil && (ce.Kind == connector.AuthNeeded || ce.Kind == connector.Permanent) {
				// Sign-in trouble is the poll's to report (watching resumes
				// after sign-in, see Forget); a server that refuses to push is
				// polled, and asked again only much later.
				retry := e.cfg.Now().Add(time.Hour)
				if ce.Kind == connector.AuthNeeded {
					retry = e.cfg.Now().Add(24 * time.Hour)
				}
				e.cfg.Logger.Warn("push wake-ups unavailable; polling instead", "handle", handleID, "err", err, "retry", retry)
				e.mu.Lock()
				e.watchAfter[handleID] = retry
				e.mu.Unlock()
				return
			}
			wait := backoff(failures)
			if ce != nil && ce.Kind == connector.RateLimited && ce.RetryAt.After(e.cfg.Now()) {
				wait = max(wait, ce.RetryAt.Sub(e.cfg.Now())) // the server's own retry time
			}
			e.cfg.Logger.Info("wake-up failed", "handle", handleID, "err", err, "retry_in", wait.Round(time.Second))
			sleep(ctx, wait)
		default:
			failures = 0
			// A wait that answers at once, again and again, is a server
			// misbehaving (or news on every call): space the polls out.
			if time.Since(began) < time.Second {
				quick++
			} else {
				quick = 0
			}
			if err := e.cfg.Store.WakeHandle(ctx, handleID, e.cfg.Now()); err != nil && !errors.Is(err, context.Canceled) {
				e.cfg.Logger.Error("schedule after wake-up", "handle", handleID, "err", err)
			}
			e.Wake()
			sleep(ctx, min(50*time.Millisecond+time.Duration(quick)*time.Second, 30*time.Second))
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
	now := e.cfg.Now()
	e.mu.Lock()
	var ids []int64
	for id := range e.registered {
		if !e.watching[id] && !now.Before(e.watchAfter[id]) {
			ids = append(ids, id)
		}
	}
	e.mu.Unlock()
	for _, id := range ids {
		c, err := e.connectorFor(ctx, id)
		if err != nil {
			// Asked again only later: building a connector reads the handle
			// and asks the keychain over D-Bus, which every idle pass of the
			// scheduler repeated for each handle without a sign-in.
			e.mu.Lock()
			e.watchAfter[id] = now.Add(watchRetry(err))
			e.mu.Unlock()
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

// watchRetry is how long a handle whose connector could not be built waits
// before its watcher is tried again: sign-in trouble until the next sign-in
// (Forget clears the wait), broken settings an hour, anything else (the
// keychain not up yet) a minute.
func watchRetry(err error) time.Duration {
	ce, _ := connector.Classify(err)
	switch {
	case ce != nil && ce.Kind == connector.AuthNeeded:
		return 24 * time.Hour
	case ce != nil && ce.Kind == connector.Permanent:
		return time.Hour
	default:
		return time.Minute
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
