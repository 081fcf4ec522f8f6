package tracker

import (
	"errors"
	"strings"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
)

func TestNotifiesEachMarkOnce(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	f.ingest("c", inbox.KindPublic, in(at(23, 10, 0)))
	want := []struct {
		now   time.Time
		total int
		title string
	}{
		{at(23, 10, 5), 0, ""},
		{at(23, 10, 20), 1, "Reply due in 10 min — Jonas ‹b›K‹/b›"},
		{at(23, 10, 21), 1, ""},
		{at(23, 10, 30), 2, "Internal target missed — Jonas ‹b›K‹/b›"},
		{at(23, 10, 50), 3, "Promise due in 10 min — Jonas ‹b›K‹/b›"},
		{at(23, 11, 0), 4, "Promise missed — Jonas ‹b›K‹/b›"},
		{at(23, 11, 30), 4, ""},
	}
	for _, w := range want {
		f.tick(w.now)
		all := f.rec.All()
		if len(all) != w.total {
			t.Fatalf("at %s: %d notifications %v, want %d", w.now.Format("15:04"), len(all), f.titles(), w.total)
		}
		if w.title != "" && all[len(all)-1].Title != w.title {
			t.Errorf("at %s: title %q, want %q", w.now.Format("15:04"), all[len(all)-1].Title, w.title)
		}
	}
	if body := f.rec.All()[0].Body; !strings.Contains(body, "Internal target 10:30, promised by 11:00") {
		t.Errorf("body = %q", body)
	}
}

func TestGroupsNotificationsThatFireTogether(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	for i, min := range []int{0, 1, 2, 3} {
		f.ingest(string(rune('a'+i)), inbox.KindPublic, in(at(23, 10, min)))
	}
	f.tick(at(23, 10, 23))
	all := f.rec.All()
	if len(all) != 1 || all[0].Title != "4 conversations due in the next 10 minutes" {
		t.Fatalf("notifications = %v, want one grouped", f.titles())
	}
	if !strings.Contains(all[0].Body, "4 due soon") || !strings.Contains(all[0].Body, "and 1 more") {
		t.Errorf("body = %q", all[0].Body)
	}
}

func TestRestartNeverRefiresAndCatchesUpLate(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	conv := f.ingest("c", inbox.KindPublic, in(at(23, 10, 0)))
	f.tick(at(23, 10, 21))
	if n := len(f.rec.All()); n != 1 {
		t.Fatalf("before restart: %v", f.titles())
	}
	// Same time after a restart: nothing again.
	f.restart()
	f.tick(at(23, 10, 21))
	if n := len(f.rec.All()); n != 1 {
		t.Fatalf("a restart re-fired: %v", f.titles())
	}
	// The app was closed (or the computer slept) from 10:21 to 12:00: the
	// breach still matters, so it fires late and says so; the marks passed
	// meanwhile are recorded but folded into it.
	f.restart()
	f.tick(at(23, 12, 0))
	all := f.rec.All()
	if len(all) != 2 || all[1].Title != "Overdue: Promise missed — Jonas ‹b›K‹/b›" || !strings.Contains(all[1].Body, "Noticed late") {
		t.Fatalf("after a long gap: %v", f.titles())
	}
	evs := f.events(conv)
	if evs[deadline.EventLate] != deadline.NotifySuperseded || evs[deadline.EventAtRisk] != deadline.NotifySuperseded || evs[deadline.EventBreached] != deadline.NotifySent {
		t.Errorf("events = %v", evs)
	}
	// A clock jump backwards and forwards again changes nothing.
	f.restart()
	f.tick(at(23, 9, 0))
	f.tick(at(23, 13, 0))
	if n := len(f.rec.All()); n != 2 {
		t.Errorf("clock jumps re-fired: %v", f.titles())
	}
}

