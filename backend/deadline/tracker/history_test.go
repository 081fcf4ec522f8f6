package tracker

import (
	"strconv"
	"testing"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// history ingests a conversation as a backfill does: marked with the
// handle's connect time, which applies only if the conversation is new.
func (f *fixture) history(remote, name string, connected store.IncomingMessage, msgs ...store.IncomingMessage) int64 {
	f.t.Helper()
	for i := range msgs {
		f.seq++
		msgs[i].RemoteID = remote + "-" + strconv.Itoa(f.seq)
		if msgs[i].Direction == inbox.Inbound {
			msgs[i].Author = inbox.Participant{Network: f.handle.Network, RemoteID: "cust-" + remote, DisplayName: name}
		}
	}
	res, err := f.st.Ingest(f.ctx, f.handle.ID, []store.IncomingConversation{{RemoteID: remote, Kind: inbox.KindPublic,
		Customer:      inbox.Participant{Network: f.handle.Network, RemoteID: "cust-" + remote, DisplayName: name},
		HistoryBefore: connected.SentAt, Messages: msgs}}, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return res.Conversations[0]
}

// Backfilled history starts no clock and so no notification, while a live
// conversation beside it does; the customer writing again makes it live,
// its clock starting at the new message (not at the unanswered old one,
// which would be breached on arrival). A conversation live sync stored
// first stays live when a backfill delivers it again.
func TestHistoryStartsNoDeadline(t *testing.T) {
	connected := at(23, 9, 0)
	f := newFixture(t, inbox.NetworkX, at(23, 10, 0))
	old := f.history("old", "Old customer", in(connected), in(at(20, 15, 0)), out(at(20, 16, 0)), in(at(22, 15, 0)))
	live := f.ingest("live", inbox.KindPublic, in(at(23, 10, 0)))
	// The backfill reaches the live conversation's past (our earlier answer).
	again := f.history("live", "Jonas <b>K</b>", in(connected), out(at(22, 8, 0)))
	if again != live {
		t.Fatalf("the backfill made a second conversation %d of %d", again, live)
	}
	for _, now := range []int{5, 20, 30, 50} {
		f.tick(at(23, 10, now))
	}
	f.tick(at(23, 12, 0))
	for _, clock := range []string{deadline.ClockResponse, deadline.ClockResolution} {
		if d := f.deadline(old, clock); d != nil {
			t.Errorf("history runs a %s clock: %+v", clock, d)
		}
	}
	if f.deadline(live, deadline.ClockResponse) == nil {
		t.Error("the live conversation has no reply clock")
	}
	if evs := f.events(old); len(evs) != 0 {
		t.Errorf("history has deadline events %v", evs)
	}
	if n := len(f.rec.All()); n != 4 {
		t.Errorf("%d notifications %v, want the live conversation's 4", n, f.titles())
	}

	// The old customer writes again after the handle was connected.
	f.ingest("old", inbox.KindPublic, in(at(23, 12, 30)))
	f.tick(at(23, 12, 35))
	d := f.deadline(old, deadline.ClockResponse)
	if d == nil || !d.StartedAt.Equal(at(23, 12, 30)) {
		t.Fatalf("the revived conversation's reply clock: %+v, want it started at 12:30", d)
	}
	if d.State != deadline.StateOnTrack {
		t.Errorf("revived clock is %s, want on track", d.State)
	}
	f.tick(at(23, 12, 50))
	all := f.rec.All()
	// (f.ingest names the customer "Jonas <b>K</b>" again.)
	if len(all) != 5 || all[4].Title != "Reply due in 10 min — Jonas ‹b›K‹/b›" {
		t.Errorf("notifications after the revival: %v", f.titles())
	}
}
