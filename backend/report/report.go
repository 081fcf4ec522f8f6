// Package report computes service-level reports over a period and a scope:
// volume, response times in wall-clock and business time, how often the
// published promise and the internal target were kept, the breaches, and
// volume by hour of the week against the staffed hours.
//
// Numbers come from the stored deadlines and the append-only deadline events
// (deadline/tracker records them), so a report agrees with what the inbox
// showed at the time; business time is measured with the deadline engine's
// own calendar arithmetic (deadline.Calendar.Elapsed, deadline.Compute).
// A conversation with no recorded deadline history at all (a sample
// workspace, an import, a backfill older than the service) is read from its
// messages instead: each wait for our reply is a response cycle, judged
// against the due the deadline engine computes for it; pauses (pending,
// snoozed) cannot be known from messages and are not taken off.
//
// How a period [From, To) that cuts a conversation counts it:
//   - a conversation belongs to the period its first inbound message falls
//     in (conversations in, replied, resolved, still open); replied and
//     resolved mean "by the end of the period" (resolved: its status at To by
//     the status history);
//   - messages in and out count in the period they were sent;
//   - a deadline cycle (one response or resolution clock) belongs to the
//     period its clock started in (the customer's message that awaited an
//     answer), even when it was answered or breached after the period ended;
//     its outcome is what is recorded when the report runs;
//   - volume by hour of the week counts inbound messages sent in the period.
//
// The figures built on those rules:
//   - resolution time: each resolved resolution cycle (started in the
//     period, by the rule above), from the customer message that started the
//     clock (the first inbound message) to the resolution its achieved or
//     missed event records; wall and business time (pauses taken off, as for
//     responses). A conversation with no recorded resolution clock (no
//     deadline history, or no resolution target in its policy) is read from
//     its status history: from its first inbound message to its first change
//     to resolved after it; one resolved with no status history at all (it
//     changed status before the history was kept, or was imported resolved)
//     is taken as resolved at its last message, the earliest it can have been;
//   - the first-response distribution and the first responses by hour of day
//     count the answered first-response cycles FirstResponse measures: by
//     duration into DistributionEdges, once by wall-clock and once by
//     business time; and by the hour of the customer's message in the
//     report's zone (the median by nearest rank, as everywhere);
//   - per handle and per network: each conversation's volume, cycles and
//     breaches go to its handle's row and its network's, so each table adds
//     up to the scope's totals (promise breached counts every target; promise
//     kept % is the first-response target's); a row is listed when the
//     period has something of it;
//   - backlog (current period only): at each hour start for a period of up to
//     31 days (real hours: a day leaving summer time has 25), else at each
//     midnight in the report's zone, the conversations open just before that
//     instant: the customer had written, and the status history says open —
//     the inbox's Open, waiting on us; pending (on the customer), snoozed and
//     resolved are not. A conversation with no status history has its current
//     status throughout. Conversations without a message in the period but
//     open across it are read too.
package report

