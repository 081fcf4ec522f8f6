package report_test

import (
	"strconv"
	"testing"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/report"
	"careinbox/backend/store"
)

// ingestOnly stores a message without the deadline service seeing it: the
// history a sample workspace, an import or a backfill brings.
func (f *fixture) ingestOnly(remote string, dir inbox.Direction, t time.Time) {
	f.t.Helper()
	f.seq++
	m := store.IncomingMessage{RemoteID: remote + "-" + strconv.Itoa(f.seq), Direction: dir, Text: "hello", SentAt: t}
	cust := inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: "cust-" + remote, DisplayName: "Customer " + remote}
	if dir == inbox.Inbound {
		m.Author = cust
	}
	if _, err := f.st.Ingest(f.ctx, f.handle.ID, []store.IncomingConversation{{RemoteID: remote, Kind: inbox.KindPublic,
		Customer: cust, Messages: []store.IncomingMessage{m}}}, nil); err != nil {
		f.t.Fatal(err)
	}
}

// History with no recorded deadline events is read from its messages and
// judged against the due the deadline engine computes for it.
func TestHistoryWithoutDeadlineEvents(t *testing.T) {
	f := newFixture(t)
	nov := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, berlin) }
	// H1: Mon 2 Nov 10:00 → 10:20: 20 min, both targets kept.
	f.ingestOnly("H1", inbox.Inbound, nov(2, 10, 0))
	f.ingestOnly("H1", inbox.Outbound, nov(2, 10, 20))
	// H2: 11:00 (and 11:05, the same wait) → 12:30: 90 min, promise (60) broken by 30 min;
	// then 13:00 → 13:10: a next response of 10 min, kept.
	f.ingestOnly("H2", inbox.Inbound, nov(2, 11, 0))
	f.ingestOnly("H2", inbox.Inbound, nov(2, 11, 5))
	f.ingestOnly("H2", inbox.Outbound, nov(2, 12, 30))
	f.ingestOnly("H2", inbox.Inbound, nov(2, 13, 0))
	f.ingestOnly("H2", inbox.Outbound, nov(2, 13, 10))
	svc := report.New(f.st, berlin, func() time.Time { return nov(10, 9, 0) })
	r, err := svc.Build(f.ctx, report.Scope{ClientID: f.client.ID}, report.Period{From: nov(2, 0, 0), To: nov(9, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	fr, nr := r.Current.FirstResponse, r.Current.NextResponse
	if fr.Count != 2 || fr.WallMedianSec != 20*60 || fr.WallP90Sec != 90*60 || fr.BusinessMedSec != 20*60 {
		t.Errorf("first response = %+v, want 2 cycles, median 20 min, p90 90 min", fr)
	}
	if nr.Count != 1 || nr.WallMedianSec != 10*60 {
		t.Errorf("next response = %+v, want one of 10 min", nr)
	}
	first, next := r.Current.Targets[0], r.Current.Targets[1]
	if first.PromiseKept != 1 || first.PromiseBreached != 1 || first.InternalKept != 1 || first.InternalMissed != 1 {
		t.Errorf("first response target = %+v", first)
	}
	if next.PromiseKept != 1 || next.PromiseBreached != 0 {
		t.Errorf("next response target = %+v", next)
	}
	if len(r.Current.Breaches) != 1 || r.Current.Breaches[0].BySec != 30*60 || !r.Current.Breaches[0].DueAt.Equal(nov(2, 12, 0)) {
		t.Errorf("breaches = %+v, want H2's first response, 30 min late, due 12:00", r.Current.Breaches)
	}
}
