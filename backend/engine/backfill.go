package engine

import (
	"context"
	"errors"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/store"
)

// The deep backfill walks each stream's history back, newest first, as its
// own lower-priority queue (store.Backfill rows, migration 0018) beside live
// sync:
//   - one page per job, so a handle's live poll waits at most one backfill
//     page: the scheduler dispatches due live streams first, and a handle
//     with a live stream due starts no backfill page;
//   - never at the same time as a live job of the same handle (they share
//     the connector), but beside its push watcher, so push latency stays;
//   - one worker is always left free for live sync;
//   - a handle's due listening search goes before its next page (listen.go),
//     so a long backfill holds the handle's searches one page at a time;
//   - failures back off the backfill row with the same back-off and
//     Retry-After as sync, and a handle whose live sync backs off (its
//     retry_at) holds its backfill too.

// DefaultBackfillSpan is how far back the on-connect backfill goes by
// default: a year before the handle was connected. "Backfill history…"
// goes further (or all the way).
const DefaultBackfillSpan = 365 * 24 * time.Hour

// BackfillStore is the part of the store the backfill queue uses.
type BackfillStore interface {
	EnsureBackfills(ctx context.Context, handleID int64, streams []string, until, now time.Time) error
	DueBackfills(ctx context.Context, now time.Time, limit int) ([]store.Backfill, error)
	NextBackfillRun(ctx context.Context) (time.Time, error)
	CommitBackfillPage(ctx context.Context, b store.Backfill, p store.BackfillPage, convs []store.IncomingConversation, now time.Time) (store.IngestResult, error)
	BackfillFailed(ctx context.Context, handleID int64, stream, msg string, next, now time.Time) error
	StartBackfill(ctx context.Context, handleID int64, streams []string, until, now time.Time) error
	SetBackfillState(ctx context.Context, handleID int64, state store.BackfillState, now time.Time) error
}

// ErrNoHistory says a network gives no history beyond what live sync reads
// (Telegram's Bot API has none; LinkedIn's live sync reads its 60 days).
var ErrNoHistory = errors.New("this network gives no older history")

// CanBackfill reports whether a handle's network can walk its history.
func (e *Engine) CanBackfill(ctx context.Context, handleID int64) (bool, error) {
	c, err := e.connectorFor(ctx, handleID)
	if err != nil {
		return false, err
	}
	_, ok := c.(connector.Backfiller)
	return ok, nil
}

// StartBackfill starts a handle's backfill on demand ("Backfill history…"),
// back to until (zero: as far as the network allows), or goes on with one
// that stopped, paused or reached an earlier cap.
func (e *Engine) StartBackfill(ctx context.Context, handleID int64, until time.Time) error {
	c, err := e.connectorFor(ctx, handleID)
	if err != nil {
		return err
	}
	bf, ok := c.(connector.Backfiller)
	if !ok {
		return ErrNoHistory
	}
	if err := e.cfg.Store.StartBackfill(ctx, handleID, bf.BackfillStreams(), until, e.cfg.Now()); err != nil {
		return err
	}
	e.Wake()
	return nil
}

// SetBackfill pauses, resumes or stops a handle's backfill.
func (e *Engine) SetBackfill(ctx context.Context, handleID int64, state store.BackfillState) error {
	if err := e.cfg.Store.SetBackfillState(ctx, handleID, state, e.cfg.Now()); err != nil {
		return err
	}
	e.Wake()
	return nil
}

// ensureBackfill starts the on-connect backfill of a new handle, once.
func (e *Engine) ensureBackfill(ctx context.Context, handleID int64, c connector.Connector) {
	bf, ok := c.(connector.Backfiller)
	if !ok || e.cfg.BackfillSpan < 0 {
		return
	}
	h, err := e.cfg.Store.Handle(ctx, handleID)
	if err != nil {
		return
	}
	until := h.CreatedAt.Add(-e.cfg.BackfillSpan)
	if err := e.cfg.Store.EnsureBackfills(ctx, handleID, bf.BackfillStreams(), until, e.cfg.Now()); err != nil {
		e.cfg.Logger.Error("start backfill", "handle", handleID, "err", err)
	}
}

