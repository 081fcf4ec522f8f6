package store

import (
	"context"
	"testing"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// A reply the mail system gave back is failed with the report's words, its
// conversation waits again from the customer's message (reopened if it was
// resolved meanwhile), and the user can retry it. Reports on anything else
// change nothing, and the same report read twice (a re-fetch after a
// crash) is harmless.
func TestCommitPageMarksUndelivered(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	h := fixture(t, s, inbox.NetworkEmail)
	cust := customer("ann")
	res, err := s.Ingest(ctx, h.ID, []IncomingConversation{thread("t1", cust,
		out("from-elsewhere", "Your order is on its way", 0), in("q1", cust, "Where is my parcel?", time.Minute))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	conv := res.Conversations[0]
	reply, err := s.QueueReply(ctx, conv, "It ships today.", "private", "Sam", t0.Add(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimOutbox(ctx, t0.Add(3*time.Minute), 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %d (%v)", len(claimed), err)
	}
	firstKey := claimed[0].IdempotencyKey
	if err := s.MarkSent(ctx, reply.ID, "careinbox.k1@shop.test", t0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, []int64{conv}, inbox.StatusResolved, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureStreams(ctx, h.ID, []string{"INBOX"}); err != nil {
		t.Fatal(err)
	}
	var deltas []events.Delta
	defer subscribe(s, func(d events.Delta) { deltas = append(deltas, d) })()
	why := "the mail system returned this reply: it could not be delivered to ann@elsewhere.test (no such mailbox, 5.1.1). Retry sends it to the same address again"
	page := []Undelivered{{RemoteID: "careinbox.k1@shop.test", Reason: why},
		{RemoteID: "from-elsewhere", Reason: "not ours"}, {RemoteID: "unknown@x", Reason: "never seen"}}
	for round := range 2 {
		if _, err := s.CommitPage(ctx, h.ID, "INBOX", "c1", nil, page, t0.Add(time.Hour), t0.Add(time.Hour)); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	d, err := s.Conversation(ctx, conv)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.Messages {
		switch m.RemoteID {
		case "careinbox.k1@shop.test":
			if m.Delivery != inbox.DeliveryFailed || m.SendError != why {
				t.Errorf("returned reply: %s %q", m.Delivery, m.SendError)
			}
		case "from-elsewhere":
			if m.Delivery == inbox.DeliveryFailed {
				t.Error("a message Care Inbox did not send was marked failed")
			}
		}
	}
	if c := d.Summary; c.Status != inbox.StatusOpen || !c.AwaitingSince.Equal(t0.Add(time.Minute)) {
		t.Errorf("conversation %s awaiting since %v; want open, waiting since the customer's message at %v", c.Status, c.AwaitingSince, t0.Add(time.Minute))
	}
	var told bool
	for _, d := range deltas {
		told = told || d.Entity == events.EntityConversation && len(d.Upserted) == 1 && d.Upserted[0] == conv
	}
	if !told {
		t.Errorf("the conversation's change was not published: %+v", deltas)
	}
	// Retried, it goes out as a new message: a fresh key, a first attempt
	// (no lookup that would find the returned copy "already sent").
	if err := s.RetrySend(ctx, reply.ID); err != nil {
		t.Fatalf("retry of a returned reply: %v", err)
	}
	items, err := s.ClaimOutbox(ctx, t0.Add(2*time.Hour), 10)
	if err != nil || len(items) != 1 {
		t.Fatalf("claimed %d (%v)", len(items), err)
	}
	if it := items[0]; it.IdempotencyKey == firstKey || it.Attempts != 1 {
		t.Errorf("retried returned reply: key %q (was %q), attempt %d; want a new key, attempt 1", it.IdempotencyKey, firstKey, it.Attempts)
	}
}
