package report

import (
	"math"
	"sort"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// cycle is one run of a deadline clock, from its events and, while it runs,
// its stored deadline.
type cycle struct {
	clock   string
	start   time.Time
	marks   map[string]time.Time // imminent, late, at_risk, breached → when
	end     *deadline.Event      // achieved, missed or closed
	current *deadline.Deadline   // the stored clock, while it runs
	// fromMessages: no deadline history was recorded for this conversation
	// (generated, imported or backfilled before the service saw it), so the
	// cycle is read from its messages and judged against its computed due.
	fromMessages bool
	due          *cachedDue // dues computed once per conversation version (memo.go)
}

// cycles groups a conversation's deadline history by clock run.
func cycles(c conv) []*cycle {
	if c.memoCycles != nil {
		return c.memoCycles
	}
	var out []*cycle
	idx := map[[2]int64]*cycle{}
	key := func(clock string, start time.Time) [2]int64 {
		k := int64(0)
		if clock == deadline.ClockResolution {
			k = 1
		}
		return [2]int64{k, start.UnixMilli()}
	}
	get := func(clock string, start time.Time) *cycle {
		k := key(clock, start)
		if cy, ok := idx[k]; ok {
			return cy
		}
		cy := &cycle{clock: clock, start: start, marks: map[string]time.Time{}}
		idx[k] = cy
		out = append(out, cy)
		return cy
	}
	for i := range c.events {
		e := &c.events[i]
		cy := get(e.Clock, e.StartedAt)
		switch e.Name {
		case deadline.EventAchieved, deadline.EventMissed, deadline.EventClosed:
			cy.end = e
		default:
			cy.marks[e.Name] = e.At
		}
	}
	if len(c.events) == 0 && len(c.in.Current) == 0 {
		return messageCycles(c)
	}
	for i := range c.in.Current {
		d := &c.in.Current[i]
		if d.State == deadline.StatePaused && d.PublishedAt.IsZero() {
			// Paused (pending on the customer, or snoozed) before any mark:
			// not waiting on us, so not an open cycle. One with marks keeps them.
			if _, ok := idx[key(d.Clock, d.StartedAt)]; !ok {
				continue
			}
		}
		get(d.Clock, d.StartedAt).current = d
	}
	return out
}

// messageCycles reads response cycles from a conversation's messages: each
// run of customer messages after our last reply starts a clock, and our next
// reply ends it. Pending and snoozed time cannot be known from messages, so
// none is taken off; answered cycles only (one still unanswered has a
// stored deadline, and then the recorded history is used instead).
func messageCycles(c conv) []*cycle {
	var out []*cycle
	in, outs := c.inbound, c.out
	j := 0
	for i := 0; i < len(in); {
		start := in[i]
		for j < len(outs) && !outs[j].After(start) {
			j++
		}
		if j == len(outs) {
			break
		}
		answered := outs[j]
		out = append(out, &cycle{clock: deadline.ClockResponse, start: start, fromMessages: true, // no marks: a nil map reads empty
			end: &deadline.Event{Name: deadline.EventAchieved, Clock: deadline.ClockResponse, StartedAt: start, At: answered}})
		for i < len(in) && !in[i].After(answered) {
			i++ // later messages before our reply belong to the same wait
		}
	}
	return out
}

// target names the target a cycle runs against: a response cycle is the
// first response while nothing was sent before it started.
func (cy *cycle) target(c conv) string {
	if cy.clock == deadline.ClockResolution {
		return TargetResolution
	}
	if cy.current != nil && cy.current.Kind != "" {
		return cy.current.Kind
	}
	for _, t := range c.out {
		if t.Before(cy.start) {
			return TargetNext
		}
	}
	return TargetFirst
}

// done is when the cycle was answered (or resolved); zero if it was not.
func (cy *cycle) done() time.Time {
	if cy.end != nil && cy.end.Name != deadline.EventClosed {
		return cy.end.At
	}
	return time.Time{}
}

// dues are the cycle's internal and published due times: as recorded (the
// late and breached marks are stamped with them), as stored while it runs,
// else computed by the deadline engine under the conversation's calendar
// and policy, with the pauses and platform window the engine uses.
func (cy *cycle) dues(c conv, set *settings, target string) (internal, published time.Time, err error) {
	if d := cy.due; d != nil && d.target == target {
		return d.internal, d.published, d.err
	}
	internal, published = cy.marks[deadline.EventLate], cy.marks[deadline.EventBreached]
	if cy.current != nil && !cy.current.PublishedAt.IsZero() {
		if internal.IsZero() {
			internal = cy.current.InternalAt
		}
		if published.IsZero() {
			published = cy.current.PublishedAt
		}
	}
	if !internal.IsZero() && !published.IsZero() {
		return internal, published, nil
	}
	cal, err := set.Calendar(c.in.ClientID, c.in.HandleID)
	if err != nil {
		return internal, published, err
	}
	pol, err := set.Policy(c.in.ClientID, c.in.HandleID, c.in.Kind)
	if err != nil {
		return internal, published, err
	}
	t := map[string]deadline.Target{TargetFirst: pol.FirstResponse, TargetNext: pol.NextResponse, TargetResolution: pol.Resolution}[target]
	due, ok, err := deadline.Compute(cal, t, cy.start, deadline.PausesOf(c.in, cy.start))
	if err != nil || !ok {
		return internal, published, err
	}
	if cy.clock == deadline.ClockResponse {
		if w := deadline.PlatformWindow(c.in.Network, c.in.Kind, lastBefore(c.inbound, cy.done(), cy.start)); !w.IsZero() {
			due.Internal, due.Published = minTime(due.Internal, w), minTime(due.Published, w)
		}
	}
	if internal.IsZero() {
		internal = due.Internal
	}
	if published.IsZero() {
		published = due.Published
	}
	return internal, published, nil
}

// lastBefore is the last of ts at or before until (zero until: the last),
// and not before floor.
func lastBefore(ts []time.Time, until, floor time.Time) time.Time {
	last := floor
	for _, t := range ts {
		if !until.IsZero() && t.After(until) {
			break
		}
		if t.After(last) {
			last = t
		}
	}
	return last
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// businessTime is the calendar's open time from start to end, less the
// pauses the clock stood still in: the deadline engine's measure.
func businessTime(cal deadline.Calendar, pauses []deadline.Pause, start, end time.Time) time.Duration {
	total := cal.Elapsed(start, end)
	for _, p := range pauses {
		s, e := p.Start, p.End
		if e.IsZero() || e.After(end) {
			e = end
		}
		if s.Before(start) {
			s = start
		}
		total -= cal.Elapsed(s, e)
	}
	return max(total, 0)
}

// figures computes one period's numbers; loc is the report's zone (hours of day).
func figures(data []conv, set *settings, p Period, now time.Time, loc *time.Location) (Figures, error) {
	f := Figures{Breaches: []Breach{}}
	tf := map[string]*TargetFigures{}
	for _, name := range []string{TargetFirst, TargetNext, TargetResolution} {
		tf[name] = &TargetFigures{Target: name}
	}
	var wall, biz = map[string][]time.Duration{}, map[string][]time.Duration{}
	split := newSplit(set)
	for _, c := range data {
		var v Volume
		volume(&v, c, p)
		addVolume(&f.Volume, v)
		grp := split.of(c, v)
		cys := cycles(c)
		for _, cy := range cys {
			if !p.has(cy.start) {
				continue
			}
			name := cy.target(c)
			t := tf[name]
			if t == nil {
				continue
			}
			grp.touch()
			internal, published, err := cy.dues(c, set, name)
			if err != nil {
				return f, err
			}
			done := cy.done()
			if !done.IsZero() {
				b, err := businessOf(c, set, cy.start, done) // memo.go: computed once per conversation version
				if err != nil {
					return f, err
				}
				w := done.Sub(cy.start)
				wall[name] = append(wall[name], w)
				biz[name] = append(biz[name], b)
				if name == TargetFirst {
					grp.answered(w, b)
					split.hour(cy.start.In(loc).Hour(), w, b)
				}
			}
			_, breachedMark := cy.marks[deadline.EventBreached]
			running := cy.end == nil
			breached := (cy.end != nil && cy.end.Name == deadline.EventMissed) || breachedMark ||
				(running && cy.current != nil && cy.current.State == deadline.StateBreached) ||
				(cy.fromMessages && !published.IsZero() && done.After(published))
			switch {
			case breached:
				t.PromiseBreached++
				grp.breached(name)
				b := Breach{ConversationID: c.in.ConversationID, Customer: c.summary.CustomerName, Client: c.summary.ClientName,
					Handle: c.summary.HandleName, Target: name, StartedAt: cy.start, DueAt: published, DoneAt: done}
				until := done
				if until.IsZero() {
					until = now
					if cy.end != nil {
						until = cy.end.At // closed unanswered: late until it stopped
					}
				}
				if !published.IsZero() && until.After(published) {
					b.BySec = int64(until.Sub(published) / time.Second)
				}
				f.Breaches = append(f.Breaches, b)
			case !done.IsZero():
				t.PromiseKept++
				grp.kept(name)
			case running:
				t.Open++
			}
			_, lateMark := cy.marks[deadline.EventLate]
			switch {
			case lateMark || breached:
				t.InternalMissed++
			case !done.IsZero() && !internal.IsZero() && done.After(internal):
				t.InternalMissed++
			case !done.IsZero():
				t.InternalKept++
			}
		}
		if !hasClock(cys, deadline.ClockResolution) {
			if start, done := resolvedFromHistory(c); p.has(start) && !done.IsZero() {
				b, err := businessOf(c, set, start, done)
				if err != nil {
					return f, err
				}
				grp.touch()
				wall[TargetResolution] = append(wall[TargetResolution], done.Sub(start))
				biz[TargetResolution] = append(biz[TargetResolution], b)
			}
		}
	}
	f.FirstResponse = times(wall[TargetFirst], biz[TargetFirst])
	f.NextResponse = times(wall[TargetNext], biz[TargetNext])
	f.Resolution = times(wall[TargetResolution], biz[TargetResolution])
	f.FirstResponseDistribution = distribution(wall[TargetFirst], biz[TargetFirst])
	f.FirstResponseByHour = split.byHour()
	f.PerHandle, f.PerNetwork = split.rows()
	for _, name := range []string{TargetFirst, TargetNext, TargetResolution} {
		t := tf[name]
		t.WithDeadline = t.PromiseKept + t.PromiseBreached
		t.PromiseKeptPct = pct(t.PromiseKept, t.WithDeadline)
		t.InternalKeptPct = pct(t.InternalKept, t.InternalKept+t.InternalMissed)
		f.Targets = append(f.Targets, *t)
	}
	order := map[string]int{TargetFirst: 0, TargetNext: 1, TargetResolution: 2}
	sort.SliceStable(f.Breaches, func(i, j int) bool {
		a, b := f.Breaches[i], f.Breaches[j]
		if !a.StartedAt.Equal(b.StartedAt) {
			return a.StartedAt.Before(b.StartedAt)
		}
		if a.ConversationID != b.ConversationID {
			return a.ConversationID < b.ConversationID
		}
		return order[a.Target] < order[b.Target]
	})
	return f, nil
}

// volume adds one conversation to a period's volume.
func volume(v *Volume, c conv, p Period) {
	for _, t := range c.inbound {
		if p.has(t) {
			v.MessagesIn++
		}
	}
	for _, t := range c.out {
		if p.has(t) {
			v.MessagesOut++
		}
	}
	first := c.in.FirstInboundAt
	if !p.has(first) {
		return
	}
	v.ConversationsIn++
	for _, t := range c.out {
		if !t.Before(first) && t.Before(p.To) {
			v.Replied++
			break
		}
	}
	if statusAt(c.in, p.To) == inbox.StatusResolved {
		v.Resolved++
	} else {
		v.StillOpen++
	}
}

// statusAt is a conversation's status just before t by its status history;
// with no history (conversations older than it) the current status.
func statusAt(in deadline.Input, t time.Time) inbox.Status {
	if len(in.History) == 0 {
		return in.Status
	}
	st := inbox.StatusOpen
	for _, h := range in.History {
		if !h.At.Before(t) {
			break
		}
		st = h.Status
	}
	return st
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return math.Round(float64(n)*1000/float64(of)) / 10
}

// times summarises durations by nearest rank.
func times(wall, biz []time.Duration) Times {
	w, b := quantiles(wall, 0.5, 0.9), quantiles(biz, 0.5, 0.9) // quantile.go: selection, not a sort
	return Times{Count: len(wall), WallMedianSec: w[0], WallP90Sec: w[1],
		BusinessMedSec: b[0], BusinessP90Sec: b[1]}
}

func rank(ds []time.Duration, q float64) int64 { return quantiles(ds, q)[0] }

// at is the nearest-rank q-quantile of sorted s, in whole seconds.
func at(s []time.Duration, q float64) int64 {
	if len(s) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return int64(s[max(i, 0)] / time.Second)
}

// hourOfWeek counts inbound messages of p by hour of the week in loc and
// marks the hours cal is open in (in any week of p) when there is one.
func hourOfWeek(data []conv, p Period, loc *time.Location, cal deadline.Calendar, hasCal bool) []HourBucket {
	out := make([]HourBucket, 168)
	for i := range out {
		out[i] = HourBucket{Weekday: i / 24, Hour: i % 24}
	}
	bucket := func(t time.Time) int {
		l := t.In(loc)
		return (int(l.Weekday())+6)%7*24 + l.Hour()
	}
	for _, c := range data {
		if idx := c.hoursIn(loc); idx != nil { // memo.go: computed once per conversation version
			for i, t := range c.inbound {
				if p.has(t) {
					out[idx[i]].MessagesIn++
				}
			}
			continue
		}
		for _, t := range c.inbound {
			if p.has(t) {
				out[bucket(t)].MessagesIn++
			}
		}
	}
	if !hasCal {
		return out
	}
	// Step by real hours from the local hour p starts in: across a DST
	// change a local hour may occur twice or not at all, and each real hour
	// lands in the bucket its wall clock shows.
	// (Local, not UTC, hour boundaries: some zones are offset by 30 minutes.)
	l := p.From.In(loc)
	start := p.From.Add(-(time.Duration(l.Minute())*time.Minute + time.Duration(l.Second())*time.Second + time.Duration(l.Nanosecond())))
	for h := start; h.Before(p.To); h = h.Add(time.Hour) {
		b := bucket(h)
		if !out[b].Staffed && cal.Elapsed(h, h.Add(time.Hour)) > 0 {
			out[b].Staffed = true
		}
	}
	return out
}
