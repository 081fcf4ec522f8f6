package tracker

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

// berlinAt is a time in Berlin on any day (at is November 2026 only).
func berlinAt(y int, mo time.Month, d, h, m int) time.Time {
	return time.Date(y, mo, d, h, m, 0, 0, berlin)
}

func TestNextWake(t *testing.T) {
	allDay := deadline.DefaultPolicySpec()
	allDay.FirstResponse.BusinessHours = false
	tests := []struct {
		name     string
		policy   *deadline.PolicySpec // nil: the default (business hours Mon–Fri 9–17, 30/60 min, warned 10 min before)
		arrives  time.Time            // zero: no conversation
		now      time.Time
		stale    time.Duration // the service's StaleAfter
		lastSync time.Time     // the handle's last good sync
		quiet    *notify.QuietHours
		want     time.Time // zero: nothing scheduled
	}{
		{name: "nothing open: only a change wakes it", now: at(23, 10, 0)},
		{name: "the warning is the first mark", arrives: at(23, 10, 0), now: at(23, 10, 5), want: at(23, 10, 20)},
		{name: "then the internal target", arrives: at(23, 10, 0), now: at(23, 10, 20), want: at(23, 10, 30)},
		{name: "then the promise's warning", arrives: at(23, 10, 0), now: at(23, 10, 31), want: at(23, 10, 50)},
		{name: "then the promise", arrives: at(23, 10, 0), now: at(23, 10, 55), want: at(23, 11, 0)},
		{name: "a missed promise has no mark left", arrives: at(23, 10, 0), now: at(23, 11, 0)},
		{name: "business hours: Friday's target is at closing, the promise's warning on Monday",
			arrives: at(20, 16, 30), now: at(20, 17, 1), want: at(23, 9, 20)},
		{name: "business hours across the end of summer time (Monday 09:20 CET = 08:20 UTC)",
			arrives: berlinAt(2026, time.October, 23, 16, 30), now: berlinAt(2026, time.October, 23, 17, 1),
			want: time.Date(2026, time.October, 26, 8, 20, 0, 0, time.UTC)},
		{name: "business hours across the start of summer time (Monday 09:20 CEST = 07:20 UTC)",
			arrives: berlinAt(2026, time.March, 27, 16, 30), now: berlinAt(2026, time.March, 27, 17, 1),
			want: time.Date(2026, time.March, 30, 7, 20, 0, 0, time.UTC)},
		{name: "24/7 across the night summer time ends: elapsed time, not wall time",
			policy:  &allDay,
			arrives: berlinAt(2026, time.October, 25, 2, 40), now: berlinAt(2026, time.October, 25, 2, 45),
			want: berlinAt(2026, time.October, 25, 2, 40).Add(20 * time.Minute)},
		{name: "a handle turning stale before the next mark", arrives: at(23, 10, 0), now: at(23, 10, 5),
			stale: 10 * time.Minute, lastSync: at(23, 10, 0), want: at(23, 10, 10).Add(time.Millisecond)},
		{name: "a handle already stale adds no mark", arrives: at(23, 10, 0), now: at(23, 10, 5),
			stale: time.Minute, lastSync: at(23, 10, 0), want: at(23, 10, 20)},
		{name: "notifications held by quiet hours: their end", arrives: at(23, 10, 0), now: at(23, 10, 31),
			quiet: &notify.QuietHours{Enabled: true, StartMin: 10*60 + 15, EndMin: 10*60 + 45}, want: at(23, 10, 45)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, inbox.NetworkX, tt.now)
			if tt.policy != nil {
				if err := f.svc.SavePolicy(f.ctx, f.client.ID, 0, "", *tt.policy); err != nil {
					t.Fatal(err)
				}
			}
			if !tt.lastSync.IsZero() {
				if err := f.st.SetHandleSync(f.ctx, f.handle.ID, inbox.SyncOK, "", tt.lastSync); err != nil {
					t.Fatal(err)
				}
			}
			if tt.quiet != nil {
				if err := f.ann.SetQuietHours(f.ctx, *tt.quiet); err != nil {
					t.Fatal(err)
				}
			}
			f.svc = New(Config{Store: f.st, Announcer: f.ann, Now: f.clock.Now, Local: berlin, StaleAfter: tt.stale})
			if !tt.arrives.IsZero() {
				f.ingest("c", inbox.KindPublic, in(tt.arrives))
			}
			f.tick(tt.now)
			got, err := f.svc.NextWake(f.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("next wake %s, want %s", got.UTC(), tt.want.UTC())
			}
		})
	}
}

