package report

import (
	"sort"
	"strconv"
	"sync"
	"time"

	"careinbox/backend/inbox"
)

// Backlog steps.
const (
	StepHour = "hour"
	StepDay  = "day"
)

// DistributionEdges are the upper bounds of the first-response distribution's
// buckets; a last bucket holds what took longer than the last edge.
var DistributionEdges = []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour,
	4 * time.Hour, 8 * time.Hour, 24 * time.Hour}

// Bucket is one bar of a distribution: the cycles that took more than the
// previous bucket's bound and at most UpToSec (0: no upper bound).
type Bucket struct {
	Label    string `json:"label"`
	UpToSec  int64  `json:"upToSec"`
	Wall     int    `json:"wall"`     // by wall-clock time
	Business int    `json:"business"` // by business time
}

// HourOfDay is the first responses to customer messages sent in one hour
// of the day.
type HourOfDay struct {
	Hour              int   `json:"hour"`
	Count             int   `json:"count"`
	WallMedianSec     int64 `json:"wallMedianSec"`
	BusinessMedianSec int64 `json:"businessMedianSec"`
}

// Row is one handle's or one network's share of a period's figures.
type Row struct {
	Key             string  `json:"key"`   // the handle's id in decimal, or the network
	Label           string  `json:"label"` // the handle's name, or the network
	ConversationsIn int     `json:"conversationsIn"`
	MessagesIn      int     `json:"messagesIn"`
	Replied         int     `json:"replied"`
	Resolved        int     `json:"resolved"`
	StillOpen       int     `json:"stillOpen"`
	FirstResponse   Times   `json:"firstResponse"`
	PromiseKeptPct  float64 `json:"promiseKeptPct"`  // of the first-response target
	PromiseBreached int     `json:"promiseBreached"` // every target
}

// BacklogPoint is how many conversations were open at one instant.
type BacklogPoint struct {
	At   time.Time `json:"at"`
	Open int       `json:"open"`
}

func addVolume(to *Volume, v Volume) {
	to.ConversationsIn += v.ConversationsIn
	to.MessagesIn += v.MessagesIn
	to.MessagesOut += v.MessagesOut
	to.Replied += v.Replied
	to.Resolved += v.Resolved
	to.StillOpen += v.StillOpen
}

// share accumulates one row of a per-handle or per-network table.
type share struct {
	row            Row
	wall, biz      *[]time.Duration // answered first responses (the scratch's lists)
	kept, breached int              // first-response promise
	touched        bool             // the period has something of it
	// net is the network row of the handle's conversations (a handle's row
	// only), netName the network it was found for.
	net     *share
	netName inbox.Network
}

