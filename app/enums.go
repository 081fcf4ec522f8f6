package app

import "careinbox/backend/inbox"

// The string enums the front end switches on. Wails' EnumBind turns each
// list into a TypeScript enum in wailsjs/go/models.ts, and DTO fields of these
// types are typed with it, so the front end never spells a value by hand.
// They are declared here, not used straight from backend/inbox, because Wails
// v2.16 writes the enums of a package without bound structs in map order,
// which would make the generated bindings differ from run to run (and the
// bindings-current check flaky); the values are inbox's own.

// Network is inbox.Network as the front end sees it.
type Network string

// ConversationKind is inbox.Kind: public thread, private messages or e-mail.
type ConversationKind string

// Status is inbox.Status, a conversation's place in the workflow.
type Status string

// Direction is inbox.Direction: from the customer or from the business.
type Direction string

// Delivery is inbox.Delivery, how far an outgoing reply got.
type Delivery string

// SyncState is inbox.SyncState, a handle's sync health.
type SyncState string

// Mood is inbox.Mood, how a customer's message or conversation reads
// (backend/sentiment): negative, neutral, positive, or unknown.
type Mood string

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
			Value  Network
			TSName string
		}{
			{Network(inbox.NetworkX), "X"}, {Network(inbox.NetworkFacebook), "Facebook"},
			{Network(inbox.NetworkInstagram), "Instagram"}, {Network(inbox.NetworkLinkedIn), "LinkedIn"},
			{Network(inbox.NetworkMastodon), "Mastodon"}, {Network(inbox.NetworkBluesky), "Bluesky"},
			{Network(inbox.NetworkEmail), "Email"}, {Network(inbox.NetworkTelegram), "Telegram"},
		},
		[]struct {
			Value  ConversationKind
			TSName string
		}{
			{ConversationKind(inbox.KindPublic), "Public"}, {ConversationKind(inbox.KindPrivate), "Private"},
			{ConversationKind(inbox.KindEmail), "Email"},
		},
		[]struct {
			Value  Status
			TSName string
		}{
			{Status(inbox.StatusOpen), "Open"}, {Status(inbox.StatusPending), "Pending"},
			{Status(inbox.StatusResolved), "Resolved"}, {Status(inbox.StatusSnoozed), "Snoozed"},
		},
		[]struct {
			Value  Direction
			TSName string
		}{{Direction(inbox.Inbound), "In"}, {Direction(inbox.Outbound), "Out"}},
		[]struct {
			Value  Delivery
			TSName string
		}{
			{Delivery(inbox.DeliveryReceived), "Received"}, {Delivery(inbox.DeliveryQueued), "Queued"},
			{Delivery(inbox.DeliverySending), "Sending"}, {Delivery(inbox.DeliverySent), "Sent"},
			{Delivery(inbox.DeliveryFailed), "Failed"},
		},
		[]struct {
			Value  SyncState
			TSName string
		}{
			{SyncState(inbox.SyncIdle), "Idle"}, {SyncState(inbox.SyncOK), "OK"}, {SyncState(inbox.SyncSyncing), "Syncing"},
			{SyncState(inbox.SyncRateLimited), "RateLimited"}, {SyncState(inbox.SyncAuthNeeded), "AuthNeeded"},
			{SyncState(inbox.SyncError), "Error"},
		},
		[]struct {
			Value  Mood
			TSName string
		}{
			{Mood(inbox.MoodNegative), "Negative"}, {Mood(inbox.MoodNeutral), "Neutral"},
			{Mood(inbox.MoodPositive), "Positive"}, {Mood(inbox.MoodUnknown), "Unknown"},
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
