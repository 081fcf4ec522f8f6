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
	if cy.due != nil { // memoized: worked out at load
		return cy.due.target
	}
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

// business is the business time from the cycle's start to done, its
// answer: computed once at load when the memo keeps the cycle.
func (cy *cycle) business(c conv, set *settings, done time.Time) (time.Duration, error) {
	if d := cy.due; d != nil && d.hasBiz {
		return d.biz, nil
	}
	return businessOf(c, set, cy.start, done)
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

// Targets by index, in the order reports list them: a period's figures are
// kept in arrays indexed by these rather than in maps keyed by name.
const (
	tFirst = iota
	tNext
	tResolution
	nTargets
)

var targetNames = [nTargets]string{TargetFirst, TargetNext, TargetResolution}

// targetIndex is the index of a target's name; -1 for none of them.
func targetIndex(name string) int {
	switch name {
	case TargetFirst:
		return tFirst
	case TargetNext:
		return tNext
	case TargetResolution:
		return tResolution
	}
	return -1
}

// durations are the answered cycles' wall-clock and business times of one
// period, by target; figures reuses them from a pool (a year's report holds
// over half a million of each) and selects percentiles in place.
type durations struct {
	wall, biz [nTargets][]time.Duration
}

// figures computes one period's numbers; loc is the report's zone (hours of day).
func figures(data []conv, set *settings, p Period, now time.Time, loc *time.Location) (Figures, error) {
	f := Figures{Breaches: []Breach{}}
	var tf [nTargets]TargetFigures
	for i, name := range targetNames {
		tf[i].Target = name
	}
	sc := getScratch()
	defer putScratch(sc)
	d := &sc.durations
	split := newSplit(set, sc)
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
			ti := targetIndex(name)
			if ti < 0 {
				continue
			}
			t := &tf[ti]
			grp.touch()
			internal, published, err := cy.dues(c, set, name)
			if err != nil {
				return f, err
			}
			done := cy.done()
			if !done.IsZero() {
				b, err := cy.business(c, set, done)
				if err != nil {
					return f, err
				}
				w := done.Sub(cy.start)
				d.wall[ti] = append(d.wall[ti], w)
				d.biz[ti] = append(d.biz[ti], b)
				if ti == tFirst {
					split.answered(grp, w, b)
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
				grp.breached(ti)
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
				grp.kept(ti)
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
				d.wall[tResolution] = append(d.wall[tResolution], done.Sub(start))
				d.biz[tResolution] = append(d.biz[tResolution], b)
			}
		}
	}
	// The distribution only counts, so it may read the lists after times
	// reordered them.
	f.FirstResponse = times(d.wall[tFirst], d.biz[tFirst])
	f.NextResponse = times(d.wall[tNext], d.biz[tNext])
	f.Resolution = times(d.wall[tResolution], d.biz[tResolution])
	f.FirstResponseDistribution = distribution(d.wall[tFirst], d.biz[tFirst])
	f.FirstResponseByHour = split.byHour()
	f.PerHandle, f.PerNetwork = split.rows()
	f.Targets = make([]TargetFigures, 0, nTargets)
	for i := range tf {
		t := &tf[i]
		t.WithDeadline = t.PromiseKept + t.PromiseBreached
		t.PromiseKeptPct = pct(t.PromiseKept, t.WithDeadline)
		t.InternalKeptPct = pct(t.InternalKept, t.InternalKept+t.InternalMissed)
		f.Targets = append(f.Targets, *t)
	}
	sort.SliceStable(f.Breaches, func(i, j int) bool {
		a, b := f.Breaches[i], f.Breaches[j]
		if !a.StartedAt.Equal(b.StartedAt) {
			return a.StartedAt.Before(b.StartedAt)
		}
		if a.ConversationID != b.ConversationID {
			return a.ConversationID < b.ConversationID
		}
		return targetIndex(a.Target) < targetIndex(b.Target)
	})
	return f, nil
}

// volume adds one conversation to a period's volume. Message times are
// oldest first (Store.MessageTimes, memoStore.ReportMessages), so the
// messages of p are found by binary search.
func volume(v *Volume, c conv, p Period) {
	if c.within(p) { // every message in p: no search
		v.MessagesIn += len(c.inbound)
		v.MessagesOut += len(c.out)
	} else {
		v.MessagesIn += countIn(c.inbound, p)
		v.MessagesOut += countIn(c.out, p)
	}
	first := c.in.FirstInboundAt
	if !p.has(first) {
		return
	}
	v.ConversationsIn++
	if i := lowerBound(c.out, first); i < len(c.out) && c.out[i].Before(p.To) {
		v.Replied++
	}
	if statusAt(c.in, p.To) == inbox.StatusResolved {
		v.Resolved++
	} else {
		v.StillOpen++
	}
}

// lowerBound is the index of the first of ts (ascending) not before t.
func lowerBound(ts []time.Time, t time.Time) int {
	lo, hi := 0, len(ts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ts[m].Before(t) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// inRange are the indexes [i, j) of ts (ascending) sent in p.
func inRange(ts []time.Time, p Period) (i, j int) {
	i = lowerBound(ts, p.From)
	j = i + lowerBound(ts[i:], p.To)
	return i, j
}

// countIn is how many of ts (ascending) were sent in p.
func countIn(ts []time.Time, p Period) int {
	i, j := inRange(ts, p)
	return j - i
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

// times summarises durations by nearest rank; it reorders wall and biz.
func times(wall, biz []time.Duration) Times {
	var w, b [2]int64
	selectQuantiles(wall, w[:], 0.5, 0.9) // quantile.go: selection in place, not a sort
	selectQuantiles(biz, b[:], 0.5, 0.9)
	return Times{Count: len(wall), WallMedianSec: w[0], WallP90Sec: w[1],
		BusinessMedSec: b[0], BusinessP90Sec: b[1]}
}

// rank is the nearest-rank q-quantile of ds in whole seconds; it reorders ds.
func rank(ds []time.Duration, q float64) int64 {
	var out [1]int64
	selectQuantiles(ds, out[:], q)
	return out[0]
}

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
		i, j := 0, len(c.inbound)
		if !c.within(p) {
			i, j = inRange(c.inbound, p)
		}
		if i == j {
			continue
		}
		if idx := c.hoursIn(loc); idx != nil { // memo.go: computed once per conversation version
			for _, h := range idx[i:j] {
				out[h].MessagesIn++
			}
			continue
		}
		for _, t := range c.inbound[i:j] {
			out[bucket(t)].MessagesIn++
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
