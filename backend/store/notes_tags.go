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

// AddNote stores an internal note on a conversation; notes are never sent.
func (s *Store) AddNote(ctx context.Context, n inbox.Note) (inbox.Note, error) {
	n.Text = strings.TrimSpace(n.Text)
	if n.Text == "" {
		return n, fmt.Errorf("add note: the note is empty")
	}
	if n.CreatedAt.IsZero() {
		n.CreatedAt = time.Now().UTC()
	}
	res, err := s.w.ExecContext(ctx, "INSERT INTO notes(conversation_id, author, text, created_at) VALUES (?, ?, ?, ?)",
		n.ConversationID, n.Author, n.Text, ms(n.CreatedAt))
	if err != nil {
		return n, fmt.Errorf("add note to conversation %d: %w", n.ConversationID, err)
	}
	n.ID, _ = res.LastInsertId()
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{n.ConversationID}})
	return n, nil
}

// Notes lists a conversation's internal notes, oldest first.
func (s *Store) Notes(ctx context.Context, conversationID int64) ([]inbox.Note, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, conversation_id, author, text, created_at FROM notes
		WHERE conversation_id = ? ORDER BY created_at, id`, conversationID)
	if err != nil {
		return nil, fmt.Errorf("list notes of %d: %w", conversationID, err)
	}
	defer rows.Close()
	var out []inbox.Note
	for rows.Next() {
		var n inbox.Note
		var created int64
		if err := rows.Scan(&n.ID, &n.ConversationID, &n.Author, &n.Text, &created); err != nil {
			return nil, fmt.Errorf("scan note: %w", err)
		}
		n.CreatedAt = fromMS(created)
		out = append(out, n)
	}
	return out, rows.Err()
}

// TagConversation attaches a tag by name, creating the tag if needed.
func (s *Store) TagConversation(ctx context.Context, conversationID int64, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("tag conversation: the tag name is empty")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING", name); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO conversation_tags(conversation_id, tag_id)
			SELECT ?, id FROM tags WHERE name = ? ON CONFLICT DO NOTHING`, conversationID, name)
		return err
	})
	if err != nil {
		return fmt.Errorf("tag conversation %d with %q: %w", conversationID, name, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{conversationID}})
	return nil
}

// UntagConversation removes a tag from a conversation.
func (s *Store) UntagConversation(ctx context.Context, conversationID int64, name string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM conversation_tags WHERE conversation_id = ?
		AND tag_id = (SELECT id FROM tags WHERE name = ?)`, conversationID, name)
	if err != nil {
		return fmt.Errorf("untag conversation %d: %w", conversationID, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{conversationID}})
	return nil
}

// Tags lists every tag.
func (s *Store) Tags(ctx context.Context) ([]inbox.Tag, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT id, name, color FROM tags ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	defer rows.Close()
	var out []inbox.Tag
	for rows.Next() {
		var t inbox.Tag
		if err := rows.Scan(&t.ID, &t.Name, &t.Color); err != nil {
			return nil, fmt.Errorf("scan tag: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