import (
	"context"
	"fmt"
	"sync"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// Store is what a report reads; *store.Store satisfies it. Every method is
// read-only, so a report runs on a read-only workspace.
type Store interface {
	Clients(ctx context.Context) ([]inbox.Client, error)
	Handles(ctx context.Context) ([]inbox.Handle, error)
	CalendarSpecs(ctx context.Context) ([]deadline.StoredSpec, error)
	PolicySpecs(ctx context.Context) ([]deadline.StoredSpec, error)
	ReportConversationIDs(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
		from, to time.Time) ([]int64, error)
	// ReportOpenConversationIDs: the conversations in scope that can be open
	// at some instant of [from, to) (see backlog).
	ReportOpenConversationIDs(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
		from, to time.Time) ([]int64, error)
	DeadlineInputs(ctx context.Context, ids []int64) ([]deadline.Input, error)
	DeadlineEventsFor(ctx context.Context, ids []int64) (map[int64][]deadline.Event, error)
	MessageTimes(ctx context.Context, ids []int64) (in, out map[int64][]time.Time, err error)
	Summaries(ctx context.Context, ids []int64) ([]inbox.ConversationSummary, error)
}

// Scope narrows a report; zero fields mean any, and set fields all apply.
type Scope struct {
	ClientID int64         `json:"clientId,omitempty"`
	HandleID int64         `json:"handleId,omitempty"`
	Network  inbox.Network `json:"network,omitempty"`
	Kind     inbox.Kind    `json:"kind,omitempty"`
}

// Period is the half-open interval [From, To).
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Previous is the period of equal length just before p. When p runs from
// midnight to midnight in From's zone it is the same number of calendar days
// (a DST week is 169 hours long; the week before it is 168), else the same
// duration.
func (p Period) Previous() Period {
	loc := p.From.Location()
	from, to := p.From.In(loc), p.To.In(loc)
	if isMidnight(from) && isMidnight(to) {
		a := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
		b := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
		days := int(b.Sub(a).Hours() / 24)
		return Period{From: time.Date(from.Year(), from.Month(), from.Day()-days, 0, 0, 0, 0, loc), To: p.From}
	}
	return Period{From: p.From.Add(-p.To.Sub(p.From)), To: p.From}
}

func isMidnight(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

func (p Period) has(t time.Time) bool { return !t.IsZero() && !t.Before(p.From) && t.Before(p.To) }

// Targets, in the order reports list them.
const (
	TargetFirst      = "first"
	TargetNext       = "next"
	TargetResolution = "resolution"
)

// Report is a period's figures beside the previous period's.
type Report struct {
	Scope    Scope   `json:"scope"`
	Period   Period  `json:"period"`
	Previous Period  `json:"previousPeriod"`
	Current  Figures `json:"current"`
	Prior    Figures `json:"previous"`
	// Zone is the time zone of HourOfWeek: the scope's calendar's.
	Zone       string       `json:"zone"`
	HourOfWeek []HourBucket `json:"hourOfWeek"` // 168 buckets, Monday 00:00 first, current period
	// Backlog is the open conversations at each step of the current period:
	// each hour start for periods up to 31 days, else each day start (both
	// in Zone); BacklogStep says which ("hour" or "day").
	Backlog     []BacklogPoint `json:"backlog"`
	BacklogStep string         `json:"backlogStep"`
	// CSAT and PriorCSAT are the satisfaction figures of the surveys asked in
	// the current and the previous period (csat.go).
	CSAT      CSATFigure `json:"csat"`
	PriorCSAT CSATFigure `json:"previousCsat"`
}

// Figures are one period's numbers.
type Figures struct {
	Volume        Volume          `json:"volume"`
	FirstResponse Times           `json:"firstResponse"`
	NextResponse  Times           `json:"nextResponse"`
	Targets       []TargetFigures `json:"targets"` // first, next, resolution
	Breaches      []Breach        `json:"breaches"`
	// Resolution is resolved cycles' durations, from the customer message
	// that started the resolution clock to the resolution.
	Resolution Times `json:"resolution"`
	// FirstResponseDistribution counts answered first responses by how long
	// they took (DistributionEdges), in wall-clock and in business time.
	FirstResponseDistribution []Bucket `json:"firstResponseDistribution"`
	// FirstResponseByHour is first responses by the hour of day (in the
	// report's zone) of the customer's message: 24 entries, 00 first.
	FirstResponseByHour []HourOfDay `json:"firstResponseByHour"`
	// PerHandle and PerNetwork split the figures; each table's rows add up
	// to the scope's totals.
	PerHandle  []Row `json:"perHandle"`
	PerNetwork []Row `json:"perNetwork"`
	Loops      Loops `json:"loops"` // public threads taken private/offline (loops.go)
}

// Volume counts conversations (by their first inbound message) and messages.
type Volume struct {
	ConversationsIn int `json:"conversationsIn"`
	MessagesIn      int `json:"messagesIn"`
	MessagesOut     int `json:"messagesOut"`
	Replied         int `json:"replied"`
	Resolved        int `json:"resolved"`
	StillOpen       int `json:"stillOpen"`
}

// Times are answered response cycles' durations; percentiles are by nearest
// rank (the median of an even count is the lower middle value).
type Times struct {
	Count          int   `json:"count"`
	WallMedianSec  int64 `json:"wallMedianSec"`
	WallP90Sec     int64 `json:"wallP90Sec"`
	BusinessMedSec int64 `json:"businessMedianSec"`
	BusinessP90Sec int64 `json:"businessP90Sec"`
}

// TargetFigures say how often one target was kept. A cycle counts once its
// outcome is known: answered (or resolved), or past the published promise.
// Cycles still running inside the promise are Open; ones that stopped without
// an answer and without a breach (resolved unanswered) are not counted.
// The internal target's outcome is known once it passed unanswered (a
// running cycle can have missed it already) or the cycle was answered.
// Due times are the recorded ones (the late and breached marks carry them,
// a running clock's stored row has them); a cycle answered before any mark
// was recorded has them recomputed with deadline.Compute under the
// conversation's calendar and policy as stored now.
type TargetFigures struct {
	Target          string  `json:"target"`
	WithDeadline    int     `json:"withDeadline"` // PromiseKept + PromiseBreached
	PromiseKept     int     `json:"promiseKept"`
	PromiseBreached int     `json:"promiseBreached"`
	PromiseKeptPct  float64 `json:"promiseKeptPct"`
	InternalKept    int     `json:"internalKept"`
	InternalMissed  int     `json:"internalMissed"`
	InternalKeptPct float64 `json:"internalKeptPct"`
	Open            int     `json:"open"`
}

// Breach is a cycle whose published promise passed before it was answered.
type Breach struct {
	ConversationID int64     `json:"conversationId"`
	Customer       string    `json:"customer"`
	Client         string    `json:"client"`
	Handle         string    `json:"handle"`
	Target         string    `json:"target"`
	StartedAt      time.Time `json:"startedAt"`
	DueAt          time.Time `json:"dueAt"`           // the published promise
	DoneAt         time.Time `json:"doneAt,omitzero"` // the answer or resolution (zero: not yet)
	BySec          int64     `json:"bySec"`           // how late: DoneAt (or the report's now) − DueAt
}

// HourBucket is one hour of the week.
type HourBucket struct {
	Weekday    int  `json:"weekday"` // 0 Monday … 6 Sunday
	Hour       int  `json:"hour"`
	MessagesIn int  `json:"messagesIn"`
	Staffed    bool `json:"staffed"` // the calendar is open in this hour in some week of the period
}

// Service builds reports.
type Service struct {
	st    Store
	local *time.Location
	now   func() time.Time
	memo  *memo // what was read of each conversation, by version (memo.go)
}

// New returns a report service. local is the computer's zone (the default
// calendar's, as for the deadline service); now is the clock (nil: time.Now).
func New(st Store, local *time.Location, now func() time.Time) *Service {
	if local == nil {
		local = time.Local
	}
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, local: local, now: now, memo: newMemo(DefaultMemoLimit)}
}

// DefaultMemoIdle is how long the app keeps the report memo without a
// report: long enough for going back and forth between the inbox and the
// Reports screen, short of keeping a year's memo all day.
const DefaultMemoIdle = 10 * time.Minute

// ReleaseIdle makes the service drop its memo once no report has read it
// for idle (0: never, the default), and then call released (nil: nothing),
// which the app uses to hand the memory back to the system.
func (s *Service) ReleaseIdle(idle time.Duration, released func()) {
	s.memo.mu.Lock()
	defer s.memo.mu.Unlock()
	s.memo.idle, s.memo.released = idle, released
}

// Location is the time zone of the scope's calendar (the handle's, else the
// client's), or the computer's for a scope of several clients; dates of a
// period are meant in it.
func (s *Service) Location(ctx context.Context, sc Scope) (*time.Location, error) {
	set, err := s.settings(ctx)
	if err != nil {
		return nil, err
	}
	cal, ok, err := set.scopeCalendar(sc)
	if err != nil || !ok {
		return s.local, err
	}
	return cal.Location, nil
}

// Build computes the report of p and the previous period for scope sc.
func (s *Service) Build(ctx context.Context, sc Scope, p Period) (Report, error) {
	if !p.To.After(p.From) {
		return Report{}, fmt.Errorf("report period must end after it starts")
	}
	set, err := s.settings(ctx)
	if err != nil {
		return Report{}, err
	}
	prev := p.Previous()
	data, err := s.load(ctx, set, sc, Period{From: prev.From, To: p.To})
	if err != nil {
		return Report{}, err
	}
	cal, ok, err := set.scopeCalendar(sc)
	if err != nil {
		return Report{}, err
	}
	loc := s.local
	if ok {
		loc = cal.Location
	}
	now := s.now()
	r := Report{Scope: sc, Period: p, Previous: prev}
	// The previous period and the heat map are computed beside the current
	// period (a second core halves a year's report); each side has its own
	// settings, as calendars are parsed into them on first use.
	other, err := set.clone()
	if err != nil {
		return Report{}, err
	}
	var wg sync.WaitGroup
	var priorErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.Prior, priorErr = figures(relevant(data, prev), other, prev, now, loc)
		r.HourOfWeek = hourOfWeek(data, p, loc, cal, ok)
	}()
	r.Current, err = figures(relevant(data, p), set, p, now, loc)
	var open []*deadline.Input
	if err == nil {
		open, err = s.openInputs(ctx, set, sc, p, data)
	}
	wg.Wait()
	if err != nil {
		return Report{}, err
	}
	if priorErr != nil {
		return Report{}, priorErr
	}
	if err = s.addLoops(ctx, sc, &r); err != nil { // loops.go
		return Report{}, err
	}
	r.Zone = loc.String()
	if loc == time.Local {
		r.Zone, _ = p.From.In(loc).Zone() // "Local" says nothing to a reader
	}
	r.Backlog, r.BacklogStep = backlogOf(open, p, loc)
	if r.CSAT, r.PriorCSAT, err = s.csatFigures(ctx, sc, p, prev); err != nil {
		return Report{}, err
	}
	return r, nil
}

