// Package connector is the contract every network implements. A connector
// knows one network's API and nothing else: it gets an HTTP client, a
// logger, a clock and its credentials through Config, and returns pages of
// conversations plus the next cursor. It never touches the database; the
// engine decides what to do with pages and errors.
package connector

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"careinbox/backend/inbox"
)

// Config is what a connector is built from.
type Config struct {
	HandleID  int64
	AccountID string // the handle's remote account id, once known
	// Settings are non-secret connection settings (server, user name, instance URL).
	Settings map[string]string
	// Secrets come from the keychain only (tokens, passwords); never log them.
	Secrets map[string]string
	HTTP    *http.Client
	Logger  *slog.Logger
	Now     func() time.Time
	// Authorizing builds a connector only to sign in (Authorizer): there
	// are no credentials yet, so New must not ask for them, and nothing
	// but Begin is called on it.
	Authorizing bool
}

// Conversation is a conversation as the network delivers it.
type Conversation struct {
	RemoteID string
	Kind     inbox.Kind
	Subject  string
	Customer inbox.Participant
	Messages []Message
	// Extra holds network-specific facts about the whole conversation as
	// JSON-able values; like Message.Extra it is kept in the store.
	Extra map[string]any
}

// Message is one message of a Conversation.
type Message struct {
	RemoteID        string
	Direction       inbox.Direction
	Author          inbox.Participant // zero for the business itself
	AuthorName      string
	Text            string
	SentAt          time.Time
	ReplyToRemoteID string
	Read            bool
	// Extra holds network-specific facts (e.g. a reply window) as JSON-able values.
	Extra map[string]any
}

// Page is one fetch result. Cursor is opaque to everyone but the connector;
// it is stored in the same transaction as the page's rows.
type Page struct {
	Conversations []Conversation
	Cursor        string
	// More says another page is ready now (backfill or a long page chain).
	More bool
	// Progress (0–1), when known, reports how far a backfill has come.
	Progress float64
	// Total, when the network says (an IMAP mailbox's message count), is
	// how many items a backfill walks in all; 0 means unknown.
	Total int
	// Unavailable, when set, says in plain words why this stream delivers
	// nothing with the handle's current sign-in: a capability it lacks
	// (Bluesky DMs with an app password without DM access). It is a note
	// on this one stream, not a failure of the handle: the other streams
	// sync as usual. Such a page is empty and keeps the cursor.
	Unavailable string
	// Undelivered lists sent replies the network has since returned as
	// not delivered (an e-mail bounce): the store marks them failed, with
	// the reason, in the page's transaction.
	Undelivered []Undelivered
}

// Undelivered is a reply the network accepted and later gave back.
type Undelivered struct {
	RemoteID string // the reply's remote id (e-mail: its Message-ID)
	Reason   string // in plain words, for the user
}

// Connector fetches a network's conversations for one handle.
type Connector interface {
	Network() inbox.Network
	// Streams names independent feeds with their own cursors, e.g.
	// "mentions" and "dms", or one IMAP mailbox.
	Streams() []string
	// Fetch returns the page after cursor ("" = first sync). It must be
	// safe to call again with the same cursor: the engine re-fetches after
	// a crash, and the store's natural keys make that harmless.
	Fetch(ctx context.Context, stream, cursor string) (Page, error)
	// PollInterval is how long to wait between polls when idle.
	PollInterval() time.Duration
}

// Account is what Verify learns about the signed-in account.
type Account struct {
	RemoteID    string
	Username    string
	DisplayName string
	// Notes are plain-words facts for the user ("DMs need a privileged app password").
	Notes []string
}

// Backfiller is implemented by networks that can walk a stream's history
// back further than live sync's first page. Backfill returns the page older
// than cursor ("" starts at the newest), newest first; More=false says the
// network has nothing older (or will give nothing older: its API window).
// It runs apart from Fetch, with its own cursor, and the engine never calls
// it at the same time as Fetch on one handle. Overlap with what live sync
// already has is harmless: the store's natural keys drop repeats.
type Backfiller interface {
	BackfillStreams() []string
	Backfill(ctx context.Context, stream, cursor string) (Page, error)
}

type backfillKey struct{}

// WithBackfill marks ctx as background work's — a backfill page or a
// listening search, which the engine runs below live sync: the HTTP layer
// then leaves the last quarter of a rate-limit window to live sync (see
// httpkit).
func WithBackfill(ctx context.Context) context.Context {
	return context.WithValue(ctx, backfillKey{}, true)
}

// IsBackfill reports whether ctx belongs to a backfill.
func IsBackfill(ctx context.Context) bool { v, _ := ctx.Value(backfillKey{}).(bool); return v }

// Verifier checks the credentials ("Test connection").
type Verifier interface {
	Verify(ctx context.Context) (Account, error)
}

// Visibility says where a reply goes.
type Visibility string

const (
	Public  Visibility = "public"  // in the public thread
	Private Visibility = "private" // a private/direct message
)

// Reply is an outgoing message.
type Reply struct {
	// IdempotencyKey is stable across retries; networks that accept one get it.
	IdempotencyKey       string
	ConversationRemoteID string
	Kind                 inbox.Kind
	Visibility           Visibility
	InReplyTo            string // remote id of the message answered
	Customer             inbox.Participant
	Subject              string
	Text                 string
	// References are earlier remote ids of the thread, oldest first (e-mail threading).
	References []string
	// Automated: Care Inbox sends this on its own (a satisfaction survey),
	// not a person answering. E-mail marks it so (RFC 3834) that the
	// customer's out-of-office responder does not answer it.
	Automated bool
	// QueuedAt is when the reply was written and queued: a post the
	// account made before it is not this reply (SentFinder), whatever
	// its text.
	QueuedAt time.Time
	// Earlier are the remote ids of the conversation's other replies from
	// Care Inbox, confirmed sent: none of them is this one (SentFinder),
	// however alike. References cannot say that: sync may have stored
	// this very reply, as the account's own message, before its answer
	// was known.
	Earlier []string
}

// Sent is the network's record of a sent reply.
type Sent struct {
	RemoteID string
	SentAt   time.Time
}

// Replier sends replies.
type Replier interface {
	Reply(ctx context.Context, r Reply) (Sent, error)
}

// SentFinder looks a reply up by its idempotency key after a crash left it
// unconfirmed, so the outbox can tell "sent" from "never sent" instead of
// sending twice. found=false means the network has no such reply.
type SentFinder interface {
	FindSent(ctx context.Context, r Reply) (s Sent, found bool, err error)
}

// Waker is implemented by networks with push (IMAP IDLE, streaming). Wait
// returns when new data may be there; the engine then polls as usual, so a
// lost push costs latency, never data.
type Waker interface {
	Wait(ctx context.Context) error
}

// Factory builds a connector for one handle.
type Factory func(Config) (Connector, error)

// Registry maps each network to its factory; the list lives in one file
// (backend/connector/registry) so adding a network is one line.
type Registry map[inbox.Network]Factory

// SecretRefresher is implemented by connectors whose credentials change as
// they are used (refreshed sessions, rotated refresh tokens). After each run
// the engine writes changed values back to the keychain, so a restart does
// not need a fresh sign-in (or burn a rate-limited one).
type SecretRefresher interface {
	RefreshedSecrets() map[string]string
}
