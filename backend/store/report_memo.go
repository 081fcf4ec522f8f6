package store

import (
	"context"
	"fmt"
	"time"

	"careinbox/backend/inbox"
)

// Reads behind the report memo (backend/report/memo.go): the conversations
// a period may touch with their report versions (maintained by the triggers
// of migration 0005), and, for the few that changed, what a report reads of
// them that DeadlineInputs and DeadlineEventsFor do not.

// ReportVersions lists the conversations in scope whose messages span some of
// [from, to) — the first was sent before to and the last at or after from —
// with their report versions, in id order. It is a superset of
// ReportConversationIDs (a conversation with no message inside the period but
// messages on both sides of it is listed too) read from one index, without
// touching messages. Zero clientID or handleID and empty network or kind mean any.
func (s *Store) ReportVersions(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
	from, to time.Time) (ids, versions []int64, err error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.report_version FROM conversations c JOIN handles h ON h.id = c.handle_id
		WHERE c.report_last_at >= ? AND c.report_first_at < ?
		AND (? = 0 OR h.client_id = ?) AND (? = 0 OR c.handle_id = ?) AND (? = '' OR h.network = ?) AND (? = '' OR c.kind = ?)
		ORDER BY c.id`, ms(from), ms(to), clientID, clientID, handleID, handleID, string(network), string(network), string(kind), string(kind))
	if err != nil {
		return nil, nil, fmt.Errorf("list report versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, v int64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, nil, fmt.Errorf("scan report version: %w", err)
		}
		ids, versions = append(ids, id), append(versions, v)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("list report versions: %w", err)
	}
	return ids, versions, nil
}

// ReportMessages lists the given conversations' message times, oldest first,
// in one pass: inbound ones, outbound ones that reached the network (as
// MessageTimes), and unsent ones (queued, sending or failed replies, which
// count for "a message in the period" but not as replies).
func (s *Store) ReportMessages(ctx context.Context, ids []int64) (in, out, unsent map[int64][]time.Time, err error) {
	in, out, unsent = map[int64][]time.Time{}, map[int64][]time.Time{}, map[int64][]time.Time{}
	for _, part := range chunks(ids, 400) {
		set, args := idArgs(part)
		rows, err := s.r.QueryContext(ctx, `SELECT conversation_id, direction = 'in', delivery IN ('sent', 'received'), sent_at
			FROM messages WHERE conversation_id IN `+set+` ORDER BY conversation_id, sent_at, id`, args...)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("list report messages: %w", err)
		}
		for rows.Next() {
			var id, at int64
			var inbound, sent bool
			if err := rows.Scan(&id, &inbound, &sent, &at); err != nil {
				rows.Close()
				return nil, nil, nil, fmt.Errorf("scan report message: %w", err)
			}
			switch {
			case inbound:
				in[id] = append(in[id], fromMS(at))
			case sent:
				out[id] = append(out[id], fromMS(at))
			default:
				unsent[id] = append(unsent[id], fromMS(at))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, nil, fmt.Errorf("list report messages: %w", err)
		}
	}
	return in, out, unsent, nil
}

// ReportSummaries reads what a report shows of the given conversations
// (unknown ids are left out): ID, CustomerName, ClientName and HandleName as
// Summaries reads them, and nothing else — no tags, no excerpt.
func (s *Store) ReportSummaries(ctx context.Context, ids []int64) ([]inbox.ConversationSummary, error) {
	var out []inbox.ConversationSummary
	for _, part := range chunks(ids, 400) {
		set, args := idArgs(part)
		rows, err := s.r.QueryContext(ctx, `SELECT c.id, COALESCE(p.display_name, ''), cl.name, h.display_name
			FROM conversations c JOIN handles h ON h.id = c.handle_id JOIN clients cl ON cl.id = h.client_id
			LEFT JOIN participants p ON p.id = c.customer_id WHERE c.id IN `+set+` ORDER BY c.id`, args...)
		if err != nil {
			return nil, fmt.Errorf("read report names: %w", err)
		}
		for rows.Next() {
			var c inbox.ConversationSummary
			if err := rows.Scan(&c.ID, &c.CustomerName, &c.ClientName, &c.HandleName); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan report names: %w", err)
			}
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read report names: %w", err)
		}
	}
	return out, nil
}