func TestStaleAt(t *testing.T) {
	last := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		h     inbox.Handle
		after time.Duration
		want  time.Time
	}{
		{"age not checked", inbox.Handle{SyncState: inbox.SyncOK, LastSyncAt: last}, 0, time.Time{}},
		{"never synced", inbox.Handle{SyncState: inbox.SyncOK}, time.Hour, time.Time{}},
		{"failing is uncertain already", inbox.Handle{SyncState: inbox.SyncError, LastSyncAt: last}, time.Hour, time.Time{}},
		{"just past the threshold", inbox.Handle{SyncState: inbox.SyncOK, LastSyncAt: last}, time.Hour, last.Add(time.Hour + time.Millisecond)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := staleAt(tt.h, tt.after)
			if !got.Equal(tt.want) {
				t.Fatalf("staleAt = %s, want %s", got, tt.want)
			}
			if !got.IsZero() {
				// The mark is the first instant Uncertain agrees, not one before it.
				if bad, _ := deadline.Uncertain(tt.h, got, tt.after); !bad {
					t.Error("not uncertain at the mark")
				}
				if bad, _ := deadline.Uncertain(tt.h, got.Add(-time.Millisecond), tt.after); bad {
					t.Error("uncertain before the mark")
				}
			}
		})
	}
}

// deltaLog records the deadline deltas a store publishes.
type deltaLog struct {
	mu  sync.Mutex
	ids [][]int64
	got chan struct{}
}

func watchDeadlines(f *fixture) *deltaLog {
	l := &deltaLog{got: make(chan struct{}, 100)}
	cancel := f.bus.Subscribe(func(d events.Delta) {
		if d.Entity != events.EntityDeadline {
			return
		}
		l.mu.Lock()
		l.ids = append(l.ids, slices.Clone(d.Upserted))
		l.mu.Unlock()
		l.got <- struct{}{}
	})
	f.t.Cleanup(cancel)
	return l
}

func (l *deltaLog) take() [][]int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.ids
	l.ids = nil
	return out
}

// waitFor waits until a deadline delta names conv (or the test's context ends).
func (l *deltaLog) waitFor(t *testing.T, ctx context.Context, conv int64) {
	t.Helper()
	for {
		l.mu.Lock()
		for _, ids := range l.ids {
			if slices.Contains(ids, conv) {
				l.mu.Unlock()
				return
			}
		}
		l.mu.Unlock()
		select {
		case <-l.got:
		case <-ctx.Done():
			t.Fatalf("no deadline delta for conversation %d: %v", conv, l.take())
		}
	}
}

func TestWriteWakesTheServiceEarly(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	// Frozen clock and an hour's cap: the next mark (10:20) and the cap are
	// both far off in real time, so only the write can wake the loop.
	f.svc = New(Config{Store: f.st, Deltas: f.bus, Announcer: f.ann, Now: f.clock.Now, Local: berlin, MaxSleep: time.Hour})
	log := watchDeadlines(f)
	first := f.ingest("first", inbox.KindPublic, in(at(23, 10, 0)))
	ctx, cancel := context.WithTimeout(f.ctx, 20*time.Second)
	defer cancel()
	f.svc.Start(ctx)
	defer f.svc.Close()
	log.waitFor(t, ctx, first) // the first pass ran; the loop sleeps until 10:20
	second := f.ingest("second", inbox.KindPublic, in(at(23, 10, 0)))
	log.waitFor(t, ctx, second)
	if d := f.deadline(second, deadline.ClockResponse); d == nil || !d.InternalAt.Equal(at(23, 10, 30)) {
		t.Fatalf("the write's deadline = %+v", d)
	}
}

func TestDeltasCarryOnlyChangedRows(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	early := f.ingest("early", inbox.KindPublic, in(at(23, 10, 0)))
	late := f.ingest("late", inbox.KindPublic, in(at(23, 10, 5)))
	f.tick(at(23, 10, 6))
	log := watchDeadlines(f)
	steps := []struct {
		now  time.Time
		want [][]int64
	}{
		{at(23, 10, 6), nil},                       // nothing passed: nothing stored, nothing sent
		{at(23, 10, 20), [][]int64{{early}}},       // early's warning only
		{at(23, 10, 21), nil},                      // between marks
		{at(23, 10, 25), [][]int64{{late}}},        // late's warning only
		{at(23, 10, 30), [][]int64{{early}}},       // early's target
		{at(23, 11, 10), [][]int64{{early, late}}}, // both promises missed in one pass
		{at(23, 12, 0), nil},                       // no marks left
	}
	for _, st := range steps {
		f.clock.Set(st.now)
		if err := f.svc.Tick(f.ctx); err != nil {
			t.Fatal(err)
		}
		if got := log.take(); !slices.EqualFunc(got, st.want, slices.Equal[[]int64]) {
			t.Errorf("at %s: deadline deltas %v, want %v", st.now.Format("15:04"), got, st.want)
		}
	}
}