// scratch is what one period's figures reuse from one report to the next
// (scratchPool): the lists of durations they select percentiles in.
type scratch struct {
	durations
	shares       []*[]time.Duration // wall and biz of each row, by the order rows were met
	hourW, hourB [24][]time.Duration
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch {
	sc := scratchPool.Get().(*scratch)
	for i := range sc.wall {
		sc.wall[i], sc.biz[i] = sc.wall[i][:0], sc.biz[i][:0]
	}
	for i := range sc.hourW {
		sc.hourW[i], sc.hourB[i] = sc.hourW[i][:0], sc.hourB[i][:0]
	}
	return sc
}

func putScratch(sc *scratch) { scratchPool.Put(sc) }

// list is the scratch's i-th row list, emptied.
func (sc *scratch) list(i int) *[]time.Duration {
	for len(sc.shares) <= i {
		sc.shares = append(sc.shares, new([]time.Duration))
	}
	l := sc.shares[i]
	*l = (*l)[:0]
	return l
}

// split accumulates a period's per-handle and per-network tables and its
// first responses by hour of day.
type split struct {
	set        *settings
	sc         *scratch
	lists      int // scratch lists handed out
	handles    map[int64]*share
	handleKeys []int64
	nets       []*share // in the order met; a handful
}

func newSplit(set *settings, sc *scratch) *split {
	return &split{set: set, sc: sc, handles: map[int64]*share{}}
}

func (s *split) newShare(key, label string) *share {
	sh := &share{row: Row{Key: key, Label: label}, wall: s.sc.list(s.lists), biz: s.sc.list(s.lists + 1)}
	s.lists += 2
	return sh
}

// group is the two rows one conversation adds to.
type group [2]*share

// of is the rows of c's handle and network, with c's volume added.
func (s *split) of(c conv, v Volume) group {
	h := s.handles[c.in.HandleID]
	if h == nil {
		label := c.summary.HandleName
		if hd, ok := s.set.handles[c.in.HandleID]; ok && hd.DisplayName != "" {
			label = hd.DisplayName
		}
		h = s.newShare(strconv.FormatInt(c.in.HandleID, 10), label)
		s.handles[c.in.HandleID] = h
		s.handleKeys = append(s.handleKeys, c.in.HandleID)
	}
	n := h.net
	if n == nil || h.netName != c.in.Network {
		n = s.network(c.in.Network)
		h.net, h.netName = n, c.in.Network
	}
	g := group{h, n}
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

// network is the row of network n.
func (s *split) network(n inbox.Network) *share {
	for _, sh := range s.nets {
		if sh.row.Key == string(n) {
			return sh
		}
	}
	sh := s.newShare(string(n), string(n))
	s.nets = append(s.nets, sh)
	return sh
}

func (g group) touch() {
	for _, sh := range g {
		sh.touched = true
	}
}

// answered adds an answered first response.
func (s *split) answered(g group, wall, biz time.Duration) {
	for _, sh := range g {
		*sh.wall, *sh.biz = append(*sh.wall, wall), append(*sh.biz, biz)
	}
}

// kept adds a kept promise of target ti (targetIndex).
func (g group) kept(ti int) {
	if ti != tFirst {
		return
	}
	for _, sh := range g {
		sh.kept++
	}
}

func (g group) breached(ti int) {
	for _, sh := range g {
		sh.row.PromiseBreached++
		if ti == tFirst {
			sh.breached++
		}
	}
}

// hour adds an answered first response to a customer message sent in hour h.
func (s *split) hour(h int, wall, biz time.Duration) {
	s.sc.hourW[h] = append(s.sc.hourW[h], wall)
	s.sc.hourB[h] = append(s.sc.hourB[h], biz)
}

func (s *split) byHour() []HourOfDay {
	out := make([]HourOfDay, 24)
	for h := range out {
		w, b := s.sc.hourW[h], s.sc.hourB[h]
		out[h] = HourOfDay{Hour: h, Count: len(w), WallMedianSec: rank(w, 0.5), BusinessMedianSec: rank(b, 0.5)}
	}
	return out
}

// rows are the per-handle and per-network tables: rows with something in
// the period, most conversations first, then by label.
func (s *split) rows() (handles, networks []Row) {
	handles, networks = []Row{}, []Row{}
	for _, id := range s.handleKeys {
		if sh := s.handles[id]; sh.touched {
			handles = append(handles, sh.finish())
		}
	}
	for _, sh := range s.nets {
		if sh.touched {
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

func (sh *share) finish() Row {
	r := sh.row
	r.FirstResponse = times(*sh.wall, *sh.biz)
	r.PromiseKeptPct = pct(sh.kept, sh.kept+sh.breached)
	return r
}

// distribution counts durations into the DistributionEdges buckets.
func distribution(wall, biz []time.Duration) []Bucket {
	out := make([]Bucket, len(DistributionEdges)+1)
	for i, e := range DistributionEdges {
		out[i] = Bucket{Label: "≤" + short(e), UpToSec: int64(e / time.Second)}
	}
	out[len(DistributionEdges)].Label = ">" + short(DistributionEdges[len(DistributionEdges)-1])
	bucket := func(d time.Duration) int {
		for i, e := range DistributionEdges {
			if d <= e {
				return i
			}
		}
		return len(DistributionEdges)
	}
	for _, d := range wall {
		out[bucket(d)].Wall++
	}
	for _, d := range biz {
		out[bucket(d)].Business++
	}
	return out
}

// short writes a whole number of minutes or hours: 15m, 1h, 24h.
func short(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}

// hasClock reports whether any of cys runs clock.
func hasClock(cys []*cycle, clock string) bool {
	for _, cy := range cys {
		if cy.clock == clock {
			return true
		}
	}
	return false
}

// resolvedFromHistory is a resolution read from the status history, for a
// conversation with no recorded resolution clock (history older than the
// deadline service, or no resolution target in its policy): from its first
// inbound message to its first change to resolved after it. A conversation
// resolved with no status history at all (it changed status before the
// history was kept, or was imported resolved) is taken as resolved at its
// last message: the earliest it can have been. done is zero when it was
// not resolved.
func resolvedFromHistory(c conv) (start, done time.Time) {
	start = c.in.FirstInboundAt
	if start.IsZero() {
		return start, done
	}
	if len(c.in.History) == 0 {
		if c.in.Status == inbox.StatusResolved {
			done = lastOf(c.inbound)
			if o := lastOf(c.out); o.After(done) {
				done = o
			}
		}
		return start, done
	}
	for _, h := range c.in.History {
		if h.Status == inbox.StatusResolved && !h.At.Before(start) {
			return start, h.At
		}
	}
	return start, done
}

func lastOf(ts []time.Time) time.Time {
	if len(ts) == 0 {
		return time.Time{}
	}
	return ts[len(ts)-1]
}
