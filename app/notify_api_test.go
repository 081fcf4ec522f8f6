package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/deadline/tracker"
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
