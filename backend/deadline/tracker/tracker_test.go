package tracker

import (
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

func TestStatesOverTime(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	conv := f.ingest("c1", inbox.KindPublic, in(at(23, 10, 0)))
	tests := []struct {
		now   time.Time
		state string
		next  time.Time
	}{
		{at(23, 10, 5), deadline.StateOnTrack, at(23, 10, 20)},
		{at(23, 10, 20), deadline.StateImminent, at(23, 10, 30)},
		{at(23, 10, 31), deadline.StateLate, at(23, 10, 50)},
		{at(23, 10, 55), deadline.StateAtRisk, at(23, 11, 0)},
		{at(23, 11, 0), deadline.StateBreached, time.Time{}},
	}
	for _, tt := range tests {
		f.tick(tt.now)
		d := f.deadline(conv, deadline.ClockResponse)
		if d == nil || d.State != tt.state || !d.NextAt.Equal(tt.next) || d.Kind != "first" {
			t.Fatalf("at %s: deadline %+v, want state %s next %s", tt.now.Format("15:04"), d, tt.state, tt.next.Format("15:04"))
		}
		if !d.InternalAt.Equal(at(23, 10, 30)) || !d.PublishedAt.Equal(at(23, 11, 0)) {
			t.Fatalf("due %s / %s, want 10:30 / 11:00 (default policy)", d.InternalAt, d.PublishedAt)
		}
	}
	sum, err := f.st.Conversation(f.ctx, conv)
	if err != nil {
		t.Fatal(err)
	}
	_ = sum
	page, err := f.st.Conversations(f.ctx, inbox.ConversationFilter{}, 0, 10)
	if err != nil || len(page.Items) != 1 {
		t.Fatal(page, err)
	}
	evs := f.events(conv)
	for _, e := range []string{deadline.EventImminent, deadline.EventLate, deadline.EventAtRisk, deadline.EventBreached} {
		if evs[e] == "" {
			t.Errorf("no %s event recorded: %v", e, evs)
		}
	}
}

func TestClockRules(t *testing.T) {
	type step func(f *fixture) int64
	tests := []struct {
		name     string
		nw       inbox.Network
		kind     inbox.Kind
		run      step
		now      time.Time
		wantKind string
		internal time.Time
		publish  time.Time
		window   time.Time
		state    string
	}{
		{"Friday 16:30 rolls to Monday", inbox.NetworkX, inbox.KindPublic,
			func(f *fixture) int64 { return f.ingest("a", inbox.KindPublic, in(at(20, 16, 30))) },
			at(20, 16, 31), "first", at(20, 17, 0), at(23, 9, 30), time.Time{}, deadline.StateOnTrack},
		{"Instagram DM: the 24 h window closes first", inbox.NetworkInstagram, inbox.KindPrivate,
			func(f *fixture) int64 { return f.ingest("b", inbox.KindPrivate, in(at(20, 16, 50))) },
			at(20, 17, 0), "first", at(21, 16, 50), at(21, 16, 50), at(21, 16, 50), deadline.StateOnTrack},
		{"Instagram public comment has no window", inbox.NetworkInstagram, inbox.KindPublic,
			func(f *fixture) int64 { return f.ingest("c", inbox.KindPublic, in(at(20, 16, 50))) },
			at(20, 17, 0), "first", at(23, 9, 20), at(23, 9, 50), time.Time{}, deadline.StateOnTrack},
		{"a new message after a reply starts a next-response clock", inbox.NetworkX, inbox.KindPublic,
			func(f *fixture) int64 {
				return f.ingest("d", inbox.KindPublic, in(at(23, 9, 0)), out(at(23, 9, 10)), in(at(23, 11, 0)), in(at(23, 11, 5)))
			},
			at(23, 11, 6), "next", at(23, 11, 30), at(23, 12, 0), time.Time{}, deadline.StateOnTrack},
		{"a queued (unsent) reply does not stop the clock", inbox.NetworkX, inbox.KindPublic,
			func(f *fixture) int64 {
				q := out(at(23, 9, 10))
				q.Delivery = inbox.DeliveryQueued
				return f.ingest("e", inbox.KindPublic, in(at(23, 9, 0)), q)
			},
			at(23, 9, 45), "first", at(23, 9, 30), at(23, 10, 0), time.Time{}, deadline.StateLate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, tt.nw, tt.now)
			conv := tt.run(f)
			f.tick(tt.now)
			d := f.deadline(conv, deadline.ClockResponse)
			if d == nil {
				t.Fatal("no response deadline")
			}
			if d.Kind != tt.wantKind || !d.InternalAt.Equal(tt.internal) || !d.PublishedAt.Equal(tt.publish) ||
				!d.WindowAt.Equal(tt.window) || d.State != tt.state {
				t.Errorf("got kind %s internal %s published %s window %s state %s\nwant %s %s %s %s %s", d.Kind,
					d.InternalAt.In(berlin), d.PublishedAt.In(berlin), d.WindowAt.In(berlin), d.State,
					tt.wantKind, tt.internal, tt.publish, tt.window, tt.state)
			}
		})
	}
}

