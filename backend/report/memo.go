package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
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
	// ReportVersions: the conversations in scope whose messages span some
	// of [from, to) (a superset of ReportConversationIDs), in id order, with
	// their report versions.
	ReportVersions(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
		from, to time.Time) (ids, versions []int64, err error)
	// ReportMessages: message times, oldest first; unsent are replies not yet
	// on the network.
	ReportMessages(ctx context.Context, ids []int64) (in, out, unsent map[int64][]time.Time, err error)
	// ReportSummaries: ID, CustomerName, ClientName and HandleName only.
	ReportSummaries(ctx context.Context, ids []int64) ([]inbox.ConversationSummary, error)
}

// DefaultMemoLimit caps the conversations the memo keeps (about 1.5 KB
// each with ten messages; see docs/BENCHMARKS.md for a measured size).
const DefaultMemoLimit = 250_000

type memo struct {
	mu      sync.Mutex
	limit   int
	fp      string // settings fingerprint the entries were computed under
	builds  uint64
	entries map[int64]*memoEntry
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
}

func newMemo(limit int) *memo {
	return &memo{limit: limit, entries: map[int64]*memoEntry{}}
}

// load is the conversations in scope with a message sent in p.
func (s *Service) load(ctx context.Context, set *settings, sc Scope, p Period) ([]conv, error) {
	ms, ok := s.st.(memoStore)
	if !ok || s.memo == nil {
		return s.loadDirect(ctx, sc, p)
	}
	// Versions first, data after: a conversation that changes in between is
	// stored with its older version and reloaded next time.
	ids, versions, err := ms.ReportVersions(ctx, sc.ClientID, sc.HandleID, sc.Network, sc.Kind, p.From, p.To)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.memo.get(ctx, s.st, ms, set, ids, versions, p)
}

func (m *memo) get(ctx context.Context, st Store, ms memoStore, set *settings, ids, versions []int64, p Period) ([]conv, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fp != set.fp {
		m.entries, m.fp = map[int64]*memoEntry{}, set.fp
	}
	m.builds++
	var stale []int64
	for i, id := range ids {
		if e := m.entries[id]; e == nil || e.version != versions[i] {
			stale = append(stale, id)
		}
	}
	fresh, err := loadConvs(ctx, st, ms, set, stale)
	if err != nil {
		return nil, err
	}
	out := make([]conv, 0, len(ids))
	for i, id := range ids {
		e := m.entries[id]
		if e == nil || e.version != versions[i] {
			c, ok := fresh[id]
			if !ok { // deleted since its version was read
				delete(m.entries, id)
				continue
			}
			e = &memoEntry{version: versions[i], c: c}
			m.entries[id] = e
		}
		e.used = m.builds
		if e.c.touches(p) {
			out = append(out, e.c)
		}
	}
	m.trim()
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
	inputs, err := st.DeadlineInputs(ctx, ids)
	if err != nil {
		return nil, err
	}
	evs, err := st.DeadlineEventsFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	ins, outs, unsent, err := ms.ReportMessages(ctx, ids)
	if err != nil {
		return nil, err
	}
	sums, err := ms.ReportSummaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]inbox.ConversationSummary, len(sums))
	for _, c := range sums {
		byID[c.ID] = c
	}
	for _, in := range inputs {
		id := in.ConversationID
		c := conv{&convData{in: in, summary: byID[id], events: evs[id], inbound: ins[id], out: outs[id], unsent: unsent[id]}}
		cys := cycles(c)
		for _, cy := range cys {
			d := &cachedDue{target: cy.target(c)}
			d.internal, d.published, d.err = cy.dues(c, set, d.target)
			cy.due = d
		}
		c.memoCycles = append(make([]*cycle, 0, len(cys)), cys...) // non-nil: computed
		out[id] = c
	}
	return out, nil
}

// touches: a message of c was sent in p.
func (c *convData) touches(p Period) bool {
	return anyIn(c.inbound, p) || anyIn(c.out, p) || anyIn(c.unsent, p)
}

func anyIn(ts []time.Time, p Period) bool {
	i := sort.Search(len(ts), func(i int) bool { return !ts[i].Before(p.From) })
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
