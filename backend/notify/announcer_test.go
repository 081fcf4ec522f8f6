package notify

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// memStore is an in-memory EventStore: the Announcer's policy is checked
// here on its own; the deadline service's tests run it over a real store.
type memStore struct {
	pending  []deadline.PendingEvent
	states   map[int64]string
	switches []deadline.NotifySwitch
	meta     map[string]string
	claims   int // MarkDeadlineEvents calls that claimed something for sending
}

func (m *memStore) PendingDeadlineEvents(context.Context) ([]deadline.PendingEvent, error) {
	var out []deadline.PendingEvent
	for _, p := range m.pending {
		if m.states[p.ID] == deadline.NotifyPending {
			out = append(out, p)
		}
	}
	return out, nil
}

func (m *memStore) MarkDeadlineEvents(_ context.Context, ids []int64, state string, _ time.Time) (int, error) {
	if state == deadline.NotifySent {
		m.claims++
	}
	n := 0
	for _, id := range ids {
		if m.states[id] == deadline.NotifyPending {
			m.states[id] = state
			n++
		}
	}
	return n, nil
}

func (m *memStore) UnmarkDeadlineEvents(_ context.Context, ids []int64) error {
	for _, id := range ids {
		m.states[id] = deadline.NotifyPending
	}
	return nil
}

func (m *memStore) PendingBlindSpots(context.Context) ([]deadline.BlindSpot, error) { return nil, nil }
func (m *memStore) MarkBlindSpot(context.Context, int64, time.Time, string, time.Time) error {
	return nil
}
func (m *memStore) UnmarkBlindSpot(context.Context, int64, time.Time) error { return nil }
func (m *memStore) OpenDeadlineCount(context.Context, int64) (int, error)   { return 0, nil }
func (m *memStore) Handle(context.Context, int64) (inbox.Handle, error)     { return inbox.Handle{}, nil }
func (m *memStore) NotifySwitches(context.Context) ([]deadline.NotifySwitch, error) {
	return m.switches, nil
}
func (m *memStore) Meta(_ context.Context, k string) (string, error) { return m.meta[k], nil }
func (m *memStore) SetMeta(_ context.Context, k, v string) error {
	m.meta[k] = v
	return nil
}

var _ EventStore = (*memStore)(nil)

// imminentStore holds one pending event: a response deadline imminent at now.
func imminentStore(now time.Time) *memStore {
	cur := &deadline.Deadline{Clock: deadline.ClockResponse, StartedAt: now, InternalAt: now.Add(9 * time.Minute), PublishedAt: now.Add(time.Hour)}
	return &memStore{pending: []deadline.PendingEvent{{Event: deadline.Event{ID: 1, Clock: deadline.ClockResponse, StartedAt: now,
		Name: deadline.EventImminent, At: now}, Current: cur}}, states: map[int64]string{1: deadline.NotifyPending}, meta: map[string]string{}}
}

