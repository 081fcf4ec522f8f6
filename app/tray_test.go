package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"careinbox/backend/deadline/tracker"
	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
	"careinbox/backend/tray"
)

// fakeTray records what the app shows in the tray.
type fakeTray struct {
	cfg     tray.Config
	started chan struct{}
	states  chan tray.State
	stopped chan struct{}
	shown   bool
}

func (f *fakeTray) Start() error        { close(f.started); return tray.ErrNoWatcher }
func (f *fakeTray) Update(s tray.State) { f.states <- s }
func (f *fakeTray) Shown() bool         { return f.shown }
func (f *fakeTray) Stop()               { close(f.stopped) }

// wait returns once the app shows a state ok accepts (a minute's tick may
// show the unchanged one first).
func (f *fakeTray) wait(t *testing.T, what string, ok func(tray.State) bool) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case s := <-f.states:
			if ok(s) {
				return
			}
		case <-timeout:
			t.Fatalf("the tray never showed %s", what)
		}
	}
}

// The tray's queue line counts what Due soon lists for the hour, split at
// now into due and overdue, and follows a pause made in the window.
func TestTrayFollowsTheQueueAndThePause(t *testing.T) {
	ctx := context.Background()
	bus := events.New()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"), store.WithPublisher(bus))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC().Truncate(time.Minute)
	notices := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: &notify.Recorder{}, Local: time.UTC})
	var clock atomic.Int64 // the tracker's clock, moved back once before the tray starts
	clock.Store(now.UnixMilli())
	svc := tracker.New(tracker.Config{Store: st, Announcer: notices, Now: func() time.Time { return time.UnixMilli(clock.Load()).UTC() }, Local: time.UTC})
	f := &fakeTray{started: make(chan struct{}), states: make(chan tray.State, 16), stopped: make(chan struct{}), shown: true}
	a := New(Config{Store: st, Deltas: bus, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Deadlines: svc, Notices: notices,
		Desktop: DesktopConfig{Tray: func(c tray.Config) Tray { f.cfg = c; return f }}})

	c, _ := st.CreateClient(ctx, inbox.Client{Name: "Bakery", TimeZone: "UTC"})
	set, err := a.Deadlines.Settings(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	set.Calendar.AlwaysOpen = true // the default Mon–Fri 9–17 would move the deadlines out of the hour
	if err := a.Deadlines.SaveCalendar(c.ID, 0, set.Calendar); err != nil {
		t.Fatal(err)
	}
	h, _ := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkMastodon, RemoteAccountID: "a", DisplayName: "@bakery"})
	wrote := func(remote string, ago time.Duration) {
		t.Helper()
		cust := inbox.Participant{Network: inbox.NetworkMastodon, RemoteID: remote, DisplayName: remote}
		if _, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: remote, Kind: inbox.KindPrivate, Customer: cust,
			Messages: []store.IncomingMessage{{RemoteID: remote, Direction: inbox.Inbound, Author: cust, Text: "hi", SentAt: now.Add(-ago)}}}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	wrote("ann", 21*time.Minute) // internal target (30 min) in 9 minutes
	wrote("bob", 45*time.Minute) // passed 15 minutes ago
	wrote("cid", 0)              // due in 30 minutes
	if err := svc.RecomputeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	s, next, err := a.queueState(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if s.DueSoon != 2 || s.Overdue != 1 || !s.PausedUntil.IsZero() {
		t.Errorf("queue = %+v, want 2 due, 1 overdue, not paused", s)
	}
	if want := now.Add(9 * time.Minute); !next.Equal(want) {
		t.Errorf("next change = %s, want %s (ann's target passing)", next, want)
	}
	// Later in the hour nothing passes: the line changes next when a
	// conversation due later comes within the hour, or the pause ends.
	for _, tt := range []struct {
		at   time.Duration
		want time.Duration
	}{{31 * time.Minute, 0}} {
		_, next, err := a.queueState(ctx, now.Add(tt.at))
		if err != nil || !next.IsZero() {
			t.Errorf("next change at +%s = %s, %v; want none", tt.at, next, err)
		}
	}
	// Two hours earlier nothing is within the hour; the line changes when
	// bob's target (15 minutes ago) comes within it.
	clock.Store(now.Add(-2 * time.Hour).UnixMilli())
	if s, next, err := a.queueState(ctx, now.Add(-2*time.Hour)); err != nil || s.DueSoon+s.Overdue != 0 || !next.Equal(now.Add(-15*time.Minute-trayHorizon)) {
		t.Errorf("two hours earlier: %+v, next change %s, %v; want nothing due, next at %s", s, next, err, now.Add(-15*time.Minute-trayHorizon))
	}
	clock.Store(now.UnixMilli())

	a.startTray(ctx)
	<-f.started
	if f.cfg.Title != "Care Inbox" || f.cfg.Open == nil || f.cfg.Quit == nil || f.cfg.Pause == nil {
		t.Errorf("tray config = %+v", f.cfg)
	}
	if got := <-f.states; got.DueSoon != 2 || got.Overdue != 1 {
		t.Errorf("first state = %+v", got)
	}
	if !a.trayShown() {
		t.Error("trayShown() = false with the tray in a panel")
	}
	if _, err := a.Deadlines.PauseNotifications(60); err != nil {
		t.Fatal(err)
	}
	f.wait(t, "the pause", func(s tray.State) bool { return s.PausedUntil.After(now) })
	wrote("dan", 50*time.Minute) // a delta: read again
	if err := svc.RecomputeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	f.wait(t, "a second overdue conversation", func(s tray.State) bool { return s.Overdue == 2 })
	a.stopTray()
	<-f.stopped
	if a.trayShown() {
		t.Error("trayShown() after stopTray")
	}
}
