package listen

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// The searches run in the sync engine (Service is its Listening lane);
// these tests run the real engine over the fixture's store and connectors,
// and read the engine's own record of jobs (OnJob).

// gatedSearcher blocks every search until released and records how many
// run at once.
type gatedSearcher struct {
	fakeSearcher
	mu      sync.Mutex
	now     int
	most    int
	started chan struct{}
	release chan struct{}
}

func (g *gatedSearcher) Search(ctx context.Context, q connector.SearchQuery, cursor string) (connector.SearchPage, error) {
	g.mu.Lock()
	g.now++
	g.most = max(g.most, g.now)
	g.mu.Unlock()
	g.started <- struct{}{}
	<-g.release
	g.mu.Lock()
	g.now--
	g.mu.Unlock()
	return g.fakeSearcher.Search(ctx, q, cursor)
}

// limitedNet is a handle whose sync is rate limited until an hour from now.
type limitedNet struct {
	*fakeSearcher
	until time.Time
}

func (l *limitedNet) Fetch(context.Context, string, string) (connector.Page, error) {
	return connector.Page{}, connector.Limited(l.until, nil, "rate limited")
}

// panicSearcher panics in every search, as a connector meeting data it
// does not expect might.
type panicSearcher struct{ *fakeSearcher }

func (panicSearcher) Search(context.Context, connector.SearchQuery, string) (connector.SearchPage, error) {
	panic("index out of range [3] with length 2")
}

// jobLog collects the engine's job events for a test to wait on.
type jobLog struct {
	mu     sync.Mutex
	events []engine.JobEvent
	change chan struct{}
}

func (l *jobLog) add(ev engine.JobEvent) {
	l.mu.Lock()
	l.events = append(l.events, ev)
	l.mu.Unlock()
	select {
	case l.change <- struct{}{}:
	default:
	}
}

// count is how many jobs of kind on handleID (any when -1) started or ended.
func (l *jobLog) count(kind engine.JobKind, handleID int64, start bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, ev := range l.events {
		if ev.Kind == kind && (handleID < 0 || ev.HandleID == handleID) && ev.Start == start {
			n++
		}
	}
	return n
}

func (l *jobLog) waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case <-l.change:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// runEngine runs an engine over the fixture with f.svc as its listening
// lane, on the fixture's clock (which stands still, so nothing falls due
// again by itself); it stops when the test ends.
func (f *fixture) runEngine(t *testing.T) (*engine.Engine, *jobLog) {
	t.Helper()
	sec := secrets.NewMemory()
	reg := connector.Registry{}
	for id, c := range f.conns {
		if err := engine.SaveSecrets(f.ctx, sec, id, map[string]string{"token": "t"}); err != nil {
			t.Fatal(err)
		}
		reg[c.Network()] = func(cfg connector.Config) (connector.Connector, error) { return f.conns[cfg.HandleID], nil }
	}
	log := &jobLog{change: make(chan struct{}, 1)}
	now := f.now
	eng := engine.New(engine.Config{Store: f.st, Secrets: sec, Registry: reg, Listening: f.svc, OnJob: log.add,
		Now: func() time.Time { return now }, Idle: time.Hour, BackfillSpan: -1})
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return eng, log
}

// A saved search runs at once in the engine, one search at a time on a
// handle (they share its connector), after the handle's own sync.
func TestEngineRunsSearchesOneAtATimePerHandle(t *testing.T) {
	f := newFixture(t)
	g := &gatedSearcher{fakeSearcher: fakeSearcher{network: f.fake.network}, started: make(chan struct{}, 8), release: make(chan struct{})}
	g.add(f.post("1", "ana", "acme and zorb"))
	f.conns[f.masto.ID] = g
	_, log := f.runEngine(t)
	log.waitUntil(t, "the handle's first sync", func() bool { return log.count(engine.JobSync, f.masto.ID, false) > 0 })

	f.search(t, store.ListenSearch{Name: "a", Terms: []string{"acme"}})
	f.search(t, store.ListenSearch{Name: "z", Terms: []string{"zorb"}})
	for i := range 2 {
		<-g.started
		g.release <- struct{}{}
		log.waitUntil(t, "a search to end", func() bool { return log.count(engine.JobListen, f.masto.ID, false) > i })
	}
	g.mu.Lock()
	most := g.most
	g.mu.Unlock()
	if most != 1 {
		t.Errorf("%d searches ran at once on one handle", most)
	}
	rs, err := f.st.ListenResults(f.ctx, store.ListenFilter{ClientID: f.client.ID})
	if err != nil || len(rs) != 2 {
		t.Fatalf("results = %d, %v: want the post once per search", len(rs), err)
	}
}

