package report

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// Reading every message of a year (a million rows) costs seconds in the
// pure-Go SQLite, so the service keeps what it read of each conversation in
// memory and, on the next report, reloads only the conversations whose
// report version changed. The versions are maintained by SQLite triggers
// (store migration 0005) on every write a report reads — messages added,
// edited, moved or deleted (a late-arriving older message too), status
// changes, deadlines and their events, a customer's name — so the memo is
// correct by construction, whatever code path wrote. Settings (calendars,
// policies, clients, handles) are fingerprinted on every build; a change
// drops the whole memo, as the due times computed under them would be stale.
//
// The memo also keeps each conversation's cycles with their due times
// (deadline.Compute), which are pure functions of the conversation and the
// settings: a warm report computes them once per conversation version.

// memoStore is what the memo reads beyond Store; *store.Store satisfies it.
// A Store without it (a test fake) is read the direct way every time.
type memoStore interface {
	// ReportClock: the newest report version stamped so far.
	ReportClock(ctx context.Context) (int64, error)
	// ReportChanges: every conversation whose version is above since (0:
	// all), then those deleted since.
	ReportChanges(ctx context.Context, since int64, fn func(c inbox.ReportChange)) error
	// ReportMessages: message times, oldest first; unsent are replies not yet
	// on the network.
	ReportMessages(ctx context.Context, ids []int64) (in, out, unsent map[int64][]time.Time, err error)
	// ReportSummaries: ID, CustomerName, ClientName and HandleName only.
	ReportSummaries(ctx context.Context, ids []int64) ([]inbox.ConversationSummary, error)
}

// DefaultMemoLimit caps the conversations whose data the memo keeps (see
// docs/BENCHMARKS.md for the measured size of each).
const DefaultMemoLimit = 200_000

type memo struct {
	mu    sync.Mutex
	limit int
	// clock is the report clock index was brought up to date with; index
	// has every conversation (a few words each), so a report's candidates
	// are found without a query.
	clock   int64
	index   map[int64]*indexEntry
	order   []*indexEntry // the index's entries by id ascending, when ordered
	ordered bool
	// fp is the settings fingerprint entries were computed under.
	fp      string
	builds  uint64
	entries map[int64]*memoEntry
	// cands and have are get's buffers, reused under mu.
	cands []*indexEntry
	have  []*memoEntry

	// idle, if set, releases everything after that long without a report
	// (see Service.ReleaseIdle); released is then called, outside mu.
	idle     time.Duration
	released func()
	timer    *time.Timer
	lastUse  time.Time // monotonic: when a report last read the memo
}

type indexEntry struct {
	id          int64
	version     int64
	handleID    int64
	kind        inbox.Kind
	resolved    bool  // its status now
	first, last int64 // Unix ms of the first and last message; 0: none
	firstIn     int64 // Unix ms of the customer's first message; 0: none
	statusAt    int64 // Unix ms of its newest status change; 0: none
}

type memoEntry struct {
	version int64
	used    uint64 // the build that last used it
	c       conv
}

// cachedDue is a cycle's dues computed once (cycle.dues) for its target.
type cachedDue struct {
	target              string
	internal, published time.Time
	err                 error
	// biz is the business time to the cycle's answer (hasBiz: it has one
	// and its calendar was found), as cycle.business computes it.
	biz    time.Duration
	hasBiz bool
}

func newMemo(limit int) *memo {
	return &memo{limit: limit, index: map[int64]*indexEntry{}, entries: map[int64]*memoEntry{}}
}

// use notes that a report read the memo and (re)arms the idle release;
// under mu.
func (m *memo) use() {
	if m.idle <= 0 {
		return
	}
	m.lastUse = time.Now()
	if m.timer == nil {
		m.timer = time.AfterFunc(m.idle, m.releaseIdle)
	} else {
		m.timer.Reset(m.idle)
	}
}

// releaseIdle drops what the memo holds if no report read it for idle: a
// year's memo is ~265 MB on the 1 M archive, kept for nothing while the
// user is back in the inbox. The next report reads the way the first did.
func (m *memo) releaseIdle() {
	m.mu.Lock()
	if m.idle <= 0 || time.Since(m.lastUse) < m.idle { // used again since the timer was set
		m.mu.Unlock()
		return
	}
	empty := len(m.index) == 0 && len(m.entries) == 0
	m.clock, m.fp, m.ordered = 0, "", false
	m.index, m.entries = map[int64]*indexEntry{}, map[int64]*memoEntry{}
	m.order, m.cands, m.have = nil, nil, nil
	then := m.released
	m.mu.Unlock()
	if !empty && then != nil {
		then()
	}
}

