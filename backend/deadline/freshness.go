package deadline

import (
	"time"

	"careinbox/backend/inbox"
)

// StaleSyncAfter marks deadlines uncertain when a handle has not synced for
// this long: a sync runs every few minutes, so a quarter of an hour
// without one means the inbox may be missing messages (or replies).
const StaleSyncAfter = 15 * time.Minute

// StaleAfter is the staleness threshold of a workspace: StaleSyncAfter where
// a sync engine runs; 0 where none does (the demo workspace), so the age of
// its data is not held against it — failing handles still are.
func StaleAfter(syncing bool) time.Duration {
	if !syncing {
		return 0
	}
	return StaleSyncAfter
}

// Uncertain reports whether deadlines on h can be trusted at now: not when
// its sync is failing or its data is older than staleAfter (0: age is not
// checked). reason says why, for the UI.
func Uncertain(h inbox.Handle, now time.Time, staleAfter time.Duration) (bool, string) {
	switch h.SyncState {
	case inbox.SyncError, inbox.SyncAuthNeeded:
		return true, "sync is failing"
	}
	if staleAfter > 0 && !h.LastSyncAt.IsZero() && now.Sub(h.LastSyncAt) > staleAfter {
		return true, "sync is stale"
	}
	return false, ""
}
