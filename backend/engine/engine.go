// Package engine syncs every handle into the store, sends queued replies and
// runs the listening searches.
//
// The database is the queue: each (handle, stream) row carries its cursor,
// next run time and failure count, so a restart resumes exactly where the
// last commit left off. A bounded pool runs one job per handle at a time;
// handles never wait on each other, so a rate-limited or broken handle only
// slows itself down. Live streams come first, then backfill pages
// (backfill.go), then listening searches (listen.go).
package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/secrets"
)

// Config wires the engine.
type Config struct {
	Store    Store
	Secrets  secrets.Store
	Registry connector.Registry
	HTTP     *http.Client
	Logger   *slog.Logger
	Now      func() time.Time
	// Workers bounds concurrent sync jobs (default 16). Each handle runs at
	// most one job at a time, and a full pool never blocks the scheduler: a
	// handle left waiting is dispatched when a job ends.
	Workers int
	// JobTimeout ends a sync job that runs longer (default 5 minutes), so a
	// network that hangs holds its worker for a bounded time.
	JobTimeout time.Duration
	// OnJob, when set, is told when each job (sync, send, backfill page,
	// listening search) starts and ends:
	// the scheduler's own record, which tests read instead of wall clocks.
	OnJob func(JobEvent)
	// PagesPerRun bounds pages fetched per stream per run, so a long backfill
	// yields to other handles (default 5).
	PagesPerRun int
	// Idle caps how long the scheduler sleeps without a wake-up (default 30 s).
	Idle time.Duration
	// BackfillSpan is how far before its connection a new handle's history
	// is backfilled on connect (default DefaultBackfillSpan); negative: no
	// backfill on connect (one can still be started on demand).
	BackfillSpan time.Duration
	// Listening, when set, is the listening queue the scheduler runs as its
	// lowest lane, after live sync and backfill (listen.go).
	Listening Listening
	// ListenWorkers bounds the listening searches run at once (default 4),
	// within Workers and never its last free worker.
	ListenWorkers int
}

// Engine runs syncs and the outbox.
type Engine struct {
	cfg      Config
	wake     chan struct{}
	wakeSend chan struct{}

	secretsMu  sync.Mutex // serialises read-merge-write of keychain entries
	mu         sync.Mutex
	running    map[int64]bool
	registered map[int64]bool
	watching   map[int64]bool
	waits      map[int64]context.CancelFunc
	sending    map[int64]bool // handles whose replies are being sent
	// backfilling holds the handles whose backfill page is being fetched:
	// never at the same time as their live sync job (see backfill.go).
	backfilling map[int64]bool
	// syncEnded holds the handles whose live job ended during this
	// scheduler pass: the pass's reads may straddle that job's last writes
	// (its stream's next run, then the handle's retry_at), so their
	// backfill page or search waits for the next pass, which the end wakes.
	syncEnded map[int64]bool
	// watchAfter holds back a watcher that gave up (sign-in trouble, a server
	// that refuses to push) until then; Forget clears it.
	watchAfter map[int64]time.Time
	connectors map[int64]connector.Connector
	// listen holds the listening jobs in flight (listen.go).
	listen listenState
}

// New builds an engine; nothing runs until Run.
func New(cfg Config) *Engine {
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = 5 * time.Minute
	}
	if cfg.PagesPerRun <= 0 {
		cfg.PagesPerRun = 5
	}
	if cfg.ListenWorkers <= 0 {
		cfg.ListenWorkers = 4
	}
	if cfg.Idle <= 0 {
		cfg.Idle = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.BackfillSpan == 0 {
		cfg.BackfillSpan = DefaultBackfillSpan
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 60 * time.Second}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Engine{cfg: cfg, wake: make(chan struct{}, 1), wakeSend: make(chan struct{}, 1), sending: map[int64]bool{},
		backfilling: map[int64]bool{}, syncEnded: map[int64]bool{},
		listen: listenState{handles: map[int64]bool{}, sources: map[string]bool{}, turn: map[int64]bool{},
			ended: map[string]bool{}},
		watchAfter: map[int64]time.Time{},
		running:    map[int64]bool{}, registered: map[int64]bool{},
		watching: map[int64]bool{}, waits: map[int64]context.CancelFunc{}, connectors: map[int64]connector.Connector{}}
}