// dispatchBackfills starts one backfill page for each handle with a due
// backfill that is idle (no live job, no live stream due, no search), keeping
// one worker free for live sync; searchDue holds the handles with a
// listening search due, which goes first after a page.
func (e *Engine) dispatchBackfills(ctx context.Context, sem chan struct{}, wg *sync.WaitGroup, liveDue, searchDue map[int64]bool) {
	due, err := e.cfg.Store.DueBackfills(ctx, e.cfg.Now(), 64)
	if err != nil {
		e.cfg.Logger.Error("list due backfills", "err", err)
		return
	}
	order, groups := byHandle(due, func(b store.Backfill) int64 { return b.HandleID })
	for _, hid := range order {
		if liveDue[hid] {
			continue // live first; the backfill goes on when that job ends
		}
		if cap(sem) > 1 && len(sem) >= cap(sem)-1 {
			return
		}
		e.mu.Lock()
		busy := e.running[hid] && e.waits[hid] == nil || e.backfilling[hid] || e.listen.handles[hid] || e.syncEnded[hid] ||
			searchDue[hid] && e.listen.turn[hid]
		if !busy {
			e.backfilling[hid] = true
		}
		e.mu.Unlock()
		if busy {
			continue
		}
		select {
		case sem <- struct{}{}:
		default:
			e.mu.Lock()
			delete(e.backfilling, hid)
			e.mu.Unlock()
			return
		}
		wg.Add(1)
		go func(b store.Backfill) {
			defer wg.Done()
			defer func() { <-sem }()
			defer func() {
				e.mu.Lock()
				delete(e.backfilling, b.HandleID)
				e.listen.turn[b.HandleID] = true // a due search goes before the next page
				e.mu.Unlock()
				e.Wake() // the next page, or a live poll that waited
			}()
			defer e.observe(JobBackfill, b.HandleID)()
			e.backfillSafely(ctx, b)
		}(groups[hid][0])
	}
}

// backfillSafely runs one backfill page under JobTimeout with panics
// recorded as the row's failure.
func (e *Engine) backfillSafely(ctx context.Context, b store.Backfill) {
	jobCtx, cancel := context.WithTimeout(ctx, e.cfg.JobTimeout)
	defer cancel()
	err := e.callSafely(b.HandleID, "backfill", func() error { return e.backfillPage(jobCtx, b) })
	if err == nil && ctx.Err() == nil && errors.Is(jobCtx.Err(), context.DeadlineExceeded) {
		err = connector.Errorf(connector.Temporary, jobCtx.Err(), "the network did not answer in time")
	}
	if err != nil {
		e.backfillFailed(ctx, b, err)
	}
}

