package engine

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// pushNet is a fakeNet that can push, and records whether a wait and a
// fetch ever overlapped (Telegram answers that with 409).
type pushNet struct {
	*fakeNet
	push     chan struct{}
	inWait   atomic.Bool
	overlaps atomic.Int32
}

func (p *pushNet) Wait(ctx context.Context) error {
	p.inWait.Store(true)
	defer p.inWait.Store(false)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-p.push:
		return nil
	}
}

func (p *pushNet) Fetch(ctx context.Context, s, c string) (connector.Page, error) {
	if p.inWait.Load() {
		p.overlaps.Add(1)
	}
	return p.fakeNet.Fetch(ctx, s, c)
}

func TestPushWakesAPollWithoutOverlap(t *testing.T) {
	n := &fakeNet{total: 4, perConv: 2, pageSize: 10}
	p := &pushNet{fakeNet: n, push: make(chan struct{})}
	r := newRig(t, filepath.Join(t.TempDir(), "w.db"), n)
	r.eng.cfg.Registry[inbox.NetworkTelegram] = func(connector.Config) (connector.Connector, error) { return p, nil }
	r.eng.cfg.Idle = time.Hour // only pushes and due polls may wake it
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.eng.Run(ctx) }()
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
			if cond() {
				return
			}
		}
		t.Fatalf("timed out waiting for %s", what)
	}
	waitFor("first sync", func() bool { _, m := r.count(t); return m == 4 })
	waitFor("watcher waiting", p.inWait.Load)
	n.mu.Lock()
	n.total = 6 // two new messages arrive on the network
	n.mu.Unlock()
	p.push <- struct{}{}
	waitFor("sync after push", func() bool { _, m := r.count(t); return m == 6 })
	// "Sync now" interrupts the wait instead of queueing behind it.
	before := n.fetchCount()
	for id := range r.nets {
		if err := r.eng.SyncNow(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	waitFor("sync now", func() bool { return n.fetchCount() > before })
	cancel()
	<-done
	if o := p.overlaps.Load(); o != 0 {
		t.Errorf("a fetch ran during a wait %d times", o)
	}
}