func TestMarksAPassCannotHandleDoNotSpinTheLoop(t *testing.T) {
	tests := []struct {
		name     string
		maxSleep time.Duration
		want     time.Time
	}{
		{"the other client's mark comes first", time.Hour, at(23, 10, 25)},
		{"the broken one is retried after MaxSleep", 30 * time.Second, at(23, 10, 21).Add(30 * time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
			f.svc = New(Config{Store: f.st, Announcer: f.ann, Now: f.clock.Now, Local: berlin, MaxSleep: tt.maxSleep})
			other, err := f.st.CreateClient(f.ctx, inbox.Client{Name: "Corner Shop", TimeZone: "Europe/Berlin"})
			if err != nil {
				t.Fatal(err)
			}
			h, err := f.st.CreateHandle(f.ctx, inbox.Handle{ClientID: other.ID, Network: inbox.NetworkX, RemoteAccountID: "shop",
				DisplayName: "@shop", SyncState: inbox.SyncOK})
			if err != nil {
				t.Fatal(err)
			}
			f.ingest("broken", inbox.KindPublic, in(at(23, 10, 0))) // warned at 10:20
			cust := inbox.Participant{Network: inbox.NetworkX, RemoteID: "s1", DisplayName: "Sam"}
			if _, err := f.st.Ingest(f.ctx, h.ID, []store.IncomingConversation{{RemoteID: "fine", Kind: inbox.KindPublic, Customer: cust,
				Messages: []store.IncomingMessage{{RemoteID: "fm", Direction: inbox.Inbound, Author: cust, Text: "hi", SentAt: at(23, 10, 5)}}}}, nil); err != nil {
				t.Fatal(err)
			}
			f.tick(at(23, 10, 1))
			// The first client's calendar breaks (a spec no version can read):
			// its conversation's 10:20 mark stays stored, due, and uncomputable.
			if err := f.st.SaveCalendarSpec(f.ctx, f.client.ID, 0, `{"timeZone":"Nowhere/Atlantis"}`, at(23, 10, 1)); err != nil {
				t.Fatal(err)
			}
			passAt := at(23, 10, 21)
			f.clock.Set(passAt)
			if err := f.svc.Tick(f.ctx); err != nil {
				t.Fatal(err)
			}
			if first, _ := f.svc.NextWake(f.ctx); first.After(passAt) {
				t.Fatalf("the broken conversation's mark is not stuck (next %s): the test sets nothing up", first)
			}
			got, err := f.svc.nextAfterPass(f.ctx, passAt)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("next wake %s, want %s", got.In(berlin), tt.want.In(berlin))
			}
		})
	}
}

// Writes that arrive while a pass settles are recomputed in that pass: one
// deadline write for the burst, not one per page.
func TestABurstOfWritesIsRecomputedTogether(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	f.svc = New(Config{Store: f.st, Deltas: f.bus, Announcer: f.ann, Now: f.clock.Now, Local: berlin, MaxSleep: time.Hour,
		Settle: time.Hour})
	entered, release := make(chan struct{}), make(chan struct{})
	f.svc.settleWait = func(ctx context.Context) {
		select {
		case entered <- struct{}{}:
		case <-ctx.Done():
			return
		}
		select {
		case <-release:
		case <-ctx.Done():
		}
	}
	log := watchDeadlines(f)
	first := f.ingest("first", inbox.KindPublic, in(at(23, 10, 0)))
	ctx, cancel := context.WithTimeout(f.ctx, 20*time.Second)
	defer cancel()
	f.svc.Start(ctx)
	defer f.svc.Close()
	log.waitFor(t, ctx, first) // the first pass recomputes everything without settling
	log.take()
	burst := []int64{f.ingest("second", inbox.KindPublic, in(at(23, 10, 0)))}
	select {
	case <-entered:
	case <-ctx.Done():
		t.Fatal("the pass woken by the write did not settle")
	}
	burst = append(burst, f.ingest("third", inbox.KindPublic, in(at(23, 10, 0))), f.ingest("fourth", inbox.KindPublic, in(at(23, 10, 0))))
	close(release)
	log.waitFor(t, ctx, burst[2])
	got := log.take()
	if len(got) != 1 || !slices.Equal(slices.Sorted(slices.Values(got[0])), burst) {
		t.Fatalf("deadline writes after the burst = %v, want one naming %v", got, burst)
	}
}

// A sync job that wrote its last page ends the settling at once: with a
// settle that would otherwise outlast the test, the write is recomputed only
// because EndBurst was called. EndBurst with nothing waiting leaves no signal
// behind to cut the next burst short.
func TestEndBurstEndsTheSettling(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	f.svc = New(Config{Store: f.st, Deltas: f.bus, Announcer: f.ann, Now: f.clock.Now, Local: berlin, MaxSleep: time.Hour,
		Settle: time.Hour})
	f.svc.settleMax = time.Hour
	log := watchDeadlines(f)
	first := f.ingest("first", inbox.KindPublic, in(at(23, 10, 0)))
	ctx, cancel := context.WithTimeout(f.ctx, 20*time.Second)
	defer cancel()
	f.svc.Start(ctx)
	defer f.svc.Close()
	log.waitFor(t, ctx, first) // the first pass recomputes everything without settling
	log.take()
	for range 3 {
		f.svc.EndBurst()
	}
	if n := len(f.svc.burstEnd); n != 0 {
		t.Fatalf("EndBurst with no change waiting left %d signals", n)
	}
	second := f.ingest("second", inbox.KindPublic, in(at(23, 10, 0)))
	f.svc.EndBurst()
	log.waitFor(t, ctx, second)
	if got := log.take(); len(got) != 1 || !slices.Equal(got[0], []int64{second}) {
		t.Fatalf("deadline writes = %v, want one naming %d", got, second)
	}
}