// backfillPage fetches and stores one page of history older than the
// row's cursor. Messages older than the row's cap are left out, and the
// page that reaches the cap is the last.
func (e *Engine) backfillPage(ctx context.Context, b store.Backfill) error {
	c, err := e.connectorFor(ctx, b.HandleID)
	if err != nil {
		return err
	}
	bf, ok := c.(connector.Backfiller)
	if !ok {
		return connector.Errorf(connector.Permanent, nil, "this network keeps no history to fetch")
	}
	defer e.persistSecrets(ctx, b.HandleID, c)
	// Marked, so HTTP connectors leave the last quarter of a rate-limit
	// window to live sync.
	p, err := bf.Backfill(connector.WithBackfill(ctx), b.Stream, b.Cursor)
	if err != nil {
		return err
	}
	convs, oldest, capped := capHistory(p.Conversations, b.Until)
	for i := range convs {
		for j := range convs[i].Messages {
			// What the customer wrote before the connection is history:
			// it is not waiting to be read.
			if m := &convs[i].Messages[j]; m.SentAt.Before(b.ConnectedAt) {
				m.Read = true
			}
		}
	}
	now := e.cfg.Now()
	bp := store.BackfillPage{Cursor: p.Cursor, Done: !p.More || capped, Total: p.Total, Progress: p.Progress,
		OldestAt: oldest, Next: now, Undelivered: toUndelivered(p.Undelivered)}
	if capped {
		// The cap cut this page: keep the cursor before it, so a cap moved
		// further back later fetches the messages left out (again harmless).
		bp.Cursor = b.Cursor
	}
	if bp.Done {
		bp.Progress = 1
	}
	if _, err := e.cfg.Store.CommitBackfillPage(ctx, b, bp, toIncoming(convs), now); err != nil {
		e.cfg.Logger.Error("commit backfill page", "handle", b.HandleID, "stream", b.Stream, "err", err)
		return saveError(err)
	}
	return nil
}

// capHistory drops messages older than until (zero: no cap) and the
// conversations left empty; capped says the page reached the cap.
func capHistory(convs []connector.Conversation, until time.Time) (out []connector.Conversation, oldest time.Time, capped bool) {
	out = convs[:0:0]
	for _, c := range convs {
		keep := c.Messages[:0:0]
		for _, m := range c.Messages {
			if !until.IsZero() && !m.SentAt.IsZero() && m.SentAt.Before(until) {
				capped = true
				continue
			}
			if !m.SentAt.IsZero() && (oldest.IsZero() || m.SentAt.Before(oldest)) {
				oldest = m.SentAt
			}
			keep = append(keep, m)
		}
		if len(keep) > 0 {
			c.Messages = keep
			out = append(out, c)
		}
	}
	return out, oldest, capped
}

// backfillFailed reschedules a backfill row after a failure with the same
// back-off as sync; a rate limit waits for the network's own time.
func (e *Engine) backfillFailed(ctx context.Context, b store.Backfill, err error) {
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return
	}
	ce, _ := connector.Classify(err)
	if ce == nil {
		ce = connector.Errorf(connector.Temporary, err, "backfill failed")
	}
	now := e.cfg.Now()
	next := now.Add(backoff(b.Errors + 1))
	switch ce.Kind {
	case connector.AuthNeeded:
		next = now.Add(24 * time.Hour) // live sync says so on the handle
		e.Forget(b.HandleID)
	case connector.RateLimited:
		next = ce.RetryAt.Add(time.Duration(2+b.Errors) * time.Second)
	case connector.Permanent:
		next = now.Add(time.Hour)
	}
	e.cfg.Logger.Warn("backfill failed", "handle", b.HandleID, "stream", b.Stream, "kind", ce.Kind.String(), "retry", next, "err", err)
	if err := e.cfg.Store.BackfillFailed(ctx, b.HandleID, b.Stream, ce.Message, next, now); err != nil {
		e.cfg.Logger.Error("record backfill failure", "handle", b.HandleID, "err", err)
	}
}

// BackfillOnce runs the due backfill pages of one handle (all when
// handleID is 0) until none is due, one page at a time, for tests and the
// command line; it returns the first failure's words, if any.
func (e *Engine) BackfillOnce(ctx context.Context, handleID int64) error {
	e.registerStreams(ctx)
	for {
		due, err := e.cfg.Store.DueBackfills(ctx, e.cfg.Now(), 64)
		if err != nil {
			return err
		}
		ran := false
		for _, b := range due {
			if handleID != 0 && b.HandleID != handleID {
				continue
			}
			ran = true
			if err := e.callSafely(b.HandleID, "backfill", func() error { return e.backfillPage(ctx, b) }); err != nil {
				e.backfillFailed(ctx, b, err)
				return err
			}
		}
		if !ran {
			return ctx.Err()
		}
	}
}
