package app

import (
	"context"
	"errors"
	"time"

	"careinbox/backend/engine"
	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// backfillStore is the part of the store the backfill view reads.
type backfillStore interface {
	Handle(ctx context.Context, id int64) (inbox.Handle, error)
	Backfills(ctx context.Context, handleID int64) ([]store.Backfill, error)
	BackfilledConversations(ctx context.Context, handleID int64) (int, error)
}

// backfillEngine is the part of the engine that starts and steers backfills.
type backfillEngine interface {
	CanBackfill(ctx context.Context, handleID int64) (bool, error)
	StartBackfill(ctx context.Context, handleID int64, until time.Time) error
	SetBackfill(ctx context.Context, handleID int64, state store.BackfillState) error
}

// BackfillAPI is bound to the front end: a handle's history backfill, its
// progress (refreshed on the handle's "inbox:delta" events, which every
// backfill page sends) and its controls.
type BackfillAPI struct {
	ctx    func() context.Context
	store  backfillStore
	engine backfillEngine // nil in headless use: nothing can be started
}

// BackfillDTO is where a handle's backfill stands.
type BackfillDTO struct {
	HandleID int64 `json:"handleId"`
	// Available is false when the network gives no older history; Note
	// then says why in plain words.
	Available bool   `json:"available"`
	Note      string `json:"note"`
	// State is "none" (never started), "running", "paused", "stopped" or "done".
	State         string `json:"state"`
	Conversations int    `json:"conversations"`
	Messages      int    `json:"messages"`
	// Total is how many items the network says there are (0: unknown);
	// Progress (0–1) is then the share walked, else -1.
	Total    int     `json:"total"`
	Progress float64 `json:"progress"`
	// OldestAt is the oldest message reached (unix ms, 0: none yet).
	OldestAt int64 `json:"oldestAt"`
	// Until is the cap, "YYYY-MM-DD" (empty: as far as the network allows).
	Until string `json:"until"`
	// Error is the last failure's words while the backfill retries.
	Error string `json:"error"`
}

// noHistory says, per network, why there is nothing older to fetch.
var noHistory = map[inbox.Network]string{
	inbox.NetworkTelegram: "Telegram gives bots no message history: conversations begin when the bot was connected. Import a Telegram Desktop export for older chats.",
	inbox.NetworkLinkedIn: "LinkedIn keeps 60 days of comments and messages, and Care Inbox already reads all of them.",
}

// Status reads a handle's backfill.
func (a *BackfillAPI) Status(handleID int64) (BackfillDTO, error) {
	ctx := a.ctx()
	out := BackfillDTO{HandleID: handleID, State: "none", Progress: -1}
	h, err := a.store.Handle(ctx, handleID)
	if err != nil {
		return out, toAPIError(err)
	}
	if a.engine == nil {
		out.Note = "History can be fetched only while the app syncs."
	} else {
		ok, err := a.engine.CanBackfill(ctx, handleID)
		out.Available = ok && err == nil
		if err != nil && !ok {
			out.Note = "Sign in again to fetch this handle's history."
		}
	}
	if !out.Available && out.Note == "" {
		out.Note = noHistory[h.Network]
		if out.Note == "" {
			out.Note = "This network gives no older history than live sync reads."
		}
	}
	rows, err := a.store.Backfills(ctx, handleID)
	if err != nil {
		return out, toAPIError(err)
	}
	if out.Conversations, err = a.store.BackfilledConversations(ctx, handleID); err != nil {
		return out, toAPIError(err)
	}
	return summarize(out, rows), nil
}

// summarize folds a handle's per-stream rows into one view: running wins
// over paused over stopped over done; counts add up; the total and its
// progress are known only if every stream knows its own.
func summarize(out BackfillDTO, rows []store.Backfill) BackfillDTO {
	if len(rows) == 0 {
		return out
	}
	rank := map[store.BackfillState]int{store.BackfillDone: 1, store.BackfillStopped: 2, store.BackfillPaused: 3, store.BackfillRunning: 4}
	best, known, walked := 0, true, 0.0
	for _, b := range rows {
		if r := rank[b.State]; r > best {
			best, out.State = r, string(b.State)
		}
		out.Messages += b.Messages
		if b.LastError != "" && out.Error == "" {
			out.Error = b.LastError
		}
		if !b.OldestAt.IsZero() && (out.OldestAt == 0 || b.OldestAt.UnixMilli() < out.OldestAt) {
			out.OldestAt = b.OldestAt.UnixMilli()
		}
		if !b.Until.IsZero() {
			out.Until = b.Until.UTC().Format(time.DateOnly)
		}
		p := b.Progress
		if b.State == store.BackfillDone {
			p = 1
		}
		if b.Total == 0 && b.State != store.BackfillDone {
			known = false
		}
		out.Total += b.Total
		walked += p * float64(max(b.Total, 1))
	}
	if known && out.Total > 0 {
		out.Progress = min(1, walked/float64(out.Total))
	} else if out.State == string(store.BackfillDone) {
		out.Progress = 1
	}
	return out
}

// Start starts (or goes on with) a handle's backfill back to until
// ("YYYY-MM-DD", local midnight; empty: as far as the network allows).
func (a *BackfillAPI) Start(handleID int64, until string) (BackfillDTO, error) {
	if a.engine == nil {
		return BackfillDTO{}, invalid("History can be fetched only while the app syncs.")
	}
	var limit time.Time
	if until != "" {
		d, err := time.ParseInLocation(time.DateOnly, until, time.Local)
		if err != nil {
			return BackfillDTO{}, invalid("The date should look like 2025-01-31.")
		}
		limit = d
	}
	if err := a.engine.StartBackfill(a.ctx(), handleID, limit); err != nil {
		if errors.Is(err, engine.ErrNoHistory) {
			return BackfillDTO{}, invalid("This network gives no older history.")
		}
		return BackfillDTO{}, toAPIError(err)
	}
	return a.Status(handleID)
}

// Pause holds a handle's backfill; Resume goes on from where it was.
func (a *BackfillAPI) Pause(handleID int64) (BackfillDTO, error) {
	return a.set(handleID, store.BackfillPaused)
}

// Resume goes on with a paused or stopped backfill.
func (a *BackfillAPI) Resume(handleID int64) (BackfillDTO, error) {
	return a.set(handleID, store.BackfillRunning)
}

// Stop ends a handle's backfill; what it fetched stays.
func (a *BackfillAPI) Stop(handleID int64) (BackfillDTO, error) {
	return a.set(handleID, store.BackfillStopped)
}

func (a *BackfillAPI) set(handleID int64, state store.BackfillState) (BackfillDTO, error) {
	if a.engine == nil {
		return BackfillDTO{}, invalid("History can be fetched only while the app syncs.")
	}
	if err := a.engine.SetBackfill(a.ctx(), handleID, state); err != nil {
		return BackfillDTO{}, toAPIError(err)
	}
	return a.Status(handleID)
}
