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

// History with no recorded deadline events is counted in the resolution
// time (from the status history, or for a conversation with none, at its
// last message), the per-handle table and the backlog.
func TestHistoryWithoutDeadlineEventsBreakdowns(t *testing.T) {
	f := newFixture(t)
	nov := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, berlin) }
	// H1: Mon 2 Nov 10:00 → 10:20, resolved at 11:00 by its status history: resolution 60 min.
	f.ingestOnly("H1", inbox.Inbound, nov(2, 10, 0))
	f.ingestOnly("H1", inbox.Outbound, nov(2, 10, 20))
	ids, err := f.st.ReportConversationIDs(f.ctx, 0, 0, "", "", nov(2, 0, 0), nov(3, 0, 0))
	if err != nil || len(ids) != 1 {
		t.Fatalf("H1: %v, %v", ids, err)
	}
	if err := f.st.SetStatus(f.ctx, ids, inbox.StatusResolved, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.DB().ExecContext(f.ctx, `UPDATE conversation_status_changes SET at = ? WHERE conversation_id = ?`,
		nov(2, 11, 0).UnixMilli(), ids[0]); err != nil {
		t.Fatal(err)
	}
	// H2: 11:00 (and 11:05) → 12:30, still open: in the backlog from 12:00.
	f.ingestOnly("H2", inbox.Inbound, nov(2, 11, 0))
	f.ingestOnly("H2", inbox.Inbound, nov(2, 11, 5))
	f.ingestOnly("H2", inbox.Outbound, nov(2, 12, 30))
	// H4: imported resolved, no status history: Tue 3 16:00 → 16:30, taken
	// as resolved at its last message (30 min, all in business hours).
	cust := inbox.Participant{Network: inbox.NetworkBluesky, RemoteID: "cust-H4", DisplayName: "Customer H4"}
	if _, err := f.st.Ingest(f.ctx, f.handle.ID, []store.IncomingConversation{{RemoteID: "H4", Kind: inbox.KindPublic, Customer: cust,
		Status: inbox.StatusResolved, Messages: []store.IncomingMessage{
			{RemoteID: "H4-1", Direction: inbox.Inbound, Author: cust, Text: "hi", SentAt: nov(3, 16, 0)},
			{RemoteID: "H4-2", Direction: inbox.Outbound, Text: "hello", SentAt: nov(3, 16, 30)}}}}, nil); err != nil {
		t.Fatal(err)
	}
	// H5: Sat 7 10:00, never answered: in the backlog from 11:00.
	f.ingestOnly("H5", inbox.Inbound, nov(7, 10, 0))

	svc := report.New(f.st, berlin, func() time.Time { return nov(10, 9, 0) })
	r, err := svc.Build(f.ctx, report.Scope{ClientID: f.client.ID}, report.Period{From: nov(2, 0, 0), To: nov(9, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Current.Resolution, (report.Times{Count: 2, WallMedianSec: 1800, WallP90Sec: 3600, BusinessMedSec: 1800,
		BusinessP90Sec: 3600}); got != want {
		t.Errorf("resolution = %+v, want %+v", got, want)
	}
	if len(r.Current.PerHandle) != 1 {
		t.Fatalf("per handle = %+v", r.Current.PerHandle)
	}
	// Four conversations, five customer messages, three answered; H1 resolved
	// by its history, H4 by its status.
	row := r.Current.PerHandle[0]
	if row.ConversationsIn != 4 || row.MessagesIn != 5 || row.Replied != 3 || row.Resolved != 2 || row.StillOpen != 2 ||
		row.FirstResponse.Count != 3 {
		t.Errorf("per handle row = %+v", row)
	}
	at := func(d, h int) int {
		for _, b := range r.Backlog {
			if b.At.Equal(nov(d, h, 0)) {
				return b.Open
			}
		}
		t.Fatalf("no backlog point at %d %d:00", d, h)
		return 0
	}
	for _, c := range []struct{ day, hour, open int }{
		{2, 10, 0}, // H1 written at 10:00: from the next point
		{2, 11, 1}, // H1 open just before 11:00; H2 written at 11:00
		{2, 12, 1}, // H1 resolved, H2 open
		{3, 17, 1}, // H4 was never open by its status
		{7, 10, 1},
		{7, 11, 2}, // H5
		{8, 23, 2},
	} {
		if got := at(c.day, c.hour); got != c.open {
			t.Errorf("backlog at %d Nov %02d:00 = %d, want %d", c.day, c.hour, got, c.open)
		}
	}
}
