package engine

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/store"
)

// Listening searches (backend/listen) are the scheduler's third and lowest
// lane, after live streams and backfill pages. Their queue is the
// listen_sources rows (store.ListenSource: cursor, conditional-GET
// validators, next run, failures); the engine only decides when each runs:
//   - a search on a handle's network runs through that handle's connector
//     (its sign-in and rate-limit budget), so never at the same time as the
//     handle's live job, its backfill page or another search on it, and not
//     while a live stream of the handle is due; beside its push watcher it
//     may (as backfill does);
//   - a handle whose sync backs off (retry_at) or is paused holds its
//     searches (the store's DueListenSources leaves them out);
//   - after a backfill page, a due search on the handle goes before the
//     next page, so a long backfill delays a search by one page at most;
//   - one worker is always left free for live sync, at most ListenWorkers
//     searches run at once, and at most maxFeedJobs of those are feeds, so
//     slow feed servers never hold the workers sync needs;
//   - the requests carry connector.WithBackfill, so HTTP connectors leave
//     the last quarter of a rate-limit window to live sync.
// A panic or a search that outlives JobTimeout is recorded as that source's
// failure (Listening.ListenFailed), with the source's own back-off.

// Listening is the listening queue the engine runs; *listen.Service is it.
type Listening interface {
	// DueListens lists the sources due at now (a handle backing off or
	// paused holds its own), the longest-waiting first.
	DueListens(ctx context.Context, now time.Time, limit int) ([]store.ListenSource, error)
	// NextListenRun is when the next source falls due (zero: none).
	NextListenRun(ctx context.Context) (time.Time, error)
	// RunListen runs one source and records its outcome on its row (the
	// results with the new cursor, or the failure with back-off); c is the
	// source's handle's connector, nil for a feed.
	RunListen(ctx context.Context, src store.ListenSource, c connector.Connector) error
	// ListenFailed records a failure met around RunListen (no connector,
	// a panic, JobTimeout) as that source's, with its back-off.
	ListenFailed(ctx context.Context, src store.ListenSource, err error)
	// ListenDue receives when sources fell due before their time (a search
	// saved, a handle added): the scheduler looks at once.
	ListenDue() <-chan struct{}
}

// maxFeedJobs bounds the feeds read at once: a feed needs no handle, so
// without a cap slow feed servers could take every listening worker.
const maxFeedJobs = 2

// listenPanicMessage is what the user reads on a source whose search panicked.
const listenPanicMessage = "An internal error stopped this search; Care Inbox will try again later. The log has the details."

// listenState is what the scheduler knows of the listening jobs in flight.
type listenState struct {
	handles map[int64]bool  // handles with a search in flight
	sources map[string]bool // sources in flight (a row stays due until it commits)
	// turn holds the handles whose last job was a backfill page: their due
	// search goes before the next page.
	turn map[int64]bool
	// ended holds the sources whose run ended since this pass read the
	// queue: the row read may be from before that run (its cursor, its
	// next run), so the source waits for the next pass, which that end
	// wakes, instead of running twice.
	ended map[string]bool
	jobs  int
	feeds int
}

// dueListens lists the due listening sources (none without a lane).
func (e *Engine) dueListens(ctx context.Context) []store.ListenSource {
	if e.cfg.Listening == nil {
		return nil
	}
	e.mu.Lock()
	clear(e.listen.ended)
	e.mu.Unlock()
	due, err := e.cfg.Listening.DueListens(ctx, e.cfg.Now(), 128)
	if err != nil && ctx.Err() == nil {
		e.cfg.Logger.Error("list due listening sources", "err", err)
	}
	return due
}

// searching is the set of handles with a search among due.
func searching(due []store.ListenSource) map[int64]bool {
	out := map[int64]bool{}
	for _, src := range due {
		if src.HandleID != 0 {
			out[src.HandleID] = true
		}
	}
	return out
}

func listenKey(src store.ListenSource) string {
	return strconv.FormatInt(src.SearchID, 10) + "/" + src.Source
}

