package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"careinbox/backend/deadline/tracker"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

func TestClickOnANotificationOpensItsConversation(t *testing.T) {
	opens := &notify.Opens{}
	type emitted struct {
		name string
		data any
	}
	var got []emitted
	shown := 0
	cancel := opens.Subscribe(openConversation(func(name string, data any) { got = append(got, emitted{name, data}) },
		func() { shown++ }))
	opens.Open(42)
	cancel()
	opens.Open(43) // the window is gone
	if len(got) != 1 || got[0].name != EventOpenConversation || got[0].data != int64(42) || shown != 1 {
		t.Fatalf("emitted %+v, window shown %d times", got, shown)
	}
}

func TestPauseNotificationsAPI(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	woke := 0
	notices := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: &notify.Recorder{}, Wake: func() { woke++ }})
	svc := tracker.New(tracker.Config{Store: st, Announcer: notices})
	a := New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Deadlines: svc, Notices: notices})
	if p, err := a.Deadlines.NotificationPause(); err != nil || p.PausedUntil != 0 {
		t.Fatalf("a new workspace: %+v, %v", p, err)
	}
	for _, bad := range []int{0, -5, 24*60 + 1} {
		if _, err := a.Deadlines.PauseNotifications(bad); err == nil {
			t.Errorf("a pause of %d minutes was accepted", bad)
		}
	}
	before := time.Now()
	p, err := a.Deadlines.PauseNotifications(60)
	if err != nil {
		t.Fatal(err)
	}
	until := time.UnixMilli(p.PausedUntil)
	if until.Before(before.Add(time.Hour).Add(-time.Second)) || until.After(time.Now().Add(time.Hour)) {
		t.Fatalf("paused until %s, want an hour from now", until)
	}
	if again, _ := a.Deadlines.NotificationPause(); again != p || woke != 1 {
		t.Errorf("read back %+v (woke %d), want %+v", again, woke, p)
	}
	if p, err := a.Deadlines.ResumeNotifications(); err != nil || p.PausedUntil != 0 {
		t.Fatalf("resume: %+v, %v", p, err)
	}
	if p, _ := a.Deadlines.NotificationPause(); p.PausedUntil != 0 || woke != 2 {
		t.Errorf("after resuming: %+v (woke %d)", p, woke)
	}
}

// The window learns that notifications do not reach the desktop (and when
// they do again): the pause's state carries it, and the window is told
// when it flips.
func TestNotificationHealthAPI(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 23, 10, 21, 0, 0, time.UTC)
	rec := &notify.Recorder{}
	rec.FailWith(errors.New("org.freedesktop.DBus.Error.ServiceUnknown"))
	notices := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: rec, Local: time.UTC})
	svc := tracker.New(tracker.Config{Store: st, Announcer: notices, Now: func() time.Time { return now }, Local: time.UTC})
	a := New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Deadlines: svc, Notices: notices})
	var emitted []NotificationPauseDTO
	notices.OnHealthChange(func() {
		emitNotificationState(ctx, notices, func(name string, data any) {
			if name == EventNotificationPause {
				emitted = append(emitted, data.(NotificationPauseDTO))
			}
		})
	})

	waitingConversation(t, st, now)
	if p, _ := a.Deadlines.NotificationPause(); p.Failing {
		t.Fatalf("before any notification: %+v", p)
	}
	if err := svc.RecomputeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := a.Deadlines.NotificationPause()
	if err != nil || !p.Failing || p.Since != now.UnixMilli() || p.RetryAt != now.Add(30*time.Second).UnixMilli() ||
		!strings.Contains(p.Failure, "ServiceUnknown") {
		t.Fatalf("a failed notification: %+v, %v", p, err)
	}
	if len(emitted) != 1 || !emitted[0].Failing || emitted[0].RetryAt != p.RetryAt {
		t.Fatalf("the window was told %+v", emitted)
	}
	rec.FailWith(nil)
	now = now.Add(31 * time.Second)
	if err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if p, _ := a.Deadlines.NotificationPause(); p.Failing || len(rec.All()) != 1 {
		t.Fatalf("after the retry worked: %+v, %d shown", p, len(rec.All()))
	}
	if len(emitted) != 2 || emitted[1].Failing {
		t.Fatalf("the window was told %+v", emitted)
	}
}

// waitingConversation stores a client, a handle and a customer's message
// sent 21 minutes before now, so a pass at now has a deadline to announce.
func waitingConversation(t *testing.T, st *store.Store, now time.Time) {
	t.Helper()
	ctx := context.Background()
	c, err := st.CreateClient(ctx, inbox.Client{Name: "Bakery", TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkInstagram, RemoteAccountID: "a", DisplayName: "@bakery"})
	if err != nil {
		t.Fatal(err)
	}
	cust := inbox.Participant{Network: inbox.NetworkInstagram, RemoteID: "u", DisplayName: "Ann"}
	if _, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "t", Kind: inbox.KindPrivate, Customer: cust,
		Messages: []store.IncomingMessage{{RemoteID: "m", Direction: inbox.Inbound, Author: cust, Text: "hi", SentAt: now.Add(-21 * time.Minute)}}}}, nil); err != nil {
		t.Fatal(err)
	}
}
