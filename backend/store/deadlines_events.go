package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"careinbox/backend/deadline"
)

const eventCols = `e.id, e.conversation_id, e.clock, e.started_at, e.event, e.at, e.recorded_at, e.notify_state, e.notified_at`

func scanEvent(sc interface{ Scan(...any) error }, extra ...any) (deadline.Event, error) {
	var e deadline.Event
	var start, at, rec, notified int64
	err := sc.Scan(append([]any{&e.ID, &e.ConversationID, &e.Clock, &start, &e.Name, &at, &rec, &e.NotifyState, &notified}, extra...)...)
	e.StartedAt, e.At, e.RecordedAt, e.NotifiedAt = fromMS(start), fromMS(at), fromMS(rec), fromMS(notified)
	return e, err
}

// PendingDeadlineEvents lists events not yet announced, oldest first.
func (s *Store) PendingDeadlineEvents(ctx context.Context) ([]deadline.PendingEvent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+eventCols+`, h.client_id, cl.name, h.id, h.display_name, h.network,
		c.kind, COALESCE(NULLIF(p.display_name, ''), p.username, '')
		FROM deadline_events e JOIN conversations c ON c.id = e.conversation_id
		JOIN handles h ON h.id = c.handle_id JOIN clients cl ON cl.id = h.client_id
		LEFT JOIN participants p ON p.id = c.customer_id
		WHERE e.notify_state = 'pending' ORDER BY e.at, e.id`)
	if err != nil {
		return nil, fmt.Errorf("list pending deadline events: %w", err)
	}
	var out []deadline.PendingEvent
	for rows.Next() {
		var p deadline.PendingEvent
		ev, err := scanEvent(rows, &p.ClientID, &p.ClientName, &p.HandleID, &p.HandleName, &p.Network, &p.Kind, &p.CustomerName)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan deadline event: %w", err)
		}
		p.Event = ev
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list pending deadline events: %w", err)
	}
	ids := make([]int64, 0, len(out))
	for _, p := range out {
		ids = append(ids, p.ConversationID)
	}
	current, err := s.DeadlinesFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, d := range current[out[i].ConversationID] {
			if d.Clock == out[i].Clock {
				d := d
				out[i].Current = &d
			}
		}
	}
	return out, nil
}

// MarkDeadlineEvents sets the notification state of events that are still
// pending; it reports how many it changed, so two callers cannot both claim one.
func (s *Store) MarkDeadlineEvents(ctx context.Context, ids []int64, state string, at time.Time) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, part := range chunks(ids, 400) {
			in, args := idArgs(part)
			res, err := tx.ExecContext(ctx, `UPDATE deadline_events SET notify_state = ?, notified_at = ?
				WHERE notify_state = 'pending' AND id IN `+in, append([]any{state, ms(at)}, args...)...)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += k
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("mark deadline events %s: %w", state, err)
	}
	return int(n), nil
}

// UnmarkDeadlineEvents puts claimed events back to pending (the notification
// could not be shown, so it must be tried again rather than lost).
func (s *Store) UnmarkDeadlineEvents(ctx context.Context, ids []int64) error {
	for _, part := range chunks(ids, 400) {
		in, args := idArgs(part)
		if _, err := s.w.ExecContext(ctx, `UPDATE deadline_events SET notify_state = 'pending', notified_at = 0
			WHERE id IN `+in, args...); err != nil {
			return fmt.Errorf("unmark deadline events: %w", err)
		}
	}
	return nil
}