// A handle whose sync is rate limited holds its searches until its retry
// time; another handle of the client searches meanwhile.
func TestBackingOffHandleHoldsItsSearches(t *testing.T) {
	f := newFixture(t)
	other, err := f.st.CreateHandle(f.ctx, inbox.Handle{ClientID: f.client.ID, Network: inbox.NetworkBluesky, RemoteAccountID: "did:plc:b", DisplayName: "Acme sky"})
	if err != nil {
		t.Fatal(err)
	}
	sky := &fakeSearcher{network: inbox.NetworkBluesky}
	sky.add(f.post("s1", "sam", "acme on bluesky"))
	f.conns[other.ID] = sky
	f.fake.add(f.post("m1", "mia", "acme on mastodon"))
	f.conns[f.masto.ID] = &limitedNet{fakeSearcher: f.fake, until: f.now.Add(time.Hour)}
	ls := f.search(t, store.ListenSearch{Name: "acme", Terms: []string{"acme"}})

	eng, log := f.runEngine(t)
	log.waitUntil(t, "both handles' first sync and the free handle's search", func() bool {
		return log.count(engine.JobSync, f.masto.ID, false) > 0 && log.count(engine.JobListen, other.ID, false) > 0
	})
	// Once more, now that the limited handle's sync has surely ended: the
	// free handle's second search is the witness that the lane looked again.
	if err := f.st.ScheduleListenSearch(f.ctx, ls.ID, f.now); err != nil {
		t.Fatal(err)
	}
	eng.Wake()
	log.waitUntil(t, "the free handle's second search", func() bool { return log.count(engine.JobListen, other.ID, false) > 1 })
	if n := log.count(engine.JobListen, f.masto.ID, true); n != 0 {
		t.Fatalf("the rate-limited handle searched %d times during its back-off", n)
	}
	if h, _ := f.st.Handle(f.ctx, f.masto.ID); h.SyncState != inbox.SyncRateLimited {
		t.Fatalf("the limited handle is %s, want rate limited", h.SyncState)
	}

	// The back-off over, its search runs.
	if _, err := f.st.DB().ExecContext(f.ctx, "UPDATE handles SET retry_at = 0"); err != nil {
		t.Fatal(err)
	}
	eng.Wake()
	log.waitUntil(t, "the limited handle's search after its back-off", func() bool { return log.count(engine.JobListen, f.masto.ID, false) > 0 })
	rs, _ := f.st.ListenResults(f.ctx, store.ListenFilter{SearchID: ls.ID})
	if len(rs) != 2 {
		t.Errorf("results = %q, want one from each handle", texts(rs))
	}
}

// A search that panics is that source's error (with its back-off); the
// engine goes on: the handle still syncs, the other sources still search.
func TestPanickingSearchIsThatSourcesError(t *testing.T) {
	f := newFixture(t)
	other, err := f.st.CreateHandle(f.ctx, inbox.Handle{ClientID: f.client.ID, Network: inbox.NetworkBluesky, RemoteAccountID: "did:plc:b", DisplayName: "Acme sky"})
	if err != nil {
		t.Fatal(err)
	}
	sky := &fakeSearcher{network: inbox.NetworkBluesky}
	sky.add(f.post("s1", "sam", "acme on bluesky"))
	f.conns[other.ID] = sky
	f.conns[f.masto.ID] = panicSearcher{f.fake}
	ls := f.search(t, store.ListenSearch{Name: "acme", Terms: []string{"acme"}})

	eng, log := f.runEngine(t)
	log.waitUntil(t, "both searches to end", func() bool {
		return log.count(engine.JobListen, f.masto.ID, false) > 0 && log.count(engine.JobListen, other.ID, false) > 0
	})
	srcs, err := f.st.ListenSources(f.ctx, ls.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		switch src.HandleID {
		case f.masto.ID:
			if src.Errors != 1 || !strings.Contains(src.LastError, "internal error") || !src.NextRunAt.After(f.now) {
				t.Errorf("panicking source = %+v: want its error, backed off", src)
			}
		case other.ID:
			if src.Errors != 0 || src.LastError != "" {
				t.Errorf("healthy source = %+v", src)
			}
		}
	}
	if rs, _ := f.st.ListenResults(f.ctx, store.ListenFilter{SearchID: ls.ID}); len(rs) != 1 {
		t.Errorf("results = %q, want the healthy source's", texts(rs))
	}
	// The engine is still running: the panicking handle's own sync goes on.
	syncs := log.count(engine.JobSync, f.masto.ID, false)
	if err := eng.SyncNow(f.ctx, f.masto.ID); err != nil {
		t.Fatal(err)
	}
	log.waitUntil(t, "the handle's next sync", func() bool { return log.count(engine.JobSync, f.masto.ID, false) > syncs })
	if h, _ := f.st.Handle(f.ctx, f.masto.ID); h.SyncState != inbox.SyncOK {
		t.Errorf("the handle's sync is %s %q after its search panicked", h.SyncState, h.SyncError)
	}
}

