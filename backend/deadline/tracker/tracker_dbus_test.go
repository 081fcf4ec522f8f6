//go:build dbusnotify

// The deadline service over a real store, notifying through beeep to a
// notification server on a real D-Bus session bus; scripts/test-dbus.sh runs
// it inside a private dbus-run-session.
package tracker

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
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

// A demo session raised 12 notifications in 12 minutes: over the real bus a
// burst now becomes the first notification and digests, a missed promise is
// critical with no timeout, and a click opens its conversation.
func TestBurstDigestUrgencyAndClickOnDBus(t *testing.T) {
	srv := notifytest.StartServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	f := newFixture(t, inbox.NetworkX, at(23, 9, 0))
	opens := &notify.Opens{}
	opened := make(chan int64, 4)
	defer opens.Subscribe(func(id int64) { opened <- id })()
	d, err := notify.NewDBus("Care Inbox", opens)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	f.ann = notify.NewAnnouncer(notify.AnnouncerConfig{Store: f.st, Notifier: d, Local: berlin})
	f.svc = New(Config{Store: f.st, Announcer: f.ann, Now: f.clock.Now, Local: berlin})
	// Twelve customers a minute apart: each one's warning falls due a minute
	// after the previous one's, from 10:20 to 10:31.
	convs := make([]int64, 12)
	for i := range convs {
		convs[i] = f.ingest("c"+strconv.Itoa(i), inbox.KindPublic, in(at(23, 10, i)))
	}
	for m := 20; m < 32; m++ {
		f.tick(at(23, 10, m))
	}
	calls := srv.Calls()
	var summaries []string
	for _, c := range calls {
		summaries = append(summaries, c.Summary)
	}
	want := []string{"Reply due in 10 min — Jonas ‹b›K‹/b›", "5 conversations due in the next 10 minutes",
		"6 deadlines need attention"} // at 10:30: five warnings and the first one's internal target
	if !slices.Equal(summaries, want) {
		t.Fatalf("notifications over 12 minutes: %q, want %q", summaries, want)
	}
	// 10:30 the first conversation's target passed; at 11:00 its promise is
	// missed: shown at once despite the digest, critical, no timeout.
	f.tick(at(23, 11, 0))
	calls = srv.Calls()
	last := calls[len(calls)-1]
	if u, _ := last.Hints["urgency"].Value().(byte); u != 2 || last.ExpireTimeout != 0 {
		t.Fatalf("missed promise: %q urgency %v timeout %d, want critical and persistent", last.Summary, last.Hints["urgency"], last.ExpireTimeout)
	}
	if err := srv.Invoke(last.ID, notify.ActionOpen); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-opened:
		if id != convs[0] {
			t.Errorf("the click opened %d, want the first conversation %d", id, convs[0])
		}
	case <-ctx.Done():
		t.Fatal("the click on the bus did not reach the app")
	}
}