// Wake makes the scheduler and the outbox look for due work now.
func (e *Engine) Wake() {
	for _, ch := range []chan struct{}{e.wake, e.wakeSend} {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// SyncNow makes every stream of a handle due now.
func (e *Engine) SyncNow(ctx context.Context, handleID int64) error {
	if err := e.cfg.Store.ScheduleHandle(ctx, handleID, e.cfg.Now()); err != nil {
		return err
	}
	e.Wake()
	return nil
}

// Forget drops a cached connector (after its credentials or settings change).
func (e *Engine) Forget(handleID int64) {
	e.mu.Lock()
	delete(e.connectors, handleID)
	delete(e.registered, handleID)
	delete(e.watchAfter, handleID)
	e.mu.Unlock()
	e.interruptWait(handleID)
}

// SecretKey is the keychain entry of a handle's credentials.
func SecretKey(handleID int64) string { return fmt.Sprintf("handle/%d", handleID) }

// SaveSecrets stores a handle's credentials in the keychain as one entry.
func SaveSecrets(ctx context.Context, st secrets.Store, handleID int64, values map[string]string) error {
	b, err := json.Marshal(values)
	if err != nil {
		return fmt.Errorf("encode credentials: %w", err)
	}
	return st.Set(ctx, SecretKey(handleID), string(b))
}

// connectorFor builds (or reuses) the connector of a handle.
func (e *Engine) connectorFor(ctx context.Context, handleID int64) (connector.Connector, error) {
	e.mu.Lock()
	c := e.connectors[handleID]
	e.mu.Unlock()
	if c != nil {
		return c, nil
	}
	h, err := e.cfg.Store.Handle(ctx, handleID)
	if err != nil {
		return nil, err
	}
	factory := e.cfg.Registry[h.Network]
	if factory == nil {
		return nil, connector.Errorf(connector.Permanent, nil, "Care Inbox cannot sync %s handles yet", h.Network)
	}
	settings, err := e.cfg.Store.HandleSettings(ctx, handleID)
	if err != nil {
		return nil, err
	}
	raw, err := e.cfg.Secrets.Get(ctx, SecretKey(handleID))
	switch {
	case errors.Is(err, secrets.ErrNotFound):
		return nil, connector.Errorf(connector.AuthNeeded, nil, "no saved sign-in for this handle; sign in again")
	case secrets.IsUnavailable(err):
		return nil, connector.Errorf(connector.Temporary, err, "the system keychain is not available")
	case err != nil:
		return nil, err
	}
	creds := map[string]string{}
	if err := json.Unmarshal([]byte(raw), &creds); err != nil {
		return nil, connector.Errorf(connector.AuthNeeded, nil, "the saved sign-in is unreadable; sign in again")
	}
	c, err = factory(connector.Config{HandleID: handleID, AccountID: h.RemoteAccountID, Settings: settings,
		Secrets: creds, HTTP: e.cfg.HTTP, Logger: e.cfg.Logger.With("handle", handleID, "network", h.Network), Now: e.cfg.Now})
	if err != nil {
		return nil, connector.Errorf(connector.Permanent, err, "the %s settings of this handle are incomplete", h.Network)
	}
	if ts, ok := c.(tokenSaverSetter); ok {
		ts.SetTokenSaver(func(m map[string]string) error {
			return e.mergeSecrets(context.WithoutCancel(ctx), handleID, m)
		})
	}
	e.mu.Lock()
	e.connectors[handleID] = c
	e.mu.Unlock()
	return c, nil
}

// backoff grows with consecutive failures, with ±20 % jitter so handles that
// failed together do not retry together.
func backoff(failures int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < failures && d < 30*time.Minute; i++ {
		d *= 2
	}
	d = min(d, 30*time.Minute)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// Connector returns the handle's connector, the one its sync uses (same
// HTTP client, sign-in and rate-limit budget), for listening searches.
func (e *Engine) Connector(ctx context.Context, handleID int64) (connector.Connector, error) {
	return e.connectorFor(ctx, handleID)
}
