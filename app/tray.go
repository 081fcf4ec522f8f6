package app

import (
	"context"
	"errors"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"careinbox/backend/events"
	"careinbox/backend/tray"
)

// The panel icon (issue 17): backend/tray draws it and knows no Wails; the
// app starts it with the window, wires its items to the window (Open,
// Quit, pausing notifications) and keeps its queue line current.

// Tray is what the app needs of backend/tray.
type Tray interface {
	Start() error
	Update(tray.State)
	Shown() bool
	Stop()
}

// NewTray builds the tray for the callbacks the app gives it (main passes
// backend/tray.New; nil: no tray, e.g. the stand-in window of a problem).
type NewTray func(tray.Config) Tray

// EventNotificationPause tells the front end that the pause changed
// outside the window (the tray's item), or that notifications started or
// stopped reaching the desktop; payload: NotificationPauseDTO.
const EventNotificationPause = "notifications:pause"

// trayRefresh is the least time between two reads of the queue for the
// tray during a burst of deltas (a sync committing page after page).
const trayRefresh = time.Second

// trayState is the tray's part of App.
type trayState struct {
	icon Tray
	poke chan struct{} // the queue or the pause changed: read them again
	stop context.CancelFunc
	done chan struct{}
}

// startTray puts the icon in the panel and follows the queue until
// stopTray. ctx is Wails' (the window's callbacks need it).
func (a *App) startTray(ctx context.Context) {
	if a.cfg.Desktop.Tray == nil {
		return
	}
	cfg := tray.Config{Title: "Care Inbox", Logger: a.cfg.Logger,
		Open: func() { a.showWindow(ctx) }, Quit: func() { a.Quit() }}
	if a.cfg.Demo {
		cfg.Title = "Care Inbox — Demo workspace"
	}
	if a.cfg.Notices != nil {
		cfg.Pause = func(on bool) { a.pauseFromTray(ctx, on) }
	}
	t := a.cfg.Desktop.Tray(cfg)
	tctx, stop := context.WithCancel(ctx)
	a.mu.Lock()
	a.tray = trayState{icon: t, poke: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	st := a.tray
	a.mu.Unlock()
	var unsub func()
	if a.cfg.Deltas != nil {
		unsub = a.cfg.Deltas.Subscribe(func(d events.Delta) {
			if d.Entity == events.EntityConversation || d.Entity == events.EntityDeadline {
				a.pokeTray()
			}
		})
	}
	go func() {
		defer close(st.done)
		if unsub != nil {
			defer unsub()
		}
		// Off the window's start: asking the bus for a panel takes a round trip or two.
		switch err := t.Start(); {
		case err == nil:
			a.cfg.Logger.Info("tray icon shown")
		case errors.Is(err, tray.ErrNoWatcher), errors.Is(err, tray.ErrNoBus):
			// Said once: the icon shows by itself if a panel appears later.
			a.cfg.Logger.Info("no tray icon; closing the window hides it, launching Care Inbox again brings it back", "why", err.Error())
		default:
			a.cfg.Logger.Warn("no tray icon", "err", err)
		}
		a.followQueue(tctx, st)
	}()
}

// trayHorizon is how far ahead the tray's queue line looks.
const trayHorizon = time.Hour

// trayRecheck is the longest the tray sleeps without a change: Go's timers
// stand still while a laptop is suspended, so a sleep until the next
// deadline could wake an hour late after a resume.
const trayRecheck = 15 * time.Minute

// followQueue keeps the tray's queue line and pause item current: at once,
// after changes (at most once per trayRefresh), and when the line would
// change by itself (a deadline passing, one coming within the hour, the
// pause ending). At rest, with nothing coming due, it reads nothing.
func (a *App) followQueue(ctx context.Context, st trayState) {
	for {
		now := time.Now()
		s, next, err := a.queueState(ctx, now)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			a.cfg.Logger.Warn("tray: read the queue", "err", err)
		} else {
			st.icon.Update(s)
		}
		wait := trayRecheck
		if !next.IsZero() {
			wait = min(wait, max(next.Sub(now), trayRefresh))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-st.poke:
			t.Stop()
			// Let a burst of deltas settle into one read.
			t = time.NewTimer(trayRefresh)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
	}
}

// queueState counts what the Due soon view lists for the next hour: due
// (internal target or the network's reply window still ahead) or overdue
// (passed); an open public close has no deadline row and counts as due.
// next is when the counts change with no write (zero: never): a due one
// passing, another coming within the hour, or the pause ending.
func (a *App) queueState(ctx context.Context, now time.Time) (s tray.State, next time.Time, err error) {
	soonest := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if a.cfg.Deadlines != nil {
		items, err := a.cfg.Deadlines.DueSoon(ctx, trayHorizon)
		if err != nil {
			return s, next, err
		}
		for _, it := range items {
			if it.Deadline == nil {
				s.DueSoon++
				continue
			}
			due := dueAt(it.Deadline.InternalAt, it.Deadline.WindowAt)
			if due.After(now) {
				s.DueSoon++
				soonest(due)
			} else {
				s.Overdue++
			}
		}
		later, err := a.cfg.Deadlines.NextDueAfter(ctx, now.Add(trayHorizon))
		if err != nil {
			return s, next, err
		}
		if !later.IsZero() {
			soonest(later.Add(-trayHorizon))
		}
	}
	if a.cfg.Notices != nil {
		until, err := a.cfg.Notices.PausedUntil(ctx)
		if err != nil {
			return s, next, err
		}
		s.PausedUntil = until
		soonest(until)
	}
	return s, next, nil
}

// dueAt is when a deadline falls due, as store.DueWithin orders them: the
// internal target, or the platform's reply window when that closes first.
func dueAt(internal, window time.Time) time.Time {
	if !window.IsZero() && window.Before(internal) {
		return window
	}
	return internal
}

// pokeTray asks the tray to read the queue again; it never blocks.
func (a *App) pokeTray() {
	a.mu.RLock()
	poke := a.tray.poke
	a.mu.RUnlock()
	if poke == nil {
		return
	}
	select {
	case poke <- struct{}{}:
	default:
	}
}

// pauseFromTray is the tray's pause item: the sidebar's hour, and the
// window told so its switch follows.
func (a *App) pauseFromTray(ctx context.Context, on bool) {
	now := time.Now()
	var until time.Time
	if on {
		until = now.Add(tray.PauseFor)
	}
	if err := a.cfg.Notices.Pause(ctx, until); err != nil {
		a.cfg.Logger.Warn("tray: pause notifications", "err", err)
		return
	}
	a.cfg.Logger.Info("notifications paused from the tray", "paused", on)
	a.pokeTray()
	runtime.EventsEmit(ctx, EventNotificationPause, pauseDTO(until, now, a.cfg.Notices.Health()))
}

// trayShown says whether the tray's icon is in a panel now.
func (a *App) trayShown() bool {
	a.mu.RLock()
	t := a.tray.icon
	a.mu.RUnlock()
	return t != nil && t.Shown()
}

// stopTray stops following the queue, then the tray.
func (a *App) stopTray() {
	a.mu.Lock()
	st := a.tray
	a.tray = trayState{}
	a.mu.Unlock()
	if st.icon == nil {
		return
	}
	st.stop()
	<-st.done
	st.icon.Stop()
}

// showWindow brings the window forward (a second launch, the tray, a
// click on a notification).
func (a *App) showWindow(ctx context.Context) {
	runtime.WindowUnminimise(ctx)
	runtime.WindowShow(ctx)
}
