// Package tracker is the deadline service: it keeps every conversation's
// response deadlines stored and current, records each state change as an
// append-only event, and hands pending events to an Announcer (the
// notification policy, which lives in backend/notify).
//
// Deadlines are recomputed after each committed change (store deltas) and
// whenever a stored deadline's next mark passes (one indexed query, see
// Store.DueDeadlineConversations). Between the two the service sleeps: it
// wakes at the next mark (NextWake) or when a write signals a change, and
// never sweeps whole tables on a period. Notifications are driven by the events'
// notify state, so a restart, a sleep or a clock jump never repeats one,
// and one that was due while the app was closed fires late, marked as such.
package tracker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/wakeup"
)

// Store is what the service reads and writes; *store.Store satisfies it,
// and so could any other store of the same shape.
type Store interface {
	Clients(ctx context.Context) ([]inbox.Client, error)
	Handles(ctx context.Context) ([]inbox.Handle, error)

	DeadlineCandidates(ctx context.Context, clientID int64) ([]int64, error)
	DeadlineInputs(ctx context.Context, ids []int64) ([]deadline.Input, error)
	SaveDeadlines(ctx context.Context, ups []deadline.Update) error
	DueDeadlineConversations(ctx context.Context, now time.Time) ([]int64, error)
	NextDeadlineAt(ctx context.Context) (time.Time, error)
	NextDeadlineAfter(ctx context.Context, after time.Time) (time.Time, error)
	HasOpenDeadlines(ctx context.Context, handleID int64) (bool, error)
	RecordBlindSpot(ctx context.Context, handleID int64, lastSync, at time.Time) (bool, error)

	CalendarSpecs(ctx context.Context) ([]deadline.StoredSpec, error)
	PolicySpecs(ctx context.Context) ([]deadline.StoredSpec, error)
	NotifySwitches(ctx context.Context) ([]deadline.NotifySwitch, error)
	SaveCalendarSpec(ctx context.Context, clientID, handleID int64, spec string, at time.Time) error
	DeleteCalendarSpec(ctx context.Context, clientID, handleID int64) error
	SavePolicySpec(ctx context.Context, clientID, handleID int64, kind, spec string, at time.Time) error
	DeletePolicySpec(ctx context.Context, clientID, handleID int64, kind string) error
	SetNotifySwitch(ctx context.Context, clientID, handleID int64, on bool) error

	ReadStore
}

// Announcer shows what the recorded events call for; the service calls it
// after every pass, under its lock. notify.Announcer is the real one.
type Announcer interface {
	Announce(ctx context.Context, now time.Time) error
}

// AnnounceWaker is an Announcer that holds notifications back (quiet hours,
// a digest) and says when it next needs a pass; zero: nothing is held. The
// service wakes then, instead of polling for it.
type AnnounceWaker interface {
	NextAnnounce() time.Time
}

// DefaultSettle is the app's Settle: a sync writes its pages a few
// milliseconds apart, and a gap of 25 ms means the burst is over; far below
// what a person notices on a deadline chip.
const DefaultSettle = 25 * time.Millisecond

// ErrNotFound means a client the call named does not exist.
var ErrNotFound = errors.New("not found")

// Config wires a Service.
type Config struct {
	Store Store
	// Deltas feeds the loop with committed changes (the event bus); nil:
	// only the clock and Kick wake it.
	Deltas events.Subscriber
	// Announcer is told after each pass; nil: nothing is announced.
	Announcer Announcer
	// Now is the clock; tests pass a fake one. Defaults to time.Now.
	Now func() time.Time
	// Local is the computer's time zone: the default calendar's. Defaults
	// to time.Local.
	Local  *time.Location
	Logger *slog.Logger
	// StaleAfter marks a handle's deadlines uncertain when its last good sync
	// is older than this; 0 only treats failing handles as uncertain. See
	// deadline.StaleAfter for the workspace policy.
	StaleAfter time.Duration
	// MaxSleep caps one timer of the loop, so a suspended computer or a clock
	// jump is noticed soon after (Go's timers stop while the computer sleeps).
	// A capped wake-up that finds the next mark still ahead goes back to
	// sleep without touching the database. Defaults to 30 seconds.
	MaxSleep time.Duration
	// Settle is the quiet gap a pass woken by a change waits for before
	// recomputing (at most a second): a sync writes a page every few
	// milliseconds, and one recompute (one write transaction) for a burst of
	// pages leaves the single writer to the pages instead of taking it
	// between each two. Zero recomputes at once (tests with a fake clock).
	Settle time.Duration
}

// Service keeps deadlines current and hands their events to the Announcer.
type Service struct {
	cfg Config
	st  Store
	log *slog.Logger

	mu    sync.Mutex // serialises recompute and notification passes
	spots spotMemo   // under mu

	dirtyMu sync.Mutex
	dirty   map[int64]struct{}
	kick    wakeup.Signal
	// burstEnd ends a settling pass's wait early (EndBurst).
	burstEnd  wakeup.Signal
	settleMax time.Duration // settleMax; tests lengthen it
	cancel    context.CancelFunc
	done      chan struct{}
	unsub     func()

	settleWait func(context.Context) // tests: replaces the Settle timer
}