func TestAnnouncerPolicy(t *testing.T) {
	utc := time.UTC
	now := time.Date(2026, 11, 23, 10, 21, 0, 0, utc)
	started := now.Add(-21 * time.Minute)
	clock := &deadline.Deadline{Clock: deadline.ClockResponse, StartedAt: started, State: deadline.StateImminent,
		InternalAt: started.Add(30 * time.Minute), PublishedAt: started.Add(time.Hour)}
	ev := func(id, conv int64, name string, at time.Time, cur *deadline.Deadline) deadline.PendingEvent {
		return deadline.PendingEvent{Event: deadline.Event{ID: id, ConversationID: conv, Clock: deadline.ClockResponse,
			StartedAt: started, Name: name, At: at}, ClientID: 1, ClientName: "Bakery", HandleID: 10, HandleName: "@bakery",
			Kind: inbox.KindPublic, CustomerName: "Ann <i>", Current: cur}
	}
	tests := []struct {
		name     string
		pending  []deadline.PendingEvent
		switches []deadline.NotifySwitch
		quiet    string
		titles   []string
		states   map[int64]string
	}{
		{"one imminent", []deadline.PendingEvent{ev(1, 100, deadline.EventImminent, now.Add(-time.Minute), clock)}, nil, "",
			[]string{"Reply due in 9 min — Ann ‹i›"}, map[int64]string{1: deadline.NotifySent}},
		{"the most severe of one cycle wins", []deadline.PendingEvent{ev(1, 100, deadline.EventImminent, now.Add(-time.Minute), clock),
			ev(2, 100, deadline.EventLate, now, clock)}, nil, "",
			[]string{"Internal target missed — Ann ‹i›"}, map[int64]string{1: deadline.NotifySuperseded, 2: deadline.NotifySent}},
		{"two conversations are grouped", []deadline.PendingEvent{ev(1, 100, deadline.EventImminent, now, clock),
			ev(2, 200, deadline.EventImminent, now, clock)}, nil, "",
			[]string{"2 conversations due in the next 9 minutes"}, map[int64]string{1: deadline.NotifySent, 2: deadline.NotifySent}},
		{"a stopped clock expires", []deadline.PendingEvent{ev(1, 100, deadline.EventImminent, now, nil)}, nil, "",
			nil, map[int64]string{1: deadline.NotifyExpired}},
		{"a muted client", []deadline.PendingEvent{ev(1, 100, deadline.EventImminent, now, clock)},
			[]deadline.NotifySwitch{{ClientID: 1, On: false}}, "", nil, map[int64]string{1: deadline.NotifyMuted}},
		{"quiet hours hold", []deadline.PendingEvent{ev(1, 100, deadline.EventImminent, now, clock)}, nil,
			`{"enabled":true,"startMin":600,"endMin":660}`, nil, map[int64]string{1: deadline.NotifyPending}},
		{"late by more than LateAfter says overdue", []deadline.PendingEvent{ev(1, 100, deadline.EventImminent, now.Add(-5*time.Minute), clock)},
			nil, "", []string{"Overdue: Reply due in 9 min — Ann ‹i›"}, map[int64]string{1: deadline.NotifySent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &memStore{pending: tt.pending, states: map[int64]string{}, switches: tt.switches, meta: map[string]string{}}
			for _, p := range tt.pending {
				st.states[p.ID] = deadline.NotifyPending
			}
			if tt.quiet != "" {
				st.meta[metaQuietHours] = tt.quiet
			}
			rec := &Recorder{}
			a := NewAnnouncer(AnnouncerConfig{Store: st, Notifier: rec, Local: utc})
			if err := a.Announce(context.Background(), now); err != nil {
				t.Fatal(err)
			}
			all := rec.All()
			if len(all) != len(tt.titles) {
				t.Fatalf("notifications = %+v, want titles %v", all, tt.titles)
			}
			for i, n := range all {
				if n.Title != tt.titles[i] {
					t.Errorf("title %q, want %q", n.Title, tt.titles[i])
				}
			}
			for id, want := range tt.states {
				if st.states[id] != want {
					t.Errorf("event %d is %s, want %s", id, st.states[id], want)
				}
			}
		})
	}
}

// A notifier that fails leaves its events pending and is tried again after a
// back-off that doubles (30 s, 1, 2, 4, then every 5 minutes): a desktop
// without a notification server must not claim and release every pending
// event, and log it, on every pass.
func TestAnnouncerBacksOffAFailingNotifier(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 21, 0, 0, time.UTC)
	st := imminentStore(now)
	rec := &Recorder{}
	rec.FailWith(errors.New("no notification service"))
	var logged strings.Builder
	a := NewAnnouncer(AnnouncerConfig{Store: st, Notifier: rec, Local: time.UTC,
		Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	ctx := context.Background()
	at := now
	for i, wait := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute} {
		claims := st.claims
		if err := a.Announce(ctx, at); err != nil {
			t.Fatalf("try %d: a notifier failure is the announcer's to retry, not the pass's error: %v", i, err)
		}
		if st.claims != claims+1 || st.states[1] != deadline.NotifyPending {
			t.Fatalf("try %d: claims %d→%d, event %s; want one claim, undone", i, claims, st.claims, st.states[1])
		}
		if got := a.NextAnnounce(); !got.Equal(at.Add(wait)) {
			t.Fatalf("try %d: next try at %v, want %v after", i, got.Sub(at), wait)
		}
		// Passes during the back-off (new messages, other marks) claim nothing.
		if err := a.Announce(ctx, at.Add(wait-time.Second)); err != nil || st.claims != claims+1 {
			t.Fatalf("try %d: a pass during the back-off: %v, claims %d", i, err, st.claims)
		}
		at = at.Add(wait)
	}
	if n := strings.Count(logged.String(), "level=WARN"); n != 1 {
		t.Fatalf("a run of failures logged %d warnings, want 1:\n%s", n, logged.String())
	}
	rec.FailWith(nil)
	if err := a.Announce(ctx, at); err != nil || len(rec.All()) != 1 || st.states[1] != deadline.NotifySent {
		t.Fatalf("retry: %v, %v, %s", err, rec.All(), st.states[1])
	}
	if !a.NextAnnounce().IsZero() {
		t.Fatalf("after a success a wake-up is still set at %v", a.NextAnnounce())
	}
	// A later failure starts the back-off from its first step again.
	st.pending = append(st.pending, deadline.PendingEvent{Event: deadline.Event{ID: 2, ConversationID: 2, Clock: deadline.ClockResponse,
		StartedAt: at, Name: deadline.EventBreached, At: at}, Current: &deadline.Deadline{Clock: deadline.ClockResponse, StartedAt: at}})
	st.states[2] = deadline.NotifyPending
	rec.FailWith(errors.New("no notification service"))
	if err := a.Announce(ctx, at.Add(time.Minute)); err != nil || !a.NextAnnounce().Equal(at.Add(time.Minute+30*time.Second)) {
		t.Fatalf("a new run of failures: %v, next %v", err, a.NextAnnounce().Sub(at))
	}
}

