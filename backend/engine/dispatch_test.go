package engine

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/store"
)

// staleDue answers one scheduler pass with a due list read while the
// handle's job still ran, and returns it only after that job has ended and
// recorded its failure: the window in which a pass's read straddles a job's
// last writes, held open so the test does not depend on timing.
type staleDue struct {
	Store
	eng     *Engine
	hid     int64
	release chan struct{} // closed: the held fetch answers
	served  chan struct{} // closed: the stale list was returned
	once    sync.Once
}

func (s *staleDue) DueStreams(ctx context.Context, now time.Time, limit int) ([]store.StreamState, error) {
	due, err := s.Store.DueStreams(ctx, now, limit)
	if !slices.ContainsFunc(due, func(st store.StreamState) bool { return st.HandleID == s.hid }) || !s.isRunning() {
		return due, err
	}
	s.once.Do(func() {
		close(s.release)
		for stop := time.Now().Add(5 * time.Second); s.isRunning() && time.Now().Before(stop); {
			time.Sleep(time.Millisecond)
		}
		defer close(s.served)
	})
	return due, err
}

func (s *staleDue) isRunning() bool {
	s.eng.mu.Lock()
	defer s.eng.mu.Unlock()
	return s.eng.running[s.hid]
}

// A pass that listed a stream as due before the handle's job recorded its
// retry time must not run that stream again once the job has ended: a
// rate-limited network would be asked again before the time it gave.
func TestPassDoesNotRerunAJobThatEndedDuringIt(t *testing.T) {
	limited := &fakeNet{total: 10, perConv: 2, pageSize: 5, failHold: make(chan struct{})}
	limited.setFail(connector.Limited(time.Now().Add(10*time.Minute), nil, "Telegram asked us to slow down"))
	r := newRig(t, filepath.Join(t.TempDir(), "e.db"), limited)
	var hid int64
	for id := range r.nets {
		hid = id
	}
	gate := &staleDue{Store: r.st, eng: r.eng, hid: hid, release: limited.failHold, served: make(chan struct{})}
	r.eng.cfg.Store = gate
	var mu sync.Mutex
	starts := 0
	r.eng.cfg.OnJob = func(ev JobEvent) {
		if ev.Kind == JobSync && ev.HandleID == hid && ev.Start {
			mu.Lock()
			starts++
			mu.Unlock()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.eng.Run(ctx) }()
	select {
	case <-gate.served:
	case <-time.After(10 * time.Second):
		t.Fatal("no scheduler pass ran while the handle's job did")
	}
	// The pass that got the stale list has dispatched (or not) by the time
	// Run returns: Run waits for every job it started.
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if starts != 1 || limited.fetchCount() != 1 {
		t.Errorf("the rate-limited handle ran %d sync jobs and was asked %d times, want 1 and 1", starts, limited.fetchCount())
	}
}
