package report_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/deadline/tracker"
	"careinbox/backend/inbox"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

var _ report.Store = (*store.Store)(nil)

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return l
}()

// oct is a wall-clock time in Berlin in October 2026. Summer time ends on
// Sunday 25 October at 03:00 CEST (01:00 UTC).
func oct(d, h, m int) time.Time { return time.Date(2026, 10, d, h, m, 0, 0, berlin) }

type fixture struct {
	t      *testing.T
	ctx    context.Context
	st     *store.Store
	now    time.Time
	svc    *tracker.Service
	handle inbox.Handle
	client inbox.Client
	seq    int
}

// newFixture is a real store with one Berlin client, Monday–Friday 09–17
// with Thursday 22 October 2026 a holiday, the default response targets
// (first and next: 30 minutes internal, 60 promised, in business hours), a
// resolution target (4 business hours internal, 8 promised), and the real
// deadline service computing the deadlines.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background()}
	st, err := store.Open(f.ctx, filepath.Join(t.TempDir(), "report.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f.st = st
	if f.client, err = st.CreateClient(f.ctx, inbox.Client{Name: "Brightside Bakery", TimeZone: "Europe/Berlin"}); err != nil {
		t.Fatal(err)
	}
	if f.handle, err = st.CreateHandle(f.ctx, inbox.Handle{ClientID: f.client.ID, Network: inbox.NetworkBluesky,
		RemoteAccountID: "acct", DisplayName: "@brightside", SyncState: inbox.SyncOK}); err != nil {
		t.Fatal(err)
	}
	cal := deadline.DefaultCalendarSpec("Europe/Berlin")
	cal.Holidays = []deadline.HolidaySpec{{Date: "2026-10-22", Name: "Bakers' day"}}
	spec, _ := json.Marshal(cal)
	if err := st.SaveCalendarSpec(f.ctx, f.client.ID, 0, string(spec), oct(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	pol := deadline.DefaultPolicySpec()
	pol.Resolution = deadline.TargetSpec{InternalMin: 240, PublishedMin: 480, BusinessHours: true, WarnLeadMin: 30}
	spec, _ = json.Marshal(pol)
	if err := st.SavePolicySpec(f.ctx, f.client.ID, 0, "", string(spec), oct(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	f.svc = tracker.New(tracker.Config{Store: st, Now: func() time.Time { return f.now }, Local: berlin})
	return f
}

// tick recomputes every deadline at t, as the running service would.
func (f *fixture) tick(t time.Time) {
	f.t.Helper()
	f.now = t
	if err := f.svc.RecomputeAll(f.ctx, 0); err != nil {
		f.t.Fatal(err)
	}
}

// msg ingests one message ("in" from the customer, else our reply) of
// conversation remote at t and lets the deadline service see it.
func (f *fixture) msg(remote string, dir inbox.Direction, t time.Time) int64 {
	f.t.Helper()
	f.seq++
	m := store.IncomingMessage{RemoteID: remote + "-" + strconv.Itoa(f.seq), Direction: dir, Text: "hello", SentAt: t}
	cust := inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: "cust-" + remote, DisplayName: "Customer " + remote}
	if dir == inbox.Inbound {
		m.Author = cust
	}
	res, err := f.st.Ingest(f.ctx, f.handle.ID, []store.IncomingConversation{{RemoteID: remote, Kind: inbox.KindPublic,
		Customer: cust, Messages: []store.IncomingMessage{m}}}, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	f.tick(t)
	return res.Conversations[0]
}

// resolve marks a conversation resolved at t (the status history is stamped
// by a trigger with the real clock, so the test sets its time).
func (f *fixture) resolve(id int64, t time.Time) {
	f.t.Helper()
	if err := f.st.SetStatus(f.ctx, []int64{id}, inbox.StatusResolved, time.Time{}); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.st.DB().ExecContext(f.ctx, `UPDATE conversation_status_changes SET at = ?
		WHERE id = (SELECT MAX(id) FROM conversation_status_changes WHERE conversation_id = ?)`, t.UnixMilli(), id); err != nil {
		f.t.Fatal(err)
	}
	f.tick(t)
}

// golden builds the fixture the expected figures below were worked out on
// by hand. Period: the DST week Monday 19 – Monday 26 October 2026 (169 h).
func golden(t *testing.T) (*fixture, map[string]int64) {
	f := newFixture(t)
	ids := map[string]int64{}
	// Previous week. P1: Mon 12 09:00 → 09:50. Due 09:30 internal (the late
	// mark is seen at 09:45), 10:00 promised: kept, internal missed. 50 min.
	ids["P1"] = f.msg("P1", inbox.Inbound, oct(12, 9, 0))
	f.tick(oct(12, 9, 45))
	f.msg("P1", inbox.Outbound, oct(12, 9, 50))

	// Resolution (started at the first inbound message): P1 is never
	// resolved, so it is breached at Mon 12 17:00.

	// C1: Mon 19 10:00 → 10:20, resolved 10:30. 20 min both ways; kept;
	// resolution kept too (30 min).
	ids["C1"] = f.msg("C1", inbox.Inbound, oct(19, 10, 0))
	f.msg("C1", inbox.Outbound, oct(19, 10, 20))
	f.resolve(ids["C1"], oct(19, 10, 30))
	// C2: Mon 19 16:30 → Tue 09:40. Due Mon 17:00 internal, Tue 09:30
	// promised (seen breached at 09:35): missed by 10 min. Business 30+40 =
	// 70 min, wall 17 h 10 min. Then next: Tue 10:00 → 10:05, kept.
	// Resolution: due Tue 16:30 (30 min Mon + 7 h 30 Tue), never resolved:
	// 5 days 20 h 30 min late at the report's now.
	ids["C2"] = f.msg("C2", inbox.Inbound, oct(19, 16, 30))
	f.tick(oct(20, 9, 35))
	f.msg("C2", inbox.Outbound, oct(20, 9, 40))
	f.msg("C2", inbox.Inbound, oct(20, 10, 0))
	f.msg("C2", inbox.Outbound, oct(20, 10, 5))
	// C5: Tue 20 11:00, never answered: breached at 12:00 CEST, still open
	// when the report runs on Mon 26 12:00 CET — 6 days and 1 hour late.
	// Resolution due Wed 11:00 (6 h Tue + 2 h Wed): 5 days 2 hours late.
	ids["C5"] = f.msg("C5", inbox.Inbound, oct(20, 11, 0))
	// C3: Wed 21 16:45 → Fri 23 09:30 over the Thursday holiday. Business:
	// 15 min Wed + 30 min Fri = 45 min; due Fri 09:15 internal (computed by
	// the engine: no tick saw the late mark), 09:45 promised: kept, internal
	// missed. Wall 40 h 45 min. Resolution due Fri 16:45 (15 min Wed, 7 h 45
	// Fri): 2 days 20 h 15 min late.
	ids["C3"] = f.msg("C3", inbox.Inbound, oct(21, 16, 45))
	// C6: Thu 22 (holiday) 10:00, resolved 10:30 without a reply: its clock
	// closed inside the promise, so it counts for no response target; the
	// resolution target is kept (no business time passed on the holiday).
	ids["C6"] = f.msg("C6", inbox.Inbound, oct(22, 10, 0))
	f.resolve(ids["C6"], oct(22, 10, 30))
	f.msg("C3", inbox.Outbound, oct(23, 9, 30))
	// C4: Sat 24 12:00 CEST → Mon 26 09:10 CET, across the change to winter
	// time: wall 46 h 10 min (45 h 10 min on the wall clock), business 10 min.
	// It started in the week, so it counts there though answered after it.
	// Resolution due Mon 26 17:00: still open (running, inside the promise).
	ids["C4"] = f.msg("C4", inbox.Inbound, oct(24, 12, 0))
	// The customer writes twice more in the hour 02:00–03:00 of Sunday 25,
	// which happens twice (CEST, then CET): both land in Sunday 02.
	f.msg("C4", inbox.Inbound, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC))
	f.msg("C4", inbox.Inbound, time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC))
	f.msg("C4", inbox.Outbound, oct(26, 9, 10))
	f.tick(oct(26, 12, 0))
	return f, ids
}

func build(t *testing.T, f *fixture, sc report.Scope) report.Report {
	t.Helper()
	svc := report.New(f.st, berlin, func() time.Time { return f.now })
	r, err := svc.Build(f.ctx, sc, report.Period{From: oct(19, 0, 0), To: oct(26, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func target(r report.Figures, name string) report.TargetFigures {
	for _, t := range r.Targets {
		if t.Target == name {
			return t
		}
	}
	return report.TargetFigures{}
}

func TestGoldenDSTWeekWithHoliday(t *testing.T) {
	f, ids := golden(t)
	r := build(t, f, report.Scope{ClientID: f.client.ID})

	if got, want := r.Previous, (report.Period{From: oct(12, 0, 0), To: oct(19, 0, 0)}); !got.From.Equal(want.From) || !got.To.Equal(want.To) {
		t.Errorf("previous period = %v, want %v", got, want)
	}
	h := int64(3600)
	cases := []struct {
		name      string
		got, want any
	}{
		{"volume", r.Current.Volume, report.Volume{ConversationsIn: 6, MessagesIn: 9, MessagesOut: 4, Replied: 3, Resolved: 2, StillOpen: 4}},
		{"first response", r.Current.FirstResponse, report.Times{Count: 4,
			WallMedianSec: 17*h + 600, WallP90Sec: 46*h + 600, BusinessMedSec: 1200, BusinessP90Sec: 4200}},
		{"next response", r.Current.NextResponse, report.Times{Count: 1, WallMedianSec: 300, WallP90Sec: 300, BusinessMedSec: 300, BusinessP90Sec: 300}},
		{"first target", target(r.Current, report.TargetFirst), report.TargetFigures{Target: "first", WithDeadline: 5,
			PromiseKept: 3, PromiseBreached: 2, PromiseKeptPct: 60, InternalKept: 2, InternalMissed: 3, InternalKeptPct: 40}},
		{"next target", target(r.Current, report.TargetNext), report.TargetFigures{Target: "next", WithDeadline: 1,
			PromiseKept: 1, PromiseKeptPct: 100, InternalKept: 1, InternalKeptPct: 100}},
		{"resolution target", target(r.Current, report.TargetResolution), report.TargetFigures{Target: "resolution", WithDeadline: 5,
			PromiseKept: 2, PromiseBreached: 3, PromiseKeptPct: 40, InternalKept: 2, InternalMissed: 3, InternalKeptPct: 40, Open: 1}},
		{"previous volume", r.Prior.Volume, report.Volume{ConversationsIn: 1, MessagesIn: 1, MessagesOut: 1, Replied: 1, StillOpen: 1}},
		{"previous first response", r.Prior.FirstResponse, report.Times{Count: 1, WallMedianSec: 3000, WallP90Sec: 3000, BusinessMedSec: 3000, BusinessP90Sec: 3000}},
		{"previous first target", target(r.Prior, report.TargetFirst), report.TargetFigures{Target: "first", WithDeadline: 1,
			PromiseKept: 1, PromiseKeptPct: 100, InternalMissed: 1}},
		{"previous resolution target", target(r.Prior, report.TargetResolution), report.TargetFigures{Target: "resolution",
			WithDeadline: 1, PromiseBreached: 1, InternalMissed: 1}},
		{"breach count", len(r.Current.Breaches), 5},
		{"previous breaches", len(r.Prior.Breaches), 1},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %+v, want %+v", c.name, c.got, c.want)
		}
	}
	if len(r.Current.Breaches) == 5 {
		want := []report.Breach{
			{ConversationID: ids["C2"], Customer: "Customer C2", Target: "first", StartedAt: oct(19, 16, 30), DueAt: oct(20, 9, 30), DoneAt: oct(20, 9, 40), BySec: 600},
			{ConversationID: ids["C2"], Customer: "Customer C2", Target: "resolution", StartedAt: oct(19, 16, 30), DueAt: oct(20, 16, 30), BySec: 140*h + 1800},
			{ConversationID: ids["C5"], Customer: "Customer C5", Target: "first", StartedAt: oct(20, 11, 0), DueAt: oct(20, 12, 0), BySec: 145 * h},
			{ConversationID: ids["C5"], Customer: "Customer C5", Target: "resolution", StartedAt: oct(20, 11, 0), DueAt: oct(21, 11, 0), BySec: 122 * h},
			{ConversationID: ids["C3"], Customer: "Customer C3", Target: "resolution", StartedAt: oct(21, 16, 45), DueAt: oct(23, 16, 45), BySec: 68*h + 900},
		}
		for i, b := range r.Current.Breaches {
			w := want[i]
			if b.ConversationID != w.ConversationID || b.Customer != w.Customer || b.Target != w.Target || !b.StartedAt.Equal(w.StartedAt) ||
				!b.DueAt.Equal(w.DueAt) || !b.DoneAt.Equal(w.DoneAt) || b.BySec != w.BySec || b.Client != "Brightside Bakery" {
				t.Errorf("breach %d = %+v, want %+v", i, b, w)
			}
		}
	}

	goldenBreakdowns(t, r, f)

	if r.Zone != "Europe/Berlin" || len(r.HourOfWeek) != 168 {
		t.Fatalf("hour of week: zone %q, %d buckets", r.Zone, len(r.HourOfWeek))
	}
	hours := []struct {
		day, hour, in int
		staffed       bool
	}{
		{0, 8, 0, false}, {0, 9, 0, true}, {0, 10, 1, true}, {0, 16, 1, true}, {0, 17, 0, false},
		{1, 10, 1, true}, {1, 11, 1, true}, {2, 16, 1, true},
		{3, 10, 1, false}, // Thursday 22 is the holiday
		{4, 9, 0, true}, {5, 12, 1, false}, {6, 1, 0, false}, {6, 2, 2, false}, {6, 3, 0, false},
	}
	for _, w := range hours {
		b := r.HourOfWeek[w.day*24+w.hour]
		if b.Weekday != w.day || b.Hour != w.hour || b.MessagesIn != w.in || b.Staffed != w.staffed {
			t.Errorf("hour %d/%d = %+v, want %d in, staffed %v", w.day, w.hour, b, w.in, w.staffed)
		}
	}
	total := 0
	for _, b := range r.HourOfWeek {
		total += b.MessagesIn
	}
	if total != r.Current.Volume.MessagesIn {
		t.Errorf("hour-of-week total %d, messages in %d", total, r.Current.Volume.MessagesIn)
	}
}

func TestScopes(t *testing.T) {
	f, _ := golden(t)
	for _, c := range []struct {
		name  string
		sc    report.Scope
		convs int
	}{
		{"all clients", report.Scope{}, 6},
		{"the handle", report.Scope{HandleID: f.handle.ID}, 6},
		{"its network", report.Scope{Network: inbox.NetworkBluesky}, 6},
		{"another network", report.Scope{Network: inbox.NetworkX}, 0},
		{"public", report.Scope{Kind: inbox.KindPublic}, 6},
		{"private", report.Scope{Kind: inbox.KindPrivate}, 0},
	} {
		if got := build(t, f, c.sc).Current.Volume.ConversationsIn; got != c.convs {
			t.Errorf("%s: %d conversations, want %d", c.name, got, c.convs)
		}
	}
}

// TestBreachesAgreeWithDeadlineHistory checks the report against the inbox:
// a conversation is in the breach list exactly when its deadline history
// records the promise passing (a breached mark or a missed answer).
func TestBreachesAgreeWithDeadlineHistory(t *testing.T) {
	f, ids := golden(t)
	r := build(t, f, report.Scope{})
	listed := map[int64]int{}
	for _, b := range r.Current.Breaches {
		listed[b.ConversationID]++
	}
	achieved, kept := 0, 0
	for _, tf := range r.Current.Targets {
		kept += tf.PromiseKept
	}
	for _, b := range r.Current.Breaches {
		evs, err := f.st.DeadlineEvents(f.ctx, b.ConversationID)
		if err != nil {
			t.Fatal(err)
		}
		clock := deadline.ClockResponse
		if b.Target == report.TargetResolution {
			clock = deadline.ClockResolution
		}
		found := false
		for _, e := range evs {
			if e.Clock != clock || !e.StartedAt.Equal(b.StartedAt) {
				continue
			}
			switch e.Name {
			case deadline.EventBreached:
				found = true
				if !e.At.Equal(b.DueAt) {
					t.Errorf("breach %+v: the history says the promise passed at %v", b, e.At)
				}
			case deadline.EventMissed:
				found = true
				if !e.At.Equal(b.DoneAt) {
					t.Errorf("breach %+v: the history says it was answered at %v", b, e.At)
				}
			case deadline.EventAchieved:
				t.Errorf("breach %+v: the history says the promise was kept", b)
			}
		}
		if !found {
			t.Errorf("breach %+v has no breach in its deadline history", b)
		}
	}
	for name, id := range ids {
		if name == "P1" {
			continue
		}
		evs, err := f.st.DeadlineEvents(f.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		type run struct {
			clock string
			start int64
		}
		cycles := map[run]bool{}
		for _, e := range evs {
			if e.Name == deadline.EventBreached || e.Name == deadline.EventMissed {
				cycles[run{e.Clock, e.StartedAt.UnixMilli()}] = true
			}
		}
		for _, e := range evs {
			if e.Name == deadline.EventAchieved {
				achieved++
			}
		}
		if len(cycles) != listed[id] {
			t.Errorf("%s: %d breached cycles in its history, %d in the report", name, len(cycles), listed[id])
		}
	}
	if achieved != kept {
		t.Errorf("%d cycles achieved in the history, %d kept in the report", achieved, kept)
	}
	for _, tf := range r.Current.Targets {
		if tf.PromiseKept+tf.PromiseBreached != tf.WithDeadline {
			t.Errorf("%s: kept %d + breached %d != %d", tf.Target, tf.PromiseKept, tf.PromiseBreached, tf.WithDeadline)
		}
	}
}

func TestPeriodMustEndAfterStart(t *testing.T) {
	f := newFixture(t)
	svc := report.New(f.st, berlin, nil)
	if _, err := svc.Build(f.ctx, report.Scope{}, report.Period{From: oct(19, 0, 0), To: oct(19, 0, 0)}); err == nil {
		t.Fatal("an empty period was accepted")
	}
}

func TestDays(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		first, last string
		from, to    time.Time
		wantErr     bool
	}{
		{"2026-03-23", "2026-03-29", time.Date(2026, 3, 23, 0, 0, 0, 0, paris), time.Date(2026, 3, 30, 0, 0, 0, 0, paris), false},
		{"2026-11-01", "2026-11-01", time.Date(2026, 11, 1, 0, 0, 0, 0, paris), time.Date(2026, 11, 2, 0, 0, 0, 0, paris), false},
		{"2026-11-02", "2026-11-01", time.Time{}, time.Time{}, true},
		{"2026/11/01", "2026-11-01", time.Time{}, time.Time{}, true},
		{"2026-11-01", "", time.Time{}, time.Time{}, true},
	} {
		p, err := report.Days(tc.first, tc.last, paris)
		if (err != nil) != tc.wantErr || (err == nil && (!p.From.Equal(tc.from) || !p.To.Equal(tc.to) || p.From.Location() != paris)) {
			t.Errorf("Days(%s, %s) = %v, %v", tc.first, tc.last, p, err)
		}
	}
}
