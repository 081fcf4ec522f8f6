//go:build dbusnotify

// A click on a real notification (ActionInvoked on a real session bus)
// reaches the window's handler; scripts/test-dbus.sh runs it inside a
// private dbus-run-session.
package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/deadline/tracker"
	"careinbox/backend/notify"
	"careinbox/backend/notify/notifytest"
	"careinbox/backend/store"
)

func TestNotificationClickOnDBusOpensTheConversation(t *testing.T) {
	srv := notifytest.StartServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opens := &notify.Opens{}
	d, err := notify.NewDBus("Care Inbox", opens)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	type emitted struct {
		name string
		id   any
	}
	got := make(chan emitted, 2)
	shown := make(chan struct{}, 2)
	// What Startup subscribes, with the window's emit and show replaced.
	defer opens.Subscribe(openConversation(func(name string, data any) { got <- emitted{name, data} },
		func() { shown <- struct{}{} }))()
	if err := d.Notify(ctx, notify.Notification{Title: "Promise missed — Ann", ConversationID: 7, Critical: true, Persistent: true}); err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls()
	if len(calls) != 1 {
		t.Fatalf("calls = %+v", calls)
	}
	if err := srv.Invoke(calls[0].ID, notify.ActionOpen); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-got:
		if e.name != EventOpenConversation || e.id != int64(7) {
			t.Fatalf("the window was sent %+v, want %s 7", e, EventOpenConversation)
		}
	case <-ctx.Done():
		t.Fatal("the click did not reach the window")
	}
	select {
	case <-shown:
	default:
		t.Error("the window was not brought forward")
	}
}

// A desktop whose bus has no notification service: the window says so, in
// the real D-Bus error's words, and stops saying it once a service appears
// and the retry reaches it.
func TestNoNotificationServiceOnDBusIsShownThenRecovered(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := notify.NewDBus("Care Inbox", &notify.Opens{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	now := time.Date(2026, 11, 23, 10, 21, 0, 0, time.UTC) // a Monday morning: within the default hours
	notices := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: d, Local: time.UTC})
	svc := tracker.New(tracker.Config{Store: st, Announcer: notices, Now: func() time.Time { return now }, Local: time.UTC})
	a := New(Config{Store: st, Logger: slog.New(slog.DiscardHandler), Deadlines: svc, Notices: notices})
	waitingConversation(t, st, now)
	if err := svc.RecomputeAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := a.Deadlines.NotificationPause()
	if err != nil || !p.Failing || p.Failure == "" || p.RetryAt != now.Add(30*time.Second).UnixMilli() {
		t.Fatalf("with no notification service on the bus: %+v, %v", p, err)
	}
	t.Logf("the window is told: %q", p.Failure)

	srv := notifytest.StartServer(t)
	now = now.Add(31 * time.Second)
	if err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if p, _ := a.Deadlines.NotificationPause(); p.Failing || len(srv.Calls()) != 1 {
		t.Fatalf("once a service is there: %+v, %d calls", p, len(srv.Calls()))
	}
}
