package report

import (
	"testing"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// The backlog's sweep agrees, point by point, with reading each
// conversation's status just before the point (statusAt) the slow way.
func TestBacklogAgreesWithStatusAt(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 10, d, h, m, 0, 0, loc) }
	ch := func(st inbox.Status, t time.Time) deadline.StatusChange {
		return deadline.StatusChange{Status: st, At: t}
	}
	ins := []deadline.Input{
		{FirstInboundAt: at(24, 10, 0), Status: inbox.StatusOpen},              // no history, open
		{FirstInboundAt: at(24, 10, 0), Status: inbox.StatusResolved},          // no history, resolved
		{FirstInboundAt: at(24, 10, 0), Status: inbox.StatusPending},           // no history, pending
		{Status: inbox.StatusOpen},                                             // no customer message
		{FirstInboundAt: at(26, 10, 0), Status: inbox.StatusOpen},              // after the period
		{FirstInboundAt: at(20, 0, 0), Status: inbox.StatusOpen, History: nil}, // before it
		{FirstInboundAt: at(25, 1, 30), Status: inbox.StatusOpen},              // in the repeated hour
		{FirstInboundAt: at(24, 9, 0), Status: inbox.StatusOpen, History: []deadline.StatusChange{ // resolved, reopened
			ch(inbox.StatusResolved, at(24, 11, 0)), ch(inbox.StatusOpen, at(24, 15, 30)), ch(inbox.StatusSnoozed, at(25, 8, 0)),
			ch(inbox.StatusOpen, at(25, 12, 0))}},
		{FirstInboundAt: at(24, 12, 0), Status: inbox.StatusResolved, History: []deadline.StatusChange{ // changes before the customer wrote
			ch(inbox.StatusPending, at(23, 9, 0)), ch(inbox.StatusOpen, at(23, 10, 0)), ch(inbox.StatusResolved, at(24, 13, 0))}},
		{FirstInboundAt: at(24, 12, 0), Status: inbox.StatusOpen, History: []deadline.StatusChange{ // same instant, on a point
			ch(inbox.StatusResolved, at(24, 14, 0)), ch(inbox.StatusOpen, at(24, 14, 0)), ch(inbox.StatusPending, at(24, 18, 0)),
			ch(inbox.StatusOpen, at(24, 18, 0)), ch(inbox.StatusResolved, at(24, 18, 0))}},
		{FirstInboundAt: at(24, 8, 0), Status: inbox.StatusOpen, History: []deadline.StatusChange{ // resolved before, reopened at its message
			ch(inbox.StatusResolved, at(1, 8, 0)), ch(inbox.StatusOpen, at(24, 8, 0))}},
	}
	for _, p := range []Period{
		{From: at(24, 0, 0), To: at(26, 0, 0)},                            // hourly, across the change
		{From: at(24, 7, 30), To: at(25, 20, 15)},                         // not on hour starts
		{From: at(1, 0, 0), To: time.Date(2026, 11, 15, 0, 0, 0, 0, loc)}, // daily
	} {
		points, step := backlog(ins, p, loc)
		if len(points) == 0 {
			t.Fatalf("%v: no points", p)
		}
		for _, pt := range points {
			want := 0
			for _, in := range ins {
				if !in.FirstInboundAt.IsZero() && in.FirstInboundAt.Before(pt.At) && statusAt(in, pt.At) == inbox.StatusOpen {
					want++
				}
			}
			if pt.Open != want {
				t.Errorf("%s backlog at %v = %d, want %d", step, pt.At, pt.Open, want)
			}
			if pt.At.Before(p.From) || !pt.At.Before(p.To) {
				t.Errorf("point %v outside %v", pt.At, p)
			}
		}
	}
}
