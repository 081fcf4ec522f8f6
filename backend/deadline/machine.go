package deadline

import (
	"fmt"
	"time"

	"careinbox/backend/inbox"
)

// The state machine of a conversation's deadlines: which clocks run, when
// their marks pass, which events that records. Pure rules over Input; the
// service (tracker) loads the input and stores the Update.

var rank = map[string]int{StateOnTrack: 0, StateImminent: 1, StateLate: 2, StateAtRisk: 3, StateBreached: 4}

// Rank orders states and the events named after them by severity (-1:
// not a mark), so the most severe of several pending events can win.
func Rank(state string) int {
	if r, ok := rank[state]; ok {
		return r
	}
	return -1
}

// PlatformWindow is when the network stops accepting a reply: Messenger and
// Instagram allow private replies for 24 hours after the customer's last
// message. Zero when the network has no such window.
func PlatformWindow(nw inbox.Network, kind inbox.Kind, lastInbound time.Time) time.Time {
	if kind != inbox.KindPrivate || lastInbound.IsZero() {
		return time.Time{}
	}
	if nw == inbox.NetworkFacebook || nw == inbox.NetworkInstagram {
		return lastInbound.Add(24 * time.Hour)
	}
	return time.Time{}
}

// pausesFrom turns the status history into the periods the clock stood
// still. The history starts when migration 0003 was applied, so a
// conversation may be pending or snoozed with no recorded start: the pause is
// then taken to start at the last message (or the clock's start, if later),
// which can only make the deadline earlier, never hide a late reply. A
// snooze ends at snoozed_until even if nobody re-opened the conversation.
func pausesFrom(in Input, start time.Time) []Pause {
	paused := func(s inbox.Status) bool { return s == inbox.StatusPending || s == inbox.StatusSnoozed }
	var out []Pause
	var open *Pause
	for _, h := range in.History {
		switch {
		case paused(h.Status) && open == nil:
			open = &Pause{Start: h.At}
		case !paused(h.Status) && open != nil:
			open.End = h.At
			out = append(out, *open)
			open = nil
		}
	}
	if paused(in.Status) {
		if open == nil {
			s := in.LastMessageAt
			if s.Before(start) {
				s = start
			}
			open = &Pause{Start: s}
		}
		if in.Status == inbox.StatusSnoozed && !in.SnoozedUntil.IsZero() && in.SnoozedUntil.After(open.Start) {
			open.End = in.SnoozedUntil
		}
		out = append(out, *open)
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

type mark struct {
	at    time.Time
	state string
}

func marks(d Deadline) []mark {
	return []mark{{d.WarnAt, StateImminent}, {d.InternalAt, StateLate}, {d.PromiseWarnAt, StateAtRisk}, {d.PublishedAt, StateBreached}}
}

// stateAt is a deadline's state at now and the next instant it changes.
func stateAt(d Deadline, now time.Time) (string, time.Time) {
	state, next := StateOnTrack, time.Time{}
	for _, m := range marks(d) {
		if !m.at.After(now) {
			if Rank(m.state) > Rank(state) {
				state = m.state
			}
		} else if next.IsZero() || m.at.Before(next) {
			next = m.at
		}
	}
	return state, next
}

// clockDeadline computes one clock; ok is false when its target is off.
func clockDeadline(cal Calendar, t Target, start time.Time, pauses []Pause, window, now time.Time) (Deadline, bool, error) {
	if t.Published == 0 {
		return Deadline{}, false, nil
	}
	d := Deadline{StartedAt: start, WindowAt: window, ComputedAt: now}
	due, running, err := Compute(cal, t, start, pauses)
	if err != nil {
		return d, false, err
	}
	if !running {
		d.State = StatePaused
		return d, true, nil
	}
	lead := t.WarnLead
	if lead == 0 {
		lead = time.Duration(float64(t.Internal) * t.WarnShare)
	}
	// The warning before the promise is the same lead, counted back from the
	// published promise in the same (business) time.
	promise, _, err := Compute(cal, Target{Internal: t.Published, Published: t.Published,
		BusinessHours: t.BusinessHours, WarnLead: lead}, start, pauses)
	if err != nil {
		return d, false, err
	}
	d.WarnAt, d.InternalAt, d.PromiseWarnAt, d.PublishedAt = due.Warn, due.Internal, promise.Warn, due.Published
	if lead == 0 {
		d.PromiseWarnAt = d.PublishedAt
	}
	// The platform's window is a hard deadline of its own: whichever comes
	// first wins, with the same warning lead before it.
	if !window.IsZero() {
		if window.Before(d.PublishedAt) {
			d.PublishedAt = window
			d.PromiseWarnAt = minTime(d.PromiseWarnAt, window.Add(-lead))
		}
		if window.Before(d.InternalAt) {
			d.InternalAt = window
			d.WarnAt = minTime(d.WarnAt, window.Add(-lead))
		}
	}
	d.State, d.NextAt = stateAt(d, now)
	return d, true, nil
}

// closing is the event that ends a cycle which is no longer running.
func closing(old Deadline, in Input, now time.Time) Event {
	ev := Event{ConversationID: in.ConversationID, Clock: old.Clock, StartedAt: old.StartedAt,
		Name: EventClosed, At: now, RecordedAt: now, NotifyState: NotifyNone}
	var done time.Time
	switch old.Clock {
	case ClockResponse:
		if !in.LastOutboundAt.IsZero() && !in.LastOutboundAt.Before(old.StartedAt) {
			done = in.LastOutboundAt
		}
	case ClockResolution:
		if in.Status == inbox.StatusResolved {
			done = now
			for _, h := range in.History {
				if h.Status == inbox.StatusResolved {
					done = h.At
				}
			}
		}
	}
	if done.IsZero() {
		return ev
	}
	ev.Name, ev.At = EventAchieved, done
	if !old.PublishedAt.IsZero() && done.After(old.PublishedAt) {
		ev.Name = EventMissed
	}
	return ev
}

// Idle reports whether a conversation has no clock to run or close (it is
// resolved and has no stored deadline): its update is only the inbox order,
// so no calendar or policy is needed.
func (in Input) Idle() bool {
	return len(in.Current) == 0 && (in.Status == inbox.StatusResolved || in.IsHistory())
}

// IsHistory reports whether a backfilled conversation is still history: the
// customer's newest message is older than the handle's connection, so the
// business owes nothing new and no clock runs (no notification either).
func (in Input) IsHistory() bool {
	return !in.HistoryBefore.IsZero() && in.LastInboundAt.Before(in.HistoryBefore)
}

// live is in as seen once a history conversation came alive: its clocks
// start at the customer's new message, not at an unanswered one from
// before the handle was connected (that would be breached on arrival).
func (in Input) live() Input {
	if in.HistoryBefore.IsZero() {
		return in
	}
	if !in.AwaitingSince.IsZero() && in.AwaitingSince.Before(in.HistoryBefore) {
		in.AwaitingSince = in.LastInboundAt
	}
	if !in.FirstInboundAt.IsZero() && in.FirstInboundAt.Before(in.HistoryBefore) {
		in.FirstInboundAt = in.LastInboundAt
	}
	return in
}

// Recompute is the state machine: one conversation's deadlines at now under
// its calendar and policy — the running clocks, the events for marks passed
// since the stored state, the events of cycles that ended, and the inbox
// order. It is pure; the service stores what it returns.
func Recompute(in Input, cal Calendar, pol Policy, now time.Time) (Update, error) {
	if in.IsHistory() && len(in.Current) == 0 {
		// History sits below live work, newest first, like a finished one.
		return Update{ConversationID: in.ConversationID,
			QueueKey: inbox.QueueKey(inbox.StatusResolved, time.Time{}, in.LastMessageAt)}, nil
	}
	in = in.live()
	up := Update{ConversationID: in.ConversationID,
		QueueKey: inbox.QueueKey(in.Status, in.AwaitingSince, in.LastMessageAt)}
	if in.Idle() {
		return up, nil
	}
	window := PlatformWindow(in.Network, in.Kind, in.LastInboundAt)
	if in.Status != inbox.StatusResolved && !in.AwaitingSince.IsZero() {
		kind, target := "first", pol.FirstResponse
		if !in.LastOutboundAt.IsZero() {
			kind, target = "next", pol.NextResponse
		}
		d, ok, err := clockDeadline(cal, target, in.AwaitingSince, pausesFrom(in, in.AwaitingSince), window, now)
		if err != nil {
			return up, fmt.Errorf("conversation %d: %w", in.ConversationID, err)
		}
		if ok {
			d.ConversationID, d.Clock, d.Kind = in.ConversationID, ClockResponse, kind
			up.Deadlines = append(up.Deadlines, d)
			if d.State != StatePaused && in.Status == inbox.StatusOpen {
				up.QueueKey = queueKey(d.InternalAt, in.AwaitingSince)
			}
		}
	}
	if in.Status != inbox.StatusResolved && !in.FirstInboundAt.IsZero() {
		d, ok, err := clockDeadline(cal, pol.Resolution, in.FirstInboundAt, pausesFrom(in, in.FirstInboundAt), time.Time{}, now)
		if err != nil {
			return up, fmt.Errorf("conversation %d: %w", in.ConversationID, err)
		}
		if ok {
			d.ConversationID, d.Clock, d.Kind = in.ConversationID, ClockResolution, "resolution"
			up.Deadlines = append(up.Deadlines, d)
		}
	}
	for _, old := range in.Current {
		if cur := FindClock(up.Deadlines, old.Clock); cur == nil || !cur.StartedAt.Equal(old.StartedAt) {
			up.Events = append(up.Events, closing(old, in, now))
		}
	}
	for _, d := range up.Deadlines {
		if d.State == StatePaused {
			continue
		}
		prev := -1
		if old := FindClock(in.Current, d.Clock); old != nil && old.StartedAt.Equal(d.StartedAt) {
			prev = Rank(old.State)
		}
		first := len(up.Events)
		for _, m := range marks(d) {
			if !m.at.After(now) && Rank(m.state) > prev {
				up.Events = append(up.Events, Event{ConversationID: in.ConversationID, Clock: d.Clock,
					StartedAt: d.StartedAt, Name: m.state, At: m.at, RecordedAt: now, NotifyState: NotifyPending})
			}
		}
		supersedeLesser(up.Events[first:])
	}
	return up, nil
}

// supersedeLesser leaves pending only the most severe of one cycle's events
// recorded together (the first of equals), and records the others
// superseded. The announcer shows one event per cycle and supersedes the
// rest, whatever else is pending, so this is what it would record; doing it
// here keeps a backfill's passed marks (imminent, late and at risk behind a
// breach) out of the pending queue it reads and marks on every pass.
func supersedeLesser(evs []Event) {
	worst := -1
	for i, e := range evs {
		if worst < 0 || Rank(e.Name) > Rank(evs[worst].Name) {
			worst = i
		}
	}
	for i := range evs {
		if i != worst {
			evs[i].NotifyState = NotifySuperseded
		}
	}
}

// queueKey orders the inbox by the internal due time. Everything that
// arrives while a business is closed falls due at the same instant (opening
// + target), so the key is moved up to 999 ms earlier by one millisecond per
// minute already waited: among equal deadlines the customer who has waited
// longest comes first, and deadlines a second or more apart keep their order.
func queueKey(due, awaiting time.Time) int64 {
	waited := due.Sub(awaiting) / time.Minute
	return due.UnixMilli() - int64(max(0, min(999, waited)))
}

// Unchanged reports whether an update would store what is already there.
func Unchanged(in Input, up Update) bool {
	if len(up.Events) > 0 || up.QueueKey != in.QueueKey || len(up.Deadlines) != len(in.Current) {
		return false
	}
	for _, d := range up.Deadlines {
		old := FindClock(in.Current, d.Clock)
		if old == nil {
			return false
		}
		a, b := *old, d
		if a.Kind != b.Kind || a.State != b.State || !a.StartedAt.Equal(b.StartedAt) || !a.WarnAt.Equal(b.WarnAt) ||
			!a.InternalAt.Equal(b.InternalAt) || !a.PromiseWarnAt.Equal(b.PromiseWarnAt) || !a.PublishedAt.Equal(b.PublishedAt) ||
			!a.WindowAt.Equal(b.WindowAt) || !a.NextAt.Equal(b.NextAt) {
			return false
		}
	}
	return true
}