func TestReplyAchievesOrMisses(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	fast := f.ingest("fast", inbox.KindPublic, in(at(23, 10, 0)))
	slow := f.ingest("slow", inbox.KindPublic, in(at(23, 10, 0)))
	f.tick(at(23, 10, 5))
	f.ingest("fast", inbox.KindPublic, out(at(23, 10, 25)))
	f.ingest("slow", inbox.KindPublic, out(at(23, 11, 10)))
	f.tick(at(23, 11, 15))
	if d := f.deadline(fast, deadline.ClockResponse); d != nil {
		t.Errorf("answered conversation still has a deadline: %+v", d)
	}
	if got := f.events(fast); got[deadline.EventAchieved] != deadline.NotifyNone || got[deadline.EventBreached] != "" {
		t.Errorf("fast reply events = %v, want achieved", got)
	}
	if got := f.events(slow); got[deadline.EventMissed] != deadline.NotifyNone {
		t.Errorf("slow reply events = %v, want missed", got)
	}
	// The slow one breached at 11:00, but it was answered before anyone could
	// be told (recompute and tick run together): nothing about it is shown.
	if n := len(f.rec.All()); n != 0 {
		t.Errorf("answered conversations notified: %v", f.titles())
	}
}

func TestQueueOrderFollowsDeadlines(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	// Waited longer, but a 24/7 policy on e-mail gives it more time.
	spec := deadline.DefaultPolicySpec()
	spec.FirstResponse = deadline.TargetSpec{InternalMin: 240, PublishedMin: 480, WarnLeadMin: 30}
	if err := f.svc.SavePolicy(f.ctx, f.client.ID, 0, inbox.KindEmail, spec); err != nil {
		t.Fatal(err)
	}
	email := f.ingest("mail", inbox.KindEmail, in(at(23, 9, 0)))
	public := f.ingest("pub", inbox.KindPublic, in(at(23, 9, 50)))
	f.tick(at(23, 10, 0))
	page, err := f.st.Conversations(f.ctx, inbox.ConversationFilter{}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].ID != public || page.Items[1].ID != email {
		t.Errorf("order = %v, want the public one (due 10:20) before the e-mail (due 13:00)", []int64{page.Items[0].ID, page.Items[1].ID})
	}
	due, err := f.st.DueWithin(f.ctx, at(23, 10, 30), 10)
	if err != nil || len(due) != 1 || due[0].ID != public {
		t.Errorf("due soon = %+v, %v", due, err)
	}
}

func TestPendingStopsTheClock(t *testing.T) {
	// The status history is written by a trigger with the database's clock,
	// so this test runs on real time with a 24/7 policy.
	now := time.Now().Truncate(time.Millisecond)
	f := newFixture(t, inbox.NetworkX, now)
	spec := deadline.DefaultPolicySpec()
	spec.FirstResponse.BusinessHours = false
	if err := f.svc.SavePolicy(f.ctx, f.client.ID, 0, "", spec); err != nil {
		t.Fatal(err)
	}
	conv := f.ingest("p", inbox.KindPublic, in(now.Add(-5*time.Minute)))
	f.tick(now)
	before := f.deadline(conv, deadline.ClockResponse)
	if err := f.st.SetStatus(f.ctx, []int64{conv}, inbox.StatusPending, time.Time{}); err != nil {
		t.Fatal(err)
	}
	f.tick(now.Add(time.Hour))
	if d := f.deadline(conv, deadline.ClockResponse); d == nil || d.State != deadline.StatePaused {
		t.Fatalf("pending conversation's deadline = %+v, want paused", d)
	}
	if len(f.rec.All()) != 0 {
		t.Errorf("a paused conversation notified: %v", f.titles())
	}
	time.Sleep(20 * time.Millisecond)
	if err := f.st.SetStatus(f.ctx, []int64{conv}, inbox.StatusOpen, time.Time{}); err != nil {
		t.Fatal(err)
	}
	f.tick(now)
	after := f.deadline(conv, deadline.ClockResponse)
	if after == nil || after.State == deadline.StatePaused || !after.InternalAt.After(before.InternalAt) {
		t.Errorf("after re-opening: %+v; want running and later than %s (the pause is taken off)", after, before.InternalAt)
	}
}

