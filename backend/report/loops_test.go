package report_test

import (
	"testing"

	"careinbox/backend/inbox"
	"careinbox/backend/report"
)

// Loops left open are counted by the period their loop started in: taken
// private or logged offline, then pending or dismissed as the report runs.
func TestLoopsLeftOpen(t *testing.T) {
	f := newFixture(t)
	prevWeek := f.msg("L0", inbox.Inbound, oct(13, 10, 0))
	pending := f.msg("L1", inbox.Inbound, oct(20, 10, 0))
	dismissed := f.msg("L2", inbox.Inbound, oct(21, 10, 0))
	closed := f.msg("L3", inbox.Inbound, oct(22, 10, 0))
	f.msg("L4", inbox.Inbound, oct(23, 10, 0)) // never taken private
	if _, err := f.st.MoveToPrivate(f.ctx, prevWeek, "", "Hi", "Sam", oct(13, 11, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.MoveToPrivate(f.ctx, pending, "DM'd you", "Hi", "Sam", oct(20, 11, 0)); err != nil {
		t.Fatal(err)
	}
	if err := f.st.LogOffline(f.ctx, dismissed, "phone", "called, refund agreed", true, "Sam", oct(21, 11, 0)); err != nil {
		t.Fatal(err)
	}
	if err := f.st.DismissPublicClose(f.ctx, dismissed, "customer asked for no public reply", "Sam", oct(21, 12, 0)); err != nil {
		t.Fatal(err)
	}
	if err := f.st.LogOffline(f.ctx, closed, "email", "sorted by e-mail", true, "Sam", oct(22, 11, 0)); err != nil {
		t.Fatal(err)
	}
	m, err := f.st.SendPublicClose(f.ctx, closed, "Thanks for bearing with us!", "Sam", oct(22, 12, 0))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.MarkSent(f.ctx, m.ID, "net-close", oct(22, 12, 1)); err != nil {
		t.Fatal(err)
	}
	r := build(t, f, report.Scope{})
	if want := (report.Loops{Started: 3, Pending: 1, Dismissed: 1, LeftOpen: 2}); r.Current.Loops != want {
		t.Fatalf("current loops = %+v, want %+v", r.Current.Loops, want)
	}
	if want := (report.Loops{Started: 1, Pending: 1, LeftOpen: 1}); r.Prior.Loops != want {
		t.Fatalf("previous loops = %+v, want %+v", r.Prior.Loops, want)
	}
	if r := build(t, f, report.Scope{Kind: inbox.KindPrivate}); r.Current.Loops != (report.Loops{}) {
		t.Fatalf("a private-only scope counted loops: %+v", r.Current.Loops)
	}
	if r := build(t, f, report.Scope{Network: inbox.NetworkX}); r.Current.Loops != (report.Loops{}) {
		t.Fatalf("another network's scope counted loops: %+v", r.Current.Loops)
	}
}
