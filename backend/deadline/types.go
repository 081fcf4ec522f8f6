package deadline

import (
	"time"

	"careinbox/backend/inbox"
)

// The types below are the deadline feature's own: the service computes them,
// the store persists them (it imports this package; this package imports no
// store), reports and the notifier read them.

// Deadline clocks.
const (
	ClockResponse   = "response"
	ClockResolution = "resolution"
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

// Notification states of deadline events and blind spots. They are stored
// with each event, which is what makes notifications fire once across restarts.
const (
	NotifyPending    = "pending"    // not announced yet
	NotifySent       = "sent"       // announced (alone or in a group)
	NotifyMuted      = "muted"      // the client's or handle's switch was off
	NotifySuperseded = "superseded" // a later change of the same clock was announced instead
	NotifyExpired    = "expired"    // no longer mattered when it could be announced
	NotifyNone       = "none"       // not a notification (achieved, missed)
)

// Deadline is the stored state of one running clock of a conversation.
type Deadline struct {
	ConversationID int64
	Clock          string // ClockResponse or ClockResolution
	Kind           string // first, next, resolution
	StartedAt      time.Time
	WarnAt         time.Time
	InternalAt     time.Time
	PromiseWarnAt  time.Time
	PublishedAt    time.Time
	WindowAt       time.Time // the platform's own reply window closes (zero: none)
	State          string
	NextAt         time.Time // the next instant State changes by itself (zero: never)
	ComputedAt     time.Time
}

// StatusChange is one row of a conversation's status history.
type StatusChange struct {
	Status inbox.Status
	At     time.Time
}

// Input is everything needed to compute a conversation's deadlines.
type Input struct {
	ConversationID int64
	HandleID       int64
	ClientID       int64
	Network        inbox.Network
	Kind           inbox.Kind
	Status         inbox.Status
	SnoozedUntil   time.Time
	AwaitingSince  time.Time
	LastInboundAt  time.Time
	LastOutboundAt time.Time
	LastMessageAt  time.Time
	FirstInboundAt time.Time
	QueueKey       int64
	// Proactive marks a conversation the business started from a listening
	// result: its clocks follow the client's proactive policy (kind
	// KindProactive), and it has none when there is no such policy.
	Proactive bool
	// HistoryBefore is set on a conversation a backfill stored: its
	// handle's connect time (see IsHistory).
	HistoryBefore time.Time
	History       []StatusChange // oldest first
	Current       []Deadline     // as stored now
}

// Event is one append-only state change of a deadline.
type Event struct {
	ID             int64
	ConversationID int64
	Clock          string
	StartedAt      time.Time
	Name           string    // EventImminent … EventClosed
	At             time.Time // when it happened
	RecordedAt     time.Time // when the app noticed
	NotifyState    string
	NotifiedAt     time.Time
}

// Update is the outcome of recomputing one conversation.
type Update struct {
	ConversationID int64
	Deadlines      []Deadline // replaces every stored clock of the conversation
	Events         []Event    // appended; one already recorded is kept as it was
	QueueKey       int64      // the inbox order (see inbox.QueueKey)
}

// PendingEvent is an event waiting to be announced, with what the
// notification needs to say and to decide whether it still matters.
type PendingEvent struct {
	Event
	ClientID     int64
	ClientName   string
	HandleID     int64
	HandleName   string
	Network      inbox.Network
	Kind         inbox.Kind
	CustomerName string
	Current      *Deadline // the clock as stored now; nil when it stopped
}

// BlindSpot is a handle whose stale or failing sync makes deadlines uncertain.
type BlindSpot struct {
	HandleID    int64
	LastSyncAt  time.Time
	At          time.Time
	NotifyState string
}

// StoredSpec is a stored calendar or policy. The JSON is a CalendarSpec or
// a PolicySpec, kept as given so the store need not know its fields.
// HandleID 0 means client-wide; Kind "" means every channel kind (policies only).
type StoredSpec struct {
	ClientID  int64
	HandleID  int64
	Kind      string
	Spec      string
	UpdatedAt time.Time
}

// NotifySwitch is a client's (HandleID 0) or a handle's notification switch.
type NotifySwitch struct {
	ClientID, HandleID int64
	On                 bool
}

// Switches answers whether notifications are on for a handle.
type Switches map[[2]int64]bool

// NewSwitches indexes stored switches.
func NewSwitches(list []NotifySwitch) Switches {
	out := Switches{}
	for _, sw := range list {
		out[[2]int64{sw.ClientID, sw.HandleID}] = sw.On
	}
	return out
}

// On reports whether notifications are on for a handle: the handle's switch
// if set, else its client's, else on (handle 0 asks about the client).
func (s Switches) On(client, handle int64) bool {
	if on, ok := s[[2]int64{client, handle}]; ok && handle != 0 {
		return on
	}
	if on, ok := s[[2]int64{client, 0}]; ok {
		return on
	}
	return true
}

// OfHandles lists the handles of a client that have their own switch.
func (s Switches) OfHandles(client int64) map[int64]bool {
	out := map[int64]bool{}
	for k, on := range s {
		if k[0] == client && k[1] != 0 {
			out[k[1]] = on
		}
	}
	return out
}

// FindClock is the deadline of one clock in ds, or nil.
func FindClock(ds []Deadline, clock string) *Deadline {
	for i := range ds {
		if ds[i].Clock == clock {
			return &ds[i]
		}
	}
	return nil
}
