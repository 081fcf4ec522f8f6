package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// WakeSnoozed re-opens every snoozed conversation whose time has come and
// returns their ids. The app calls it on a timer (and at start), so a
// snooze wakes even if nothing else happens; a new inbound message wakes it
// earlier (see refreshConversation).
func (s *Store) WakeSnoozed(ctx context.Context, now time.Time) ([]int64, error) {
	var ids []int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, awaiting_since, last_message_at FROM conversations
			WHERE status = 'snoozed' AND snoozed_until <= ?`, ms(now))
		if err != nil {
			return err
		}
		type due struct{ id, awaiting, last int64 }
		var all []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.awaiting, &d.last); err != nil {
				rows.Close()
				return err
			}
			all = append(all, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range all {
			key := inbox.QueueKey(inbox.StatusOpen, fromMS(d.awaiting), fromMS(d.last))
			if _, err := tx.ExecContext(ctx, `UPDATE conversations SET status = 'open', snoozed_until = 0,
				queue_key = ? WHERE id = ?`, key, d.id); err != nil {
				return err
			}
			ids = append(ids, d.id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("wake snoozed conversations: %w", err)
	}
	if len(ids) > 0 {
		s.publish(events.Delta{Entity: events.EntityConversation, Upserted: ids})
	}
	return ids, nil
}

// NextWake is the earliest snooze still to wake, or zero when none is.
func (s *Store) NextWake(ctx context.Context) (time.Time, error) {
	var at int64
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MIN(snoozed_until), 0) FROM conversations
		WHERE status = 'snoozed'`).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("next snooze wake-up: %w", err)
	}
	return fromMS(at), nil
}

// SetUnread marks conversations unread (at least one unread message) or read.
func (s *Store) SetUnread(ctx context.Context, ids []int64, unread bool) error {
	if len(ids) == 0 {
		return nil
	}
	q := "UPDATE conversations SET unread = 0 WHERE unread <> 0 AND id IN (" + placeholders(len(ids)) + ")"
	if unread {
		q = "UPDATE conversations SET unread = 1 WHERE unread = 0 AND id IN (" + placeholders(len(ids)) + ")"
	}
	if _, err := s.w.ExecContext(ctx, q, int64Args(ids)...); err != nil {
		return fmt.Errorf("mark %d conversations unread=%v: %w", len(ids), unread, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: ids})
	return nil
}

// TagMany attaches a tag (created if needed) to every conversation in ids.
func (s *Store) TagMany(ctx context.Context, ids []int64, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("tag conversations: the tag name is empty")
	}
	if len(ids) == 0 {
		return nil
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING", name); err != nil {
			return err
		}
		args := append([]any{name}, int64Args(ids)...)
		_, err := tx.ExecContext(ctx, `INSERT INTO conversation_tags(conversation_id, tag_id)
			SELECT c.id, t.id FROM conversations c, tags t WHERE t.name = ? AND c.id IN (`+placeholders(len(ids))+`)
			ON CONFLICT DO NOTHING`, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("tag %d conversations with %q: %w", len(ids), name, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: ids})
	return nil
}

// UntagMany removes a tag from every conversation in ids.
func (s *Store) UntagMany(ctx context.Context, ids []int64, name string) error {
	if len(ids) == 0 {
		return nil
	}
	args := append([]any{name}, int64Args(ids)...)
	_, err := s.w.ExecContext(ctx, `DELETE FROM conversation_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?)
		AND conversation_id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return fmt.Errorf("untag %d conversations: %w", len(ids), err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: ids})
	return nil
}

// TagCount is a tag with how many conversations carry it.
type TagCount struct {
	inbox.Tag
	Conversations int
}

// TagCounts lists every tag with its use count, for filters and pickers.
func (s *Store) TagCounts(ctx context.Context) ([]TagCount, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT t.id, t.name, t.color,
		(SELECT COUNT(*) FROM conversation_tags ct WHERE ct.tag_id = t.id) FROM tags t ORDER BY t.name`)
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var t TagCount
		if err := rows.Scan(&t.ID, &t.Name, &t.Color, &t.Conversations); err != nil {
			return nil, fmt.Errorf("scan tag: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return "?" + strings.Repeat(", ?", n-1)
}

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
