package notify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// The notification policy of deadlines: which recorded deadline events are
// shown, when (quiet hours), grouped how, in which words, and never twice.
// The deadline service records every state change as an event with a
// notify state; the Announcer turns pending ones into notifications. It
// depends on the deadline package's types, never the other way round: the
// service only knows a small interface of its own, which Announcer meets.

// EventStore is what the Announcer reads and marks; *store.Store satisfies it.
type EventStore interface {
	PendingDeadlineEvents(ctx context.Context) ([]deadline.PendingEvent, error)
	MarkDeadlineEvents(ctx context.Context, ids []int64, state string, at time.Time) (int, error)
	UnmarkDeadlineEvents(ctx context.Context, ids []int64) error
	PendingBlindSpots(ctx context.Context) ([]deadline.BlindSpot, error)
	MarkBlindSpot(ctx context.Context, handleID int64, lastSync time.Time, state string, at time.Time) error
	UnmarkBlindSpot(ctx context.Context, handleID int64, lastSync time.Time) error
	OpenDeadlineCount(ctx context.Context, handleID int64) (int, error)
	Handle(ctx context.Context, id int64) (inbox.Handle, error)
	NotifySwitches(ctx context.Context) ([]deadline.NotifySwitch, error)
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// AnnouncerConfig wires an Announcer.
type AnnouncerConfig struct {
	Store    EventStore
	Notifier Notifier
	// Local is the computer's time zone: the one notification times and
	// quiet hours are shown in. Defaults to time.Local.
	Local  *time.Location
	Logger *slog.Logger
	// StaleAfter is the deadline service's staleness threshold (see
	// deadline.StaleAfter); a blind spot whose handle recovered is not shown.
	StaleAfter time.Duration
	// LateAfter is how long after its mark a notification counts as late
	// ("overdue"). Defaults to 2 minutes.
	LateAfter time.Duration
	// Wake is called when a change may make held notifications due now (quiet
	// hours edited); the composition root points it at the deadline service.
	Wake func()
	// DigestAfter is the least time between two deadline notifications:
	// what falls due sooner is held and shown as one digest when it ends,
	// unless a promise was missed (shown at once, with everything held).
	// Defaults to 5 minutes; negative: no digest.
	DigestAfter time.Duration
}

// Announcer shows deadline notifications.
type Announcer struct {
	cfg AnnouncerConfig
	st  EventStore
	log *slog.Logger

	mu   sync.Mutex
	wake time.Time // when held notifications fall due (zero: none held)
	// lastShown is when the last deadline notification was shown (this run),
	// from which the digest holds the next ones; used under the service's lock.
	lastShown time.Time
	// failures counts the deadline notifier's failures in a row (see
	// failed), health is what Health reports (its RetryAt ends the
	// back-off) and healthChanged is told when it flips; all under mu, as
	// other notifications' results (Observed) arrive from other goroutines.
	failures      int
	health        Health
	healthChanged func()
}

// Health says whether notifications reach the desktop: the window shows
// it, so a user whose desktop has no notification service knows not to
// count on them.
type Health struct {
	Failing bool
	Since   time.Time // the first failure of this run of them
	RetryAt time.Time // the next try
	Err     string    // the last failure, technical
}

// Health is whether the last notification reached the desktop.
func (a *Announcer) Health() Health {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.health
}

// OnHealthChange has fn called whenever notifications start or stop
// failing (nil: nobody); fn must not block.
func (a *Announcer) OnHealthChange(fn func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.healthChanged = fn
}

// setHealth records h and tells the listener if failing flipped.
func (a *Announcer) setHealth(h Health) { a.updateHealth(func(cur *Health) { *cur = h }) }

// updateHealth changes the health in one step under mu (results arrive
// from the deadline service and from Observed notifiers) and tells the
// listener if failing flipped; it reports whether it did.
func (a *Announcer) updateHealth(change func(*Health)) (flipped bool) {
	a.mu.Lock()
	was := a.health.Failing
	change(&a.health)
	flipped, fn := a.health.Failing != was, a.healthChanged
	a.mu.Unlock()
	if flipped && fn != nil {
		fn()
	}
	return flipped
}

// A notifier that fails (no notification server on this desktop, one not
// started yet) is tried again after retryFirst, doubling up to retryMost:
// every try claims and releases every pending event, and a desktop without
// a server would otherwise pay for that, and log it, on every pass.
const (
	retryFirst = 30 * time.Second
	retryMost  = 5 * time.Minute
)

// errNotifierFailed tells deliver that announce recorded a notifier failure.
var errNotifierFailed = errors.New("notifier failed")

// NewAnnouncer returns an Announcer.
func NewAnnouncer(cfg AnnouncerConfig) *Announcer {
	if cfg.Local == nil {
		cfg.Local = time.Local
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.LateAfter == 0 {
		cfg.LateAfter = 2 * time.Minute
	}
	if cfg.DigestAfter == 0 {
		cfg.DigestAfter = 5 * time.Minute
	}
	return &Announcer{cfg: cfg, st: cfg.Store, log: cfg.Logger}
}

// Announce shows what is pending at now. The deadline service calls it after
// each pass, so it runs under the service's lock and never concurrently.
func (a *Announcer) Announce(ctx context.Context, now time.Time) error {
	sws, err := a.st.NotifySwitches(ctx)
	if err != nil {
		return fmt.Errorf("announce deadlines: %w", err)
	}
	quiet, err := a.QuietHours(ctx)
	if err != nil {
		return fmt.Errorf("announce deadlines: %w", err)
	}
	paused, err := a.PausedUntil(ctx)
	if err != nil {
		return fmt.Errorf("announce deadlines: %w", err)
	}
	return a.deliver(ctx, deadline.NewSwitches(sws), quiet, paused, now)
}

// NextAnnounce is when notifications held back now fall due (the end of
// quiet hours); zero when nothing is held. The deadline service wakes then.
func (a *Announcer) NextAnnounce() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.wake
}

func (a *Announcer) setWake(t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.wake = t
}

// holdUntil makes the service wake at t at the latest.
func (a *Announcer) holdUntil(t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.wake.IsZero() || t.Before(a.wake) {
		a.wake = t
	}
}

// failed records a notifier failure: what it was about stays pending (its
// claim was undone) and is tried again once the back-off ends. The first
// failure of a run of them is a warning; the rest are counted quietly.
func (a *Announcer) failed(err error, now time.Time) {
	a.mu.Lock()
	wait := retryMost
	if a.failures < 4 { // 30 s, 1, 2, 4 minutes, then 5
		wait = min(retryFirst<<a.failures, retryMost)
	}
	a.failures++
	n := a.failures
	a.mu.Unlock()
	retry := now.Add(wait)
	a.holdUntil(retry)
	a.updateHealth(func(h *Health) {
		since := h.Since
		if !h.Failing {
			since = now
		}
		*h = Health{Failing: true, Since: since, RetryAt: retry, Err: err.Error()}
	})
	if n == 1 {
		a.log.Warn("notifications: the desktop's notification service failed; trying again later", "err", err, "retry_in", wait)
	} else {
		a.log.Debug("notifications: still failing", "err", err, "failures", n, "retry_in", wait)
	}
}

// worked ends a run of failures; it reports whether one was running.
func (a *Announcer) worked() bool {
	a.mu.Lock()
	n, failing := a.failures, a.health.Failing
	a.failures = 0
	a.mu.Unlock()
	if failing {
		a.log.Info("notifications: the desktop's notification service works again", "failures", n)
	}
	a.setHealth(Health{})
	return failing
}

// Observed is n with its results counted in Health: the listening
// service's surge alerts go to the same desktop as deadlines, so a failure
// there is shown in the window as one of deadlines is (a workspace without
// deadlines would otherwise never say that its alerts do not show), and a
// success ends a run of failures, and with it the deadline notifier's
// back-off (held deadline notifications are shown at once: Wake). A
// failure there sets no back-off: the deadline notifications keep their
// own schedule.
func (a *Announcer) Observed(n Notifier) Notifier { return observed{n, a} }

type observed struct {
	n Notifier
	a *Announcer
}

func (o observed) Notify(ctx context.Context, note Notification) error {
	err := o.n.Notify(ctx, note)
	switch {
	case err == nil:
		if o.a.worked() && o.a.cfg.Wake != nil {
			o.a.cfg.Wake()
		}
	case ctx.Err() == nil: // the app closing is not the notifier's failure
		o.a.observedFailure(err, time.Now())
	}
	return err
}

// observedFailure marks notifications failing after another notifier's
// failure, keeping the deadline notifier's back-off and the run's start.
func (a *Announcer) observedFailure(err error, now time.Time) {
	flipped := a.updateHealth(func(h *Health) {
		if !h.Failing {
			*h = Health{Failing: true, Since: now}
		}
		h.Err = err.Error()
	})
	if flipped {
		a.log.Warn("notifications: the desktop's notification service failed", "err", err)
	}
}

// deliver announces pending events. For each clock cycle only the most
// severe pending event is shown (the others are recorded as superseded);
// everything shown in one pass is grouped into one notification. An event is
// claimed (marked sent) before the notifier is called, so a crash can never
// make it fire twice; if the notifier fails, the claim is undone and the next
// pass tries again.
func (a *Announcer) deliver(ctx context.Context, sw deadline.Switches, quiet QuietHours, paused, now time.Time) error {
	pend, err := a.st.PendingDeadlineEvents(ctx)
	if err != nil {
		return err
	}
	type cycle struct {
		conv    int64
		clock   string
		started int64
	}
	best := map[cycle]int{}
	var order []cycle
	var muted, expired, superseded []int64
	for i, p := range pend {
		switch {
		case !sw.On(p.ClientID, p.HandleID):
			muted = append(muted, p.ID)
		case p.Current == nil || !p.Current.StartedAt.Equal(p.StartedAt) || p.Current.State == deadline.StatePaused:
			// Answered, resolved or waiting on the customer: it no longer matters.
			expired = append(expired, p.ID)
		default:
			k := cycle{p.ConversationID, p.Clock, p.StartedAt.UnixMilli()}
			j, seen := best[k]
			switch {
			case !seen:
				best[k] = i
				order = append(order, k)
			case deadline.Rank(p.Name) > deadline.Rank(pend[j].Name):
				superseded = append(superseded, pend[j].ID)
				best[k] = i
			default:
				superseded = append(superseded, p.ID)
			}
		}
	}
	for state, ids := range map[string][]int64{deadline.NotifyMuted: muted, deadline.NotifyExpired: expired, deadline.NotifySuperseded: superseded} {
		if len(ids) > 0 {
			if _, err := a.st.MarkDeadlineEvents(ctx, ids, state, now); err != nil {
				return err
			}
		}
	}
	// Held, not dropped: shown when quiet hours and the pause end.
	if until := a.heldUntil(quiet, paused, now); !until.IsZero() {
		a.setWake(until)
		return nil
	}
	if retry := a.Health().RetryAt; now.Before(retry) {
		a.setWake(retry) // the notifier failed: nothing is claimed until the back-off ends
		return nil
	}
	var show []deadline.PendingEvent
	critical := false
	for _, k := range order {
		show = append(show, pend[best[k]])
		critical = critical || pend[best[k]].Name == deadline.EventBreached
	}
	a.setWake(time.Time{})
	if len(show) > 0 && !critical && a.cfg.DigestAfter > 0 && !a.lastShown.IsZero() {
		if until := a.lastShown.Add(a.cfg.DigestAfter); now.Before(until) {
			a.setWake(until) // one digest then, instead of a burst now
			show = nil
		}
	}
	if err := a.announce(ctx, show, now); errors.Is(err, errNotifierFailed) {
		return nil // held for the back-off, blind spots too: the notifier is down
	} else if err != nil {
		return err
	}
	return a.announceBlindSpots(ctx, sw, now)
}

func (a *Announcer) announce(ctx context.Context, show []deadline.PendingEvent, now time.Time) error {
	if len(show) == 0 {
		return nil
	}
	ids := make([]int64, len(show))
	for i, p := range show {
		ids[i] = p.ID
	}
	n, err := a.st.MarkDeadlineEvents(ctx, ids, deadline.NotifySent, now)
	if err != nil || n == 0 {
		return err
	}
	note := a.compose(show, now)
	if err := a.cfg.Notifier.Notify(ctx, note); err != nil {
		if uerr := a.st.UnmarkDeadlineEvents(context.WithoutCancel(ctx), ids); uerr != nil {
			return fmt.Errorf("notify: %w (and could not retry later: %v)", err, uerr)
		}
		if ctx.Err() != nil { // the app is closing: not the notifier's failure
			return fmt.Errorf("notify about %d deadlines: %w", len(show), err)
		}
		a.failed(fmt.Errorf("notify about %d deadlines: %w", len(show), err), now)
		return errNotifierFailed
	}
	a.worked()
	a.lastShown = now
	a.log.Info("deadlines: notified", "events", len(show))
	return nil
}

func (a *Announcer) announceBlindSpots(ctx context.Context, sw deadline.Switches, now time.Time) error {
	spots, err := a.st.PendingBlindSpots(ctx)
	if err != nil || len(spots) == 0 {
		return err
	}
	for _, b := range spots {
		h, err := a.st.Handle(ctx, b.HandleID)
		if err != nil {
			return err
		}
		// Counted for this handle only (indexed), not for every handle.
		open, err := a.st.OpenDeadlineCount(ctx, h.ID)
		if err != nil {
			return err
		}
		bad, reason := deadline.Uncertain(h, now, a.cfg.StaleAfter)
		state := deadline.NotifySent
		switch {
		case !bad || !h.LastSyncAt.Equal(b.LastSyncAt) || open == 0:
			state = deadline.NotifyExpired // sync recovered meanwhile
		case !sw.On(h.ClientID, h.ID):
			state = deadline.NotifyMuted
		}
		if err := a.st.MarkBlindSpot(ctx, b.HandleID, b.LastSyncAt, state, now); err != nil || state != deadline.NotifySent {
			if err != nil {
				return err
			}
			continue
		}
		asOf := "never synced"
		if !b.LastSyncAt.IsZero() {
			asOf = "data as of " + a.clock(b.LastSyncAt, now)
		}
		note := Notification{
			Title: "Deadlines uncertain: " + plain(h.DisplayName) + " — " + reason,
			Body: fmt.Sprintf("%s; %d open %s may already be late without Care Inbox knowing.",
				asOf, open, plural(open, "deadline", "deadlines")),
			Key: fmt.Sprintf("blindspot/%d/%d", b.HandleID, b.LastSyncAt.UnixMilli()),
		}
		if err := a.cfg.Notifier.Notify(ctx, note); err != nil {
			if uerr := a.st.UnmarkBlindSpot(context.WithoutCancel(ctx), b.HandleID, b.LastSyncAt); uerr != nil {
				return fmt.Errorf("notify about blind spot: %w (and could not retry later: %v)", err, uerr)
			}
			a.failed(fmt.Errorf("notify about blind spot: %w", err), now)
			return nil
		}
		a.worked()
	}
	return nil
}

// plain keeps untrusted text (customer and handle names) from being read as
// markup by notification servers that support a subset of HTML in bodies.
func plain(s string) string {
	return strings.NewReplacer("<", "‹", ">", "›", "&", "+").Replace(strings.TrimSpace(s))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// clock formats t for a notification the way the app's window says a clock
// mark (frontend/src/lib/time.ts formatClock): "10:42" today, else "3 Dec,
// 10:42", with the year when it is not this one — never "Mon 10:42", which
// leaves the owner to work out which Monday.
func (a *Announcer) clock(t, now time.Time) string {
	t, now = t.In(a.cfg.Local), now.In(a.cfg.Local)
	y, m, d := t.Date()
	switch {
	case y == now.Year() && m == now.Month() && d == now.Day():
		return t.Format("15:04")
	case y == now.Year():
		return t.Format("2 Jan, 15:04")
	default:
		return t.Format("2 Jan 2006, 15:04")
	}
}

func minutesUntil(t, now time.Time) int {
	return int(math.Ceil(t.Sub(now).Minutes()))
}

func kindLabel(k inbox.Kind) string {
	switch k {
	case inbox.KindPrivate:
		return "private message"
	case inbox.KindEmail:
		return "e-mail"
	}
	return "public"
}

func (a *Announcer) compose(show []deadline.PendingEvent, now time.Time) Notification {
	late := 0
	for _, p := range show {
		if now.Sub(p.At) > a.cfg.LateAfter {
			late++
		}
	}
	lateNote := ""
	if late > 0 {
		lateNote = " Noticed late: Care Inbox was closed, the computer was asleep, or the messages only just arrived."
	}
	n := a.composeAll(show, now, late, lateNote)
	// A click opens the most severe conversation (the first of them).
	top := show[0]
	for _, p := range show[1:] {
		if deadline.Rank(p.Name) > deadline.Rank(top.Name) {
			top = p
		}
	}
	n.ConversationID = top.ConversationID
	// A missed promise is the one thing that must not scroll by unseen.
	n.Critical = top.Name == deadline.EventBreached
	n.Persistent = n.Critical
	return n
}

func (a *Announcer) composeAll(show []deadline.PendingEvent, now time.Time, late int, lateNote string) Notification {
	if len(show) == 1 {
		return a.composeOne(show[0], now, late > 0, lateNote)
	}
	counts := map[string]int{}
	latestDue := now
	for _, p := range show {
		counts[p.Name]++
		if p.Current != nil && p.Current.InternalAt.After(latestDue) {
			latestDue = p.Current.InternalAt
		}
	}
	var title string
	switch {
	case counts[deadline.EventImminent] == len(show):
		title = fmt.Sprintf("%d conversations due in the next %d minutes", len(show), max(1, minutesUntil(latestDue, now)))
	case counts[deadline.EventBreached] == len(show):
		title = fmt.Sprintf("%d promises missed", len(show))
	default:
		title = fmt.Sprintf("%d deadlines need attention", len(show))
	}
	if late == len(show) {
		title = "Overdue: " + title
	}
	var parts []string
	for _, k := range []struct{ ev, one, many string }{
		{deadline.EventImminent, "due soon", "due soon"},
		{deadline.EventLate, "past the internal target", "past the internal target"},
		{deadline.EventAtRisk, "promise about to be missed", "promises about to be missed"},
		{deadline.EventBreached, "promise missed", "promises missed"},
	} {
		if n := counts[k.ev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, k.one, k.many)))
		}
	}
	var names []string
	for i, p := range show {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(show)-3))
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", plain(customer(p)), plain(p.ClientName)))
	}
	return Notification{Title: title, Body: strings.Join(parts, " · ") + ". " + strings.Join(names, ", ") + "." + lateNote,
		Key: fmt.Sprintf("deadlines/%d", show[0].ID)}
}

