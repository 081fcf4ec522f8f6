package tracker

import (
	"context"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

// The service's Store and the notifier's EventStore are met by the real store.
var (
	_ Store             = (*store.Store)(nil)
	_ notify.EventStore = (*store.Store)(nil)
	_ Announcer         = (*notify.Announcer)(nil)
	_ AnnounceWaker     = (*notify.Announcer)(nil)
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

type fixture struct {
	t      *testing.T
	ctx    context.Context
	path   string
	bus    *events.Bus
	st     *store.Store
	clock  *fakeClock
	rec    *notify.Recorder
	ann    *notify.Announcer
	svc    *Service
	client inbox.Client
	handle inbox.Handle
	seq    int
}

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return l
}()

// at is a time on Monday 23 November 2026 (or day d) in Berlin.
func at(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, berlin) }

// newFixture opens a real store with one client (Berlin) and one handle.
func newFixture(t *testing.T, nw inbox.Network, now time.Time) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), path: filepath.Join(t.TempDir(), "test.db"),
		clock: &fakeClock{t: now}, rec: &notify.Recorder{}}
	f.open()
	var err error
	f.client, err = f.st.CreateClient(f.ctx, inbox.Client{Name: "Brightside Bakery", TimeZone: "Europe/Berlin"})
	if err != nil {
		t.Fatal(err)
	}
	f.handle, err = f.st.CreateHandle(f.ctx, inbox.Handle{ClientID: f.client.ID, Network: nw, RemoteAccountID: "acct",
		DisplayName: "@AskBrightside", SyncState: inbox.SyncOK})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) open() {
	f.t.Helper()
	bus := events.New()
	st, err := store.Open(f.ctx, f.path, store.WithPublisher(bus))
	if err != nil {
		f.t.Fatal(err)
	}
	f.st, f.bus = st, bus
	f.ann = notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: f.rec, Local: berlin})
	f.svc = New(Config{Store: st, Deltas: bus, Announcer: f.ann, Now: f.clock.Now, Local: berlin})
	f.t.Cleanup(func() { st.Close() })
}

// restart closes the store and the service and opens both again, as a new
// process would (the recorder, like the user's screen, stays).
func (f *fixture) restart() {
	f.t.Helper()
	f.svc.Close()
	if err := f.st.Close(); err != nil {
		f.t.Fatal(err)
	}
	f.open()
}

// inbound ingests a conversation (or adds to it) with messages; each
// message is "in" or "out" at its time.
func (f *fixture) ingest(remote string, kind inbox.Kind, msgs ...store.IncomingMessage) int64 {
	f.t.Helper()
	for i := range msgs {
		f.seq++
		msgs[i].RemoteID = remote + "-" + strconv.Itoa(f.seq)
		if msgs[i].Direction == inbox.Inbound {
			msgs[i].Author = inbox.Participant{Network: f.handle.Network, RemoteID: "cust-" + remote, DisplayName: "Jonas <b>K</b>"}
		}
	}
	res, err := f.st.Ingest(f.ctx, f.handle.ID, []store.IncomingConversation{{RemoteID: remote, Kind: kind,
		Customer: inbox.Participant{Network: f.handle.Network, RemoteID: "cust-" + remote, DisplayName: "Jonas <b>K</b>"},
		Messages: msgs}}, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return res.Conversations[0]
}

func in(t time.Time) store.IncomingMessage {
	return store.IncomingMessage{Direction: inbox.Inbound, Text: "help", SentAt: t}
}

func out(t time.Time) store.IncomingMessage {
	return store.IncomingMessage{Direction: inbox.Outbound, Text: "on it", SentAt: t}
}

// tick moves the clock to t, recomputes everything (as the loop does on
// start) and runs one notification pass.
func (f *fixture) tick(t time.Time) {
	f.t.Helper()
	f.clock.Set(t)
	if err := f.svc.RecomputeAll(f.ctx, 0); err != nil {
		f.t.Fatal(err)
	}
	if err := f.svc.Tick(f.ctx); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) deadline(conv int64, clock string) *deadline.Deadline {
	f.t.Helper()
	ds, err := f.st.DeadlinesFor(f.ctx, []int64{conv})
	if err != nil {
		f.t.Fatal(err)
	}
	return deadline.FindClock(ds[conv], clock)
}

func (f *fixture) events(conv int64) map[string]string {
	f.t.Helper()
	evs, err := f.st.DeadlineEvents(f.ctx, conv)
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range evs {
		out[e.Name] = e.NotifyState
	}
	return out
}

func (f *fixture) titles() []string {
	var out []string
	for _, n := range f.rec.All() {
		out = append(out, n.Title)
	}
	return out
}