// Run keeps every search's sources in step with the handles (a handle
// added since) and tells the engine its new sources are due.
func TestRunAddsANewHandlesSourcesAndSignalsTheEngine(t *testing.T) {
	f := newFixture(t)
	ls := f.search(t, store.ListenSearch{Name: "acme", Terms: []string{"acme"}})
	<-f.svc.ListenDue() // SaveSearch's own signal
	sky, err := f.st.CreateHandle(f.ctx, inbox.Handle{ClientID: f.client.ID, Network: inbox.NetworkBluesky, RemoteAccountID: "did:plc:b", DisplayName: "Acme sky"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- f.svc.Run(ctx) }()
	defer func() { cancel(); <-done }()
	select {
	case <-f.svc.ListenDue():
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not signal the engine")
	}
	srcs, err := f.st.ListenSources(f.ctx, ls.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, src := range srcs {
		found = found || src.HandleID == sky.ID && !src.NextRunAt.After(f.now)
	}
	if !found {
		t.Errorf("sources = %+v: want the new handle's, due now", srcs)
	}
}

// Spikes are checked every spikeEvery, and sooner (spikeAfterResults)
// once a search committed new results.
func TestSpikeCheckCadence(t *testing.T) {
	for _, tc := range []struct {
		name  string
		since time.Duration
		fresh bool
		want  bool
	}{
		{"just checked", 10 * time.Second, true, false},
		{"a minute on, nothing new", 2 * time.Minute, false, false},
		{"a minute on, new results", 2 * time.Minute, true, true},
		{"five minutes on", spikeEvery, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			counting := &countingStore{Store: f.st}
			f.svc = New(Config{Store: counting, Notifier: f.notes, Now: func() time.Time { return f.now }})
			f.svc.spikeAt = f.now.Add(-tc.since)
			f.svc.fresh.Store(tc.fresh)
			f.svc.checkSpikes(f.ctx)
			if got := counting.searches > 0; got != tc.want {
				t.Errorf("checked = %v, want %v", got, tc.want)
			}
			if tc.want && f.svc.fresh.Load() {
				t.Error("a check left the new results marked unchecked")
			}
		})
	}
}

// countingStore counts the spike check's reads.
type countingStore struct {
	*store.Store
	searches     int
	mentionHours int
}

func (c *countingStore) ListenSearches(ctx context.Context, clientID int64) ([]store.ListenSearch, error) {
	c.searches++
	return c.Store.ListenSearches(ctx, clientID)
}

func (c *countingStore) MentionHourly(ctx context.Context, handleID int64, from, to time.Time) (map[int64]int, map[int64]int, error) {
	c.mentionHours++
	return c.Store.MentionHourly(ctx, handleID, from, to)
}

// At rest the periodic check reads nothing of the handles: their mentions
// can only surge with a new message. A quiet hour is not compared with its
// baseline, and a surge after a quiet spell is still announced.
func TestSpikeCheckSkipsHandlesWithoutNewMessages(t *testing.T) {
	f := newFixture(t)
	if _, err := f.st.DB().ExecContext(f.ctx, "UPDATE handles SET created_at = ?", f.now.AddDate(0, 0, -60).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	counting := &countingStore{Store: f.st}
	f.svc = New(Config{Store: counting, Notifier: f.notes, Now: func() time.Time { return f.now }})
	check := func() (searches, hours int) {
		counting.searches, counting.mentionHours = 0, 0
		f.now = f.now.Add(spikeEvery)
		f.svc.checkSpikes(f.ctx)
		return counting.searches, counting.mentionHours
	}
	if s, h := check(); s != 1 || h != 1 {
		t.Errorf("first check: %d search lists, %d hours of mentions read; want 1 and 1 (a quiet hour needs no baseline)", s, h)
	}
	if s, h := check(); s != 0 || h != 0 {
		t.Errorf("nothing new: %d search lists, %d hours read; want none", s, h)
	}
	var convs []store.IncomingConversation
	for i := range 15 {
		who := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: fmt.Sprintf("c-%d", i), Username: fmt.Sprintf("c%d", i)}
		convs = append(convs, store.IncomingConversation{RemoteID: fmt.Sprintf("n-%d", i), Kind: inbox.KindPublic, Customer: who,
			Messages: []store.IncomingMessage{{RemoteID: fmt.Sprintf("n-%d", i), Direction: inbox.Inbound, Author: who, Text: "where is my order, please",
				SentAt: f.now.Add(spikeEvery - time.Duration(i)*time.Second)}}})
	}
	if _, err := f.st.Ingest(f.ctx, f.masto.ID, convs, nil); err != nil {
		t.Fatal(err)
	}
	if _, h := check(); h != 1+BaselineWeeks {
		t.Errorf("after new mentions: %d hours read, want the hour and its %d baseline weeks", h, BaselineWeeks)
	}
	if got := f.notes.All(); len(got) != 1 || got[0].Title != "Mentions of Acme care are surging" {
		t.Errorf("notifications = %+v: want the surge announced", got)
	}
}
