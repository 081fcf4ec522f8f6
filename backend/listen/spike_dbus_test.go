//go:build dbusnotify

// scripts/test-dbus.sh runs this inside a private dbus-run-session whose
// bus starts with no notification service.
package listen

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/notify"
	"careinbox/backend/notify/notifytest"
)

// A surge found while the desktop has no notification service: the real
// D-Bus notifier fails, the spikes are kept undelivered and the window's
// notification health says they do not show; once a service is on the bus
// the next check shows both, each once, and the health is good again. The
// notifier is wired as core wires it (the announcer observing it).
func TestSpikeSentAgainOnDBusOnceAServiceAnswers(t *testing.T) {
	f := newFixture(t)
	surge(t, f)
	d, err := notify.NewDBus("Care Inbox", &notify.Opens{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ann := notify.NewAnnouncer(notify.AnnouncerConfig{Store: f.st, Notifier: d})
	f.svc = New(Config{Store: f.st, Notifier: ann.Observed(d), Hold: ann, Now: func() time.Time { return f.now }})
	if err := f.svc.CheckSpikes(f.ctx); err != nil {
		t.Fatal(err)
	}
	spikes, err := f.st.ListenSpikes(f.ctx, f.client.ID, f.now.Add(-time.Hour))
	if err != nil || len(spikes) != 2 || !spikes[0].DeliveredAt.IsZero() || !spikes[1].DeliveredAt.IsZero() {
		t.Fatalf("with no notification service: %+v, %v; want both spikes undelivered", spikes, err)
	}
	if h := ann.Health(); !h.Failing || h.Err == "" {
		t.Fatalf("with no notification service the health is %+v; want failing, with the D-Bus error", h)
	}

	srv := notifytest.StartServer(t)
	f.now = f.now.Add(spikeEvery)
	f.svc.checkSpikes(f.ctx)
	ctx, cancel := context.WithTimeout(f.ctx, 10*time.Second)
	defer cancel()
	calls, err := srv.Wait(ctx, 2)
	if err != nil {
		t.Fatalf("once a service is there: %v (%d calls)", err, len(srv.Calls()))
	}
	for _, c := range calls {
		if !strings.Contains(c.Summary, "acme") || !strings.Contains(c.Body, "zipper") {
			t.Errorf("shown: %q / %q, want the surge's title and its top words", c.Summary, c.Body)
		}
	}
	if h := ann.Health(); h.Failing {
		t.Errorf("after the surges showed the health is still %+v", h)
	}
	f.now = f.now.Add(spikeEvery)
	f.svc.checkSpikes(f.ctx)
	if n := len(srv.Calls()); n != 2 {
		t.Errorf("%d notifications after a later check, want still 2", n)
	}
	if spikes, _ = f.st.ListenSpikes(f.ctx, f.client.ID, f.now.Add(-2*time.Hour)); len(spikes) != 2 || spikes[0].DeliveredAt.IsZero() {
		t.Errorf("after delivery: %+v", spikes)
	}
}
