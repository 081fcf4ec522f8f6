package tracker

import (
	"context"
	"time"

	"careinbox/backend/deadline"
)

// A blind spot is a handle whose data cannot be trusted (failing, or stale)
// while deadlines depend on it; each episode (one per last good sync) is
// recorded once for the Announcer. Looking for them used to count open
// deadlines of every handle on every pass; now a pass reads the handles (a
// few rows) and asks the one indexed question — does this handle have a
// running deadline? — only for an uncertain handle whose episode is not yet
// recorded and whose answer may have changed since it was last asked.

// spotMemo is what the service already knows about blind spots; it lives for
// one run (a restart asks again once, and the store's key dedupes).
type spotMemo struct {
	// recorded: the handle's episode (last good sync, Unix ms) is stored.
	recorded map[int64]int64
	// idle: the handle had no running deadline when last asked, and none
	// has been saved for it since.
	idle map[int64]bool
}

func newSpotMemo() spotMemo {
	return spotMemo{recorded: map[int64]int64{}, idle: map[int64]bool{}}
}

// deadlinesSaved notes that running deadlines of the handle were stored.
func (m spotMemo) deadlinesSaved(handleID int64) { delete(m.idle, handleID) }

// running reports whether any of the deadlines is running (not paused).
func running(ds []deadline.Deadline) bool {
	for _, d := range ds {
		if d.State != deadline.StatePaused {
			return true
		}
	}
	return false
}

// findBlindSpots records a blind spot for every uncertain handle with a
// running deadline. Called under s.mu.
func (s *Service) findBlindSpots(ctx context.Context, now time.Time) error {
	handles, err := s.st.Handles(ctx)
	if err != nil {
		return err
	}
	for _, h := range handles {
		if bad, _ := deadline.Uncertain(h, now, s.cfg.StaleAfter); !bad {
			delete(s.spots.recorded, h.ID) // a new episode starts with the next failure
			continue
		}
		episode := h.LastSyncAt.UnixMilli()
		if last, ok := s.spots.recorded[h.ID]; ok && last == episode || s.spots.idle[h.ID] {
			continue
		}
		open, err := s.st.HasOpenDeadlines(ctx, h.ID)
		if err != nil {
			return err
		}
		if !open {
			s.spots.idle[h.ID] = true
			continue
		}
		if _, err := s.st.RecordBlindSpot(ctx, h.ID, h.LastSyncAt, now); err != nil {
			return err
		}
		s.spots.recorded[h.ID] = episode
	}
	return nil
}
