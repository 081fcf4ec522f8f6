package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ExportScope chooses the conversations an export reads. Exactly one of
// ConversationID, CustomerID and ClientID is set (backend/export resolves a
// client's name and a search to these). From/To, when set, keep the
// conversations with a message sent in [From, To) and only those messages.
type ExportScope struct {
	ConversationID int64
	CustomerID     int64
	ClientID       int64
	From, To       time.Time
}

// ExportConversation is one conversation's header as an export writes it.
type ExportConversation struct {
	ID               int64
	ClientID         int64
	ClientName       string
	HandleID         int64
	HandleName       string
	Network          string
	Kind             string
	Status           string
	Subject          string
	CustomerID       int64
	CustomerName     string
	CustomerUsername string
	MessageCount     int
	LastMessageAt    time.Time
	Tags             []string
}

// ExportMessage is one message as an export writes it.
type ExportMessage struct {
	ID         int64
	RemoteID   string
	Direction  string
	AuthorName string
	Text       string
	SentAt     time.Time
	Delivery   string
}

// ExportNote is one internal note as an export writes it.
type ExportNote struct {
	ID        int64
	Author    string
	Text      string
	CreatedAt time.Time
}

// ExportConversationIDs lists the conversations of a scope, oldest activity
// first. Ids only: a client with 100 000 messages is read one conversation
// at a time (EachExportMessage), never held whole.
func (s *Store) ExportConversationIDs(ctx context.Context, sc ExportScope) ([]int64, error) {
	var where []string
	var args []any
	switch {
	case sc.ConversationID != 0:
		where, args = append(where, "c.id = ?"), append(args, sc.ConversationID)
	case sc.CustomerID != 0:
		where, args = append(where, "c.customer_id = ?"), append(args, sc.CustomerID)
	case sc.ClientID != 0:
		where, args = append(where, "h.client_id = ?"), append(args, sc.ClientID)
	default:
		return nil, errors.New("export scope: a conversation, a customer or a client is needed")
	}
	if !sc.From.IsZero() || !sc.To.IsZero() {
		cond, margs := rangeCond("m", sc.From, sc.To)
		where = append(where, "EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND "+cond+")")
		args = append(args, margs...)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT c.id FROM conversations c JOIN handles h ON h.id = c.handle_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY c.last_message_at, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list conversations to export: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan conversation to export: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func rangeCond(alias string, from, to time.Time) (string, []any) {
	var conds []string
	var args []any
	if !from.IsZero() {
		conds, args = append(conds, alias+".sent_at >= ?"), append(args, ms(from))
	}
	if !to.IsZero() {
		conds, args = append(conds, alias+".sent_at < ?"), append(args, ms(to))
	}
	return strings.Join(conds, " AND "), args
}

// ClientByName finds a client by its name (case-insensitive).
func (s *Store) ClientByName(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, "SELECT id FROM clients WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1", name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("client %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("find client %q: %w", name, err)
	}
	return id, nil
}

// ExportConversation reads one conversation's header and tags.
func (s *Store) ExportConversation(ctx context.Context, id int64) (ExportConversation, error) {
	var c ExportConversation
	var last int64
	err := s.r.QueryRowContext(ctx, `SELECT c.id, h.client_id, cl.name, c.handle_id, h.display_name, h.network,
		c.kind, c.status, c.subject, COALESCE(c.customer_id, 0), COALESCE(p.display_name, ''), COALESCE(p.username, ''),
		c.message_count, c.last_message_at`+summaryFrom+` WHERE c.id = ?`, id).Scan(&c.ID, &c.ClientID, &c.ClientName,
		&c.HandleID, &c.HandleName, &c.Network, &c.Kind, &c.Status, &c.Subject, &c.CustomerID, &c.CustomerName,
		&c.CustomerUsername, &c.MessageCount, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("conversation %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("read conversation %d to export: %w", id, err)
	}
	c.LastMessageAt = fromMS(last)
	rows, err := s.r.QueryContext(ctx, `SELECT t.name FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
		WHERE ct.conversation_id = ? ORDER BY t.name`, id)
	if err != nil {
		return c, fmt.Errorf("read tags of %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return c, fmt.Errorf("scan tag: %w", err)
		}
		c.Tags = append(c.Tags, name)
	}
	return c, rows.Err()
}

// EachExportMessage calls fn with every message of a conversation sent in
// [from, to) (zero: unbounded), oldest first, streaming from the database:
// a long thread is never held in memory. An error from fn stops the walk.
func (s *Store) EachExportMessage(ctx context.Context, conversationID int64, from, to time.Time, fn func(ExportMessage) error) error {
	q := `SELECT m.id, m.remote_id, m.direction, m.author_name, m.text, m.sent_at, m.delivery
		FROM messages m WHERE m.conversation_id = ?`
	args := []any{conversationID}
	if cond, rargs := rangeCond("m", from, to); cond != "" {
		q, args = q+" AND "+cond, append(args, rargs...)
	}
	rows, err := s.r.QueryContext(ctx, q+" ORDER BY m.sent_at, m.id", args...)
	if err != nil {
		return fmt.Errorf("read messages of %d to export: %w", conversationID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m ExportMessage
		var sent int64
		if err := rows.Scan(&m.ID, &m.RemoteID, &m.Direction, &m.AuthorName, &m.Text, &sent, &m.Delivery); err != nil {
			return fmt.Errorf("scan message to export: %w", err)
		}
		m.SentAt = fromMS(sent)
		if err := fn(m); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ExportNotes reads a conversation's internal notes, oldest first.
func (s *Store) ExportNotes(ctx context.Context, conversationID int64) ([]ExportNote, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, author, text, created_at FROM notes
		WHERE conversation_id = ? ORDER BY created_at, id`, conversationID)
	if err != nil {
		return nil, fmt.Errorf("read notes of %d to export: %w", conversationID, err)
	}
	defer rows.Close()
	var out []ExportNote
	for rows.Next() {
		var n ExportNote
		var at int64
		if err := rows.Scan(&n.ID, &n.Author, &n.Text, &at); err != nil {
			return nil, fmt.Errorf("scan note to export: %w", err)
		}
		n.CreatedAt = fromMS(at)
		out = append(out, n)
	}
	return out, rows.Err()
}
