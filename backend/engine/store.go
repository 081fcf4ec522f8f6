package engine

import (
	"context"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// Store is the part of the database the engine works with: handles and their
// settings, the per-stream queue (cursor, next run, failures) and the outbox.
// Declared here, by its consumer, so another implementation (a shared
// database for teams) can sit behind the engine; *store.Store is the SQLite one.
type Store interface {
	Handles(ctx context.Context) ([]inbox.Handle, error)
	Handle(ctx context.Context, id int64) (inbox.Handle, error)
	HandleSettings(ctx context.Context, id int64) (map[string]string, error)
	SetHandleHealth(ctx context.Context, id int64, h store.HandleHealth, at time.Time) error
	ScheduleHandle(ctx context.Context, handleID int64, t time.Time) error
	// WakeHandle is ScheduleHandle for a push: streams backing off stay put.
	WakeHandle(ctx context.Context, handleID int64, t time.Time) error

	// The database is the queue: one row per (handle, stream).
	EnsureStreams(ctx context.Context, handleID int64, streams []string) error
	DueStreams(ctx context.Context, now time.Time, limit int) ([]store.StreamState, error)
	NextStreamRun(ctx context.Context) (time.Time, error)
	Stream(ctx context.Context, handleID int64, stream string) (store.StreamState, error)
	// CommitPage writes a page and its cursor in one transaction.
	// The page's undelivered replies are marked failed in it too.
	CommitPage(ctx context.Context, handleID int64, stream, cursor string, convs []store.IncomingConversation,
		undelivered []store.Undelivered, now, next time.Time) (store.IngestResult, error)
	StreamFailed(ctx context.Context, handleID int64, stream, msg string, next time.Time) error
	// StreamNote keeps why a working stream delivers nothing (not a failure).
	StreamNote(ctx context.Context, handleID int64, stream, note string) error
	CatchUp(ctx context.Context, now time.Time) error

	// The outbox: claimed, confirmed or failed, at most once across crashes.
	// ClaimOutbox leaves the replies of the busy handles queued.
	ClaimOutbox(ctx context.Context, now time.Time, limit int, busy ...int64) ([]store.OutboxItem, error)
	Sending(ctx context.Context) ([]store.OutboxItem, error)
	MarkSent(ctx context.Context, messageID int64, remoteID string, sentAt time.Time) error
	SendFailed(ctx context.Context, messageID int64, msg string, retryAt time.Time) error
	// NextHold is when the earliest undo window still ahead ends (ok false:
	// none), so a held reply goes out on time, not at the next idle tick.
	NextHold(ctx context.Context, now time.Time) (at time.Time, ok bool, err error)

	// The backfill queue, beside the live one (backfill.go).
	BackfillStore
}
