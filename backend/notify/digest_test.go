package notify

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// burst adds one pending event a minute (conversation 100+i at minute i) and
// announces each minute, as the deadline service's passes would.
type burst struct {
	t    *testing.T
	st   *memStore
	a    *Announcer
	rec  *Recorder
	base time.Time
}

func newBurst(t *testing.T, cfg AnnouncerConfig) *burst {
	b := &burst{t: t, st: &memStore{states: map[int64]string{}, meta: map[string]string{}}, rec: &Recorder{},
		base: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	cfg.Store, cfg.Notifier, cfg.Local = b.st, b.rec, time.UTC
	b.a = NewAnnouncer(cfg)
	return b
}

func (b *burst) add(minute int, name string) {
	at := b.base.Add(time.Duration(minute) * time.Minute)
	started := at.Add(-20 * time.Minute)
	cur := &deadline.Deadline{Clock: deadline.ClockResponse, StartedAt: started, State: name,
		InternalAt: started.Add(30 * time.Minute), PublishedAt: started.Add(time.Hour)}
	id := int64(len(b.st.pending) + 1)
	b.st.pending = append(b.st.pending, deadline.PendingEvent{Event: deadline.Event{ID: id, ConversationID: 100 + int64(minute),
		Clock: deadline.ClockResponse, StartedAt: started, Name: name, At: at}, ClientID: 1, ClientName: "Bakery", HandleID: 10,
		HandleName: "@bakery", Kind: inbox.KindPublic, CustomerName: "Ann", Current: cur})
	b.st.states[id] = deadline.NotifyPending
}

func (b *burst) announce(minute int) {
	b.t.Helper()
	if err := b.a.Announce(context.Background(), b.base.Add(time.Duration(minute)*time.Minute)); err != nil {
		b.t.Fatal(err)
	}
}

func TestBurstBecomesDigests(t *testing.T) {
	b := newBurst(t, AnnouncerConfig{})
	type shown struct {
		minute int
		title  string
	}
	var got []shown
	for m := 0; m < 12; m++ { // a demo session: one deadline warning a minute
		b.add(m, deadline.EventImminent)
		before := len(b.rec.All())
		b.announce(m)
		for _, n := range b.rec.All()[before:] {
			got = append(got, shown{m, n.Title})
		}
	}
	want := []shown{
		{0, "Reply due in 10 min — Ann"},
		{5, "5 conversations due in the next 10 minutes"}, // minutes 1–5, held since the first
		{10, "5 conversations due in the next 10 minutes"},
	}
	if len(got) != len(want) {
		t.Fatalf("shown %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("notification %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// Minutes 10 and 11 are held: the service is told when to come back.
	if at := b.a.NextAnnounce(); !at.Equal(b.base.Add(15 * time.Minute)) {
		t.Errorf("next announce %s, want 10:15", at.Format("15:04"))
	}
	for _, n := range b.rec.All() {
		if n.Critical || n.Persistent {
			t.Errorf("a warning was critical or persistent: %+v", n)
		}
	}
}

func TestNotificationUrgencyAndTarget(t *testing.T) {
	tests := []struct {
		name       string
		events     []string // one conversation each, 100, 101, …
		conv       int64
		critical   bool
		wantNumber int
	}{
		{"a warning opens its conversation", []string{deadline.EventImminent}, 100, false, 1},
		{"a missed promise is critical and stays", []string{deadline.EventBreached}, 100, true, 1},
		{"a group opens its most severe conversation", []string{deadline.EventImminent, deadline.EventBreached, deadline.EventLate}, 101, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBurst(t, AnnouncerConfig{})
			for i, ev := range tt.events {
				b.add(i, ev)
			}
			b.announce(len(tt.events))
			all := b.rec.All()
			if len(all) != tt.wantNumber {
				t.Fatalf("notifications %+v", all)
			}
			n := all[0]
			if n.ConversationID != tt.conv || n.Critical != tt.critical || n.Persistent != tt.critical {
				t.Errorf("conversation %d critical %v persistent %v, want %d %v %v", n.ConversationID, n.Critical, n.Persistent,
					tt.conv, tt.critical, tt.critical)
			}
		})
	}
}

func TestMissedPromiseBreaksThroughTheDigest(t *testing.T) {
	b := newBurst(t, AnnouncerConfig{})
	b.add(0, deadline.EventImminent)
	b.announce(0)
	b.add(1, deadline.EventImminent)
	b.announce(1) // held for the digest
	b.add(2, deadline.EventBreached)
	b.announce(2)
	all := b.rec.All()
	if len(all) != 2 || all[1].Title != "2 deadlines need attention" || !all[1].Critical || all[1].ConversationID != 102 {
		t.Fatalf("notifications %+v, want the held warning shown with the missed promise at once", all)
	}
}

func TestPauseHoldsThenShowsOneDigest(t *testing.T) {
	woke := 0
	b := newBurst(t, AnnouncerConfig{Wake: func() { woke++ }})
	ctx := context.Background()
	if until, err := b.a.PausedUntil(ctx); err != nil || !until.IsZero() {
		t.Fatalf("a new workspace is paused until %s, %v", until, err)
	}
	if err := b.a.Pause(ctx, b.base.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if until, _ := b.a.PausedUntil(ctx); !until.Equal(b.base.Add(time.Hour)) || woke != 1 {
		t.Fatalf("paused until %s (woke %d)", until, woke)
	}
	for m := 0; m < 3; m++ {
		b.add(m, deadline.EventImminent)
		b.announce(m)
	}
	b.add(3, deadline.EventBreached) // a pause holds even a missed promise: the user asked for quiet
	b.announce(3)
	if n := len(b.rec.All()); n != 0 {
		t.Fatalf("notified while paused: %+v", b.rec.All())
	}
	if at := b.a.NextAnnounce(); !at.Equal(b.base.Add(time.Hour)) {
		t.Errorf("next announce %s, want the pause's end", at)
	}
	b.announce(60)
	all := b.rec.All()
	if len(all) != 1 || all[0].Title != "Overdue: 4 deadlines need attention" {
		t.Fatalf("after the pause: %+v, want one digest", all)
	}
	// Resuming early shows what was held on the next pass.
	if err := b.a.Pause(ctx, b.base.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	b.add(70, deadline.EventBreached)
	b.announce(70)
	if err := b.a.Pause(ctx, time.Time{}); err != nil {
		t.Fatal(err)
	}
	b.announce(71)
	if all := b.rec.All(); len(all) != 2 || woke != 3 {
		t.Fatalf("after resuming: %+v (woke %d)", all, woke)
	}
}
