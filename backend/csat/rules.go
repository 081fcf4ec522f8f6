package csat

import (
	"fmt"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// Channel is what a network allows a survey.
type Channel struct {
	Network inbox.Network
	// CanDM: a customer met in a public thread can be sent a direct message.
	CanDM bool
	// Note says, in plain words, what the network limits.
	Note string
}

// Channels lists every network's survey capabilities, in display order. It
// follows what each connector can send: LinkedIn pages have no DMs to
// commenters; Facebook and Instagram DMs are bound by Meta's 24-hour window.
func Channels() []Channel {
	var out []Channel
	for _, n := range inbox.Networks {
		c := Channel{Network: n, CanDM: true}
		switch n {
		case inbox.NetworkLinkedIn:
			c.CanDM, c.Note = false, "LinkedIn pages cannot message commenters privately: public threads can only get a public reply."
		case inbox.NetworkFacebook, inbox.NetworkInstagram:
			c.Note = "Meta allows a survey in a DM only within 24 hours of the customer's last message."
		case inbox.NetworkEmail:
			c.Note = "Asked by e-mail, in the same thread."
		case inbox.NetworkTelegram:
			c.CanDM, c.Note = false, "Telegram bots cannot start a private chat: group threads get a reply in the group."
		}
		out = append(out, c)
	}
	return out
}

func canDM(n inbox.Network) bool {
	for _, c := range Channels() {
		if c.Network == n {
			return c.CanDM
		}
	}
	return false
}

// Facts are what is known of a conversation when its survey is due.
type Facts struct {
	Network       inbox.Network
	Kind          inbox.Kind
	HasCustomer   bool
	OptedOut      bool
	LastSurveyed  time.Time // when this customer was last asked (any conversation); zero: never
	LastInboundAt time.Time
}

// Decision is whether and how a due survey goes out.
type Decision struct {
	Send       bool
	Visibility string // "public" or "private" (the outbox's visibilities)
	Reason     string // why not, for the note on the conversation
}

// Decide applies the rules to a due survey: the channel chosen, the
// customer's opt-out and quiet period, the network's own rules.
func Decide(s Settings, f Facts, now time.Time) Decision {
	no := func(format string, args ...any) Decision { return Decision{Reason: fmt.Sprintf(format, args...)} }
	if !s.Enabled {
		return no("satisfaction surveys are off for this client")
	}
	if !s.Covers(f.Network, f.Kind) {
		return no("this client does not survey %s %s conversations", f.Network, f.Kind)
	}
	if !f.HasCustomer {
		return no("the customer is unknown")
	}
	if f.OptedOut {
		return no("the customer opted out of satisfaction surveys")
	}
	if s.QuietDays > 0 && !f.LastSurveyed.IsZero() && now.Sub(f.LastSurveyed) < time.Duration(s.QuietDays)*24*time.Hour {
		return no("the customer was already asked on %s (this client asks at most once every %d days)",
			f.LastSurveyed.UTC().Format("2 Jan 2006"), s.QuietDays)
	}
	vis := "private"
	if f.Kind == inbox.KindPublic {
		vis = "public"
		if s.PublicMode == PublicDM {
			if !canDM(f.Network) {
				return no("%s cannot send this customer a direct message", f.Network)
			}
			vis = "private"
		}
	}
	if vis == "private" {
		// Meta forbids non-support messages (a survey is one) after its
		// 24-hour window; the human-agent tag does not cover surveys.
		if end := deadline.PlatformWindow(f.Network, inbox.KindPrivate, f.LastInboundAt); !end.IsZero() && !now.Before(end) {
			return no("%s's 24-hour messaging window closed at %s: Meta forbids sending a survey after it",
				f.Network, end.UTC().Format("2 Jan 2006 15:04 UTC"))
		}
	}
	return Decision{Send: true, Visibility: vis}
}

// DueAt is when a survey of a conversation resolved at resolvedAt is due;
// ok is false when the client asks only by button.
func (s Settings) DueAt(resolvedAt time.Time) (time.Time, bool) {
	switch s.Trigger {
	case TriggerButton:
		return time.Time{}, false
	case TriggerDelay:
		return resolvedAt.Add(time.Duration(s.DelayMinutes) * time.Minute), true
	}
	return resolvedAt, true
}

// Positive says whether a score counts toward the CSAT score (4–5, or 👍).
func Positive(score int) bool { return score >= 4 }
