package tracker

import (
	"testing"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// A conversation started from a listening result (proactive) has no
// deadline unless the client saved a proactive policy; a customer's own
// message beside it keeps the usual one.
func TestProactiveConversationsFollowTheProactivePolicy(t *testing.T) {
	f := newFixture(t, inbox.NetworkMastodon, at(23, 10, 0))
	usual := f.ingest("usual", inbox.KindPublic, in(at(23, 9, 50)))
	found := f.ingest("found", inbox.KindPublic, in(at(23, 9, 50)))
	if _, err := f.st.DB().ExecContext(f.ctx, "UPDATE conversations SET proactive = 1 WHERE id = ?", found); err != nil {
		t.Fatal(err)
	}
	f.tick(at(23, 10, 0))
	if f.deadline(usual, deadline.ClockResponse) == nil {
		t.Fatal("the customer's own mention has no deadline")
	}
	if d := f.deadline(found, deadline.ClockResponse); d != nil {
		t.Fatalf("a proactive conversation got a deadline without a proactive policy: %+v", d)
	}

	spec := deadline.DefaultPolicySpec()
	spec.FirstResponse = deadline.TargetSpec{InternalMin: 120, PublishedMin: 240, WarnLeadMin: 30}
	if err := f.svc.SavePolicy(f.ctx, f.client.ID, 0, deadline.KindProactive, spec); err != nil {
		t.Fatal(err)
	}
	f.tick(at(23, 10, 1))
	d := f.deadline(found, deadline.ClockResponse)
	if d == nil {
		t.Fatal("the proactive policy gave no deadline")
	}
	if u := f.deadline(usual, deadline.ClockResponse); u == nil || !d.InternalAt.After(u.InternalAt) {
		t.Errorf("proactive due %v, usual %v: want the proactive policy's longer target", d.InternalAt, u)
	}
}
