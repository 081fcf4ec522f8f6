package store

import (
	"context"
	"fmt"
	"time"

	"careinbox/backend/inbox"
)

// Reads behind the report memo (backend/report/memo.go): the conversations
// changed since a report last looked, with their report versions (stamped by
// the triggers of migration 0005), and, for those, what a report reads of
// them that DeadlineInputs and DeadlineEventsFor do not.

// ReportClock is the newest report version stamped so far: a report memo
// that saw it has seen every change up to it.
func (s *Store) ReportClock(ctx context.Context) (int64, error) {
	var n int64
	if err := s.r.QueryRowContext(ctx, "SELECT n FROM report_clock").Scan(&n); err != nil {
		return 0, fmt.Errorf("read report clock: %w", err)
	}
	return n, nil
}

// ReportChange is one conversation as ReportChanges lists it: what tells
// which reports it belongs to.
type ReportChange = inbox.ReportChange

// ReportChanges calls fn for every conversation whose report version is
// above since (since 0: every conversation), then for every conversation
// deleted since (Deleted, only ID and Version set). Versions come from one
// counter, so this is an index range: a memo passes the clock it last read.
func (s *Store) ReportChanges(ctx context.Context, since int64, fn func(c ReportChange)) error {
	cols := `SELECT c.id, c.report_version, c.handle_id, c.kind, c.status, COALESCE(c.report_first_at, 0),
		COALESCE(c.report_last_at, 0),
		COALESCE(c.report_first_in_at, 0), COALESCE(c.report_status_at, 0)`
	q := cols + ` FROM conversations c WHERE c.report_version > ?`
	if since == 0 {
		q = cols + ` FROM conversations c NOT INDEXED WHERE c.report_version > ?` // every row: a table scan beats the index
	}
	rows, err := s.r.QueryContext(ctx, q, since)
	if err != nil {
		return fmt.Errorf("list report changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c ReportChange
		var first, last, firstIn, statusAt int64
		if err := rows.Scan(&c.ID, &c.Version, &c.HandleID, &c.Kind, &c.Status, &first, &last, &firstIn, &statusAt); err != nil {
			return fmt.Errorf("scan report change: %w", err)
		}
		c.FirstAt, c.LastAt, c.FirstInboundAt, c.LastStatusAt = fromMS(first), fromMS(last), fromMS(firstIn), fromMS(statusAt)
		fn(c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list report changes: %w", err)
	}
	if since == 0 {
		return nil
	}
	del, err := s.r.QueryContext(ctx, "SELECT conversation_id, version FROM report_deleted WHERE version > ?", since)
	if err != nil {
		return fmt.Errorf("list deleted conversations: %w", err)
	}
	defer del.Close()
	for del.Next() {
		c := ReportChange{Deleted: true}
		if err := del.Scan(&c.ID, &c.Version); err != nil {
			return fmt.Errorf("scan deleted conversation: %w", err)
		}
		fn(c)
	}
	if err := del.Err(); err != nil {
		return fmt.Errorf("list deleted conversations: %w", err)
	}
	return nil
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
