package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Draft is an unsent reply kept per conversation across restarts.
type Draft struct {
	ConversationID int64
	Text           string
	Visibility     string // "public" or "private"
	UpdatedAt      time.Time
}

// SaveDraft stores (or, when the text is blank, removes) a conversation's draft.
func (s *Store) SaveDraft(ctx context.Context, d Draft) error {
	if d.Visibility == "" {
		d.Visibility = "public"
	}
	if d.Visibility != "public" && d.Visibility != "private" {
		return fmt.Errorf("save draft: unknown visibility %q", d.Visibility)
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = time.Now()
	}
	var err error
	if strings.TrimSpace(d.Text) == "" {
		_, err = s.w.ExecContext(ctx, "DELETE FROM drafts WHERE conversation_id = ?", d.ConversationID)
	} else {
		_, err = s.w.ExecContext(ctx, `INSERT INTO drafts(conversation_id, text, visibility, updated_at)
			VALUES (?, ?, ?, ?) ON CONFLICT(conversation_id) DO UPDATE SET text = excluded.text,
			visibility = excluded.visibility, updated_at = excluded.updated_at`,
			d.ConversationID, d.Text, d.Visibility, ms(d.UpdatedAt))
	}
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return fmt.Errorf("save draft: conversation %d: %w", d.ConversationID, ErrNotFound)
		}
		return fmt.Errorf("save draft of conversation %d: %w", d.ConversationID, err)
	}
	return nil
}

// Draft reads a conversation's draft; ok is false when there is none.
func (s *Store) Draft(ctx context.Context, conversationID int64) (d Draft, ok bool, err error) {
	var at int64
	err = s.r.QueryRowContext(ctx, "SELECT conversation_id, text, visibility, updated_at FROM drafts WHERE conversation_id = ?",
		conversationID).Scan(&d.ConversationID, &d.Text, &d.Visibility, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Draft{}, false, nil
	}
	if err != nil {
		return Draft{}, false, fmt.Errorf("read draft of conversation %d: %w", conversationID, err)
	}
	d.UpdatedAt = fromMS(at)
	return d, true, nil
}

// DraftIDs lists the conversations that have a draft, for list markers.
func (s *Store) DraftIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT conversation_id FROM drafts ORDER BY updated_at DESC")
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan draft: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
