package engine

import (
	"context"
	"sync"
	"time"

	"careinbox/backend/store"
)

// JobKind tells a sync job from a send job in JobEvents.
type JobKind string

// Job kinds.
const (
	JobSync JobKind = "sync"
	JobSend JobKind = "send"
	// JobBackfill fetches one page of a handle's history (backfill.go).
	JobBackfill JobKind = "backfill"
	// JobListen runs one listening source (listen.go); HandleID is 0 for a feed.
	JobListen JobKind = "listen"
)

// JobEvent records that a job of one handle started or ended.
type JobEvent struct {
	Kind     JobKind
	HandleID int64
	Start    bool // false: the job ended
	// More says a sync job ended with more pages ready (a backfill's run
	// cut at PagesPerRun): the handle's next job follows at once.
	More bool
	// Search and Source name a listening job's source.
	Search int64
	Source string
	At     time.Time
}

// byHandle groups items by their handle, handles in first-seen order.
func byHandle[T any](items []T, handle func(T) int64) (order []int64, groups map[int64][]T) {
	groups = map[int64][]T{}
	for _, it := range items {
		h := handle(it)
		if _, seen := groups[h]; !seen {
			order = append(order, h)
		}
		groups[h] = append(groups[h], it)
	}
	return order, groups
}

// observe reports a job's start now and returns the func that reports its end.
func (e *Engine) observe(kind JobKind, handleID int64) (end func()) {
	endMore := e.observeMore(kind, handleID)
	return func() { endMore(false) }
}

// observeMore is observe for a sync job, whose end says whether it left
// more pages ready.
func (e *Engine) observeMore(kind JobKind, handleID int64) (end func(more bool)) {
	if e.cfg.OnJob == nil {
		return func(bool) {}
	}
	e.cfg.OnJob(JobEvent{Kind: kind, HandleID: handleID, Start: true, At: e.cfg.Now()})
	return func(more bool) { e.cfg.OnJob(JobEvent{Kind: kind, HandleID: handleID, More: more, At: e.cfg.Now()}) }
}

// reconcileDue settles the replies a crash left in "sending", one goroutine
// per handle. The handle counts as sending meanwhile, so the outbox holds its
// later replies back (in order) while every other handle syncs and sends.
func (e *Engine) reconcileDue(ctx context.Context, wg *sync.WaitGroup) {
	items, err := e.cfg.Store.Sending(ctx)
	if err != nil {
		e.cfg.Logger.Error("list unconfirmed replies", "err", err)
		return
	}
	order, groups := byHandle(items, func(it store.OutboxItem) int64 { return it.HandleID })
	for _, hid := range order {
		items := groups[hid]
		e.mu.Lock()
		e.sending[hid] = true
		e.mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				e.mu.Lock()
				delete(e.sending, hid)
				e.mu.Unlock()
				e.wakeOutbox()
			}()
			defer e.observe(JobSend, hid)()
			for _, it := range items {
				if err := e.callSafely(hid, "confirm a reply", func() error { e.reconcileOne(ctx, it); return nil }); err != nil {
					e.sendFailed(ctx, it, "Care Inbox could not confirm whether this reply went out; check the conversation on the network before retrying", time.Time{})
				}
			}
		}()
	}
}

// runOutbox sends due replies until ctx ends. Each handle's replies go out
// in their own goroutine, one at a time and in order, so a network that
// hangs delays only its own replies.
func (e *Engine) runOutbox(ctx context.Context, wg *sync.WaitGroup) {
	for {
		e.sendDue(ctx, wg)
		timer := time.NewTimer(e.outboxSleep(ctx))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-e.wakeSend:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// outboxSleep is how long the outbox may sleep: until the next undo window
// ends, at most Idle. The hold is in the database, so after a crash the
// next start finds it the same way.
func (e *Engine) outboxSleep(ctx context.Context) time.Duration {
	at, ok, err := e.cfg.Store.NextHold(ctx, e.cfg.Now())
	if err != nil || !ok {
		return e.cfg.Idle
	}
	return min(max(at.Sub(e.cfg.Now()), time.Millisecond), e.cfg.Idle)
}

// sendDue claims the due replies of every handle not already sending and
// starts one sender per handle.
func (e *Engine) sendDue(ctx context.Context, wg *sync.WaitGroup) {
	e.mu.Lock()
	busy := make([]int64, 0, len(e.sending))
	for id := range e.sending {
		busy = append(busy, id)
	}
	e.mu.Unlock()
	items, err := e.cfg.Store.ClaimOutbox(ctx, e.cfg.Now(), 20, busy...)
	if err != nil {
		if ctx.Err() == nil {
			e.cfg.Logger.Error("claim outbox", "err", err)
		}
		return
	}
	order, groups := byHandle(items, func(it store.OutboxItem) int64 { return it.HandleID })
	for _, hid := range order {
		e.mu.Lock()
		e.sending[hid] = true
		e.mu.Unlock()
		wg.Add(1)
		go func(hid int64, items []store.OutboxItem) {
			defer wg.Done()
			defer func() {
				e.mu.Lock()
				delete(e.sending, hid)
				e.mu.Unlock()
				e.wakeOutbox() // its next replies may be queued
			}()
			defer e.observe(JobSend, hid)()
			for _, it := range items {
				e.sendSafely(ctx, it)
			}
		}(hid, groups[hid])
	}
}

// sendSafely is send with a panic recorded as that reply's failure; the
// reply stays unconfirmed for the user to check, never re-sent blindly.
func (e *Engine) sendSafely(ctx context.Context, it store.OutboxItem) {
	if err := e.callSafely(it.HandleID, "send", func() error { e.send(ctx, it); return nil }); err != nil {
		e.sendFailed(ctx, it, "Care Inbox hit an internal error while sending this reply; check the conversation on the network before retrying", time.Time{})
	}
}

func (e *Engine) wakeOutbox() {
	select {
	case e.wakeSend <- struct{}{}:
	default:
	}
}
