// Package listen runs listening searches: what people say about a client's
// brand on Mastodon, Bluesky and RSS/Atom feeds without addressing one of
// its handles. Like sync, the database is the queue (store.ListenSource:
// one row per search and source, with its cursor, conditional-GET
// validators, next run and failures), and the sync engine runs it as its
// lowest lane (Service implements engine.Listening): a network search goes
// through the handle's own connector (its sign-in and rate-limit budget),
// never beside that handle's sync, never while it backs off, and never in
// the worker live sync needs. Service.Run only keeps the queue rows in step
// with the handles and checks for spikes. Results are kept apart from
// conversations: nothing found enters the queue or starts a deadline until
// the user replies to it (Service.Reply).
package listen

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
	"careinbox/backend/notify"
	"careinbox/backend/sentiment"
	"careinbox/backend/store"
)

// Store is what listening reads and writes; *store.Store is it.
type Store interface {
	Handles(ctx context.Context) ([]inbox.Handle, error)
	SaveListenSearch(ctx context.Context, ls store.ListenSearch) (int64, error)
	DeleteListenSearch(ctx context.Context, id int64) error
	ListenSearch(ctx context.Context, id int64) (store.ListenSearch, error)
	ListenSearches(ctx context.Context, clientID int64) ([]store.ListenSearch, error)
	SetListenSources(ctx context.Context, searchID int64, sources []store.ListenSource, now time.Time) error
	ListenSources(ctx context.Context, searchID int64) ([]store.ListenSource, error)
	DueListenSources(ctx context.Context, now time.Time, limit int) ([]store.ListenSource, error)
	NextListenRun(ctx context.Context) (time.Time, error)
	ScheduleListenSearch(ctx context.Context, searchID int64, t time.Time) error
	ListenSourceFailed(ctx context.Context, searchID int64, source, msg string, next, now time.Time) error
	CommitListenPage(ctx context.Context, p store.ListenPage, now, next time.Time) (int, error)
	ListenResults(ctx context.Context, f store.ListenFilter) ([]store.ListenResult, error)
	ListenResult(ctx context.Context, id int64) (store.ListenResult, error)
	MarkListenHandled(ctx context.Context, id int64, handled bool) error
	AddListenMute(ctx context.Context, clientID int64, m store.ListenMute) error
	RemoveListenMute(ctx context.Context, clientID int64, m store.ListenMute) error
	ListenMutes(ctx context.Context, clientID int64) ([]store.ListenMute, error)
	ListenToConversation(ctx context.Context, resultID, handleID int64) (int64, error)
	ListenHourly(ctx context.Context, searchID int64, from, to time.Time) (total, negative map[int64]int, err error)
	MentionHourly(ctx context.Context, handleID int64, from, to time.Time) (total, negative map[int64]int, err error)
	NewestMessageID(ctx context.Context) (int64, error)
	MentionTexts(ctx context.Context, handleID int64, from, to time.Time, limit int) ([]store.MentionText, error)
	ClaimListenSpike(ctx context.Context, scope, metric string, hour time.Time, count int, baseline float64, at time.Time) (bool, error)
	ListenSpikeSent(ctx context.Context, sp store.ListenSpike) error
	UndeliveredListenSpikes(ctx context.Context, since time.Time) ([]store.ListenSpike, error)
	ListenSpikes(ctx context.Context, clientID int64, since time.Time) ([]store.ListenSpike, error)
}

// Holder says until when notifications are held back now (zero: they
// are not).
type Holder interface {
	HeldUntil(ctx context.Context, now time.Time) (time.Time, error)
}

// Connectors builds a handle's connector, for RunOnce; *engine.Engine is it
// (in the app the engine hands the connector to RunListen).
type Connectors interface {
	Connector(ctx context.Context, handleID int64) (connector.Connector, error)
}

// Config wires a Service.
type Config struct {
	Store Store
	// HTTP fetches feeds (a client without credentials of any handle).
	HTTP     *http.Client
	Notifier notify.Notifier // spike alerts; nil: none
	// Hold holds spike alerts back with every other notification (the
	// pause, quiet hours; notify.Announcer is it); nil: never held.
	Hold   Holder
	Logger *slog.Logger
	Now    func() time.Time
	// Local is the time zone a spike's notification names its hour in;
	// defaults to time.Local.
	Local *time.Location
	// Idle is how often Run brings the sources in step with the handles
	// (default 1 min).
	Idle time.Duration
}

// Intervals between runs of one source. Network searches spend the
// handle's own budget, so they run far less often than its sync; feeds are
// asked politely (most publishers ask for no more than every 15–60 min).
const (
	NetworkInterval = 5 * time.Minute
	FeedInterval    = 30 * time.Minute
	// XInterval is slower still: X bills each post read (at most 10 a run).
	XInterval = 15 * time.Minute
	// unavailableRecheck is how long a search the server cannot run rests.
	unavailableRecheck = 6 * time.Hour
)

// Size caps: every input kept is bounded.
const (
	MaxTerms     = 20
	MaxFeeds     = 20
	MaxExclusion = 50
	MaxTermLen   = 100
	MaxTextLen   = 4000 // characters of a post kept
	MaxPerRun    = 200  // results kept from one run of one source
)

// Service runs and edits listening searches.
type Service struct {
	cfg    Config
	scorer *sentiment.Analyzer
	wake   chan struct{} // Run's: new results to check for spikes
	due    chan struct{} // the engine's: sources fell due early (ListenDue)
	// fresh says results were committed since the last spike check.
	fresh atomic.Bool
	// spikeAt is when spikes were last checked (Run's alone): the check
	// reads five hours of every search and handle, so it runs every
	// spikeEvery, or spikeAfterResults after new results.
	spikeAt time.Time
	// checked says Run has checked every search and handle once; seenMessage
	// is the newest message id then. A handle's mentions can only surge with
	// a new message (an hour's count only grows, and restarts at 0), so
	// later checks skip the handles while no message has come since.
	checked     bool
	seenMessage int64
}

// New builds a service; its searches run when the engine runs it
// (engine.Config.Listening), its upkeep in Run.
func New(cfg Config) *Service {
	if cfg.Idle <= 0 {
		cfg.Idle = time.Minute
	}
	if cfg.Local == nil {
		cfg.Local = time.Local
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{cfg: cfg, scorer: sentiment.New(), wake: make(chan struct{}, 1), due: make(chan struct{}, 1)}
}

// ListenDue receives when sources fell due before their time (a search
// saved, sources added): the engine looks at once.
func (s *Service) ListenDue() <-chan struct{} { return s.due }

// signal sends on a wake-up channel without blocking (one pending is enough).
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
