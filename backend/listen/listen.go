// Package listen runs listening searches: what people say about a client's
// brand on Mastodon, Bluesky and RSS/Atom feeds without addressing one of
// its handles. Like sync, the database is the queue (store.ListenSource:
// one row per search and source, with its cursor, conditional-GET
// validators, next run and failures); network searches go through the
// handle's own connector (its sign-in and rate-limit budget) from a small
// pool of their own, so listening never takes a sync worker. Results are
// kept apart from conversations: nothing found enters the queue or starts
// a deadline until the user replies to it (Service.Reply).
package listen

import (
	"context"
	"log/slog"
	"net/http"
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
	ClaimListenSpike(ctx context.Context, scope, metric string, hour time.Time, count int, baseline float64, at time.Time) (bool, error)
}

// Connectors builds a handle's connector; *engine.Engine is it.
type Connectors interface {
	Connector(ctx context.Context, handleID int64) (connector.Connector, error)
}

// Config wires a Service.
type Config struct {
	Store      Store
	Connectors Connectors
	// HTTP fetches feeds (a client without credentials of any handle).
	HTTP     *http.Client
	Notifier notify.Notifier // spike alerts; nil: none
	Logger   *slog.Logger
	Now      func() time.Time
	// Workers bounds sources searched at once (default 2): listening has
	// its own small pool, so it never holds up a handle's sync.
	Workers int
	// Idle caps how long the loop sleeps without a wake-up (default 1 min).
	Idle time.Duration
	// OnRun, when set, is told when a source's run ends (with its error):
	// the loop's own record, which tests wait on instead of clocks.
	OnRun func(src store.ListenSource, err error)
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
	wake   chan struct{}
	// spikeAt is when spikes were last checked: the check reads five hours
	// of every search and handle, so it runs every spikeEvery, not every pass.
	spikeAt time.Time
}

// New builds a service; nothing runs until Run.
func New(cfg Config) *Service {
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.Idle <= 0 {
		cfg.Idle = time.Minute
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
	return &Service{cfg: cfg, scorer: sentiment.New(), wake: make(chan struct{}, 1)}
}

// Wake makes the loop look for due sources now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