func TestQuietHoursHoldThenDeliver(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	if err := f.ann.SetQuietHours(f.ctx, notify.QuietHours{Enabled: true, StartMin: 10*60 + 15, EndMin: 10*60 + 45}); err != nil {
		t.Fatal(err)
	}
	f.ingest("c", inbox.KindPublic, in(at(23, 10, 0)))
	f.tick(at(23, 10, 21))
	f.tick(at(23, 10, 31))
	if n := len(f.rec.All()); n != 0 {
		t.Fatalf("notified during quiet hours: %v", f.titles())
	}
	f.tick(at(23, 10, 45))
	all := f.rec.All()
	if len(all) != 1 || all[0].Title != "Overdue: Internal target missed — Jonas ‹b›K‹/b›" {
		t.Fatalf("after quiet hours: %v", f.titles())
	}
}

func TestSwitchesMute(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	if err := f.svc.SetNotify(f.ctx, f.client.ID, 0, false); err != nil {
		t.Fatal(err)
	}
	a := f.ingest("a", inbox.KindPublic, in(at(23, 10, 0)))
	f.tick(at(23, 10, 21))
	if n := len(f.rec.All()); n != 0 {
		t.Fatalf("muted client notified: %v", f.titles())
	}
	if evs := f.events(a); evs[deadline.EventImminent] != deadline.NotifyMuted {
		t.Errorf("events = %v", evs)
	}
	// The handle's own switch wins over the client's.
	if err := f.svc.SetNotify(f.ctx, f.client.ID, f.handle.ID, true); err != nil {
		t.Fatal(err)
	}
	f.tick(at(23, 10, 31))
	if n := len(f.rec.All()); n != 1 {
		t.Errorf("handle switched on: %v", f.titles())
	}
}

// A failed notification stays pending and is retried when the announcer's
// back-off ends: the service wakes for it, not on every pass.
func TestFailedNotificationIsRetried(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	f.ingest("c", inbox.KindPublic, in(at(23, 10, 0)))
	f.rec.FailWith(errors.New("no notification service"))
	f.clock.Set(at(23, 10, 21))
	if err := f.svc.RecomputeAll(f.ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Tick(f.ctx); err != nil {
		t.Fatalf("a notifier failure failed the pass: %v", err)
	}
	retry := at(23, 10, 21).Add(30 * time.Second)
	if next, err := f.svc.NextWake(f.ctx); err != nil || !next.Equal(retry) {
		t.Fatalf("next wake-up = %v, %v; want the retry at %v", next, err, retry)
	}
	f.rec.FailWith(nil)
	f.tick(retry.Add(-time.Second))
	if n := len(f.rec.All()); n != 0 {
		t.Errorf("notified during the back-off: %v", f.titles())
	}
	f.tick(retry)
	if n := len(f.rec.All()); n != 1 {
		t.Errorf("after the service came back: %v", f.titles())
	}
}

func TestBlindSpotAnnouncedOnce(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	f.ingest("c", inbox.KindPublic, in(at(23, 10, 0)))
	if err := f.st.SetHandleSync(f.ctx, f.handle.ID, inbox.SyncOK, "", at(23, 9, 42)); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetHandleSync(f.ctx, f.handle.ID, inbox.SyncError, "timeout", at(23, 10, 1)); err != nil {
		t.Fatal(err)
	}
	f.tick(at(23, 10, 2))
	f.tick(at(23, 10, 3))
	f.restart()
	f.tick(at(23, 10, 4))
	var spots []string
	for _, n := range f.rec.All() {
		if strings.HasPrefix(n.Title, "Deadlines uncertain") {
			spots = append(spots, n.Title+" | "+n.Body)
		}
	}
	if len(spots) != 1 || !strings.Contains(spots[0], "data as of 09:42") || !strings.Contains(spots[0], "sync is failing") {
		t.Fatalf("blind-spot notifications = %v", spots)
	}
	h, _ := f.st.Handle(f.ctx, f.handle.ID)
	if bad, _ := deadline.Uncertain(h, at(23, 10, 4), 0); !bad {
		t.Error("a failing handle is not uncertain")
	}
	h.SyncState = inbox.SyncOK
	if bad, _ := deadline.Uncertain(h, at(23, 10, 4), 15*time.Minute); !bad {
		t.Error("22-minute-old data is not uncertain with a 15-minute threshold")
	}
}
