package deadline

import (
	"testing"
	"time"

	"careinbox/backend/inbox"
)

func TestUncertainAndStaleAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		h          inbox.Handle
		staleAfter time.Duration
		bad        bool
		reason     string
	}{
		{"fresh", inbox.Handle{SyncState: inbox.SyncOK, LastSyncAt: now.Add(-time.Minute)}, StaleSyncAfter, false, ""},
		{"failing", inbox.Handle{SyncState: inbox.SyncError, LastSyncAt: now}, 0, true, "sync is failing"},
		{"signed out", inbox.Handle{SyncState: inbox.SyncAuthNeeded}, StaleSyncAfter, true, "sync is failing"},
		{"stale", inbox.Handle{SyncState: inbox.SyncOK, LastSyncAt: now.Add(-16 * time.Minute)}, StaleSyncAfter, true, "sync is stale"},
		{"old but age not checked (demo)", inbox.Handle{SyncState: inbox.SyncOK, LastSyncAt: now.Add(-48 * time.Hour)}, StaleAfter(false), false, ""},
		{"never synced is not stale", inbox.Handle{SyncState: inbox.SyncOK}, StaleSyncAfter, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad, reason := Uncertain(tt.h, now, tt.staleAfter)
			if bad != tt.bad || reason != tt.reason {
				t.Errorf("Uncertain = %v %q, want %v %q", bad, reason, tt.bad, tt.reason)
			}
		})
	}
	if StaleAfter(true) != 15*time.Minute || StaleAfter(false) != 0 {
		t.Errorf("StaleAfter = %s / %s, want 15m where a sync engine runs, 0 where none does", StaleAfter(true), StaleAfter(false))
	}
}

func TestSwitches(t *testing.T) {
	sw := NewSwitches([]NotifySwitch{{ClientID: 1, On: false}, {ClientID: 1, HandleID: 10, On: true}, {ClientID: 2, HandleID: 20, On: false}})
	tests := []struct {
		client, handle int64
		want           bool
	}{
		{1, 0, false},  // the client's switch
		{1, 10, true},  // the handle's own switch wins
		{1, 11, false}, // no switch of its own: the client's
		{2, 0, true},   // no client switch: on
		{2, 20, false},
		{3, 30, true}, // nothing stored: on
	}
	for _, tt := range tests {
		if got := sw.On(tt.client, tt.handle); got != tt.want {
			t.Errorf("On(%d, %d) = %v, want %v", tt.client, tt.handle, got, tt.want)
		}
	}
	if got := sw.OfHandles(1); len(got) != 1 || !got[10] {
		t.Errorf("OfHandles(1) = %v", got)
	}
}