// dispatchListens starts the due listening sources that may run now (see
// above); liveDue holds the handles with a live stream due this pass.
func (e *Engine) dispatchListens(ctx context.Context, sem chan struct{}, wg *sync.WaitGroup, liveDue map[int64]bool, due []store.ListenSource) {
	for _, src := range due {
		if cap(sem) > 1 && len(sem) >= cap(sem)-1 {
			return // the last worker is live sync's
		}
		hid, key := src.HandleID, listenKey(src)
		if hid != 0 && liveDue[hid] {
			continue // live first; the search goes on when that job ends
		}
		e.mu.Lock()
		ls := &e.listen
		busy := ls.sources[key] || ls.ended[key] || ls.jobs >= e.cfg.ListenWorkers || hid == 0 && ls.feeds >= maxFeedJobs ||
			hid != 0 && (e.running[hid] && e.waits[hid] == nil || e.backfilling[hid] || ls.handles[hid] || e.syncEnded[hid])
		if !busy {
			e.claimListen(src, key, +1)
		}
		e.mu.Unlock()
		if busy {
			continue
		}
		select {
		case sem <- struct{}{}:
		default:
			e.mu.Lock()
			e.claimListen(src, key, -1)
			e.mu.Unlock()
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			defer func() {
				e.mu.Lock()
				e.claimListen(src, key, -1)
				e.mu.Unlock()
				e.Wake() // the handle's live poll may wait for this search
			}()
			e.observeListen(src, true)
			defer e.observeListen(src, false)
			e.listenSafely(ctx, src)
		}()
	}
}

// claimListen marks a source in flight (delta +1) or done (-1); e.mu held.
func (e *Engine) claimListen(src store.ListenSource, key string, delta int) {
	ls := &e.listen
	in := delta > 0
	if in {
		ls.sources[key] = true
	} else {
		delete(ls.sources, key)
		ls.ended[key] = true
	}
	if src.HandleID != 0 {
		if in {
			ls.handles[src.HandleID] = true
			delete(ls.turn, src.HandleID)
		} else {
			delete(ls.handles, src.HandleID)
		}
	} else {
		ls.feeds += delta
	}
	ls.jobs += delta
}

// listenSafely runs one source under JobTimeout, through its handle's
// connector, with panics and timeouts recorded as the source's failure.
func (e *Engine) listenSafely(ctx context.Context, src store.ListenSource) {
	l := e.cfg.Listening
	jobCtx, cancel := context.WithTimeout(ctx, e.cfg.JobTimeout)
	defer cancel()
	ran := false // RunListen returned: it recorded its own outcome
	err := e.callSafelyAs(src.HandleID, "listening search", listenPanicMessage, func() error {
		var c connector.Connector
		if src.HandleID != 0 {
			var err error
			if c, err = e.connectorFor(jobCtx, src.HandleID); err != nil {
				return err
			}
			defer e.persistSecrets(ctx, src.HandleID, c)
		}
		err := l.RunListen(connector.WithBackfill(jobCtx), src, c)
		ran = true
		return err
	})
	if err == nil || ctx.Err() != nil {
		return
	}
	if ran {
		// A failure the search saw itself is on its row already; one the
		// timeout caused is not (the search took it for the app stopping).
		if !errors.Is(jobCtx.Err(), context.DeadlineExceeded) {
			return
		}
		err = connector.Errorf(connector.Temporary, jobCtx.Err(),
			"The search did not finish within %s; Care Inbox will try again.", e.cfg.JobTimeout.Round(time.Second))
	}
	e.cfg.Logger.Warn("listening search failed", "search", src.SearchID, "source", src.Source, "err", err)
	l.ListenFailed(ctx, src, err)
}

// observeListen reports a listening job's start or end to OnJob.
func (e *Engine) observeListen(src store.ListenSource, start bool) {
	if e.cfg.OnJob != nil {
		e.cfg.OnJob(JobEvent{Kind: JobListen, HandleID: src.HandleID, Search: src.SearchID, Source: src.Source,
			Start: start, At: e.cfg.Now()})
	}
}

// nextListen is how long the scheduler may sleep for listening: until the
// next source is due, at least a second (a due one that waits for a busy
// handle or worker is woken by that job's end).
func (e *Engine) nextListen(ctx context.Context, wait time.Duration) time.Duration {
	if e.cfg.Listening == nil {
		return wait
	}
	next, err := e.cfg.Listening.NextListenRun(ctx)
	if err != nil || next.IsZero() {
		return wait
	}
	return min(wait, max(next.Sub(e.cfg.Now()), time.Second))
}

// listenDue is the channel Listening signals early work on (nil: none,
// which blocks forever in a select).
func (e *Engine) listenDue() <-chan struct{} {
	if e.cfg.Listening == nil {
		return nil
	}
	return e.cfg.Listening.ListenDue()
}
