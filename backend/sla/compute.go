package sla

import (
	"fmt"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// States of a running deadline, in the order they are reached.
const (
	StateOnTrack  = "on_track"
	StateImminent = "imminent" // inside the warning lead of the internal target
	StateLate     = "late"     // internal target passed; the published promise still ahead
	StateAtRisk   = "at_risk"  // inside the warning lead of the published promise
	StateBreached = "breached" // the published promise (or the platform window) passed
	StatePaused   = "paused"   // pending on the customer or snoozed: the clock is stopped
)

// Events of a deadline. The four marks are notifications; achieved, missed
// and closed end a cycle and are only history.
const (
	EventImminent = "imminent"
	EventLate     = "late"
	EventAtRisk   = "at_risk"
	EventBreached = "breached"
	EventAchieved = "achieved" // answered within the published promise
	EventMissed   = "missed"   // answered after it
	EventClosed   = "closed"   // the clock stopped without a reply (resolved, removed)
)

var rank = map[string]int{StateOnTrack: 0, StateImminent: 1, StateLate: 2, StateAtRisk: 3, StateBreached: 4}

func rankOf(state string) int {
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
func pausesFrom(in store.DeadlineInput, start time.Time) []deadline.Pause {
	paused := func(s inbox.Status) bool { return s == inbox.StatusPending || s == inbox.StatusSnoozed }
	var out []deadline.Pause
	var open *deadline.Pause
	for _, h := range in.History {
		switch {
		case paused(h.Status) && open == nil:
			open = &deadline.Pause{Start: h.At}
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
			open = &deadline.Pause{Start: s}
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

func marks(d store.Deadline) []mark {
	return []mark{{d.WarnAt, StateImminent}, {d.InternalAt, StateLate}, {d.PromiseWarnAt, StateAtRisk}, {d.PublishedAt, StateBreached}}
}

// stateAt is a deadline's state at now and the next instant it changes.
func stateAt(d store.Deadline, now time.Time) (string, time.Time) {
	state, next := StateOnTrack, time.Time{}
	for _, m := range marks(d) {
		if !m.at.After(now) {
			if rankOf(m.state) > rankOf(state) {
				state = m.state
			}
		} else if next.IsZero() || m.at.Before(next) {
			next = m.at
		}
	}
	return state, next
}

// clockDeadline computes one clock; ok is false when its target is off.
func clockDeadline(cal deadline.Calendar, t deadline.Target, start time.Time, pauses []deadline.Pause, window, now time.Time) (store.Deadline, bool, error) {
	if t.Published == 0 {
		return store.Deadline{}, false, nil
	}
	d := store.Deadline{StartedAt: start, WindowAt: window, ComputedAt: now}
	due, running, err := deadline.Compute(cal, t, start, pauses)
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
	promise, _, err := deadline.Compute(cal, deadline.Target{Internal: t.Published, Published: t.Published,
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

func findClock(ds []store.Deadline, clock string) *store.Deadline {
	for i := range ds {
		if ds[i].Clock == clock {
			return &ds[i]
		}
	}
	return nil
}

// closing is the event that ends a cycle which is no longer running.
func closing(old store.Deadline, in store.DeadlineInput, now time.Time) store.DeadlineEvent {
	ev := store.DeadlineEvent{ConversationID: in.ConversationID, Clock: old.Clock, StartedAt: old.StartedAt,
		Event: EventClosed, At: now, RecordedAt: now, NotifyState: store.NotifyNone}
	var done time.Time
	switch old.Clock {
	case store.ClockResponse:
		if !in.LastOutboundAt.IsZero() && !in.LastOutboundAt.Before(old.StartedAt) {
			done = in.LastOutboundAt
		}
	case store.ClockResolution:
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
	ev.Event, ev.At = EventAchieved, done
	if !old.PublishedAt.IsZero() && done.After(old.PublishedAt) {
		ev.Event = EventMissed
	}
	return ev
}

// compute recomputes one conversation's deadlines at now: the running
// clocks, the events for marks passed since the stored state, the events of
// cycles that ended, and the inbox order.
func compute(in store.DeadlineInput, st *settings, now time.Time) (store.DeadlineUpdate, error) {
	up := store.DeadlineUpdate{ConversationID: in.ConversationID,
		QueueKey: inbox.QueueKey(in.Status, in.AwaitingSince, in.LastMessageAt)}
	if in.Status == inbox.StatusResolved && len(in.Current) == 0 {
		return up, nil
	}
	cal, err := st.calendar(in.ClientID, in.HandleID)
	if err != nil {
		return up, err
	}
	pol, err := st.policy(in.ClientID, in.HandleID, in.Kind)
	if err != nil {
		return up, err
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
			d.ConversationID, d.Clock, d.Kind = in.ConversationID, store.ClockResponse, kind
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
			d.ConversationID, d.Clock, d.Kind = in.ConversationID, store.ClockResolution, "resolution"
			up.Deadlines = append(up.Deadlines, d)
		}
	}
	for _, old := range in.Current {
		if cur := findClock(up.Deadlines, old.Clock); cur == nil || !cur.StartedAt.Equal(old.StartedAt) {
			up.Events = append(up.Events, closing(old, in, now))
		}
	}
	for _, d := range up.Deadlines {
		if d.State == StatePaused {
			continue
		}
		prev := -1
		if old := findClock(in.Current, d.Clock); old != nil && old.StartedAt.Equal(d.StartedAt) {
			prev = rankOf(old.State)
		}
		for _, m := range marks(d) {
			if !m.at.After(now) && rankOf(m.state) > prev {
				up.Events = append(up.Events, store.DeadlineEvent{ConversationID: in.ConversationID, Clock: d.Clock,
					StartedAt: d.StartedAt, Event: m.state, At: m.at, RecordedAt: now, NotifyState: store.NotifyPending})
			}
		}
	}
	return up, nil
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

// unchanged reports whether an update would store what is already there.
func unchanged(in store.DeadlineInput, up store.DeadlineUpdate) bool {
	if len(up.Events) > 0 || up.QueueKey != in.QueueKey || len(up.Deadlines) != len(in.Current) {
		return false
	}
	for _, d := range up.Deadlines {
		old := findClock(in.Current, d.Clock)
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
