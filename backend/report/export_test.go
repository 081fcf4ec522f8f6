package report

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// Reference is a straightforward computation of what Build's figures and
// heat map say, for the test that the optimised path agrees with it: every
// conversation read directly from the store (no memo, no cached cycles, dues
// or business times), every message time scanned, maps keyed by target,
// handle and network, percentiles read off sorted copies. It is the figures
// code as it was before the warm path was tuned.
func Reference(ctx context.Context, s *Service, sc Scope, p Period) (cur, prev Figures, how []HourBucket, err error) {
	set, err := s.settings(ctx)
	if err != nil {
		return cur, prev, nil, err
	}
	pp := p.Previous()
	data, err := s.loadDirect(ctx, sc, Period{From: pp.From, To: p.To})
	if err != nil {
		return cur, prev, nil, err
	}
	cal, ok, err := set.scopeCalendar(sc)
	if err != nil {
		return cur, prev, nil, err
	}
	loc := s.local
	if ok {
		loc = cal.Location
	}
	now := s.now()
	if cur, err = refFigures(data, set, p, now, loc); err != nil {
		return cur, prev, nil, err
	}
	if prev, err = refFigures(data, set, pp, now, loc); err != nil {
		return cur, prev, nil, err
	}
	how = make([]HourBucket, 168)
	for i := range how {
		how[i] = HourBucket{Weekday: i / 24, Hour: i % 24}
	}
	bucket := func(t time.Time) int {
		l := t.In(loc)
		return (int(l.Weekday())+6)%7*24 + l.Hour()
	}
	for _, c := range data {
		for _, t := range c.inbound {
			if p.has(t) {
				how[bucket(t)].MessagesIn++
			}
		}
	}
	if ok {
		l := p.From.In(loc)
		start := p.From.Add(-(time.Duration(l.Minute())*time.Minute + time.Duration(l.Second())*time.Second + time.Duration(l.Nanosecond())))
		for h := start; h.Before(p.To); h = h.Add(time.Hour) {
			if cal.Elapsed(h, h.Add(time.Hour)) > 0 {
				how[bucket(h)].Staffed = true
			}
		}
	}
	return cur, prev, how, nil
}

