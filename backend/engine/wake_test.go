package engine

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
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

// failingPush answers every wait with err (nil: at once, "news").
type failingPush struct {
	*fakeNet
	err   error
	waits atomic.Int32
}

func (p *failingPush) Wait(ctx context.Context) error {
	p.waits.Add(1)
	return p.err
}

// A watcher that gave up is not restarted on every scheduler pass, and a
// server that answers every wait at once gets its polls spaced out; a
// push never undoes a failure's back-off.
func TestWatchersBackOff(t *testing.T) {
	tests := []struct {
		name string
		err  error
		// maxWaits bounds the waits over the passes below: with no back-off
		// each of the 40 passes (or each 50 ms) would add at least one.
		maxWaits int32
		forget   bool // sign in again: the watcher resumes
	}{
		{"revoked token", connector.Errorf(connector.AuthNeeded, nil, "the token was revoked"), 1, true},
		{"server refuses to push", connector.Errorf(connector.Permanent, nil, "token has insufficient scope permission"), 1, false},
		{"answers at once, always", nil, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &fakeNet{total: 2, perConv: 1, pageSize: 10}
			p := &failingPush{fakeNet: n, err: tt.err}
			r := newRig(t, filepath.Join(t.TempDir(), "w.db"), n)
			r.eng.cfg.Registry[inbox.NetworkTelegram] = func(connector.Config) (connector.Connector, error) { return p, nil }
			r.eng.cfg.Idle = time.Hour
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error)
			go func() { done <- r.eng.Run(ctx) }()
			for range 40 { // scheduler passes
				r.eng.Wake()
				time.Sleep(25 * time.Millisecond)
			}
			if w := p.waits.Load(); w == 0 || w > tt.maxWaits {
				t.Errorf("%d waits over 40 passes, want 1..%d", w, tt.maxWaits)
			}
			if tt.forget {
				for id := range r.nets {
					r.eng.Forget(id)
				}
				before := p.waits.Load()
				for end := time.Now().Add(5 * time.Second); p.waits.Load() == before && time.Now().Before(end); {
					r.eng.Wake()
					time.Sleep(20 * time.Millisecond)
				}
				if p.waits.Load() == before {
					t.Error("the watcher did not resume after signing in again")
				}
			}
			cancel()
			<-done
		})
	}
}

// A push brings a healthy stream forward but leaves a failing one backing off.
func TestPushKeepsTheBackOff(t *testing.T) {
	n := &fakeNet{total: 2, perConv: 1, pageSize: 10}
	r := newRig(t, filepath.Join(t.TempDir(), "w.db"), n)
	ctx := context.Background()
	if err := r.eng.SyncOnce(ctx, 0); err != nil {
		t.Fatal(err)
	}
	var id int64
	for hid := range r.nets {
		id = hid
	}
	later := time.Now().Add(10 * time.Minute)
	if err := r.st.StreamFailed(ctx, id, "updates", "cannot decode update 7", later); err != nil {
		t.Fatal(err)
	}
	if err := r.st.WakeHandle(ctx, id, time.Now()); err != nil {
		t.Fatal(err)
	}
	if st, _ := r.st.Stream(ctx, id, "updates"); st.NextRunAt.Before(later.Truncate(time.Millisecond)) {
		t.Errorf("a push moved a failing stream to %v, before its back-off %v", st.NextRunAt, later)
	}
}

// countingSecrets counts the keychain reads the engine makes.
type countingSecrets struct {
	secrets.Store
	gets atomic.Int32
}

func (c *countingSecrets) Get(ctx context.Context, key string) (string, error) {
	c.gets.Add(1)
	return c.Store.Get(ctx, key)
}

// A handle without a saved sign-in is not asked about again on every idle
// pass of the scheduler (each ask is a D-Bus call to the keychain); signing
// in brings its watcher back.
func TestWatcherOfAHandleWithoutSignInWaitsForTheSignIn(t *testing.T) {
	n := &fakeNet{total: 2, perConv: 1, pageSize: 10}
	p := &pushNet{fakeNet: n, push: make(chan struct{})}
	r := newRig(t, filepath.Join(t.TempDir(), "w.db"), n)
	r.eng.cfg.Registry[inbox.NetworkTelegram] = func(connector.Config) (connector.Connector, error) { return p, nil }
	var id int64
	for h := range r.nets {
		id = h
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := r.sec.Delete(ctx, SecretKey(id)); err != nil {
		t.Fatal(err)
	}
	sec := &countingSecrets{Store: r.sec}
	r.eng.cfg.Secrets = sec
	done := make(chan error)
	go func() { done <- r.eng.Run(ctx) }()
	for range 40 { // scheduler passes
		r.eng.Wake()
		time.Sleep(20 * time.Millisecond)
	}
	if g := sec.gets.Load(); g == 0 || g > 4 {
		t.Errorf("%d keychain reads over 40 passes, want 1..4 (the sync's and the watcher's first)", g)
	}
	if err := SaveSecrets(ctx, r.sec, id, map[string]string{"bot_token": "t"}); err != nil {
		t.Fatal(err)
	}
	r.eng.Forget(id)
	for end := time.Now().Add(5 * time.Second); !p.inWait.Load() && time.Now().Before(end); {
		r.eng.Wake()
		time.Sleep(20 * time.Millisecond)
	}
	if !p.inWait.Load() {
		t.Error("the watcher did not start after signing in")
	}
	cancel()
	<-done
}
