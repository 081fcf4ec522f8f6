package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// Run schedules syncs and sends replies until ctx ends.
func (e *Engine) Run(ctx context.Context) error {
	if err := e.cfg.Store.CatchUp(ctx, e.cfg.Now()); err != nil {
		e.cfg.Logger.Error("catch up", "err", err)
	}
	sem := make(chan struct{}, e.cfg.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	// Replies a crash left unconfirmed are settled per handle, beside
	// everything else: a network that hangs delays only its own.
	e.reconcileDue(ctx, &wg)
	// Replies have their own loop: a sync that hangs never holds one up.
	wg.Add(1)
	go func() {
		defer wg.Done()
		e.runOutbox(ctx, &wg)
	}()
	for {
		e.registerStreams(ctx)
		e.startWatchers(ctx)
		waiting := e.dispatch(ctx, sem, &wg)
		wait := e.cfg.Idle
		if bnext, err := e.cfg.Store.NextBackfillRun(ctx); err == nil && !bnext.IsZero() {
			// A backfill due now waits for a busy handle or worker, whose end
			// wakes us; one due later is a time to wake at.
			wait = min(wait, max(bnext.Sub(e.cfg.Now()), time.Second))
		}
		if next, err := e.cfg.Store.NextStreamRun(ctx); err == nil && !next.IsZero() {
			switch d := next.Sub(e.cfg.Now()); {
			case d <= 0 && waiting:
				// What is due belongs to a handle still busy (a long or hanging
				// job): its end wakes us, so do not spin on the queue meanwhile.
				wait = min(wait, time.Second)
			case d < wait:
				wait = max(d, 50*time.Millisecond)
			}
		}
		wait = e.nextListen(ctx, wait)
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-e.wake:
		case <-e.listenDue():
		case <-timer.C:
		}
		timer.Stop()
	}
}

// registerStreams gives every new handle its stream rows, so the scheduler
// query sees it; a handle whose connector cannot be built shows why.
func (e *Engine) registerStreams(ctx context.Context) {
	handles, err := e.cfg.Store.Handles(ctx)
	if err != nil {
		e.cfg.Logger.Error("list handles", "err", err)
		return
	}
	for _, h := range handles {
		e.mu.Lock()
		done := e.registered[h.ID]
		e.mu.Unlock()
		if done {
			continue
		}
		c, err := e.connectorFor(ctx, h.ID)
		if err != nil {
			e.fail(ctx, h.ID, nil, err)
		} else if err := e.cfg.Store.EnsureStreams(ctx, h.ID, c.Streams()); err != nil {
			e.cfg.Logger.Error("register streams", "handle", h.ID, "err", err)
			continue
		} else {
			e.ensureBackfill(ctx, h.ID, c)
		}
		e.mu.Lock()
		e.registered[h.ID] = true
		e.mu.Unlock()
	}
}

// dispatch starts a job for every handle with due streams that is not
// already running; waiting reports that some due handle could not start yet
// (still busy, or the pool is full): its end wakes the scheduler.
func (e *Engine) dispatch(ctx context.Context, sem chan struct{}, wg *sync.WaitGroup) (waiting bool) {
	e.mu.Lock()
	clear(e.syncEnded)
	e.mu.Unlock()
	due, err := e.cfg.Store.DueStreams(ctx, e.cfg.Now(), 256)
	if err != nil {
		e.cfg.Logger.Error("list due streams", "err", err)
		return false
	}
	order, groups := byHandle(due, func(st store.StreamState) int64 { return st.HandleID })
	liveDue := make(map[int64]bool, len(order))
	defer func() {
		listens := e.dueListens(ctx)
		e.dispatchBackfills(ctx, sem, wg, liveDue, searching(listens))
		e.dispatchListens(ctx, sem, wg, liveDue, listens)
	}()
	for _, hid := range order {
		liveDue[hid] = true
		e.mu.Lock()
		// A job that ended during this pass may have written its stream's
		// next run (a server's retry time) after the list above was read:
		// its end woke the scheduler, whose next pass reads afresh.
		busy := e.running[hid] || e.backfilling[hid] || e.listen.handles[hid] || e.syncEnded[hid]
		watching := e.running[hid]
		if !busy {
			e.running[hid] = true
		}
		e.mu.Unlock()
		if busy {
			if watching {
				e.interruptWait(hid) // a waiting watcher yields; the next pass runs the poll
			}
			waiting = true // a backfill page or search ends soon and wakes the scheduler
			continue
		}
		select {
		case sem <- struct{}{}:
		default:
			// Every worker is busy: this handle stays due and is dispatched
			// when a job ends (each end wakes the scheduler). Waiting here
			// would stall the whole scheduler behind the slowest network.
			e.mu.Lock()
			delete(e.running, hid)
			e.mu.Unlock()
			return true
		}
		wg.Add(1)
		go func(hid int64, streams []store.StreamState) {
			defer wg.Done()
			defer func() { <-sem }()
			defer func() {
				e.mu.Lock()
				delete(e.running, hid)
				e.syncEnded[hid] = true
				e.mu.Unlock()
				e.Wake() // more may be due (a backfill with More pages)
			}()
			end := e.observeMore(JobSync, hid)
			end(e.syncHandleSafely(ctx, hid, streams))
		}(hid, groups[hid])
	}
	return waiting
}

