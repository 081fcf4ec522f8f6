//go:build dbusnotify

// A click on a real notification (ActionInvoked on a real session bus)
// reaches the window's handler; scripts/test-dbus.sh runs it inside a
// private dbus-run-session.
package app

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/notify"
	"careinbox/backend/notify/notifytest"
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
