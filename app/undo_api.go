package app

import (
	"strconv"
	"sync"
	"time"

	"careinbox/backend/inbox"
	"careinbox/backend/store"
)

// undoLog keeps the state before the latest status changes (resolve,
// snooze, bulk actions) so a toast's Undo puts it back exactly. It lives in
// memory: an undo offered on screen does not outlive the app.
type undoLog struct {
	mu    sync.Mutex
	next  int
	order []string
	snaps map[string][]store.StatusSnapshot
}

// undoKept is how many changes stay undoable; the toast shows only the last.
const undoKept = 20

func (u *undoLog) put(snaps []store.StatusSnapshot) string {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.snaps == nil {
		u.snaps = map[string][]store.StatusSnapshot{}
	}
	u.next++
	tok := strconv.Itoa(u.next)
	u.snaps[tok] = snaps
	u.order = append(u.order, tok)
	if len(u.order) > undoKept {
		delete(u.snaps, u.order[0])
		u.order = u.order[1:]
	}
	return tok
}

func (u *undoLog) take(tok string) ([]store.StatusSnapshot, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	s, ok := u.snaps[tok]
	delete(u.snaps, tok)
	return s, ok
}

// StatusChangeDTO is a status change done: the token undoes it, Count is how
// many conversations it moved.
type StatusChangeDTO struct {
	UndoToken string `json:"undoToken"`
	Count     int    `json:"count"`
}

// ChangeStatus is SetStatus that can be undone: it records each
// conversation's state first and returns the token UndoStatus takes.
func (a *InboxAPI) ChangeStatus(ids []int64, status string, snoozedUntil int64) (StatusChangeDTO, error) {
	st := inbox.Status(status)
	if !st.Valid() {
		return StatusChangeDTO{}, invalid("unknown status " + status)
	}
	ctx := a.ctx()
	snaps, err := a.store.StatusSnapshots(ctx, ids)
	if err != nil {
		return StatusChangeDTO{}, toAPIError(err)
	}
	var until time.Time
	if snoozedUntil > 0 {
		until = time.UnixMilli(snoozedUntil).UTC()
	}
	if err := a.store.SetStatus(ctx, ids, st, until); err != nil {
		return StatusChangeDTO{}, toAPIError(err)
	}
	return StatusChangeDTO{UndoToken: a.undo.put(snaps), Count: len(ids)}, nil
}

// UndoStatus puts back what a ChangeStatus changed: each conversation's
// status, snooze time and a survey that resolving scheduled.
func (a *InboxAPI) UndoStatus(token string) error {
	snaps, ok := a.undo.take(token)
	if !ok {
		return invalid("That change can no longer be undone.")
	}
	return toAPIError(a.store.RestoreStatus(a.ctx(), snaps))
}
