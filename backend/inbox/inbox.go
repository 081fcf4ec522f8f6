// Package inbox holds Care Inbox's domain types and the pure rules over them.
// It performs no I/O and imports nothing else from this module.
package inbox

import (
	"fmt"
	"time"
)

// Network identifies the service a care handle lives on.
type Network string

const (
	NetworkEmail     Network = "email"
	NetworkMastodon  Network = "mastodon"
	NetworkBluesky   Network = "bluesky"
	NetworkTelegram  Network = "telegram"
	NetworkX         Network = "x"
	NetworkFacebook  Network = "facebook"
	NetworkInstagram Network = "instagram"
	NetworkLinkedIn  Network = "linkedin"
)

// Networks lists every network Care Inbox knows, in display order.
var Networks = []Network{NetworkX, NetworkFacebook, NetworkInstagram, NetworkLinkedIn,
	NetworkMastodon, NetworkBluesky, NetworkEmail, NetworkTelegram}

// Valid reports whether n is a known network.
func (n Network) Valid() bool {
	for _, k := range Networks {
		if k == n {
			return true
		}
	}
	return false
}

// Kind is the shape of a conversation, which decides how a reply goes out.
type Kind string

const (
	KindPublic  Kind = "public"  // a public thread: mentions, comments, replies
	KindPrivate Kind = "private" // private/direct messages
	KindEmail   Kind = "email"   // an e-mail thread
)

// Valid reports whether k is a known conversation kind.
func (k Kind) Valid() bool { return k == KindPublic || k == KindPrivate || k == KindEmail }

// Status is where a conversation stands in the team's workflow.
type Status string

const (
	StatusOpen     Status = "open"
	StatusPending  Status = "pending" // waiting on the customer
	StatusResolved Status = "resolved"
	StatusSnoozed  Status = "snoozed"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusOpen || s == StatusPending || s == StatusResolved || s == StatusSnoozed
}

// Direction says who wrote a message.
type Direction string

const (
	Inbound  Direction = "in"  // from the customer
	Outbound Direction = "out" // from the business
)

// Delivery is the send state of a message; inbound messages are always Received.
type Delivery string

const (
	DeliveryReceived Delivery = "received"
	DeliveryQueued   Delivery = "queued"
	DeliverySending  Delivery = "sending"
	DeliverySent     Delivery = "sent"
	DeliveryFailed   Delivery = "failed"
)

// SyncState is the health of a handle's sync as last recorded.
type SyncState string

const (
	SyncIdle        SyncState = "idle"
	SyncOK          SyncState = "ok"
	SyncSyncing     SyncState = "syncing"
	SyncRateLimited SyncState = "rate_limited"
	SyncAuthNeeded  SyncState = "auth_needed"
	SyncError       SyncState = "error"
)

// Client is a business whose handles are answered: a freelancer's customer,
// or the owner's own business.
type Client struct {
	ID        int64
	Name      string
	TimeZone  string // IANA name; empty means the computer's zone
	CreatedAt time.Time
}

// Handle is one connected care account (an @AskBrand, a page, a support address).
type Handle struct {
	ID              int64
	ClientID        int64
	Network         Network
	RemoteAccountID string
	DisplayName     string
	Username        string
	SyncState       SyncState
	SyncError       string
	LastSyncAt      time.Time // zero when never synced
	CreatedAt       time.Time
	// RetryAt is when a rate-limited or failing handle syncs again.
	RetryAt time.Time
	// Backfill is how far the first sync of past history has come (0–1).
	Backfill float64
}

// Participant is a person on a network, identified by the network's own id.
// The same participant can appear in public threads and private messages.
type Participant struct {
	ID          int64
	Network     Network
	RemoteID    string
	Username    string
	DisplayName string
}

// Name is what to call the participant in the UI.
func (p Participant) Name() string {
	if p.DisplayName != "" {
		return p.DisplayName
	}
	return p.Username
}

// Conversation is one thread with a customer on one handle.
type Conversation struct {
	ID             int64
	HandleID       int64
	RemoteID       string
	Kind           Kind
	CustomerID     int64
	Subject        string
	Status         Status
	SnoozedUntil   time.Time
	LastInboundAt  time.Time
	LastOutboundAt time.Time
	LastMessageAt  time.Time
	// AwaitingSince is the time of the oldest inbound message not yet answered;
	// zero when the business spoke last. Response clocks start here.
	AwaitingSince time.Time
	Unread        int
	MessageCount  int
}