// load is the conversations in scope with a message sent in p.
func (s *Service) load(ctx context.Context, set *settings, sc Scope, p Period) ([]conv, error) {
	ms, ok := s.st.(memoStore)
	if !ok || s.memo == nil {
		return s.loadDirect(ctx, sc, p)
	}
	return s.memo.get(ctx, s.st, ms, set, sc, p)
}

func (m *memo) get(ctx context.Context, st Store, ms memoStore, set *settings, sc Scope, p Period) ([]conv, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.refresh(ctx, ms); err != nil {
		return nil, err
	}
	if m.fp != set.fp {
		m.entries, m.fp = map[int64]*memoEntry{}, set.fp
	}
	m.builds++
	cands := m.candidates(set, sc, p)
	from, to := p.From.UnixMilli(), p.To.UnixMilli()
	var stale []int64
	have := slices.Grow(m.have[:0], len(cands))[:len(cands)]
	m.have = have
	defer clear(have) // no entry kept alive by the buffer
	for i, c := range cands {
		if e := m.entries[c.id]; e != nil && e.version == c.version {
			have[i] = e
		} else {
			stale = append(stale, c.id)
		}
	}
	fresh, err := loadConvs(ctx, st, ms, set, stale)
	if err != nil {
		return nil, err
	}
	out := make([]conv, 0, len(cands))
	for i, ix := range cands {
		e := have[i]
		if e == nil {
			c, ok := fresh[ix.id]
			if !ok { // deleted since the index saw it; the next refresh says so
				delete(m.entries, ix.id)
				continue
			}
			e = &memoEntry{version: ix.version, c: c}
			m.entries[ix.id] = e
		}
		e.used = m.builds
		if (ix.first >= from && ix.first < to) || (ix.last >= from && ix.last < to) || e.c.touches(p) {
			out = append(out, e.c)
		}
	}
	m.trim()
	m.use()
	return out, nil
}

// refresh brings the index up to date: the clock first, the changes after,
// so a conversation that changes in between is read with its newer version
// now and again next time (harmless), never missed. Its data loaded later
// than its version was read is stored under the older version and so
// reloaded next time too.
func (m *memo) refresh(ctx context.Context, ms memoStore) error {
	clock, err := ms.ReportClock(ctx)
	if err != nil {
		return err
	}
	if clock == m.clock {
		return nil
	}
	err = ms.ReportChanges(ctx, m.clock, func(c inbox.ReportChange) {
		if c.Deleted {
			// A tombstone older than the row is of an earlier conversation
			// with the same id (SQLite reuses the largest rowid).
			if e, ok := m.index[c.ID]; ok && e.version < c.Version {
				delete(m.index, c.ID)
				m.ordered = false
				delete(m.entries, c.ID)
			}
			return
		}
		ne := indexEntry{id: c.ID, version: c.Version, handleID: c.HandleID, kind: c.Kind, resolved: c.Status == inbox.StatusResolved,
			first: unixMS(c.FirstAt), last: unixMS(c.LastAt), firstIn: unixMS(c.FirstInboundAt), statusAt: unixMS(c.LastStatusAt)}
		if e, ok := m.index[c.ID]; ok {
			*e = ne // in place: order keeps pointing at it
		} else {
			m.index[c.ID] = &ne
			m.ordered = false
		}
	})
	if err != nil {
		return err
	}
	m.clock = clock
	return nil
}

func unixMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// candidates are the conversations in scope whose messages span some of p
// (a superset of those with a message in it: touches tells), in id order.
// refresh updates entries in place, so they are read under the memo's lock.
func (m *memo) candidates(set *settings, sc Scope, p Period) []*indexEntry {
	from, to := p.From.UnixMilli(), p.To.UnixMilli()
	out := m.cands[:0]
	for _, e := range m.ids() {
		if e.first == 0 && e.last == 0 || e.last < from || e.first >= to {
			continue
		}
		if e.in(set, sc) {
			out = append(out, e)
		}
	}
	m.cands = out
	return out
}

