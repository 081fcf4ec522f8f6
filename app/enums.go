package app

import "careinbox/backend/inbox"

// The string enums the front end switches on. Wails' EnumBind turns each
// list into a TypeScript enum in wailsjs/go/models.ts, and DTO fields of these
// types are typed with it, so the front end never spells a value by hand.
// The inbox types keep their own package name (inbox.Status in TypeScript);
// the deadline words are declared here because the back end keeps them as
// plain strings.

// DeadlineClock is which clock a deadline runs on (backend/sla, store).
type DeadlineClock string

// Deadline clocks.
const (
	ClockResponse   DeadlineClock = "response"
	ClockResolution DeadlineClock = "resolution"
)

// DeadlineKind is which target a running deadline measures.
type DeadlineKind string

// Deadline kinds.
const (
	DeadlineFirst      DeadlineKind = "first"
	DeadlineNext       DeadlineKind = "next"
	DeadlineResolution DeadlineKind = "resolution"
)

// DeadlineState is where a running deadline stands, in the order the states
// are reached (the words of backend/sla's State… constants).
type DeadlineState string

// Deadline states.
const (
	DeadlineOnTrack  DeadlineState = "on_track"
	DeadlineImminent DeadlineState = "imminent"
	DeadlineLate     DeadlineState = "late"
	DeadlineAtRisk   DeadlineState = "at_risk"
	DeadlineBreached DeadlineState = "breached"
	DeadlinePaused   DeadlineState = "paused"
)

// Enums is what main.go passes as options.App.EnumBind.
func Enums() []any {
	return []any{
		[]struct {
			Value  inbox.Network
			TSName string
		}{
			{inbox.NetworkX, "X"}, {inbox.NetworkFacebook, "Facebook"}, {inbox.NetworkInstagram, "Instagram"},
			{inbox.NetworkLinkedIn, "LinkedIn"}, {inbox.NetworkMastodon, "Mastodon"}, {inbox.NetworkBluesky, "Bluesky"},
			{inbox.NetworkEmail, "Email"}, {inbox.NetworkTelegram, "Telegram"},
		},
		[]struct {
			Value  inbox.Kind
			TSName string
		}{{inbox.KindPublic, "Public"}, {inbox.KindPrivate, "Private"}, {inbox.KindEmail, "Email"}},
		[]struct {
			Value  inbox.Status
			TSName string
		}{{inbox.StatusOpen, "Open"}, {inbox.StatusPending, "Pending"}, {inbox.StatusResolved, "Resolved"}, {inbox.StatusSnoozed, "Snoozed"}},
		[]struct {
			Value  inbox.Direction
			TSName string
		}{{inbox.Inbound, "In"}, {inbox.Outbound, "Out"}},
		[]struct {
			Value  inbox.Delivery
			TSName string
		}{
			{inbox.DeliveryReceived, "Received"}, {inbox.DeliveryQueued, "Queued"}, {inbox.DeliverySending, "Sending"},
			{inbox.DeliverySent, "Sent"}, {inbox.DeliveryFailed, "Failed"},
		},
		[]struct {
			Value  inbox.SyncState
			TSName string
		}{
			{inbox.SyncIdle, "Idle"}, {inbox.SyncOK, "OK"}, {inbox.SyncSyncing, "Syncing"},
			{inbox.SyncRateLimited, "RateLimited"}, {inbox.SyncAuthNeeded, "AuthNeeded"}, {inbox.SyncError, "Error"},
		},
		[]struct {
			Value  DeadlineClock
			TSName string
		}{{ClockResponse, "Response"}, {ClockResolution, "Resolution"}},
		[]struct {
			Value  DeadlineKind
			TSName string
		}{{DeadlineFirst, "First"}, {DeadlineNext, "Next"}, {DeadlineResolution, "Resolution"}},
		[]struct {
			Value  DeadlineState
			TSName string
		}{
			{DeadlineOnTrack, "OnTrack"}, {DeadlineImminent, "Imminent"}, {DeadlineLate, "Late"},
			{DeadlineAtRisk, "AtRisk"}, {DeadlineBreached, "Breached"}, {DeadlinePaused, "Paused"},
		},
	}
}