func TestQuietHoursStoredAndWake(t *testing.T) {
	st := &memStore{states: map[int64]string{}, meta: map[string]string{}}
	woken := 0
	a := NewAnnouncer(AnnouncerConfig{Store: st, Notifier: &Recorder{}, Wake: func() { woken++ }})
	ctx := context.Background()
	for _, tt := range []struct {
		q  QuietHours
		ok bool
	}{
		{QuietHours{Enabled: true, StartMin: 22 * 60, EndMin: 7 * 60}, true},
		{QuietHours{Enabled: true, StartMin: -1, EndMin: 60}, false},
		{QuietHours{Enabled: true, StartMin: 60, EndMin: 1440}, false},
	} {
		if err := a.SetQuietHours(ctx, tt.q); (err == nil) != tt.ok {
			t.Errorf("SetQuietHours(%+v) = %v, want ok %v", tt.q, err, tt.ok)
		}
	}
	q, err := a.QuietHours(ctx)
	if err != nil || q != (QuietHours{Enabled: true, StartMin: 22 * 60, EndMin: 7 * 60}) || woken != 1 {
		t.Errorf("quiet hours = %+v, %v; woken %d times, want once", q, err, woken)
	}
	if st.meta["sla.quiet_hours"] == "" {
		t.Error("quiet hours left their stored key: saved settings would be lost")
	}
}

// TestObservedNotifierFeedsHealth: a surge alert that fails says so in the
// window's notification health (which only deadline notifications fed, so
// a workspace listening without deadlines never said its alerts do not
// show); one that shows ends a run of failures, the deadline notifier's
// back-off with it, and wakes the deadline service to show what waited.
func TestObservedNotifierFeedsHealth(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 21, 0, 0, time.UTC)
	st := imminentStore(now)
	rec := &Recorder{}
	woken, flips := 0, 0
	a := NewAnnouncer(AnnouncerConfig{Store: st, Notifier: rec, Local: time.UTC, Wake: func() { woken++ }})
	a.OnHealthChange(func() { flips++ })
	alerts := a.Observed(rec)
	ctx := context.Background()
	surge := Notification{Key: "listen/search:1/volume", Title: "Talk about “Acme” is surging"}

	rec.FailWith(errors.New("no notification service"))
	if err := alerts.Notify(ctx, surge); err == nil {
		t.Fatal("the observed notifier hid its notifier's failure")
	}
	h := a.Health()
	if !h.Failing || h.Since.IsZero() || !h.RetryAt.IsZero() || !strings.Contains(h.Err, "no notification service") || flips != 1 {
		t.Fatalf("after a failed surge alert: %+v, %d flips; want failing since now, no back-off of its own", h, flips)
	}
	// Deadlines keep their own schedule: the next pass tries, fails, backs off.
	if err := a.Announce(ctx, now); err != nil || st.claims != 1 || a.NextAnnounce().IsZero() {
		t.Fatalf("a deadline pass after a failed surge alert: %v, %d claims, next %v", err, st.claims, a.NextAnnounce())
	}
	since := a.Health().Since
	if err := alerts.Notify(ctx, surge); err == nil || a.Health().RetryAt.IsZero() || !a.Health().Since.Equal(since) || flips != 1 {
		t.Fatalf("a second failed alert: %+v, %d flips; want the back-off and the run's start kept", a.Health(), flips)
	}

	rec.FailWith(nil)
	if err := alerts.Notify(ctx, surge); err != nil {
		t.Fatal(err)
	}
	if h := a.Health(); h.Failing || flips != 2 || woken != 1 {
		t.Fatalf("after a surge alert shown: %+v, %d flips, woken %d; want working, the deadline service woken", h, flips, woken)
	}
	if err := a.Announce(ctx, now.Add(time.Second)); err != nil || st.states[1] != deadline.NotifySent {
		t.Fatalf("the deadline pass after it still waited out the back-off: %v, %s", err, st.states[1])
	}
	if err := alerts.Notify(ctx, surge); err != nil || woken != 1 || flips != 2 {
		t.Fatalf("an alert shown while working: %v, woken %d, %d flips; want nothing more", err, woken, flips)
	}
	// The app closing is not the notifier failing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	rec.FailWith(errors.New("closing"))
	_ = alerts.Notify(cctx, surge)
	if a.Health().Failing {
		t.Fatal("a cancelled alert marked notifications failing")
	}
}