// DeadlineEvents lists a conversation's deadline history, oldest first.
func (s *Store) DeadlineEvents(ctx context.Context, conversationID int64) ([]deadline.Event, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+eventCols+" FROM deadline_events e WHERE e.conversation_id = ? ORDER BY e.at, e.id", conversationID)
	if err != nil {
		return nil, fmt.Errorf("list deadline events: %w", err)
	}
	defer rows.Close()
	var out []deadline.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("scan deadline event: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// OpenDeadlinesPerHandle counts running (not paused) deadlines per handle.
func (s *Store) OpenDeadlinesPerHandle(ctx context.Context) (map[int64]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.handle_id, COUNT(DISTINCT c.id) FROM deadlines d
		JOIN conversations c ON c.id = d.conversation_id WHERE d.state NOT IN ('paused') GROUP BY c.handle_id`)
	if err != nil {
		return nil, fmt.Errorf("count deadlines per handle: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var h int64
		var n int
		if err := rows.Scan(&h, &n); err != nil {
			return nil, fmt.Errorf("scan deadline count: %w", err)
		}
		out[h] = n
	}
	return out, rows.Err()
}

// The two per-handle questions below walk one handle's conversations (the
// conversations_handle_queue index) and probe each one's deadlines by their
// primary key; CROSS JOIN keeps SQLite from scanning the whole deadlines
// table instead. They replace a count over every handle on every pass.

const (
	openDeadlinesOfHandle = `FROM conversations c CROSS JOIN deadlines d ON d.conversation_id = c.id
		WHERE c.handle_id = ? AND d.state <> 'paused'`
	hasOpenDeadlinesSQL  = `SELECT EXISTS (SELECT 1 ` + openDeadlinesOfHandle + `)`
	openDeadlineCountSQL = `SELECT COUNT(DISTINCT c.id) ` + openDeadlinesOfHandle
)

// HasOpenDeadlines reports whether any conversation of the handle has a
// running (not paused) deadline.
func (s *Store) HasOpenDeadlines(ctx context.Context, handleID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, hasOpenDeadlinesSQL, handleID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("find open deadlines of handle %d: %w", handleID, err)
	}
	return n == 1, nil
}

// OpenDeadlineCount counts the handle's conversations with a running (not
// paused) deadline.
func (s *Store) OpenDeadlineCount(ctx context.Context, handleID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, openDeadlineCountSQL, handleID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count open deadlines of handle %d: %w", handleID, err)
	}
	return n, nil
}

// RecordBlindSpot records a blind-spot episode (one per handle and last good
// sync) as pending; it reports whether it is new.
func (s *Store) RecordBlindSpot(ctx context.Context, handleID int64, lastSync, at time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO sync_blind_spots(handle_id, last_sync_at, at, notify_state)
		VALUES (?, ?, ?, 'pending') ON CONFLICT(handle_id, last_sync_at) DO NOTHING`, handleID, ms(lastSync), ms(at))
	if err != nil {
		return false, fmt.Errorf("record blind spot of handle %d: %w", handleID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// PendingBlindSpots lists blind spots not yet announced.
func (s *Store) PendingBlindSpots(ctx context.Context) ([]deadline.BlindSpot, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT handle_id, last_sync_at, at, notify_state FROM sync_blind_spots
		WHERE notify_state = 'pending' ORDER BY at, handle_id`)
	if err != nil {
		return nil, fmt.Errorf("list blind spots: %w", err)
	}
	defer rows.Close()
	var out []deadline.BlindSpot
	for rows.Next() {
		var b deadline.BlindSpot
		var last, at int64
		if err := rows.Scan(&b.HandleID, &last, &at, &b.NotifyState); err != nil {
			return nil, fmt.Errorf("scan blind spot: %w", err)
		}
		b.LastSyncAt, b.At = fromMS(last), fromMS(at)
		out = append(out, b)
	}
	return out, rows.Err()
}

// MarkBlindSpot sets a blind spot's notification state if it is still pending.
func (s *Store) MarkBlindSpot(ctx context.Context, handleID int64, lastSync time.Time, state string, at time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE sync_blind_spots SET notify_state = ?, notified_at = ?
		WHERE handle_id = ? AND last_sync_at = ? AND notify_state = 'pending'`, state, ms(at), handleID, ms(lastSync))
	if err != nil {
		return fmt.Errorf("mark blind spot of handle %d: %w", handleID, err)
	}
	return nil
}

// UnmarkBlindSpot puts a claimed blind spot back to pending after a failed notification.
func (s *Store) UnmarkBlindSpot(ctx context.Context, handleID int64, lastSync time.Time) error {
	_, err := s.w.ExecContext(ctx, `UPDATE sync_blind_spots SET notify_state = 'pending', notified_at = 0
		WHERE handle_id = ? AND last_sync_at = ?`, handleID, ms(lastSync))
	if err != nil {
		return fmt.Errorf("unmark blind spot of handle %d: %w", handleID, err)
	}
	return nil
}