// ids are the index's entries by id ascending (sorted again only after
// conversations came or went).
func (m *memo) ids() []*indexEntry {
	if !m.ordered {
		m.order = m.order[:0]
		for _, e := range m.index {
			m.order = append(m.order, e)
		}
		slices.SortFunc(m.order, func(a, b *indexEntry) int { return cmp.Compare(a.id, b.id) })
		m.ordered = true
	}
	return m.order
}

// in: the conversation is in scope sc (as ReportConversationIDs joins it).
func (e *indexEntry) in(set *settings, sc Scope) bool {
	if (sc.HandleID != 0 && e.handleID != sc.HandleID) || (sc.Kind != "" && e.kind != sc.Kind) {
		return false
	}
	if sc.ClientID != 0 || sc.Network != "" {
		h, ok := set.handles[e.handleID]
		if !ok || (sc.ClientID != 0 && h.ClientID != sc.ClientID) || (sc.Network != "" && h.Network != sc.Network) {
			return false
		}
	}
	return true
}

// openIDs are ReportOpenConversationIDs from the index: the conversations
// in scope a customer wrote in before p ends that are not resolved now or
// changed status since p began.
func (s *Service) openIDs(ctx context.Context, set *settings, sc Scope, p Period) ([]int64, error) {
	ms, ok := s.st.(memoStore)
	if !ok || s.memo == nil {
		return s.st.ReportOpenConversationIDs(ctx, sc.ClientID, sc.HandleID, sc.Network, sc.Kind, p.From, p.To)
	}
	m := s.memo
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.refresh(ctx, ms); err != nil {
		return nil, err
	}
	from, to := p.From.UnixMilli(), p.To.UnixMilli()
	var ids []int64
	for _, e := range m.ids() {
		if e.firstIn != 0 && e.firstIn < to && (!e.resolved || e.statusAt >= from) && e.in(set, sc) {
			ids = append(ids, e.id)
		}
	}
	return ids, nil
}

// notLoaded are the ids (ascending) of no conversation of data: a merge
// when data is in id order (the memo's), else a set.
func notLoaded(ids []int64, data []conv) []int64 {
	var out []int64
	if slices.IsSortedFunc(data, func(a, b conv) int { return cmp.Compare(a.in.ConversationID, b.in.ConversationID) }) {
		j := 0
		for _, id := range ids {
			for j < len(data) && data[j].in.ConversationID < id {
				j++
			}
			if j == len(data) || data[j].in.ConversationID != id {
				out = append(out, id)
			}
		}
		return out
	}
	have := make(map[int64]bool, len(data))
	for _, c := range data {
		have[c.in.ConversationID] = true
	}
	for _, id := range ids {
		if !have[id] {
			out = append(out, id)
		}
	}
	return out
}

// inputs are DeadlineInputs of ids, from the memo (loading those it lacks).
func (s *Service) inputs(ctx context.Context, set *settings, ids []int64) ([]deadline.Input, error) {
	ms, ok := s.st.(memoStore)
	if !ok || s.memo == nil {
		return s.st.DeadlineInputs(ctx, ids)
	}
	m := s.memo
	m.mu.Lock()
	defer m.mu.Unlock()
	defer m.use()
	if m.fp != set.fp {
		m.entries, m.fp = map[int64]*memoEntry{}, set.fp
	}
	var stale []int64
	for _, id := range ids {
		if e, ix := m.entries[id], m.index[id]; e == nil || ix == nil || e.version != ix.version {
			stale = append(stale, id)
		}
	}
	fresh, err := loadConvs(ctx, s.st, ms, set, stale)
	if err != nil {
		return nil, err
	}
	out := make([]deadline.Input, 0, len(ids))
	for _, id := range ids {
		e := m.entries[id]
		var v int64
		if ix := m.index[id]; ix != nil {
			v = ix.version
		}
		if e == nil || e.version != v {
			c, ok := fresh[id]
			if !ok {
				continue
			}
			e = &memoEntry{version: v, used: m.builds, c: c}
			m.entries[id] = e
		}
		out = append(out, e.c.in)
	}
	return out, nil
}

