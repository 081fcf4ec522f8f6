package tracker

import (
	"context"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// The read model: deadlines as lists show them, joined with what makes one
// a lie (a handle whose sync is stale or failing).

// ReadStore is what the read model reads; *store.Store satisfies it.
type ReadStore interface {
	Handles(ctx context.Context) ([]inbox.Handle, error)
	DeadlinesFor(ctx context.Context, ids []int64) (map[int64][]deadline.Deadline, error)
	DueWithin(ctx context.Context, until time.Time, limit int) ([]inbox.ConversationSummary, error)
	NextDueAfter(ctx context.Context, t time.Time) (time.Time, error)
	Summaries(ctx context.Context, ids []int64) ([]inbox.ConversationSummary, error)
	DeadlineEvents(ctx context.Context, conversationID int64) ([]deadline.Event, error)
}

// Shown is the deadline a list row shows: the response clock, else the
// resolution clock, and whether its handle's data can be trusted.
type Shown struct {
	deadline.Deadline
	// Uncertain: the handle's sync is stale or failing, so the customer may
	// have written again (or been answered) without Care Inbox knowing.
	Uncertain       bool
	UncertainReason string
	DataAsOf        time.Time // the handle's last good sync (zero: never, or handle unknown)
}

// Row names a listed conversation and its handle.
type Row struct {
	ConversationID, HandleID int64
}

// Listed is a conversation summary with the deadline it shows (nil: none).
type Listed struct {
	inbox.ConversationSummary
	Deadline *Shown
}

// Shown returns the deadline each row shows, keyed by conversation; rows
// without a running clock are left out.
func (s *Service) Shown(ctx context.Context, rows []Row) (map[int64]Shown, error) {
	return ShownAt(ctx, s.st, rows, s.cfg.Now(), s.cfg.StaleAfter)
}

// ShownAt is Shown without a service, for headless commands that only read:
// at now, with staleAfter as the staleness threshold (0: age is not checked).
func ShownAt(ctx context.Context, st ReadStore, rows []Row, now time.Time, staleAfter time.Duration) (map[int64]Shown, error) {
	out := map[int64]Shown{}
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ConversationID
	}
	ds, err := st.DeadlinesFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	handles, err := st.Handles(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]inbox.Handle{}
	for _, h := range handles {
		byID[h.ID] = h
	}
	for _, r := range rows {
		list := ds[r.ConversationID]
		if len(list) == 0 {
			continue
		}
		sh := Shown{Deadline: list[0]} // ordered response before resolution
		if h, ok := byID[r.HandleID]; ok {
			sh.Uncertain, sh.UncertainReason = deadline.Uncertain(h, now, staleAfter)
			sh.DataAsOf = h.LastSyncAt
		}
		out[r.ConversationID] = sh
	}
	return out, nil
}

// DueSoon lists conversations due within the next while (breached ones
// included), soonest first, at most 200, each with the deadline it shows.
func (s *Service) DueSoon(ctx context.Context, within time.Duration) ([]Listed, error) {
	items, err := s.st.DueWithin(ctx, s.cfg.Now().Add(within), 200)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, len(items))
	for i, c := range items {
		rows[i] = Row{ConversationID: c.ID, HandleID: c.HandleID}
	}
	shown, err := s.Shown(ctx, rows)
	if err != nil {
		return nil, err
	}
	out := make([]Listed, len(items))
	for i, c := range items {
		out[i].ConversationSummary = c
		if sh, ok := shown[c.ID]; ok {
			out[i].Deadline = &sh
		}
	}
	return out, nil
}

// NextDueAfter is the soonest instant after t at which a conversation falls
// due as DueSoon counts it (zero: none): a reader of DueSoon(within) sees a
// new conversation at that instant minus within, without any write.
func (s *Service) NextDueAfter(ctx context.Context, t time.Time) (time.Time, error) {
	return s.st.NextDueAfter(ctx, t)
}

// Events lists a conversation's deadline history, oldest first.
func (s *Service) Events(ctx context.Context, conversationID int64) ([]deadline.Event, error) {
	return s.st.DeadlineEvents(ctx, conversationID)
}
