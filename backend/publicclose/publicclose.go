// Package publicclose is the state machine of finishing in public: a public
// thread taken private (or handled offline) waits for a public closing reply
// on the channel where it began, so the world sees how the problem ended.
//
//	waiting --PrivateResolved/OfflineDone--> prompt --SendReply--> sending --ReplySent--> done
//	prompt  --PrivateReopened--> waiting
//	waiting, prompt --Dismiss(reason)--> dismissed
//
// A failed send leaves the loop in sending: the reply is retried through the
// outbox (same idempotency key), never queued a second time. No I/O here; the
// store persists the states (its triggers apply PrivateResolved,
// PrivateReopened and ReplySent in the writers' own transactions).
package publicclose

import (
	"fmt"
	"strings"
	"time"
)

// State is where a loop stands.
type State string

// States.
const (
	Waiting   State = "waiting"   // the private or offline side is still being handled
	Prompt    State = "prompt"    // that side is done: the public closing reply is asked for
	Sending   State = "sending"   // the closing reply is in the outbox
	Done      State = "done"      // the closing reply was delivered; the public thread is resolved
	Dismissed State = "dismissed" // someone chose not to close in public, with a reason
)

// Open says the loop still counts as open work.
func (s State) Open() bool { return s == Waiting || s == Prompt || s == Sending }

// Valid says s is a known state.
func (s State) Valid() bool { return s.Open() || s == Done || s == Dismissed }

// Event is what happens to a loop.
type Event string

// Events.
const (
	PrivateResolved Event = "private_resolved" // the private conversation was resolved
	PrivateReopened Event = "private_reopened" // it was reopened before the public close
	OfflineDone     Event = "offline_done"     // the offline handling was logged as done
	SendReply       Event = "send_reply"       // the closing reply was queued
	ReplySent       Event = "reply_sent"       // the outbox confirmed its delivery
	SendFailed      Event = "send_failed"      // a delivery attempt failed
	Dismiss         Event = "dismiss"          // the user chose not to close in public
)

// Via says where the conversation continued.
type Via string

// Where a conversation can continue.
const (
	ViaPrivate Via = "private"
	ViaOffline Via = "offline"
)

// Offline channels.
const (
	OfflinePhone = "phone"
	OfflineEmail = "email"
)

// ValidOfflineChannel says c is a channel offline handling can be logged for.
func ValidOfflineChannel(c string) bool { return c == OfflinePhone || c == OfflineEmail }

// ErrTransition is returned for an event a state does not accept.
type ErrTransition struct {
	From  State
	Event Event
}

func (e ErrTransition) Error() string {
	return fmt.Sprintf("a loop %s cannot take %s", e.From, e.Event)
}

// Next is the state after e in s. via matters for the resolution events: a
// private loop advances on PrivateResolved, an offline one on OfflineDone.
func Next(via Via, s State, e Event) (State, error) {
	switch {
	case s == Waiting && e == PrivateResolved && via == ViaPrivate,
		s == Waiting && e == OfflineDone && via == ViaOffline:
		return Prompt, nil
	case s == Prompt && e == PrivateReopened && via == ViaPrivate:
		return Waiting, nil
	case s == Prompt && e == SendReply:
		return Sending, nil
	case s == Sending && e == ReplySent:
		return Done, nil
	case s == Sending && e == SendFailed:
		return Sending, nil // retried through the outbox, never queued twice
	case (s == Waiting || s == Prompt) && e == Dismiss:
		return Dismissed, nil
	}
	return s, ErrTransition{From: s, Event: e}
}

// DefaultReply is the closing reply suggested when a client has none saved.
const DefaultReply = "Glad we could sort this out in DM — thanks for your patience!"

// DefaultOfflineReply is the suggestion for a loop handled offline.
const DefaultOfflineReply = "Thanks for taking the time to talk it through with us — glad it's sorted!"

// Settings are a client's: the suggested closing reply and the optional
// deadline (DueHours after the private side resolved; 0 is off).
type Settings struct {
	Reply    string
	DueHours int
}

// MaxDueHours bounds the deadline (a month).
const MaxDueHours = 24 * 31

// Validate rejects settings the store must not keep.
func (s Settings) Validate() error {
	if strings.TrimSpace(s.Reply) == "" {
		return fmt.Errorf("the closing reply is empty")
	}
	if s.DueHours < 0 || s.DueHours > MaxDueHours {
		return fmt.Errorf("the public-close deadline is 0 (off) to %d hours", MaxDueHours)
	}
	return nil
}

// Suggestion is the closing reply to prefill: the client's saved one, else the default for via.
func Suggestion(saved string, via Via) string {
	if s := strings.TrimSpace(saved); s != "" {
		return s
	}
	if via == ViaOffline {
		return DefaultOfflineReply
	}
	return DefaultReply
}

// Due is the public-close deadline after the private side resolved at; zero when off.
func Due(resolvedAt time.Time, hours int) time.Time {
	if hours <= 0 || resolvedAt.IsZero() {
		return time.Time{}
	}
	return resolvedAt.Add(time.Duration(hours) * time.Hour)
}
