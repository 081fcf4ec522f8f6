package store

import (
	"context"
	"fmt"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/inbox"
)

// Read-only queries for reports (backend/report): which conversations a
// period touches, their deadline history in bulk and their message times.

// ReportConversationIDs lists the conversations in scope with a message sent
// in [from, to). Zero clientID or handleID and empty network or kind mean any.
func (s *Store) ReportConversationIDs(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
	from, to time.Time) ([]int64, error) {
	q := `SELECT c.id FROM conversations c JOIN handles h ON h.id = c.handle_id
		WHERE (? = 0 OR h.client_id = ?) AND (? = 0 OR c.handle_id = ?) AND (? = '' OR h.network = ?) AND (? = '' OR c.kind = ?)
		AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.sent_at >= ? AND m.sent_at < ?)
		ORDER BY c.id`
	ids, err := s.ids(ctx, q, clientID, clientID, handleID, handleID, string(network), string(network), string(kind), string(kind),
		ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("list report conversations: %w", err)
	}
	return ids, nil
}

// ReportOpenConversationIDs lists the conversations in scope that can be open
// at some instant of [from, to): a customer wrote before to, and the
// conversation is not resolved now or changed status at or after from (one
// resolved now that has not changed since from was resolved throughout).
// The backlog reads their status history to tell.
func (s *Store) ReportOpenConversationIDs(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
	from, to time.Time) ([]int64, error) {
	q := `SELECT c.id FROM conversations c JOIN handles h ON h.id = c.handle_id
		WHERE (? = 0 OR h.client_id = ?) AND (? = 0 OR c.handle_id = ?) AND (? = '' OR h.network = ?) AND (? = '' OR c.kind = ?)
		AND (c.status <> 'resolved' OR EXISTS (SELECT 1 FROM conversation_status_changes sc
			WHERE sc.conversation_id = c.id AND sc.at >= ?))
		AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.sent_at < ?)
		ORDER BY c.id`
	ids, err := s.ids(ctx, q, clientID, clientID, handleID, handleID, string(network), string(network), string(kind), string(kind),
		ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("list open report conversations: %w", err)
	}
	return ids, nil
}

// DeadlineEventsFor lists the deadline history of the given conversations,
// oldest first per conversation.
func (s *Store) DeadlineEventsFor(ctx context.Context, ids []int64) (map[int64][]deadline.Event, error) {
	out := map[int64][]deadline.Event{}
	for _, part := range chunks(ids, 400) {
		in, args := idArgs(part)
		rows, err := s.r.QueryContext(ctx, "SELECT "+eventCols+" FROM deadline_events e WHERE e.conversation_id IN "+in+
			" ORDER BY e.conversation_id, e.at, e.id", args...)
		if err != nil {
			return nil, fmt.Errorf("list deadline events: %w", err)
		}
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan deadline event: %w", err)
			}
			out[e.ConversationID] = append(out[e.ConversationID], e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("list deadline events: %w", err)
		}
	}
	return out, nil
}

// MessageTimes lists when each of the given conversations' messages were
// sent, oldest first: inbound ones, and outbound ones that reached the
// network (queued, sending and failed replies are not replies yet).
func (s *Store) MessageTimes(ctx context.Context, ids []int64) (in, out map[int64][]time.Time, err error) {
	in, out = map[int64][]time.Time{}, map[int64][]time.Time{}
	for _, part := range chunks(ids, 400) {
		set, args := idArgs(part)
		rows, err := s.r.QueryContext(ctx, `SELECT conversation_id, direction, sent_at FROM messages
			WHERE conversation_id IN `+set+` AND (direction = 'in' OR delivery IN ('sent', 'received'))
			ORDER BY conversation_id, sent_at, id`, args...)
		if err != nil {
			return nil, nil, fmt.Errorf("list message times: %w", err)
		}
		for rows.Next() {
			var id, at int64
			var dir inbox.Direction
			if err := rows.Scan(&id, &dir, &at); err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("scan message time: %w", err)
			}
			if dir == inbox.Inbound {
				in[id] = append(in[id], fromMS(at))
			} else {
				out[id] = append(out[id], fromMS(at))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, fmt.Errorf("list message times: %w", err)
		}
	}
	return in, out, nil
}