// SyncOnce syncs one handle (or all when handleID is 0) until every stream
// has no more pages, for the `sync --once` command and tests. Handles sync
// side by side: one that hangs costs its own timeout, not everyone's.
func (e *Engine) SyncOnce(ctx context.Context, handleID int64) error {
	handles, err := e.cfg.Store.Handles(ctx)
	if err != nil {
		return err
	}
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for _, h := range handles {
		if handleID != 0 && h.ID != handleID {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.syncToEnd(ctx, h); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// syncToEnd runs every stream of one handle until none has more pages.
func (e *Engine) syncToEnd(ctx context.Context, h inbox.Handle) error {
	defer e.observe(JobSync, h.ID)()
	c, err := e.connectorFor(ctx, h.ID)
	if err != nil {
		e.fail(ctx, h.ID, nil, err)
		return fmt.Errorf("%s: %w", h.DisplayName, err)
	}
	if err := e.cfg.Store.EnsureStreams(ctx, h.ID, c.Streams()); err != nil {
		return err
	}
	for i := 0; i < 100; i++ {
		var streams []store.StreamState
		for _, s := range c.Streams() {
			st, err := e.cfg.Store.Stream(ctx, h.ID, s)
			if err != nil {
				return err
			}
			streams = append(streams, st)
		}
		if !e.syncHandleSafely(ctx, h.ID, streams) {
			break
		}
	}
	// A handle that syncs with a note (a stream the account cannot use) is fine.
	if hh, err := e.cfg.Store.Handle(ctx, h.ID); err == nil && hh.SyncState != inbox.SyncOK && hh.SyncError != "" {
		return fmt.Errorf("%s: %s", h.DisplayName, hh.SyncError)
	}
	return nil
}

// syncHandleSafely is syncHandle with a panic anywhere in the job (building
// the connector, fetching, converting) recorded as that handle's error.
// A job that outlives JobTimeout is ended and counted as a temporary
// failure, so a network that hangs is retried with back-off like any other.
func (e *Engine) syncHandleSafely(ctx context.Context, handleID int64, streams []store.StreamState) (more bool) {
	jobCtx, cancel := context.WithTimeout(ctx, e.cfg.JobTimeout)
	defer cancel()
	err := e.callSafely(handleID, "sync", func() error {
		more = e.syncHandle(jobCtx, handleID, streams)
		return nil
	})
	if err == nil && ctx.Err() == nil && errors.Is(jobCtx.Err(), context.DeadlineExceeded) {
		err = connector.Errorf(connector.Temporary, jobCtx.Err(),
			"The network did not answer within %s; Care Inbox will try again.", e.cfg.JobTimeout.Round(time.Second))
	}
	if err != nil {
		e.fail(ctx, handleID, streams, err)
		return false
	}
	return more
}

// syncHandle runs the given streams of one handle; it reports whether any
// stream has more pages ready.
func (e *Engine) syncHandle(ctx context.Context, handleID int64, streams []store.StreamState) (more bool) {
	c, err := e.connectorFor(ctx, handleID)
	if err != nil {
		e.fail(ctx, handleID, streams, err)
		return false
	}
	if err := e.cfg.Store.EnsureStreams(ctx, handleID, c.Streams()); err != nil {
		e.cfg.Logger.Error("register streams", "handle", handleID, "err", err)
		return false
	}
	defer e.persistSecrets(ctx, handleID, c)
	progress := 1.0
	for _, st := range streams {
		cursor := st.Cursor
		for page := 0; page < e.cfg.PagesPerRun; page++ {
			p, err := c.Fetch(ctx, st.Stream, cursor)
			if err != nil {
				e.fail(ctx, handleID, []store.StreamState{st}, err)
				return false
			}
			now := e.cfg.Now()
			next := now.Add(c.PollInterval())
			if p.Unavailable != "" {
				// Not a failure: the account lacks this capability. Said on the
				// handle, asked again rarely, and the other streams go on.
				next = now.Add(unavailableRecheck)
			}
			if p.More {
				next = now
			}
			if _, err := e.cfg.Store.CommitPage(ctx, handleID, st.Stream, p.Cursor, toIncoming(p.Conversations), toUndelivered(p.Undelivered), now, next); err != nil {
				e.cfg.Logger.Error("commit page", "handle", handleID, "stream", st.Stream, "err", err)
				e.fail(ctx, handleID, []store.StreamState{st}, saveError(err))
				return false
			}
			if p.Unavailable != "" {
				if err := e.cfg.Store.StreamNote(ctx, handleID, st.Stream, p.Unavailable); err != nil {
					e.cfg.Logger.Error("note on stream", "handle", handleID, "stream", st.Stream, "err", err)
				}
			}
			cursor = p.Cursor
			if p.More && p.Progress > 0 {
				progress = min(progress, p.Progress)
			}
			if !p.More {
				break
			}
			more = more || page == e.cfg.PagesPerRun-1
		}
	}
	health := store.HandleHealth{State: inbox.SyncOK, Backfill: progress, Message: e.streamNotes(ctx, handleID, c.Streams())}
	if err := e.cfg.Store.SetHandleHealth(ctx, handleID, health, e.cfg.Now()); err != nil {
		e.cfg.Logger.Error("record handle health", "handle", handleID, "err", err)
	}
	return more
}

// fail records a classified failure on the handle and reschedules its streams.
func (e *Engine) fail(ctx context.Context, handleID int64, streams []store.StreamState, err error) {
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return
	}
	ce, _ := connector.Classify(err)
	if ce == nil {
		ce = connector.Errorf(connector.Temporary, err, "sync failed")
	}
	now := e.cfg.Now()
	failures := 1
	for _, st := range streams {
		failures = max(failures, st.Errors+1)
	}
	var next time.Time
	health := store.HandleHealth{Message: ce.Message, Backfill: 1}
	switch ce.Kind {
	case connector.AuthNeeded:
		health.State, next = inbox.SyncAuthNeeded, now.Add(24*time.Hour)
	case connector.RateLimited:
		next = ce.RetryAt.Add(time.Duration(1+failures) * time.Second)
		health.State, health.RetryAt = inbox.SyncRateLimited, next
	case connector.Permanent:
		health.State, next = inbox.SyncError, now.Add(time.Hour)
		health.RetryAt = next
	default:
		next = now.Add(backoff(failures))
		health.State, health.RetryAt = inbox.SyncError, next
	}
	e.cfg.Logger.Warn("sync failed", "handle", handleID, "kind", ce.Kind.String(), "retry", next, "err", err)
	if streams == nil {
		if err := e.cfg.Store.ScheduleHandle(ctx, handleID, next); err != nil {
			e.cfg.Logger.Error("reschedule handle", "handle", handleID, "err", err)
		}
	}
	for _, st := range streams {
		if err := e.cfg.Store.StreamFailed(ctx, handleID, st.Stream, ce.Message, next); err != nil {
			e.cfg.Logger.Error("record stream failure", "handle", handleID, "err", err)
		}
	}
	if err := e.cfg.Store.SetHandleHealth(ctx, handleID, health, now); err != nil {
		e.cfg.Logger.Error("record handle health", "handle", handleID, "err", err)
	}
	if ce.Kind == connector.AuthNeeded {
		e.Forget(handleID) // re-read credentials after the user signs in again
	}
}

// streamNotes gathers the notes of a handle's working streams (see
// StreamNote), so a note stays on the handle while its stream rests.
func (e *Engine) streamNotes(ctx context.Context, handleID int64, streams []string) string {
	var notes []string
	for _, name := range streams {
		if st, err := e.cfg.Store.Stream(ctx, handleID, name); err == nil && st.Errors == 0 && st.LastError != "" {
			notes = append(notes, st.LastError)
		}
	}
	return strings.Join(notes, " ")
}

// unavailableRecheck is how long a stream the account cannot use rests
// before it is asked again (a permission may have been granted meanwhile).
const unavailableRecheck = 6 * time.Hour

// saveError says in plain words why synced messages could not be saved;
// nothing was lost: the cursor did not move, so the page is fetched again.
func saveError(err error) *connector.Error {
	switch {
	case errors.Is(err, store.ErrDiskFull):
		return connector.Errorf(connector.Temporary, err, "The disk is full: Care Inbox cannot save new messages. Free some space; syncing resumes by itself.")
	case errors.Is(err, store.ErrCorrupt):
		return connector.Errorf(connector.Temporary, err, "The database file is damaged: new messages cannot be saved. Restore a backup or contact support.")
	}
	return connector.Errorf(connector.Temporary, err, "could not save synced messages")
}

func toIncoming(convs []connector.Conversation) []store.IncomingConversation {
	out := make([]store.IncomingConversation, 0, len(convs))
	for _, c := range convs {
		ic := store.IncomingConversation{RemoteID: c.RemoteID, Kind: c.Kind, Subject: c.Subject, Customer: c.Customer, Extra: c.Extra}
		for _, m := range c.Messages {
			ic.Messages = append(ic.Messages, store.IncomingMessage{RemoteID: m.RemoteID, Direction: m.Direction,
				Author: m.Author, AuthorName: m.AuthorName, Text: m.Text, SentAt: m.SentAt,
				ReplyToRemoteID: m.ReplyToRemoteID, Read: m.Read, Extra: m.Extra})
		}
		out = append(out, ic)
	}
	return out
}

// toUndelivered caps what one page may mark: a report names one reply, and
// a page holds at most a page of reports.
func toUndelivered(list []connector.Undelivered) []store.Undelivered {
	if len(list) == 0 {
		return nil
	}
	out := make([]store.Undelivered, 0, min(len(list), maxUndeliveredPerPage))
	for _, u := range list[:min(len(list), maxUndeliveredPerPage)] {
		out = append(out, store.Undelivered{RemoteID: u.RemoteID, Reason: u.Reason})
	}
	return out
}

const maxUndeliveredPerPage = 1000