// New returns a stopped service; Start runs it.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Local == nil {
		cfg.Local = time.Local
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.MaxSleep == 0 {
		cfg.MaxSleep = 30 * time.Second
	}
	return &Service{cfg: cfg, st: cfg.Store, log: cfg.Logger, dirty: map[int64]struct{}{}, kick: wakeup.NewSignal(),
		burstEnd: wakeup.NewSignal(), settleMax: settleMax, spots: newSpotMemo()}
}

// Start subscribes to store changes and runs the loop until Close or ctx ends.
// The first pass recomputes every deadline, which is how events missed while
// the app was closed are found.
func (s *Service) Start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	s.done = make(chan struct{})
	if s.cfg.Deltas != nil {
		s.unsub = s.cfg.Deltas.Subscribe(s.onChange)
	}
	go s.loop(ctx)
}

// Close stops the loop and waits for it; safe to call on a service never started.
func (s *Service) Close() {
	if s.unsub != nil {
		s.unsub()
	}
	if s.cancel != nil {
		s.cancel()
		<-s.done
	}
}

// onChange runs on the store's writer goroutine: it only queues work.
// Deadline deltas are the service's own writes and are ignored, which is
// what keeps recomputing from feeding itself.
func (s *Service) onChange(d events.Delta) {
	switch d.Entity {
	case events.EntityConversation:
		s.dirtyMu.Lock()
		for _, id := range d.Upserted {
			s.dirty[id] = struct{}{}
		}
		s.dirtyMu.Unlock()
	case events.EntityHandle:
	default:
		return
	}
	s.Kick()
}

// Kick wakes the loop now.
func (s *Service) Kick() { s.kick.Notify() }

// EndBurst says the changes of a burst are all written (a sync job ended
// with no more pages ready): a pass waiting out Settle for more of them
// recomputes at once instead. Without changes waiting it does nothing, so a
// sync that wrote nothing does not cut the next burst's settling short.
func (s *Service) EndBurst() {
	if s.hasDirty() {
		s.burstEnd.Notify()
	}
}

func (s *Service) hasDirty() bool {
	s.dirtyMu.Lock()
	defer s.dirtyMu.Unlock()
	return len(s.dirty) > 0
}

func (s *Service) takeDirty() []int64 {
	s.dirtyMu.Lock()
	defer s.dirtyMu.Unlock()
	ids := make([]int64, 0, len(s.dirty))
	for id := range s.dirty {
		ids = append(ids, id)
	}
	clear(s.dirty)
	return ids
}

// RecomputeAll recomputes every conversation that has or may need a
// deadline (of one client, or all when clientID is 0).
func (s *Service) RecomputeAll(ctx context.Context, clientID int64) error {
	ids, err := s.st.DeadlineCandidates(ctx, clientID)
	if err != nil {
		return fmt.Errorf("recompute deadlines: %w", err)
	}
	return s.Recompute(ctx, ids)
}

// Recompute recomputes the given conversations' deadlines now and stores
// what changed.
func (s *Service) Recompute(ctx context.Context, ids []int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recompute(ctx, ids, s.cfg.Now())
}

func (s *Service) recompute(ctx context.Context, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	set, err := loadSettings(ctx, s.st, s.cfg.Local)
	if err != nil {
		return fmt.Errorf("recompute deadlines: %w", err)
	}
	const batch = 500
	for start := 0; start < len(ids); start += batch {
		part := ids[start:min(start+batch, len(ids))]
		inputs, err := s.st.DeadlineInputs(ctx, part)
		if err != nil {
			return fmt.Errorf("recompute deadlines: %w", err)
		}
		var ups []deadline.Update
		var errs []error
		for _, in := range inputs {
			up, err := compute(in, set, now)
			if err != nil {
				// One broken calendar must not stop every other client's deadlines.
				errs = append(errs, err)
				continue
			}
			if !deadline.Unchanged(in, up) {
				ups = append(ups, up)
				if running(up.Deadlines) {
					s.spots.deadlinesSaved(in.HandleID)
				}
			}
		}
		if err := s.st.SaveDeadlines(ctx, ups); err != nil {
			return fmt.Errorf("recompute deadlines: %w", err)
		}
		if len(errs) > 0 {
			s.log.Warn("deadlines: some conversations could not be computed", "count", len(errs), "first", errs[0])
		}
	}
	return nil
}

// Tick advances every deadline whose next mark has passed, looks for sync
// blind spots and has what is pending announced. The loop calls it; tests
// call it directly with a fake clock.
func (s *Service) Tick(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.Now()
	ids, err := s.st.DueDeadlineConversations(ctx, now)
	if err != nil {
		return fmt.Errorf("deadline tick: %w", err)
	}
	if err := s.recompute(ctx, ids, now); err != nil {
		return err
	}
	// Blind spots first, so one found now is announced in the same pass.
	spotted := s.findBlindSpots(ctx, now)
	var announced error
	if s.cfg.Announcer != nil {
		announced = s.cfg.Announcer.Announce(ctx, now)
	}
	return errors.Join(spotted, announced)
}
