package engine

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// sendDueWait runs one outbox pass and waits for its senders, for tests that
// step the outbox by hand.
func (e *Engine) sendDueWait(ctx context.Context) {
	var wg sync.WaitGroup
	e.sendDue(ctx, &wg)
	wg.Wait()
}

// jobLog is the scheduler's own record of job starts and ends.
type jobLog struct {
	mu     sync.Mutex
	events []JobEvent
	change chan struct{}
}

func newJobLog() *jobLog { return &jobLog{change: make(chan struct{}, 1)} }

func (l *jobLog) add(ev JobEvent) {
	l.mu.Lock()
	l.events = append(l.events, ev)
	l.mu.Unlock()
	select {
	case l.change <- struct{}{}:
	default:
	}
}

// state counts, per handle and kind, the jobs started and ended so far.
func (l *jobLog) state(kind JobKind, handleID int64) (started, ended int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, ev := range l.events {
		if ev.Kind == kind && ev.HandleID == handleID {
			if ev.Start {
				started++
			} else {
				ended++
			}
		}
	}
	return started, ended
}

// waitUntil waits for cond to hold after some job event; the bound only
// catches a hang, the order of events is what is asserted.
func (l *jobLog) waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case <-l.change:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// hangingRig: n handles whose network never answers, and one healthy handle.
func hangingRig(t *testing.T, hanging, workers int) (r *rig, log *jobLog, healthyID int64, hangIDs []int64) {
	t.Helper()
	healthy := &fakeNet{total: 4, perConv: 2, pageSize: 4}
	nets := []*fakeNet{healthy}
	for range hanging {
		nets = append(nets, &fakeNet{total: 4, perConv: 2, pageSize: 4, delay: time.Hour, replyDelay: time.Hour})
	}
	r = newRig(t, filepath.Join(t.TempDir(), "h.db"), nets...)
	for id, n := range r.nets {
		if n == healthy {
			healthyID = id
		} else {
			hangIDs = append(hangIDs, id)
		}
	}
	log = newJobLog()
	cfg := r.eng.cfg
	cfg.Workers, cfg.OnJob, cfg.Idle = workers, log.add, time.Hour
	r.eng = New(cfg)
	return r, log, healthyID, hangIDs
}

func TestHangingHandlesDoNotDelayOthers(t *testing.T) {
	tests := []struct {
		name    string
		hanging int
		workers int // 0: the default pool
		// healthySyncs: the healthy handle's sync must run while every hanging
		// job is still open (false when the hanging ones fill the pool: then
		// only its replies are promised not to wait).
		healthySyncs bool
	}{
		{"five hanging handles, default pool", 5, 0, true},
		{"hanging handles fill the pool", 3, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, log, healthyID, hangIDs := hangingRig(t, tt.hanging, tt.workers)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if !tt.healthySyncs {
				// Synced before: the test is about its replies.
				if err := r.eng.syncToEnd(ctx, mustHandle(t, r, healthyID)); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan error, 1)
			go func() { done <- r.eng.Run(ctx) }()
			noHangEnded := func() bool {
				for _, id := range hangIDs {
					if _, ended := log.state(JobSync, id); ended > 0 {
						return false
					}
				}
				return true
			}
			allHanging := func() bool {
				for _, id := range hangIDs[:min(len(hangIDs), max(tt.workers, len(hangIDs)))] {
					if started, _ := log.state(JobSync, id); started == 0 {
						return false
					}
				}
				return true
			}
			if tt.healthySyncs {
				log.waitUntil(t, "the healthy handle's sync", func() bool { _, ended := log.state(JobSync, healthyID); return ended > 0 })
				log.waitUntil(t, "every hanging handle's job to start", allHanging)
				if !noHangEnded() {
					t.Fatal("a hanging job ended: the test proves nothing")
				}
			} else {
				log.waitUntil(t, "the hanging handles to fill the pool", func() bool {
					n := 0
					for _, id := range hangIDs {
						if started, _ := log.state(JobSync, id); started > 0 {
							n++
						}
					}
					return n == tt.workers
				})
			}
			conv := firstConversationOf(t, r, healthyID)
			if _, err := r.st.QueueReply(ctx, conv, "On its way!", "private", "Sam", time.Now()); err != nil {
				t.Fatal(err)
			}
			r.eng.Wake()
			log.waitUntil(t, "the healthy handle's reply", func() bool { _, ended := log.state(JobSend, healthyID); return ended > 0 })
			if !noHangEnded() {
				t.Error("the reply went out only after a hanging job ended")
			}
			if m := mustMessage(t, r, conv); m.Delivery != inbox.DeliverySent {
				t.Errorf("healthy reply is %s, want sent", m.Delivery)
			}
			cancel()
			<-done
		})
	}
}

// sync --once runs handles side by side: a hanging one costs its own
// timeout, once, not one per handle.
func TestSyncOnceRunsHandlesSideBySide(t *testing.T) {
	r, log, healthyID, hangIDs := hangingRig(t, 2, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.eng.SyncOnce(ctx, 0) }()
	// Run one after another, the second hanging handle would start only once
	// the first ended; side by side, both hang at once.
	log.waitUntil(t, "both hanging handles to hang at once", func() bool {
		for _, id := range hangIDs {
			if started, ended := log.state(JobSync, id); started == 0 || ended > 0 {
				return false
			}
		}
		return true
	})
	if _, ended := log.state(JobSync, healthyID); ended == 0 {
		log.waitUntil(t, "the healthy handle", func() bool { _, ended := log.state(JobSync, healthyID); return ended > 0 })
	}
	cancel()
	<-done
}