func customer(p deadline.PendingEvent) string {
	if strings.TrimSpace(p.CustomerName) != "" {
		return p.CustomerName
	}
	return "a customer"
}

func (a *Announcer) composeOne(p deadline.PendingEvent, now time.Time, late bool, lateNote string) Notification {
	d := *p.Current
	who := plain(customer(p))
	var title string
	switch p.Name {
	case deadline.EventImminent:
		title = fmt.Sprintf("Reply due in %d min — %s", max(1, minutesUntil(d.InternalAt, now)), who)
	case deadline.EventLate:
		title = "Internal target missed — " + who
	case deadline.EventAtRisk:
		title = fmt.Sprintf("Promise due in %d min — %s", max(1, minutesUntil(d.PublishedAt, now)), who)
	default:
		title = "Promise missed — " + who
	}
	if p.Clock == deadline.ClockResolution {
		title = strings.Replace(title, "Reply", "Resolution", 1)
	}
	if late {
		title = "Overdue: " + title
	}
	body := fmt.Sprintf("%s · %s (%s). Internal target %s, promised by %s.", plain(p.ClientName), plain(p.HandleName),
		kindLabel(p.Kind), a.clock(d.InternalAt, now), a.clock(d.PublishedAt, now))
	if !d.WindowAt.IsZero() {
		body += " The platform's reply window closes " + a.clock(d.WindowAt, now) + "."
	}
	return Notification{Title: title, Body: body + lateNote, Key: fmt.Sprintf("deadline/%d/%s", p.ConversationID, p.Name)}
}
