//go:build dbusnotify

// This test sends a real notification over D-Bus to an in-process fake
// server; scripts/test-dbus.sh runs it inside a private dbus-run-session.
package notify_test

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/notify"
	"careinbox/backend/notify/notifytest"
)

func TestBeeepSendsOverDBus(t *testing.T) {
	srv := notifytest.StartServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	tests := []struct {
		name    string
		appName string
		n       notify.Notification
	}{
		{"plain", "Care Inbox", notify.Notification{Title: "Reply due today", Body: "Conversation with Client A", Key: "deadline/1"}},
		{"unicode and empty body", "Care Inbox (demo)", notify.Notification{Title: "Neue Nachricht – Ärztin"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := notify.NewBeeep(tt.appName).Notify(ctx, tt.n); err != nil {
				t.Fatalf("notify: %v", err)
			}
			calls := srv.Calls()
			if len(calls) != i+1 {
				t.Fatalf("server got %d calls in total, want %d: %+v", len(calls), i+1, calls)
			}
			c := calls[i]
			if c.AppName != tt.appName || c.Summary != tt.n.Title || c.Body != tt.n.Body {
				t.Errorf("got app %q summary %q body %q, want %q %q %q",
					c.AppName, c.Summary, c.Body, tt.appName, tt.n.Title, tt.n.Body)
			}
		})
	}
}

func TestServerWait(t *testing.T) {
	srv := notifytest.StartServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	go func() {
		time.Sleep(50 * time.Millisecond)
		_ = notify.NewBeeep("Care Inbox").Notify(ctx, notify.Notification{Title: "later"})
	}()
	calls, err := srv.Wait(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 || calls[0].Summary != "later" {
		t.Fatalf("calls = %+v", calls)
	}

	short, cancelShort := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancelShort()
	if _, err := srv.Wait(short, 2); err == nil {
		t.Fatal("Wait returned without a second notification")
	}
}

func TestDBusNotifierOpensTheConversationOnClick(t *testing.T) {
	srv := notifytest.StartServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opens := &notify.Opens{}
	opened := make(chan int64, 4)
	defer opens.Subscribe(func(id int64) { opened <- id })()
	d, err := notify.NewDBus("Care Inbox", opens)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	tests := []struct {
		name    string
		n       notify.Notification
		urgency byte
		expire  int32
	}{
		{"a warning: normal urgency, the server's timeout", notify.Notification{Title: "Reply due in 9 min — Ann", ConversationID: 41}, 1, -1},
		{"a missed promise: critical, no timeout", notify.Notification{Title: "Promise missed — Ann", ConversationID: 42,
			Critical: true, Persistent: true}, 2, 0},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := d.Notify(ctx, tt.n); err != nil {
				t.Fatal(err)
			}
			calls := srv.Calls()
			if len(calls) != i+1 {
				t.Fatalf("calls = %+v", calls)
			}
			c := calls[i]
			if c.Summary != tt.n.Title || c.AppName != "Care Inbox" || len(c.Actions) != 2 || c.Actions[0] != notify.ActionOpen {
				t.Errorf("call %+v", c)
			}
			if u, ok := c.Hints["urgency"].Value().(byte); !ok || u != tt.urgency || c.ExpireTimeout != tt.expire {
				t.Errorf("urgency %v, timeout %d; want %d, %d", c.Hints["urgency"], c.ExpireTimeout, tt.urgency, tt.expire)
			}
		})
	}
	calls := srv.Calls()
	// A click on a notification that is not ours, then on the missed promise.
	if err := srv.Invoke(9999, notify.ActionOpen); err != nil {
		t.Fatal(err)
	}
	if err := srv.Invoke(calls[1].ID, notify.ActionOpen); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-opened:
		if id != 42 {
			t.Fatalf("opened conversation %d, want 42 (and nothing for the unknown notification)", id)
		}
	case <-ctx.Done():
		t.Fatal("the click did not reach the app")
	}
}