// conv is one conversation with everything a report reads about it. It is
// a pointer, so a report of 100 000 conversations copies no data: the memo
// (memo.go) shares one convData between reports, which only read it.
type conv struct{ *convData }

type convData struct {
	in      deadline.Input
	summary names
	events  []deadline.Event
	inbound []time.Time
	out     []time.Time
	// unsent are replies not yet on the network (memo path only): they put
	// a conversation in a period but are not replies.
	unsent []time.Time
	// memoCycles, when not nil, are cycles(c) with their dues, computed
	// once for this version of the conversation (memo.go).
	memoCycles []*cycle
	// memoBiz are business times computed at load (businessOf), memoHours
	// the inbound messages' hours of the week (hoursIn).
	memoBiz   []bizEntry
	memoHours []hourCache
	// spanFirst and spanLast (Unix ms) bound its message times and cycle
	// starts (relevant).
	spanFirst, spanLast int64
}

// names are what a report shows of a conversation's summary.
type names struct{ CustomerName, ClientName, HandleName string }

func namesOf(c inbox.ConversationSummary) names {
	return names{CustomerName: c.CustomerName, ClientName: c.ClientName, HandleName: c.HandleName}
}

// loadDirect reads the conversations in scope with a message in p from the
// store, every time: the way of a Store without memoStore.
func (s *Service) loadDirect(ctx context.Context, sc Scope, p Period) ([]conv, error) {
	ids, err := s.st.ReportConversationIDs(ctx, sc.ClientID, sc.HandleID, sc.Network, sc.Kind, p.From, p.To)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	inputs, err := s.st.DeadlineInputs(ctx, ids)
	if err != nil {
		return nil, err
	}
	sums, err := s.st.Summaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	evs, err := s.st.DeadlineEventsFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	ins, outs, err := s.st.MessageTimes(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := map[int64]names{}
	for _, c := range sums {
		byID[c.ID] = namesOf(c)
	}
	out := make([]conv, 0, len(inputs))
	for _, in := range inputs {
		id := in.ConversationID
		out = append(out, conv{&convData{in: in, summary: byID[id], events: evs[id], inbound: ins[id], out: outs[id]}})
	}
	return out, nil
}
