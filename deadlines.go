package main

import (
	"context"
	"log/slog"
	"time"

	"careinbox/backend/notify"
	"careinbox/backend/sla"
	"careinbox/backend/store"
)

// staleSyncAfter marks deadlines uncertain when a handle has not synced for
// this long: a sync runs every few minutes, so a quarter of an hour
// without one means the inbox may be missing messages (or replies).
const staleSyncAfter = 15 * time.Minute

// newDeadlines starts the deadline service with desktop notifications
// (beeep). The demo workspace has no sync engine, so the age of its data is
// not held against it; failing handles still are. Close the service before
// the store.
func newDeadlines(ctx context.Context, st *store.Store, logger *slog.Logger, demoMode bool) *sla.Service {
	appName, stale := "Care Inbox", staleSyncAfter
	if demoMode {
		appName, stale = "Care Inbox (demo)", 0
	}
	svc := sla.New(sla.Config{Store: st, Notifier: notify.NewBeeep(appName), Logger: logger, StaleAfter: stale})
	if !generatingBindings {
		svc.Start(ctx)
	}
	return svc
}
