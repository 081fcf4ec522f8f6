package report

import (
	"context"
	"sort"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// openInputs are the deadline inputs of every conversation in scope that can
// be open at some instant of p: those the report loaded (a message in the
// two periods) and those the store finds open across it without a message
// in them (a conversation waiting for weeks).
// They point into data (and the memo, which reports only read): a year's
// hundred thousand inputs are not copied.
func (s *Service) openInputs(ctx context.Context, set *settings, sc Scope, p Period, data []conv) ([]*deadline.Input, error) {
	ids, err := s.openIDs(ctx, set, sc, p) // memo.go: from the memo's index when there is one
	if err != nil {
		return nil, err
	}
	out := make([]*deadline.Input, 0, len(data)+len(ids))
	for _, c := range data {
		out = append(out, &c.in)
	}
	missing := notLoaded(ids, data) // memo.go
	if len(missing) == 0 {
		return out, nil
	}
	more, err := s.inputs(ctx, set, missing) // memo.go
	if err != nil {
		return nil, err
	}
	for i := range more {
		out = append(out, &more[i])
	}
	return out, nil
}

// backlogPoints are the instants the backlog is counted at: each hour start
// in p for a period of up to 31 days (real hours: a day that leaves summer
// time has 25, one that enters it 23), else each midnight in loc.
func backlogPoints(p Period, loc *time.Location) ([]time.Time, string) {
	l := p.From.In(loc)
	var out []time.Time
	if p.To.After(l.AddDate(0, 0, 31)) {
		for i := 0; ; i++ {
			d := time.Date(l.Year(), l.Month(), l.Day()+i, 0, 0, 0, 0, loc)
			if d.Before(p.From) {
				continue
			}
			if !d.Before(p.To) {
				return out, StepDay
			}
			out = append(out, d)
		}
	}
	// Local, not UTC, hour boundaries (some zones are offset by 30 minutes),
	// then real hours, as hourOfWeek steps.
	h := p.From.Add(-(time.Duration(l.Minute())*time.Minute + time.Duration(l.Second())*time.Second + time.Duration(l.Nanosecond())))
	if h.Before(p.From) {
		h = h.Add(time.Hour)
	}
	for ; h.Before(p.To); h = h.Add(time.Hour) {
		out = append(out, h)
	}
	return out, StepHour
}

// backlog counts at each point the conversations open just before it: the
// customer had written (the first inbound message is before it) and the
// status by the status history (statusAt, as for "resolved at To") is open —
// not pending on the customer, snoozed or resolved. A conversation with no
// status history has its current status throughout.
func backlog(ins []deadline.Input, p Period, loc *time.Location) ([]BacklogPoint, string) {
	ptrs := make([]*deadline.Input, len(ins))
	for i := range ins {
		ptrs[i] = &ins[i]
	}
	return backlogOf(ptrs, p, loc)
}

// backlogOf is backlog over pointers (openInputs).
func backlogOf(ins []*deadline.Input, p Period, loc *time.Location) ([]BacklogPoint, string) {
	points, step := backlogPoints(p, loc)
	diff := make([]int, len(points)+1)
	// first is the index of the first point after t.
	first := func(t time.Time) int {
		return sort.Search(len(points), func(i int) bool { return points[i].After(t) })
	}
	for _, in := range ins {
		if in.FirstInboundAt.IsZero() {
			continue
		}
		// The status in force over (from, to]; the zero to is open-ended.
		add := func(st inbox.Status, from, to time.Time) {
			if st != inbox.StatusOpen || (!to.IsZero() && !to.After(in.FirstInboundAt)) {
				return
			}
			if from.Before(in.FirstInboundAt) {
				from = in.FirstInboundAt
			}
			i, j := first(from), len(points)
			if !to.IsZero() {
				j = first(to)
			}
			if i < j {
				diff[i]++
				diff[j]--
			}
		}
		if len(in.History) == 0 {
			add(in.Status, in.FirstInboundAt, time.Time{})
			continue
		}
		st, from := inbox.StatusOpen, in.FirstInboundAt
		for _, h := range in.History {
			if h.At.After(from) {
				add(st, from, h.At)
				from = h.At
			}
			st = h.Status
		}
		add(st, from, time.Time{})
	}
	out := make([]BacklogPoint, len(points))
	n := 0
	for i, t := range points {
		n += diff[i]
		out[i] = BacklogPoint{At: t, Open: n}
	}
	return out, step
}
