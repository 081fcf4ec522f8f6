// Package events is the in-process bus that announces committed changes.
//
// A store publishes a Delta after each transaction commits; the bound layer
// turns deltas into front-end events and the deadline service recomputes what
// changed. Deltas carry ids only: a subscriber refetches what it shows, so a
// second store implementation needs nothing but a Publisher to plug in.
package events

import "sync"

// Entity names used in deltas.
const (
	EntityConversation = "conversation"
	EntityMessage      = "message"
	EntityHandle       = "handle"
	EntityClient       = "client"
	// EntityDeadline is its own entity so the inbox refetches deadline chips
	// without treating every recomputation as a conversation change.
	EntityDeadline = "deadline"
)

// Delta announces rows that changed, by id only.
type Delta struct {
	Entity   string  `json:"entity"`
	Upserted []int64 `json:"upserted"`
	Removed  []int64 `json:"removed"`
}

// Empty reports whether the delta names no row.
func (d Delta) Empty() bool { return len(d.Upserted) == 0 && len(d.Removed) == 0 }

// Publisher is what a store needs from the bus.
type Publisher interface {
	Publish(ds ...Delta)
}

// Subscriber is what a consumer of deltas needs from the bus.
type Subscriber interface {
	Subscribe(fn func(Delta)) (cancel func())
}

// Bus fans deltas out to subscribers. The zero value is not usable; call New.
type Bus struct {
	mu   sync.Mutex
	subs map[int]func(Delta)
	next int
}

// New returns an empty bus.
func New() *Bus { return &Bus{subs: map[int]func(Delta){}} }

// Subscribe registers fn to receive every non-empty delta published from now
// on. fn runs on the publisher's goroutine (a store's writer, right after
// commit) and must not block. The returned cancel is safe to call twice.
func (b *Bus) Subscribe(fn func(Delta)) (cancel func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.next
	b.next++
	b.subs[id] = fn
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs, id)
	}
}

// Publish delivers each non-empty delta to every subscriber, in order.
func (b *Bus) Publish(ds ...Delta) {
	b.mu.Lock()
	subs := make([]func(Delta), 0, len(b.subs))
	for _, fn := range b.subs {
		subs = append(subs, fn)
	}
	b.mu.Unlock()
	for _, d := range ds {
		if d.Empty() {
			continue
		}
		for _, fn := range subs {
			fn(d)
		}
	}
}

// Discard is a Publisher that drops every delta, for stores nobody watches
// (headless commands, generators).
type Discard struct{}

// Publish drops ds.
func (Discard) Publish(...Delta) {}