// Message is one message in a conversation.
type Message struct {
	ID              int64
	ConversationID  int64
	HandleID        int64
	RemoteID        string
	Direction       Direction
	AuthorID        int64 // participant id; 0 for the business itself
	AuthorName      string
	Text            string
	SentAt          time.Time
	ReplyToRemoteID string
	Delivery        Delivery
	// SendError is why an outgoing reply is waiting or failed, in plain words.
	SendError string
	// HoldUntil is the end of a queued reply's undo window (zero: none): the
	// outbox does not send it before, and until then it can be pulled back.
	HoldUntil time.Time
	// Sentiment is a customer's message's score (-1 … 1); nil when not
	// scored (the business's own messages, other languages than English).
	Sentiment *float64
	// Threat is the phrase with which the customer threatens to leave or to go public.
	Threat string
}

// Sentiment is how a conversation's customer sounds, from their latest
// messages (see backend/sentiment).
type Sentiment struct {
	Score  *float64 // weighted, the newest message most; nil when none is scored
	Label  Mood
	Trend  string // "worsening", "improving", "steady" or "" (too few messages)
	Irate  bool   // strongly negative, rising anger, or a threat to leave or go public
	Reason string // why Irate is set, for the agent
}

// Mood is a sentiment label.
type Mood string

const (
	MoodNegative Mood = "negative"
	MoodNeutral  Mood = "neutral"
	MoodPositive Mood = "positive"
	MoodUnknown  Mood = "unknown" // nothing scored (not English, or no customer message)
)

// Valid reports whether m is a known mood.
func (m Mood) Valid() bool {
	return m == MoodNegative || m == MoodNeutral || m == MoodPositive || m == MoodUnknown
}

// Note is an internal note on a conversation; it is never sent.
type Note struct {
	ID             int64
	ConversationID int64
	Author         string
	Text           string
	CreatedAt      time.Time
}

// Tag labels conversations.
type Tag struct {
	ID    int64
	Name  string
	Color string
}

// ConversationSummary is one row of the inbox list.
type ConversationSummary struct {
	Conversation
	ClientID      int64
	ClientName    string
	Network       Network
	HandleName    string
	CustomerName  string
	CustomerUser  string
	LastExcerpt   string
	LastDirection Direction
	Tags          []string
	Sentiment     Sentiment
}

// ConversationFilter narrows the inbox list. Zero values mean "any".
type ConversationFilter struct {
	ClientID   int64
	HandleID   int64
	Network    Network
	Statuses   []Status
	UnreadOnly bool
	// Tags keeps conversations carrying any of these tags (by name).
	Tags []string
	// DeadlineStates keeps conversations with a running deadline in any of
	// these states (see the deadlines table: imminent, breached, …).
	DeadlineStates []string
	// CustomerID keeps one customer's conversations, across handles.
	CustomerID int64
	// Irate keeps conversations whose customer is irate; Moods those whose
	// customer sounds any of these ways.
	Irate bool
	Moods []Mood
	// PublicClosePending keeps public threads taken private or offline whose
	// public closing reply is not delivered yet (see backend/publicclose).
	PublicClosePending bool
}

// Validate rejects filters that name unknown values.
func (f ConversationFilter) Validate() error {
	if f.Network != "" && !f.Network.Valid() {
		return fmt.Errorf("unknown network %q", f.Network)
	}
	for _, s := range f.Statuses {
		if !s.Valid() {
			return fmt.Errorf("unknown status %q", s)
		}
	}
	for _, m := range f.Moods {
		if !m.Valid() {
			return fmt.Errorf("unknown sentiment %q", m)
		}
	}
	return nil
}

// Excerpt shortens text to at most n runes on one line, for list rows.
// Runs of whitespace collapse to one space; a cut text ends with "…".
func Excerpt(text string, n int) string {
	if n <= 0 {
		return ""
	}
	out := make([]rune, 0, n+1)
	pendingSpace := false
	for _, r := range text {
		if r == '\n' || r == '\r' || r == '\t' || r == ' ' {
			pendingSpace = len(out) > 0
			continue
		}
		need := 1
		if pendingSpace {
			need = 2
		}
		if len(out)+need > n {
			if len(out) >= n {
				out = out[:n-1]
			}
			return string(out) + "…"
		}
		if pendingSpace {
			out = append(out, ' ')
			pendingSpace = false
		}
		out = append(out, r)
	}
	return string(out)
}

// queueTail puts conversations not waiting on us after every waiting one.
const queueTail int64 = 1 << 53

// QueueKey orders the inbox: conversations waiting on a reply come first, the
// one whose response clock started earliest at the top; everything else
// follows, newest activity first. Stored, so one index serves the list.
func QueueKey(status Status, awaitingSince, lastMessageAt time.Time) int64 {
	if status == StatusOpen && !awaitingSince.IsZero() {
		return awaitingSince.UnixMilli()
	}
	var last int64
	if !lastMessageAt.IsZero() {
		last = lastMessageAt.UnixMilli()
	}
	return queueTail - last
}
