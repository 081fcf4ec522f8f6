package main

import (
	"context"
	"log/slog"

	"careinbox/backend/deadline"
	"careinbox/backend/deadline/tracker"
	"careinbox/backend/notify"
	"careinbox/backend/store"
)

// The store is what the deadline service and the notification policy read
// and write through their own narrow interfaces.
var (
	_ tracker.Store     = (*store.Store)(nil)
	_ notify.EventStore = (*store.Store)(nil)
	_ tracker.Announcer = (*notify.Announcer)(nil)
)

// newDeadlines starts the deadline service, announcing through the
// notification policy with desktop notifications (beeep). The demo
// workspace has no sync engine (see deadline.StaleAfter). Close the service
// before the store.
func newDeadlines(ctx context.Context, st *store.Store, logger *slog.Logger, demoMode bool) (*tracker.Service, *notify.Announcer) {
	appName := "Care Inbox"
	if demoMode {
		appName = "Care Inbox (demo)"
	}
	stale := deadline.StaleAfter(!demoMode)
	var svc *tracker.Service
	notices := notify.NewAnnouncer(notify.AnnouncerConfig{Store: st, Notifier: notify.NewBeeep(appName), Logger: logger,
		StaleAfter: stale, Wake: func() { svc.Kick() }})
	svc = tracker.New(tracker.Config{Store: st, Subscribe: storeChanges(st), Announcer: notices, Logger: logger, StaleAfter: stale})
	if !generatingBindings {
		svc.Start(ctx)
	}
	return svc, notices
}

// storeChanges feeds the deadline service with the store's deltas.
func storeChanges(st *store.Store) tracker.Subscribe {
	return func(fn func(entity string, upserted []int64)) func() {
		return st.Subscribe(func(d store.Delta) { fn(d.Entity, d.Upserted) })
	}
}
