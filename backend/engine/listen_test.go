package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// listenRig is a store with one handle per connector, an engine whose
// listening lane is a fakeListening, and the engine's job record.
type listenRig struct {
	st      *store.Store
	sec     *secrets.Memory
	eng     *Engine
	lst     *fakeListening
	log     *jobLog
	client  int64
	handles []int64
}

func newListenRig(t *testing.T, tune func(*Config), conns ...connector.Connector) *listenRig {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Client"})
	if err != nil {
		t.Fatal(err)
	}
	sec := secrets.NewMemory()
	r := &listenRig{st: st, sec: sec, lst: newFakeListening(st), log: newJobLog(), client: c.ID}
	byID := map[int64]connector.Connector{}
	for i, conn := range conns {
		h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkTelegram,
			RemoteAccountID: "bot-" + strconv.Itoa(i), DisplayName: "Bot " + strconv.Itoa(i)})
		if err != nil {
			t.Fatal(err)
		}
		if err := SaveSecrets(ctx, sec, h.ID, map[string]string{"bot_token": "t"}); err != nil {
			t.Fatal(err)
		}
		byID[h.ID] = conn
		r.handles = append(r.handles, h.ID)
	}
	reg := connector.Registry{inbox.NetworkTelegram: func(cfg connector.Config) (connector.Connector, error) { return byID[cfg.HandleID], nil }}
	cfg := Config{Store: st, Secrets: sec, Registry: reg, Now: time.Now, Idle: time.Hour, OnJob: r.log.add,
		Listening: r.lst, BackfillSpan: 10 * 365 * 24 * time.Hour}
	if tune != nil {
		tune(&cfg)
	}
	r.eng = New(cfg)
	return r
}

// run runs the engine until the test ends.
func (r *listenRig) run(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.eng.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// search adds a search with the given sources ("handle:<id>" for a handle
// of the rig, anything else a feed), due now, and wakes the engine.
func (r *listenRig) search(t *testing.T, sources ...string) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := r.st.SaveListenSearch(ctx, store.ListenSearch{ClientID: r.client, Name: "s", Terms: []string{"acme"}})
	if err != nil {
		t.Fatal(err)
	}
	var srcs []store.ListenSource
	for _, s := range sources {
		src := store.ListenSource{Source: s, FeedURL: "https://feeds.example/" + s}
		if n, ok := parseHandleSource(s); ok {
			src = store.ListenSource{Source: s, HandleID: n}
		}
		srcs = append(srcs, src)
	}
	if err := r.st.SetListenSources(ctx, id, srcs, time.Now()); err != nil {
		t.Fatal(err)
	}
	r.eng.Wake()
	return id
}

func parseHandleSource(s string) (int64, bool) {
	var n int64
	_, err := fmt.Sscanf(s, "handle:%d", &n)
	return n, err == nil
}

func handleSource(id int64) string { return "handle:" + strconv.FormatInt(id, 10) }

// listens counts the listening jobs of a source started or ended.
func (l *jobLog) listens(source string, start bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, ev := range l.events {
		if ev.Kind == JobListen && ev.Source == source && ev.Start == start {
			n++
		}
	}
	return n
}

// overlaps replays the record and reports a handle with two of its jobs
// (sync, backfill page, search) open at once, and the most searches and
// feed reads open at once.
func (l *jobLog) overlaps() (clash string, listens, feeds int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	open := map[int64]JobKind{}
	nl, nf := 0, 0
	for _, ev := range l.events {
		if ev.Kind == JobSend {
			continue
		}
		if ev.Kind == JobListen {
			d := 1
			if !ev.Start {
				d = -1
			}
			nl += d
			if ev.HandleID == 0 {
				nf += d
			}
			listens, feeds = max(listens, nl), max(feeds, nf)
			if ev.HandleID == 0 {
				continue
			}
		}
		if ev.Start {
			if k, busy := open[ev.HandleID]; busy && clash == "" {
				clash = fmt.Sprintf("handle %d: a %s job started during its %s job", ev.HandleID, ev.Kind, k)
			}
			open[ev.HandleID] = ev.Kind
		} else {
			delete(open, ev.HandleID)
		}
	}
	return clash, listens, feeds
}