func refTarget(cy *cycle, c conv) string {
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

func refFigures(data []conv, set *settings, p Period, now time.Time, loc *time.Location) (Figures, error) {
	f := Figures{Breaches: []Breach{}}
	tf := map[string]*TargetFigures{}
	for _, name := range []string{TargetFirst, TargetNext, TargetResolution} {
		tf[name] = &TargetFigures{Target: name}
	}
	wall, biz := map[string][]time.Duration{}, map[string][]time.Duration{}
	split := newRefSplit(set)
	for _, c := range data {
		var v Volume
		refVolume(&v, c, p)
		addVolume(&f.Volume, v)
		grp := split.of(c, v)
		cal, calErr := set.Calendar(c.in.ClientID, c.in.HandleID)
		bizOf := func(start, done time.Time) (time.Duration, error) {
			if calErr != nil {
				return 0, calErr
			}
			return businessTime(cal, deadline.PausesOf(c.in, start), start, done), nil
		}
		cys := cycles(c)
		for _, cy := range cys {
			if !p.has(cy.start) {
				continue
			}
			name := refTarget(cy, c)
			t := tf[name]
			if t == nil {
				continue
			}
			grp.touch()
			cy.due = nil
			internal, published, err := cy.dues(c, set, name)
			if err != nil {
				return f, err
			}
			done := cy.done()
			if !done.IsZero() {
				b, err := bizOf(cy.start, done)
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
						until = cy.end.At
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
				b, err := bizOf(start, done)
				if err != nil {
					return f, err
				}
				grp.touch()
				wall[TargetResolution] = append(wall[TargetResolution], done.Sub(start))
				biz[TargetResolution] = append(biz[TargetResolution], b)
			}
		}
	}
	f.FirstResponse = refTimes(wall[TargetFirst], biz[TargetFirst])
	f.NextResponse = refTimes(wall[TargetNext], biz[TargetNext])
	f.Resolution = refTimes(wall[TargetResolution], biz[TargetResolution])
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

func refVolume(v *Volume, c conv, p Period) {
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

func refRank(ds []time.Duration, q float64) int64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	return at(s, q)
}

func refTimes(wall, biz []time.Duration) Times {
	return Times{Count: len(wall), WallMedianSec: refRank(wall, 0.5), WallP90Sec: refRank(wall, 0.9),
		BusinessMedSec: refRank(biz, 0.5), BusinessP90Sec: refRank(biz, 0.9)}
}

type refShare struct {
	row            Row
	wall, biz      []time.Duration
	kept, breached int
	touched        bool
}

type refSplit struct {
	set          *settings
	handles      map[int64]*refShare
	networks     map[inbox.Network]*refShare
	hourW, hourB [24][]time.Duration
	handleKeys   []int64
	netKeys      []inbox.Network
}

func newRefSplit(set *settings) *refSplit {
	return &refSplit{set: set, handles: map[int64]*refShare{}, networks: map[inbox.Network]*refShare{}}
}

type refGroup [2]*refShare

func (s *refSplit) of(c conv, v Volume) refGroup {
	h := s.handles[c.in.HandleID]
	if h == nil {
		label := c.summary.HandleName
		if hd, ok := s.set.handles[c.in.HandleID]; ok && hd.DisplayName != "" {
			label = hd.DisplayName
		}
		h = &refShare{row: Row{Key: strconv.FormatInt(c.in.HandleID, 10), Label: label}}
		s.handles[c.in.HandleID] = h
		s.handleKeys = append(s.handleKeys, c.in.HandleID)
	}
	n := s.networks[c.in.Network]
	if n == nil {
		n = &refShare{row: Row{Key: string(c.in.Network), Label: string(c.in.Network)}}
		s.networks[c.in.Network] = n
		s.netKeys = append(s.netKeys, c.in.Network)
	}
	g := refGroup{h, n}
	for _, sh := range g {
		r := &sh.row
		r.ConversationsIn += v.ConversationsIn
		r.MessagesIn += v.MessagesIn
		r.Replied += v.Replied
		r.Resolved += v.Resolved
		r.StillOpen += v.StillOpen
		if v != (Volume{}) {
			sh.touched = true
		}
	}
	return g
}

func (g refGroup) touch() {
	for _, sh := range g {
		sh.touched = true
	}
}

func (g refGroup) answered(wall, biz time.Duration) {
	for _, sh := range g {
		sh.wall, sh.biz = append(sh.wall, wall), append(sh.biz, biz)
	}
}

func (g refGroup) kept(target string) {
	if target != TargetFirst {
		return
	}
	for _, sh := range g {
		sh.kept++
	}
}

func (g refGroup) breached(target string) {
	for _, sh := range g {
		sh.row.PromiseBreached++
		if target == TargetFirst {
			sh.breached++
		}
	}
}

func (s *refSplit) hour(h int, wall, biz time.Duration) {
	s.hourW[h] = append(s.hourW[h], wall)
	s.hourB[h] = append(s.hourB[h], biz)
}

func (s *refSplit) byHour() []HourOfDay {
	out := make([]HourOfDay, 24)
	for h := range out {
		out[h] = HourOfDay{Hour: h, Count: len(s.hourW[h]), WallMedianSec: refRank(s.hourW[h], 0.5), BusinessMedianSec: refRank(s.hourB[h], 0.5)}
	}
	return out
}

func (s *refSplit) rows() (handles, networks []Row) {
	handles, networks = []Row{}, []Row{}
	for _, id := range s.handleKeys {
		if sh := s.handles[id]; sh.touched {
			handles = append(handles, sh.finish())
		}
	}
	for _, n := range s.netKeys {
		if sh := s.networks[n]; sh.touched {
			networks = append(networks, sh.finish())
		}
	}
	for _, rs := range [][]Row{handles, networks} {
		sort.SliceStable(rs, func(i, j int) bool {
			a, b := rs[i], rs[j]
			if a.ConversationsIn != b.ConversationsIn {
				return a.ConversationsIn > b.ConversationsIn
			}
			if a.Label != b.Label {
				return a.Label < b.Label
			}
			return a.Key < b.Key
		})
	}
	return handles, networks
}

func (sh *refShare) finish() Row {
	r := sh.row
	r.FirstResponse = refTimes(sh.wall, sh.biz)
	r.PromiseKeptPct = pct(sh.kept, sh.kept+sh.breached)
	return r
}