// trim keeps the memo under its limit: entries this build did not use go
// first, then any.
func (m *memo) trim() {
	if len(m.entries) <= m.limit {
		return
	}
	for id, e := range m.entries {
		if e.used != m.builds {
			delete(m.entries, id)
		}
	}
	for id := range m.entries {
		if len(m.entries) <= m.limit {
			break
		}
		delete(m.entries, id)
	}
}

// loadConvs reads the given conversations and computes their cycles and dues.
func loadConvs(ctx context.Context, st Store, ms memoStore, set *settings, ids []int64) (map[int64]conv, error) {
	out := make(map[int64]conv, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// Four reads at once (the store has several reader connections): a
	// cold report of a year reads a million message rows.
	var (
		wg                 sync.WaitGroup
		inputs             []deadline.Input
		evs                map[int64][]deadline.Event
		ins, outs, unsent  map[int64][]time.Time
		sums               []inbox.ConversationSummary
		errIn, errEv, errM error
	)
	wg.Add(3)
	go func() { defer wg.Done(); inputs, errIn = st.DeadlineInputs(ctx, ids) }()
	go func() { defer wg.Done(); evs, errEv = st.DeadlineEventsFor(ctx, ids) }()
	go func() { defer wg.Done(); ins, outs, unsent, errM = ms.ReportMessages(ctx, ids) }()
	sums, err := ms.ReportSummaries(ctx, ids)
	wg.Wait()
	for _, e := range []error{errIn, errEv, errM, err} {
		if e != nil {
			return nil, e
		}
	}
	byID := make(map[int64]names, len(sums))
	for _, c := range sums {
		byID[c.ID] = namesOf(c)
	}
	for _, in := range inputs {
		id := in.ConversationID
		c := conv{&convData{in: in, summary: byID[id], events: evs[id], inbound: ins[id], out: outs[id], unsent: unsent[id]}}
		cys := cycles(c)
		for _, cy := range cys {
			d := &cachedDue{target: cy.target(c)}
			d.internal, d.published, d.err = cy.dues(c, set, d.target)
			cy.due = d
			if done := cy.done(); !done.IsZero() {
				if b, err := businessOf(c, set, cy.start, done); err == nil {
					d.biz, d.hasBiz = b, true
				}
			}
		}
		if !hasClock(cys, deadline.ClockResolution) {
			if start, done := resolvedFromHistory(c); !start.IsZero() && !done.IsZero() {
				c.cacheBusiness(set, start, done)
			}
		}
		c.cacheHours(set)
		c.memoCycles = append(make([]*cycle, 0, len(cys)), cys...) // non-nil: computed
		c.spanFirst, c.spanLast = math.MaxInt64, math.MinInt64
		for _, ts := range [][]time.Time{c.inbound, c.out, c.unsent} {
			if len(ts) > 0 {
				c.spanFirst, c.spanLast = min(c.spanFirst, ts[0].UnixMilli()), max(c.spanLast, ts[len(ts)-1].UnixMilli())
			}
		}
		for _, cy := range cys {
			c.spanFirst, c.spanLast = min(c.spanFirst, cy.start.UnixMilli()), max(c.spanLast, cy.start.UnixMilli())
		}
		out[id] = c
	}
	return out, nil
}

// hourCache is the hour-of-week bucket (0 Monday 00:00 … 167) of each
// inbound message in one zone.
type hourCache struct {
	zone string
	idx  []uint8
}

// cacheHours computes the buckets in the zones a report of this
// conversation can be read in: the computer's (several clients), its
// client's calendar's and its handle's calendar's.
func (c *convData) cacheHours(set *settings) {
	if len(c.inbound) == 0 {
		return
	}
	locs := []*time.Location{set.Local}
	for _, h := range []int64{0, c.in.HandleID} {
		if cal, err := set.Calendar(c.in.ClientID, h); err == nil && cal.Location != nil {
			locs = append(locs, cal.Location)
		}
	}
	for _, loc := range locs {
		if c.hoursIn(loc) != nil {
			continue
		}
		idx := make([]uint8, len(c.inbound))
		for i, t := range c.inbound {
			l := t.In(loc)
			idx[i] = uint8((int(l.Weekday())+6)%7*24 + l.Hour())
		}
		c.memoHours = append(c.memoHours, hourCache{zone: loc.String(), idx: idx})
	}
}

// hoursIn are the inbound messages' hour-of-week buckets in loc, when the
// memo computed them (nil: compute them now). Zones are told apart by name
// (each settings parses its own *time.Location).
func (c *convData) hoursIn(loc *time.Location) []uint8 {
	name := loc.String()
	for _, h := range c.memoHours {
		if h.zone == name {
			return h.idx
		}
	}
	return nil
}

// bizEntry is one business time computed at load (businessOf).
type bizEntry struct {
	start, done int64 // Unix ns
	biz         time.Duration
}

func (c *convData) cacheBusiness(set *settings, start, done time.Time) {
	cal, err := set.Calendar(c.in.ClientID, c.in.HandleID)
	if err != nil {
		return // figures meets the error itself
	}
	c.memoBiz = append(c.memoBiz, bizEntry{start.UnixNano(), done.UnixNano(),
		businessTime(cal, deadline.PausesOf(c.in, start), start, done)})
}

// businessOf is the business time from start to done under c's calendar,
// less its pauses (businessTime): computed once per conversation version
// when the memo loaded it, else now.
func businessOf(c conv, set *settings, start, done time.Time) (time.Duration, error) {
	s, d := start.UnixNano(), done.UnixNano()
	for _, b := range c.memoBiz {
		if b.start == s && b.done == d {
			return b.biz, nil
		}
	}
	cal, err := set.Calendar(c.in.ClientID, c.in.HandleID)
	if err != nil {
		return 0, err
	}
	return businessTime(cal, deadline.PausesOf(c.in, start), start, done), nil
}

// relevant are the conversations of data that can count in q's figures: a
// message sent in it (volume; the first inbound message), or a cycle that
// started in it. The others add nothing — every figure, row and breach
// comes from one of the two — so a year's report does not walk the year
// before it conversation by conversation. Conversations without memoized
// cycles (the direct reading) are all kept.
func relevant(data []conv, q Period) []conv {
	out := make([]conv, 0, len(data))
	for _, c := range data {
		if c.memoCycles == nil {
			out = append(out, c)
			continue
		}
		if c.spanLast < q.From.UnixMilli() || c.spanFirst >= q.To.UnixMilli() {
			continue // nothing of it falls in q
		}
		if c.within(q) { // all of it falls in q, and it has a message or a cycle
			out = append(out, c)
			continue
		}
		if c.touches(q) || startsIn(c.memoCycles, q) {
			out = append(out, c)
		}
	}
	return out
}

// within: every message time and cycle start of c falls in p, as its span
// (memo path only) shows; false when that is not known.
func (c *convData) within(p Period) bool {
	if c.memoCycles == nil || c.spanFirst > c.spanLast {
		return false
	}
	// The span is in whole milliseconds, rounded down: the last time is
	// before spanLast + 1 ms.
	return !time.UnixMilli(c.spanFirst).Before(p.From) && !p.To.Before(time.UnixMilli(c.spanLast+1))
}

func startsIn(cys []*cycle, q Period) bool {
	for _, cy := range cys {
		if q.has(cy.start) {
			return true
		}
	}
	return false
}

// touches: a message of c was sent in p.
func (c *convData) touches(p Period) bool {
	return anyIn(c.inbound, p) || anyIn(c.out, p) || anyIn(c.unsent, p)
}

func anyIn(ts []time.Time, p Period) bool {
	i := lowerBound(ts, p.From)
	return i < len(ts) && ts[i].Before(p.To)
}

// fingerprint sums up what of the settings a report reads; sync state and
// the like change all the time and are left out.
func fingerprint(clients []inbox.Client, handles []inbox.Handle, cals, pols []deadline.StoredSpec) string {
	h := sha256.New()
	for _, c := range clients {
		fmt.Fprintf(h, "c%d\x00%s\x00%s\x00", c.ID, c.Name, c.TimeZone)
	}
	for _, x := range handles {
		fmt.Fprintf(h, "h%d\x00%d\x00%s\x00%s\x00", x.ID, x.ClientID, x.Network, x.DisplayName)
	}
	for _, list := range [][]deadline.StoredSpec{cals, pols} {
		for _, sp := range list {
			fmt.Fprintf(h, "s%d\x00%d\x00%s\x00%s\x00", sp.ClientID, sp.HandleID, sp.Kind, sp.Spec)
		}
		h.Write([]byte{'|'})
	}
	return hex.EncodeToString(h.Sum(nil))
}
