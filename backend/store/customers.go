package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"careinbox/backend/inbox"
)

// Customer is one person across every handle and channel: participants are
// keyed by (network, remote id), so a customer's public mentions and
// private messages on any of our handles point at the same row.
type Customer struct {
	Participant   inbox.Participant
	Conversations []inbox.ConversationSummary // newest activity first
	Messages      int
	FirstSeen     time.Time
	LastSeen      time.Time
}

// TimelineEntry is one message of a customer's whole history.
type TimelineEntry struct {
	inbox.Message
	Kind       inbox.Kind
	HandleName string
}

// Customer reads a participant with all their conversations.
func (s *Store) Customer(ctx context.Context, participantID int64) (Customer, error) {
	var c Customer
	p := &c.Participant
	err := s.r.QueryRowContext(ctx, "SELECT id, network, remote_id, username, display_name FROM participants WHERE id = ?",
		participantID).Scan(&p.ID, &p.Network, &p.RemoteID, &p.Username, &p.DisplayName)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("customer %d: %w", participantID, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("read customer %d: %w", participantID, err)
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+summaryCols+summaryFrom+
		" WHERE c.customer_id = ? ORDER BY c.last_message_at DESC, c.id DESC LIMIT 500", participantID)
	if err != nil {
		return c, fmt.Errorf("conversations of customer %d: %w", participantID, err)
	}
	defer rows.Close()
	for rows.Next() {
		sum, err := scanSummary(rows)
		if err != nil {
			return c, fmt.Errorf("scan conversation: %w", err)
		}
		c.Conversations = append(c.Conversations, sum)
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("conversations of customer %d: %w", participantID, err)
	}
	if err := s.attachTags(ctx, c.Conversations); err != nil {
		return c, err
	}
	var first, last int64
	err = s.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(m.sent_at), 0), COALESCE(MAX(m.sent_at), 0)
		FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE c.customer_id = ?`, participantID).
		Scan(&c.Messages, &first, &last)
	if err != nil {
		return c, fmt.Errorf("history of customer %d: %w", participantID, err)
	}
	c.FirstSeen, c.LastSeen = fromMS(first), fromMS(last)
	return c, nil
}

// CustomerTimeline returns a customer's messages across every conversation,
// newest first, at most limit (≤ 500).
func (s *Store) CustomerTimeline(ctx context.Context, participantID int64, limit int) ([]TimelineEntry, error) {
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.conversation_id, m.handle_id, m.direction, m.author_name,
		m.text, m.sent_at, m.delivery, c.kind, h.display_name
		FROM conversations c JOIN messages m ON m.conversation_id = c.id JOIN handles h ON h.id = c.handle_id
		WHERE c.customer_id = ? ORDER BY m.sent_at DESC, m.id DESC LIMIT ?`, participantID, limit)
	if err != nil {
		return nil, fmt.Errorf("timeline of customer %d: %w", participantID, err)
	}
	defer rows.Close()
	var out []TimelineEntry
	for rows.Next() {
		var e TimelineEntry
		var sent int64
		if err := rows.Scan(&e.ID, &e.ConversationID, &e.HandleID, &e.Direction, &e.AuthorName, &e.Text, &sent,
			&e.Delivery, &e.Kind, &e.HandleName); err != nil {
			return nil, fmt.Errorf("scan timeline: %w", err)
		}
		e.SentAt = fromMS(sent)
		out = append(out, e)
	}
	return out, rows.Err()
}