func TestPreviewAndDefaults(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	conv := f.ingest("c", inbox.KindPublic, in(at(23, 10, 0)))
	f.tick(at(23, 10, 1))
	cs, err := f.svc.Settings(f.ctx, f.client.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !cs.CalendarDefault || !cs.PolicyDefault || cs.Calendar.TimeZone != "Europe/Berlin" || cs.Policy.FirstResponse.InternalMin != 30 {
		t.Errorf("a new client's settings = %+v, want the defaults in its zone", cs)
	}
	tighter := deadline.DefaultPolicySpec()
	tighter.FirstResponse.InternalMin, tighter.FirstResponse.PublishedMin = 15, 30
	pv, err := f.svc.PreviewPolicy(f.ctx, f.client.ID, 0, "", tighter)
	if err != nil {
		t.Fatal(err)
	}
	moves := pv.Moves
	if pv.Total != 1 || len(moves) != 1 || moves[0].ConversationID != conv || !moves[0].NewInternal.Equal(at(23, 10, 15)) || !moves[0].OldInternal.Equal(at(23, 10, 30)) {
		t.Fatalf("preview = %+v", pv)
	}
	if moves[0].CustomerName != "Jonas <b>K</b>" || moves[0].HandleName != "@AskBrightside" {
		t.Errorf("preview names %q, %q", moves[0].CustomerName, moves[0].HandleName)
	}
	if d := f.deadline(conv, deadline.ClockResponse); !d.InternalAt.Equal(at(23, 10, 30)) {
		t.Error("preview changed the stored deadline")
	}
	cal := deadline.DefaultCalendarSpec("Europe/Berlin")
	cal.Holidays = []deadline.HolidaySpec{{Date: "2026-11-23"}}
	pv, err = f.svc.PreviewCalendar(f.ctx, f.client.ID, 0, cal)
	if err != nil || pv.Total != 1 || len(pv.Moves) != 1 || !pv.Moves[0].NewInternal.Equal(at(24, 9, 30)) {
		t.Fatalf("calendar preview = %+v, %v", pv, err)
	}
	if err := f.svc.SaveCalendar(f.ctx, f.client.ID, 0, cal); err != nil {
		t.Fatal(err)
	}
	if d := f.deadline(conv, deadline.ClockResponse); !d.InternalAt.Equal(at(24, 9, 30)) {
		t.Errorf("after saving the holiday, due %s", d.InternalAt.In(berlin))
	}
	if _, err := f.svc.PreviewPolicy(f.ctx, f.client.ID, 0, "", deadline.PolicySpec{FirstResponse: deadline.TargetSpec{InternalMin: 90, PublishedMin: 60}}); err == nil {
		t.Error("an invalid policy was previewed")
	}
}

func TestQueueKeyBreaksTiesByWaiting(t *testing.T) {
	f := newFixture(t, inbox.NetworkX, at(23, 7, 0))
	// Both arrive before opening and fall due at 09:30; the earlier one first,
	// even though it was created second.
	later := f.ingest("later", inbox.KindPublic, in(at(23, 6, 0)))
	earlier := f.ingest("earlier", inbox.KindPublic, in(at(23, 2, 0)))
	f.tick(at(23, 7, 0))
	page, err := f.st.Conversations(f.ctx, inbox.ConversationFilter{}, 0, 10)
	if err != nil || len(page.Items) != 2 || page.Items[0].ID != earlier || page.Items[1].ID != later {
		t.Fatalf("order = %+v, %v", page.Items, err)
	}
}