// A job that outlives JobTimeout ends and is that handle's (temporary) error.
func TestJobTimeoutIsTheHandlesError(t *testing.T) {
	r, _, healthyID, hangIDs := hangingRig(t, 1, 0)
	cfg := r.eng.cfg
	// The timeout is every job's, the healthy handle's too: it must be long
	// enough for a healthy sync on a loaded machine (200 ms was not), so the
	// test waits it out once for the hanging handle.
	cfg.JobTimeout = 3 * time.Second
	r.eng = New(cfg)
	if err := r.eng.SyncOnce(context.Background(), 0); err == nil {
		t.Error("SyncOnce reported no trouble with the hanging handle")
	}
	h := mustHandle(t, r, hangIDs[0])
	if h.SyncState != inbox.SyncError || h.SyncError == "" {
		t.Errorf("hanging handle = %s %q", h.SyncState, h.SyncError)
	}
	st, _ := r.st.Stream(context.Background(), hangIDs[0], "updates")
	if !st.NextRunAt.After(time.Now()) {
		t.Errorf("hanging handle not backed off: next run %v", st.NextRunAt)
	}
	if h := mustHandle(t, r, healthyID); h.SyncState != inbox.SyncOK {
		t.Errorf("healthy handle = %s %q", h.SyncState, h.SyncError)
	}
}

func mustHandle(t *testing.T, r *rig, id int64) inbox.Handle {
	t.Helper()
	h, err := r.st.Handle(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func firstConversationOf(t *testing.T, r *rig, handleID int64) int64 {
	t.Helper()
	page, err := r.st.Conversations(context.Background(), inbox.ConversationFilter{HandleID: handleID}, 0, 1)
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no conversation on handle %d: %v", handleID, err)
	}
	return page.Items[0].ID
}

func mustMessage(t *testing.T, r *rig, convID int64) inbox.Message {
	t.Helper()
	d, err := r.st.Conversation(context.Background(), convID)
	if err != nil || len(d.Messages) == 0 {
		t.Fatalf("conversation %d: %v", convID, err)
	}
	return d.Messages[len(d.Messages)-1]
}

// countingStore counts how often the scheduler reads its queue.
type countingStore struct {
	Store
	mu    sync.Mutex
	polls int
}

func (c *countingStore) DueStreams(ctx context.Context, now time.Time, limit int) ([]store.StreamState, error) {
	c.mu.Lock()
	c.polls++
	c.mu.Unlock()
	return c.Store.DueStreams(ctx, now, limit)
}

// A handle whose job hangs keeps its streams due; the scheduler waits for
// the job's end instead of reading the queue every 50 ms meanwhile.
func TestBusyHandleDoesNotSpinTheScheduler(t *testing.T) {
	r, log, _, hangIDs := hangingRig(t, 1, 0)
	// Due a moment ago (as after a sync or "Sync now"), not never-run.
	if err := r.st.EnsureStreams(context.Background(), hangIDs[0], []string{"updates"}); err != nil {
		t.Fatal(err)
	}
	if err := r.st.ScheduleHandle(context.Background(), hangIDs[0], time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	cs := &countingStore{Store: r.st}
	cfg := r.eng.cfg
	cfg.Store, cfg.Idle = cs, time.Hour
	r.eng = New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.eng.Run(ctx) }()
	log.waitUntil(t, "the hanging job to start", func() bool { started, _ := log.state(JobSync, hangIDs[0]); return started > 0 })
	cs.mu.Lock()
	before := cs.polls
	cs.mu.Unlock()
	time.Sleep(time.Second)
	cs.mu.Lock()
	n := cs.polls - before
	cs.mu.Unlock()
	cancel()
	<-done
	// Spinning every 50 ms is about 20 reads a second; waiting for the job, at most a couple.
	if n > 4 {
		t.Errorf("the scheduler read its queue %d times in a second while a job hung", n)
	}
}

// A backfill's scheduled sync jobs say whether they stopped at PagesPerRun
// with more pages ready (the deadline service keeps settling then) or at the
// end of the stream (it recomputes at once); SyncOnce's job runs to the end.
func TestSyncJobEndSaysWhetherMorePagesAreReady(t *testing.T) {
	n := &fakeNet{total: 50, perConv: 5, pageSize: 7} // 8 pages: runs of 2 leave more three times
	r := newRig(t, filepath.Join(t.TempDir(), "e.db"), n)
	log := newJobLog()
	cfg := r.eng.cfg
	cfg.OnJob, cfg.Idle = log.add, time.Hour
	r.eng = New(cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.eng.Run(ctx) }()
	var ends []bool // More of each sync job's end, in order
	for len(ends) == 0 || ends[len(ends)-1] {
		select {
		case <-log.change:
		case <-ctx.Done():
			t.Fatalf("no sync job ended without more pages; ends so far %v", ends)
		}
		ends = ends[:0]
		log.mu.Lock()
		for _, ev := range log.events {
			if ev.Kind == JobSync && !ev.Start {
				ends = append(ends, ev.More)
			}
		}
		log.mu.Unlock()
	}
	cancel()
	<-done
	if want := []bool{true, true, true, false}; !slices.Equal(ends, want) {
		t.Errorf("sync job ends said more = %v, want %v", ends, want)
	}
	if _, m := r.count(t); m != 50 {
		t.Errorf("stored %d messages, want 50", m)
	}
}
