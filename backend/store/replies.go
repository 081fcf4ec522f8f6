package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SavedReply is a canned answer; ClientID 0 means it is offered for every client.
type SavedReply struct {
	ID       int64
	ClientID int64
	Title    string
	Body     string
}

// SaveReply creates (ID 0) or updates a saved reply.
func (s *Store) SaveReply(ctx context.Context, r SavedReply, now time.Time) (SavedReply, error) {
	r.Title, r.Body = strings.TrimSpace(r.Title), strings.TrimSpace(r.Body)
	if r.Title == "" || r.Body == "" {
		return r, fmt.Errorf("save reply: a saved reply needs a title and a text")
	}
	var client any
	if r.ClientID != 0 {
		client = r.ClientID
	}
	if r.ID == 0 {
		res, err := s.w.ExecContext(ctx, "INSERT INTO saved_replies(client_id, title, body, created_at) VALUES (?, ?, ?, ?)",
			client, r.Title, r.Body, ms(now))
		if err != nil {
			return r, fmt.Errorf("create saved reply %q: %w", r.Title, err)
		}
		r.ID, _ = res.LastInsertId()
		return r, nil
	}
	res, err := s.w.ExecContext(ctx, "UPDATE saved_replies SET client_id = ?, title = ?, body = ? WHERE id = ?",
		client, r.Title, r.Body, r.ID)
	if err != nil {
		return r, fmt.Errorf("update saved reply %d: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return r, fmt.Errorf("saved reply %d: %w", r.ID, ErrNotFound)
	}
	return r, nil
}

// Replies lists the saved replies offered for a client: its own first, then
// the shared ones. clientID 0 lists only the shared ones.
func (s *Store) Replies(ctx context.Context, clientID int64) ([]SavedReply, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, COALESCE(client_id, 0), title, body FROM saved_replies
		WHERE client_id IS NULL OR client_id = ? ORDER BY client_id IS NULL, title, id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("list saved replies: %w", err)
	}
	defer rows.Close()
	var out []SavedReply
	for rows.Next() {
		var r SavedReply
		if err := rows.Scan(&r.ID, &r.ClientID, &r.Title, &r.Body); err != nil {
			return nil, fmt.Errorf("scan saved reply: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeleteReply removes a saved reply.
func (s *Store) DeleteReply(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, "DELETE FROM saved_replies WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("delete saved reply %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("saved reply %d: %w", id, ErrNotFound)
	}
	return nil
}

// SetTone stores a client's tone-of-voice notes; blank notes remove them.
func (s *Store) SetTone(ctx context.Context, clientID int64, notes string, now time.Time) error {
	var err error
	if strings.TrimSpace(notes) == "" {
		_, err = s.w.ExecContext(ctx, "DELETE FROM client_tone WHERE client_id = ?", clientID)
	} else {
		_, err = s.w.ExecContext(ctx, `INSERT INTO client_tone(client_id, notes, updated_at) VALUES (?, ?, ?)
			ON CONFLICT(client_id) DO UPDATE SET notes = excluded.notes, updated_at = excluded.updated_at`,
			clientID, strings.TrimSpace(notes), ms(now))
	}
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return fmt.Errorf("set tone: client %d: %w", clientID, ErrNotFound)
		}
		return fmt.Errorf("set tone of client %d: %w", clientID, err)
	}
	return nil
}

// Tone reads a client's tone-of-voice notes ("" when none).
func (s *Store) Tone(ctx context.Context, clientID int64) (string, error) {
	var notes string
	err := s.r.QueryRowContext(ctx, "SELECT notes FROM client_tone WHERE client_id = ?", clientID).Scan(&notes)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read tone of client %d: %w", clientID, err)
	}
	return notes, nil
}
