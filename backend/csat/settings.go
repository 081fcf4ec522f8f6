// Package csat holds the rules of the satisfaction follow-up: a client's
// survey settings, who may be asked and where, and how a customer's answer
// is read. Pure rules; the store keeps the rows and the scheduler (Sender)
// runs the due surveys through the outbox.
package csat

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"careinbox/backend/inbox"
)

// Scale is how a customer rates.
type Scale string

// Scales.
const (
	ScaleFive   Scale = "1-5"    // 1 (bad) … 5 (great)
	ScaleThumbs Scale = "thumbs" // 👍 / 👎, stored as 5 / 1
)

// Trigger is when the survey is asked.
type Trigger string

// Triggers.
const (
	TriggerResolve Trigger = "resolve" // when the conversation is resolved
	TriggerDelay   Trigger = "delay"   // DelayMinutes after it is resolved
	TriggerButton  Trigger = "button"  // only when an agent presses "Ask for rating"
)

// PublicMode is how a public thread is asked.
type PublicMode string

// Public modes.
const (
	PublicReply PublicMode = "reply" // a public reply inviting a rating
	PublicDM    PublicMode = "dm"    // a direct message to the customer
	PublicSkip  PublicMode = "skip"  // public threads are not surveyed
)

// Limits of the settings.
const (
	MaxQuestion  = 500
	MaxDelayDays = 14
	MaxQuietDays = 365
)

// Settings are one client's survey settings. Empty Networks or Kinds mean all.
type Settings struct {
	Enabled      bool
	Question     string
	Scale        Scale
	Trigger      Trigger
	DelayMinutes int
	Networks     []inbox.Network
	Kinds        []inbox.Kind
	PublicMode   PublicMode
	// QuietDays: a customer asked within this many days is not asked again (0: no limit).
	QuietDays int
}

// DefaultQuestion is the question for a scale when the client wrote none.
func DefaultQuestion(s Scale) string {
	if s == ScaleThumbs {
		return "Did we solve your problem? Reply 👍 or 👎 — and tell us anything we could do better."
	}
	return "How did we do? Reply with a number from 1 (poor) to 5 (excellent) — and tell us anything we could do better."
}

// Defaults are the settings of a client that set nothing: off.
func Defaults() Settings {
	return Settings{Scale: ScaleFive, Trigger: TriggerResolve, PublicMode: PublicReply, QuietDays: 30,
		Question: DefaultQuestion(ScaleFive)}
}

// Normalize trims the settings and checks them; the error says what to fix.
func (s Settings) Normalize() (Settings, error) {
	s.Question = strings.TrimSpace(s.Question)
	if s.Scale == "" {
		s.Scale = ScaleFive
	}
	if s.Scale != ScaleFive && s.Scale != ScaleThumbs {
		return s, fmt.Errorf("unknown scale %q", s.Scale)
	}
	if s.Question == "" {
		s.Question = DefaultQuestion(s.Scale)
	}
	if utf8.RuneCountInString(s.Question) > MaxQuestion {
		return s, fmt.Errorf("the question is longer than %d characters", MaxQuestion)
	}
	switch s.Trigger {
	case "":
		s.Trigger = TriggerResolve
	case TriggerResolve, TriggerButton:
	case TriggerDelay:
		if s.DelayMinutes <= 0 || s.DelayMinutes > MaxDelayDays*24*60 {
			return s, fmt.Errorf("the delay must be between 1 minute and %d days", MaxDelayDays)
		}
	default:
		return s, fmt.Errorf("unknown time to ask %q", s.Trigger)
	}
	if s.Trigger != TriggerDelay {
		s.DelayMinutes = 0
	}
	switch s.PublicMode {
	case "":
		s.PublicMode = PublicReply
	case PublicReply, PublicDM, PublicSkip:
	default:
		return s, fmt.Errorf("unknown way to ask in public %q", s.PublicMode)
	}
	if s.QuietDays < 0 || s.QuietDays > MaxQuietDays {
		return s, fmt.Errorf("the quiet period must be between 0 and %d days", MaxQuietDays)
	}
	for _, n := range s.Networks {
		if !n.Valid() {
			return s, fmt.Errorf("unknown network %q", n)
		}
	}
	for _, k := range s.Kinds {
		if !k.Valid() {
			return s, fmt.Errorf("unknown conversation kind %q", k)
		}
	}
	return s, nil
}

// Covers says whether the settings ask on this channel at all.
func (s Settings) Covers(nw inbox.Network, kind inbox.Kind) bool {
	if !s.Enabled || (kind == inbox.KindPublic && s.PublicMode == PublicSkip) {
		return false
	}
	return (len(s.Networks) == 0 || contains(s.Networks, nw)) && (len(s.Kinds) == 0 || contains(s.Kinds, kind))
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
