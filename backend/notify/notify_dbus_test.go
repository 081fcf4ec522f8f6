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
