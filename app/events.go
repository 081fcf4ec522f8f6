package app

import (
	"context"
	"sort"
	"sync"
	"time"

	"careinbox/backend/events"
)

// Event names emitted to the front end.
const (
	EventInboxDelta = "inbox:delta"
)

// Emitter coalesces store deltas into at most one event per entity per
// interval, so a sync that commits thousands of rows does not flood the UI.
// Events carry ids only; the front end refetches what it shows.
type Emitter struct {
	emit     func(name string, data any)
	interval time.Duration

	mu      sync.Mutex
	pending map[string]*pendingDelta
	timer   *time.Timer
	closed  bool
}

type pendingDelta struct{ up, rm map[int64]struct{} }

// NewEmitter returns an emitter that calls emit at most once per entity per interval.
func NewEmitter(emit func(name string, data any), interval time.Duration) *Emitter {
	return &Emitter{emit: emit, interval: interval, pending: map[string]*pendingDelta{}}
}

// Add queues a delta; it never blocks on the front end.
func (e *Emitter) Add(d events.Delta) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return
	}
	p := e.pending[d.Entity]
	if p == nil {
		p = &pendingDelta{up: map[int64]struct{}{}, rm: map[int64]struct{}{}}
		e.pending[d.Entity] = p
	}
	for _, id := range d.Upserted {
		p.up[id] = struct{}{}
		delete(p.rm, id)
	}
	for _, id := range d.Removed {
		p.rm[id] = struct{}{}
		delete(p.up, id)
	}
	if e.timer == nil {
		e.timer = time.AfterFunc(e.interval, e.Flush)
	}
}

// Flush emits everything pending now.
func (e *Emitter) Flush() {
	e.mu.Lock()
	pending := e.pending
	e.pending = map[string]*pendingDelta{}
	e.timer = nil
	e.mu.Unlock()
	entities := make([]string, 0, len(pending))
	for k := range pending {
		entities = append(entities, k)
	}
	sort.Strings(entities)
	for _, ent := range entities {
		p := pending[ent]
		e.emit(EventInboxDelta, events.Delta{Entity: ent, Upserted: sortedIDs(p.up), Removed: sortedIDs(p.rm)})
	}
}

// Close stops emitting; pending deltas are dropped because the window is going away.
func (e *Emitter) Close(context.Context) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	if e.timer != nil {
		e.timer.Stop()
	}
}

func sortedIDs(m map[int64]struct{}) []int64 {
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
