//go:build dbusnotify

// The deadline service over a real store, notifying through beeep to a
// notification server on a real D-Bus session bus; scripts/test-dbus.sh runs
// it inside a private dbus-run-session.
package tracker

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/notify/notifytest"
	"careinbox/backend/store"
)

func TestDeadlineNotificationOnDBusOnceAcrossRestarts(t *testing.T) {
	srv := notifytest.StartServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	path := filepath.Join(t.TempDir(), "careinbox.db")
	clock := &fakeClock{t: at(23, 10, 21)}

	// One "run of the app": open the store, start the service (its first
	// pass recomputes everything and notifies), let it settle, stop both.
	run := func(setup func(*store.Store)) {
		t.Helper()
		bus := events.New()
		st, err := store.Open(ctx, path, store.WithPublisher(bus))
		if err != nil {
			t.Fatal(err)
		}
		if setup != nil {
			setup(st)
		}
		ann := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: notify.NewBeeep("Care Inbox"), Local: berlin})
		svc := New(Config{Store: st, Deltas: bus, Announcer: ann, Now: clock.Now, Local: berlin,
			MaxSleep: 50 * time.Millisecond})
		svc.Start(ctx)
		// However the loop's passes fall, one more explicit pass must not add anything.
		time.Sleep(300 * time.Millisecond)
		if err := svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		svc.Close()
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}

	run(func(st *store.Store) {
		c, err := st.CreateClient(ctx, inbox.Client{Name: "Brightside Bakery", TimeZone: "Europe/Berlin"})
		if err != nil {
			t.Fatal(err)
		}
		h, err := st.CreateHandle(ctx, inbox.Handle{ClientID: c.ID, Network: inbox.NetworkX, RemoteAccountID: "a", DisplayName: "@AskBrightside"})
		if err != nil {
			t.Fatal(err)
		}
		cust := inbox.Participant{Network: inbox.NetworkX, RemoteID: "u1", DisplayName: "Jonas Kowalski"}
		if _, err := st.Ingest(ctx, h.ID, []store.IncomingConversation{{RemoteID: "t1", Kind: inbox.KindPublic, Customer: cust,
			Messages: []store.IncomingMessage{{RemoteID: "m1", Direction: inbox.Inbound, Author: cust, Text: "battery?", SentAt: at(23, 10, 0)}}}}, nil); err != nil {
			t.Fatal(err)
		}
	})
	calls, err := srv.Wait(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 || calls[0].Summary != "Reply due in 9 min — Jonas Kowalski" || calls[0].AppName != "Care Inbox" {
		t.Fatalf("first run: %+v", calls)
	}

	run(nil) // a restart at the same time shows nothing again
	if calls := srv.Calls(); len(calls) != 1 {
		t.Fatalf("a restart re-fired: %+v", calls)
	}

	clock.Set(at(23, 12, 0)) // closed (or asleep) past the promise
	run(nil)
	calls = srv.Calls()
	if len(calls) != 2 || calls[1].Summary != "Overdue: Promise missed — Jonas Kowalski" {
		t.Fatalf("after the gap: %+v", calls)
	}

	run(nil)
	if calls := srv.Calls(); len(calls) != 2 {
		t.Fatalf("the late notification re-fired after another restart: %+v", calls)
	}
}
