package faultsuite

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector/connectortest"
	"careinbox/backend/connector/registry"
	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/secrets"
	"careinbox/backend/store"
)

// t0 is where the suite's clock starts.
var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// clock is the engine's fake clock: it moves only when the test says, so
// "due", back-off and retry times are exact and a loaded machine cannot
// shift them.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// jobLog is the scheduler's own record of job starts and ends (Config.OnJob).
type jobLog struct {
	mu     sync.Mutex
	events []engine.JobEvent
	change chan struct{}
}

func newJobLog() *jobLog { return &jobLog{change: make(chan struct{}, 1)} }

func (l *jobLog) add(ev engine.JobEvent) {
	l.mu.Lock()
	l.events = append(l.events, ev)
	l.mu.Unlock()
	select {
	case l.change <- struct{}{}:
	default:
	}
}

func (l *jobLog) snapshot() []engine.JobEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]engine.JobEvent(nil), l.events...)
}

// count counts the starts and ends of one handle's jobs of a kind in evs.
func count(evs []engine.JobEvent, kind engine.JobKind, handleID int64) (started, ended int) {
	for _, ev := range evs {
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

func (l *jobLog) state(kind engine.JobKind, handleID int64) (started, ended int) {
	return count(l.snapshot(), kind, handleID)
}

// until waits for cond after job events or proxy changes; the bound only
// catches a hang (it fails the test, it is never what is asserted).
func until(t *testing.T, what string, p *connectortest.FaultProxy, l *jobLog, cond func() bool) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for !cond() {
		select {
		case <-l.change:
		case <-p.Changed():
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			var b strings.Builder
			for _, ev := range l.snapshot() {
				fmt.Fprintf(&b, "\n  %s handle %d start=%v", ev.Kind, ev.HandleID, ev.Start)
			}
			t.Fatalf("gave up waiting (30 s) for %s; the scheduler's record:%s", what, b.String())
		}
	}
}

// panics records the engine's log lines about a recovered panic.
type panics struct {
	mu    sync.Mutex
	lines []string
}

func (p *panics) Enabled(context.Context, slog.Level) bool { return true }
func (p *panics) WithAttrs([]slog.Attr) slog.Handler       { return p }
func (p *panics) WithGroup(string) slog.Handler            { return p }
func (p *panics) Handle(_ context.Context, r slog.Record) error {
	if os.Getenv("FAULTSUITE_LOG") != "" {
		fmt.Fprintln(os.Stderr, r.Time.Format("15:04:05.000"), r.Message, attrs(r))
	}
	if strings.Contains(r.Message, "panic") {
		var b strings.Builder
		b.WriteString(r.Message)
		r.Attrs(func(a slog.Attr) bool { b.WriteString(" " + a.String()); return true })
		p.mu.Lock()
		p.lines = append(p.lines, b.String())
		p.mu.Unlock()
	}
	return nil
}

func attrs(r slog.Record) string {
	var b strings.Builder
	r.Attrs(func(a slog.Attr) bool { b.WriteString(" " + a.String()); return true })
	return b.String()
}

func (p *panics) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.lines...)
}

// rig is one network × fault: a healthy and a faulty handle of the same
// network, each with its own double, the faulty one behind a FaultProxy.
type rig struct {
	t       *testing.T
	net     network
	st      *store.Store
	sec     *secrets.Memory
	clock   *clock
	log     *jobLog
	panics  *panics
	proxy   *connectortest.FaultProxy
	healthy int64
	faulty  int64
}

func newRig(t *testing.T, n network) *rig {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "faults.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &rig{t: t, net: n, st: st, sec: secrets.NewMemory(), clock: &clock{t: t0}, log: newJobLog(), panics: &panics{}}
	client, err := st.CreateClient(ctx, inbox.Client{Name: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	healthySrv := connectortest.NewServer(t, n.handler(t))
	faultySrv := connectortest.NewServer(t, n.handler(t))
	r.proxy = connectortest.NewFaultProxy(t, faultySrv.URL)
	r.proxy.Now = r.clock.Now
	for _, h := range []struct {
		id      *int64
		name    string
		base    string
		account string // two handles of one network are two accounts
	}{{&r.healthy, "Healthy", healthySrv.URL, n.account}, {&r.faulty, "Faulty", r.proxy.URL, n.account + "2"}} {
		hh, err := st.CreateHandle(ctx, inbox.Handle{ClientID: client.ID, Network: n.name, RemoteAccountID: h.account, DisplayName: h.name})
		if err != nil {
			t.Fatal(err)
		}
		*h.id = hh.ID
		if err := st.SetHandleSettings(ctx, hh.ID, n.settings(h.base)); err != nil {
			t.Fatal(err)
		}
		if err := engine.SaveSecrets(ctx, r.sec, hh.ID, n.secrets); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// engine builds an engine over the rig's store with the given job timeout.
func (r *rig) engine(jobTimeout time.Duration) *engine.Engine {
	return engine.New(engine.Config{Store: r.st, Secrets: r.sec, Registry: registry.Factories(), Now: r.clock.Now,
		Logger: slog.New(r.panics), OnJob: r.log.add, JobTimeout: jobTimeout, Idle: time.Hour})
}

// run starts e.Run and returns the func that stops it and waits for it.
func (r *rig) run(e *engine.Engine) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = e.Run(ctx) }()
	return func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			r.t.Fatal("the engine did not stop within 30 s of its context ending")
		}
	}
}

func (r *rig) handle(id int64) inbox.Handle {
	r.t.Helper()
	h, err := r.st.Handle(context.Background(), id)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

func (r *rig) stream(id int64, s string) store.StreamState {
	r.t.Helper()
	st, err := r.st.Stream(context.Background(), id, s)
	if err != nil {
		r.t.Fatal(err)
	}
	return st
}

// conversation is the handle's synced conversation (the double has one).
func (r *rig) conversation(handleID int64) int64 {
	r.t.Helper()
	page, err := r.st.Conversations(context.Background(), inbox.ConversationFilter{HandleID: handleID}, 0, 5)
	if err != nil || len(page.Items) != 1 {
		r.t.Fatalf("handle %d: want its one synced conversation, got %d (%v)", handleID, len(page.Items), err)
	}
	return page.Items[0].ID
}

func (r *rig) reply(convID int64) inbox.Message {
	r.t.Helper()
	m, err := r.st.QueueReply(context.Background(), convID, "It is on its way, sorry for the wait!", r.net.visibility, "Sam", r.clock.Now())
	if err != nil {
		r.t.Fatal(err)
	}
	return m
}

func (r *rig) delivery(convID, messageID int64) (inbox.Delivery, string) {
	r.t.Helper()
	d, err := r.st.Conversation(context.Background(), convID)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, m := range d.Messages {
		if m.ID == messageID {
			return m.Delivery, m.SendError
		}
	}
	r.t.Fatalf("message %d is not in conversation %d", messageID, convID)
	return "", ""
}