// mark is the record's length now, for startsSince.
func (l *jobLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.events)
}

// startsSince lists the kinds of a handle's jobs started since mark, in order.
func (l *jobLog) startsSince(handleID int64, mark int) []JobKind {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []JobKind
	for _, ev := range l.events[mark:] {
		if ev.HandleID == handleID && ev.Start && ev.Kind != JobSend {
			out = append(out, ev.Kind)
		}
	}
	return out
}

// A handle's search waits while the handle has a job of its own (they share
// its connector) and runs when that job ends; a feed search, the witness
// that the lane looked meanwhile, runs at once. The record never shows
// two jobs of one handle open at once.
func TestSearchNeverOverlapsItsHandlesJobs(t *testing.T) {
	type setup struct {
		r       *listenRig
		a       int64
		release func()
		// then: A's jobs started after the release, in order (a prefix).
		then []JobKind
	}
	for _, tc := range []struct {
		name  string
		build func(t *testing.T) setup
	}{
		{"its live sync running", func(t *testing.T) setup {
			n := &gatedNet{fakeNet: &fakeNet{total: 2, perConv: 1, pageSize: 2}, gate: make(chan struct{})}
			r := newListenRig(t, nil, n)
			r.run(t)
			a := r.handles[0]
			r.log.waitUntil(t, "the live sync to start", func() bool { s, _ := r.log.state(JobSync, a); return s > 0 })
			return setup{r: r, a: a, release: func() { close(n.gate) }, then: []JobKind{JobListen}}
		}},
		{"its backfill page in flight", func(t *testing.T) setup {
			n := &historyNet{fakeNet: &fakeNet{total: 2, perConv: 1, pageSize: 2}, hist: 500, page: 10,
				histBase: time.Now().Add(-time.Hour), gate: make(chan struct{})}
			r := newListenRig(t, nil, n)
			r.run(t)
			a := r.handles[0]
			r.log.waitUntil(t, "a backfill page to start", func() bool { s, _ := r.log.state(JobBackfill, a); return s > 0 })
			// The search goes before the next page: one page at most.
			return setup{r: r, a: a, release: func() { n.gate <- struct{}{} }, then: []JobKind{JobListen, JobBackfill}}
		}},
		{"its backfill page in flight and a live poll due", func(t *testing.T) setup {
			n := &historyNet{fakeNet: &fakeNet{total: 2, perConv: 1, pageSize: 2}, hist: 500, page: 10,
				histBase: time.Now().Add(-time.Hour), gate: make(chan struct{})}
			r := newListenRig(t, nil, n)
			r.run(t)
			a := r.handles[0]
			r.log.waitUntil(t, "a backfill page to start", func() bool { s, _ := r.log.state(JobBackfill, a); return s > 0 })
			if err := r.eng.SyncNow(context.Background(), a); err != nil {
				t.Fatal(err)
			}
			// Live first, then the search, then history.
			return setup{r: r, a: a, release: func() { n.gate <- struct{}{} }, then: []JobKind{JobSync, JobListen, JobBackfill}}
		}},
		{"another search on it running", func(t *testing.T) setup {
			r := newListenRig(t, nil, &fakeNet{total: 2, perConv: 1, pageSize: 2})
			r.run(t)
			a := r.handles[0]
			gate := r.lst.gate(handleSource(a))
			r.search(t, handleSource(a))
			r.log.waitUntil(t, "the first search to start", func() bool { return r.log.listens(handleSource(a), true) == 1 })
			return setup{r: r, a: a, release: func() { close(gate) }, then: []JobKind{JobListen}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.build(t)
			r, src := s.r, handleSource(s.a)
			before := r.log.listens(src, true)
			r.search(t, src, "feed:witness")
			r.log.waitUntil(t, "the witness feed's search", func() bool { return r.log.listens("feed:witness", false) == 1 })
			if n := r.log.listens(src, true); n != before {
				t.Fatalf("the handle's search started while the handle was busy (%d starts, %d before)", n, before)
			}
			mark := r.log.mark()
			s.release()
			r.log.waitUntil(t, "the handle's jobs after the release", func() bool {
				return len(r.log.startsSince(s.a, mark)) >= len(s.then) && r.log.listens(src, true) == r.log.listens(src, false)
			})
			if got := r.log.startsSince(s.a, mark); fmt.Sprint(got[:len(s.then)]) != fmt.Sprint(s.then) {
				t.Errorf("after the release the handle ran %v, want %v first", got, s.then)
			}
			if clash, _, _ := r.log.overlaps(); clash != "" {
				t.Error(clash)
			}
			r.lst.mu.Lock()
			defer r.lst.mu.Unlock()
			if !r.lst.marked[src] || r.lst.conns[src] == nil || r.lst.conns["feed:witness"] != nil {
				t.Errorf("the search ran unmarked (%v) or without its handle's connector (%v); a feed's with one (%v)",
					r.lst.marked[src], r.lst.conns[src], r.lst.conns["feed:witness"])
			}
		})
	}
}

// Live sync keeps its place while many searches are due and held: they
// take at most all workers but one, at most two of them feeds, and another
// handle's poll runs at once in the worker left, while every one of them
// is still held.
func TestLiveSyncKeepsItsPlaceWhileSearchesAreDue(t *testing.T) {
	const workers = 4
	var nets []connector.Connector
	for range 6 {
		nets = append(nets, &fakeNet{total: 2, perConv: 1, pageSize: 2})
	}
	r := newListenRig(t, func(c *Config) { c.Workers, c.ListenWorkers, c.BackfillSpan = workers, 8, -1 }, nets...)
	x := r.handles[0] // the handle whose poll is timed; it has no search
	var sources []string
	for _, h := range r.handles[1:] {
		sources = append(sources, handleSource(h))
	}
	for i := range 4 {
		sources = append(sources, "feed:"+strconv.Itoa(i))
	}
	for _, src := range sources {
		r.lst.gate(src) // held until the test ends (their runs end with the engine)
	}
	r.search(t, sources...)
	r.run(t)
	allSynced := func() bool {
		for _, h := range r.handles {
			if _, ended := r.log.state(JobSync, h); ended == 0 {
				return false
			}
		}
		return true
	}
	started := func() int {
		n := 0
		for _, src := range sources {
			n += r.log.listens(src, true)
		}
		return n
	}
	r.log.waitUntil(t, "every handle's first sync and the searches to fill the lane", func() bool {
		return allSynced() && started() == workers-1
	})
	polls, _ := r.log.state(JobSync, x)
	if err := r.eng.SyncNow(context.Background(), x); err != nil {
		t.Fatal(err)
	}
	r.log.waitUntil(t, "the other handle's poll", func() bool { _, ended := r.log.state(JobSync, x); return ended > polls })
	for _, src := range sources {
		if n := r.log.listens(src, false); n != 0 {
			t.Fatalf("a held search (%s) ended: the poll may have waited for it", src)
		}
	}
	clash, most, feeds := r.log.overlaps()
	if clash != "" {
		t.Error(clash)
	}
	if most > workers-1 || feeds > maxFeedJobs || started() != workers-1 {
		t.Errorf("%d searches (%d feeds) ran at once, %d started; want at most %d (%d feeds): one worker stays live sync's",
			most, feeds, started(), workers-1, maxFeedJobs)
	}
}

// Feeds take at most maxFeedJobs of the listening lane: slow feed servers
// never hold the handles' searches, and the rest wait their turn.
func TestFeedSearchesAreCapped(t *testing.T) {
	r := newListenRig(t, func(c *Config) { c.ListenWorkers, c.BackfillSpan = 8, -1 }, &fakeNet{total: 2, perConv: 1, pageSize: 2})
	h := handleSource(r.handles[0])
	var feeds []string
	var gates []chan struct{}
	for i := range 5 {
		feeds = append(feeds, "feed:"+strconv.Itoa(i))
		gates = append(gates, r.lst.gate(feeds[i]))
	}
	r.search(t, append([]string{h}, feeds...)...)
	r.run(t)
	feedStarts := func() int {
		n := 0
		for _, f := range feeds {
			n += r.log.listens(f, true)
		}
		return n
	}
	r.log.waitUntil(t, "the handle's search and two feeds", func() bool { return r.log.listens(h, false) == 1 && feedStarts() == maxFeedJobs })
	// Another pass of the lane (a second search on the handle) starts no third feed.
	r.search(t, h)
	r.log.waitUntil(t, "the handle's second search", func() bool { return r.log.listens(h, false) == 2 })
	if n := feedStarts(); n != maxFeedJobs {
		t.Fatalf("%d feeds started with %d held, want %d", n, maxFeedJobs, maxFeedJobs)
	}
	for _, g := range gates {
		close(g)
	}
	r.log.waitUntil(t, "every feed", func() bool {
		for _, f := range feeds {
			if r.log.listens(f, false) == 0 {
				return false
			}
		}
		return true
	})
	if _, _, most := r.log.overlaps(); most != maxFeedJobs {
		t.Errorf("%d feeds read at once, want %d", most, maxFeedJobs)
	}
}

// What goes wrong around a search is that source's failure, recorded once,
// and the engine goes on: the next search runs.
func TestSearchFailuresAreTheSourcesOwn(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tune    func(c *Config)
		prepare func(r *listenRig, src string)
		handle  bool   // the source is the handle's (else a feed's)
		want    string // the row's last error
		told    bool   // the engine told ListenFailed (not the search itself)
	}{
		{"a panic", nil, func(r *listenRig, src string) { r.lst.panics[src] = true }, true, listenPanicMessage, true},
		{"no sign-in for the handle", nil, func(r *listenRig, _ string) {
			_ = r.sec.Delete(context.Background(), SecretKey(r.handles[0]))
		}, true, "no saved sign-in", true},
		{"past JobTimeout", func(c *Config) { c.JobTimeout = 500 * time.Millisecond }, func(r *listenRig, src string) { r.lst.gate(src) },
			false, "did not finish within", true},
		{"the search's own failure", nil, func(r *listenRig, src string) { r.lst.fails[src] = errors.New("the server said no") },
			false, "own: the server said no", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newListenRig(t, func(c *Config) {
				c.BackfillSpan = -1
				if tc.tune != nil {
					tc.tune(c)
				}
			}, &fakeNet{total: 2, perConv: 1, pageSize: 2})
			src := "feed:broken"
			if tc.handle {
				src = handleSource(r.handles[0])
			}
			tc.prepare(r, src) // before the engine runs: nothing reads the fake yet
			id := r.search(t, src)
			r.run(t)
			r.log.waitUntil(t, "the failing search", func() bool { return r.log.listens(src, false) == 1 })
			// The engine goes on.
			r.search(t, "feed:next")
			r.log.waitUntil(t, "the next search", func() bool { return r.log.listens("feed:next", false) == 1 })
			rows, err := r.st.ListenSources(context.Background(), id)
			if err != nil || len(rows) != 1 {
				t.Fatalf("sources = %+v, %v", rows, err)
			}
			if row := rows[0]; row.Errors != 1 || !strings.Contains(row.LastError, tc.want) || !row.NextRunAt.After(time.Now()) {
				t.Errorf("source = %d errors, %q, next %v: want one failure %q, backed off", row.Errors, row.LastError, row.NextRunAt, tc.want)
			}
			r.lst.mu.Lock()
			_, told := r.lst.failed[src]
			r.lst.mu.Unlock()
			if told != tc.told {
				t.Errorf("ListenFailed called: %v, want %v", told, tc.told)
			}
		})
	}
}
