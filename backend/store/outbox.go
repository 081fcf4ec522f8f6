package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// Outbox states.
const (
	OutboxQueued  = "queued"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// OutboxItem is a reply waiting to go out, with what the network needs to thread it.
type OutboxItem struct {
	MessageID      int64
	HandleID       int64
	ConversationID int64
	IdempotencyKey string
	Visibility     string
	Attempts       int
	// Confirmed: the user retried this attempt after being asked to check
	// the conversation, so an inconclusive lookup does not hold it back.
	Confirmed            bool
	Automated            bool // a satisfaction survey, not a person's reply
	QueuedAt             time.Time
	Text                 string
	ConversationRemoteID string
	Kind                 inbox.Kind
	Subject              string
	Customer             inbox.Participant
	InReplyTo            string   // the latest inbound message's remote id
	References           []string // the thread's remote ids, oldest first
	Earlier              []string // remote ids of the thread's other replies confirmed sent
}

const localPrefix = "local:"

func newKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make idempotency key: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// QueueReply writes a reply locally first — visible at once, marked queued —
// and puts it in the outbox. It does not stop the response clock: only a
// reply actually sent on the channel does.
func (s *Store) QueueReply(ctx context.Context, conversationID int64, text, visibility, author string, now time.Time) (inbox.Message, error) {
	return s.QueueHeldReply(ctx, conversationID, text, visibility, author, now, time.Time{})
}

// QueueHeldReply is QueueReply with an undo window: the outbox does not send
// the reply before notBefore (zero: no hold), and until then UndoSend can
// pull it back. The hold lives on the outbox row, so it survives a crash.
func (s *Store) QueueHeldReply(ctx context.Context, conversationID int64, text, visibility, author string, now, notBefore time.Time) (inbox.Message, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return inbox.Message{}, fmt.Errorf("queue reply: the reply is empty")
	}
	if visibility != "public" && visibility != "private" {
		return inbox.Message{}, fmt.Errorf("queue reply: unknown visibility %q", visibility)
	}
	key, err := newKey()
	if err != nil {
		return inbox.Message{}, err
	}
	m := inbox.Message{ConversationID: conversationID, RemoteID: localPrefix + key, Direction: inbox.Outbound,
		AuthorName: author, Text: text, SentAt: now.UTC(), Delivery: inbox.DeliveryQueued}
	if notBefore.After(now) {
		m.HoldUntil = notBefore.UTC()
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT handle_id FROM conversations WHERE id = ?", conversationID).Scan(&m.HandleID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("conversation %d: %w", conversationID, ErrNotFound)
			}
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO messages(conversation_id, handle_id, remote_id, direction,
			author_name, text, sent_at, delivery) VALUES (?, ?, ?, 'out', ?, ?, ?, 'queued')`,
			conversationID, m.HandleID, m.RemoteID, author, text, ms(m.SentAt))
		if err != nil {
			return err
		}
		m.ID, _ = res.LastInsertId()
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox(message_id, handle_id, idempotency_key, visibility, created_at, not_before)
			VALUES (?, ?, ?, ?, ?, ?)`, m.ID, m.HandleID, key, visibility, ms(now), ms(m.HoldUntil)); err != nil {
			return err
		}
		return refreshConversation(ctx, tx, conversationID, 0, false)
	})
	if err != nil {
		return inbox.Message{}, fmt.Errorf("queue reply to conversation %d: %w", conversationID, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{conversationID}},
		events.Delta{Entity: events.EntityMessage, Upserted: []int64{m.ID}})
	return m, nil
}

const outboxSelect = `SELECT o.message_id, o.handle_id, m.conversation_id, o.idempotency_key, o.visibility,
	o.attempts, o.confirmed_attempt = o.attempts,
	EXISTS (SELECT 1 FROM csat_surveys s WHERE s.conversation_id = m.conversation_id AND s.message_id = o.message_id),
	o.created_at, m.text, c.remote_id, c.kind, c.subject, COALESCE(p.network, ''), COALESCE(p.remote_id, ''),
	COALESCE(p.username, ''), COALESCE(p.display_name, '')
	FROM outbox o JOIN messages m ON m.id = o.message_id JOIN conversations c ON c.id = m.conversation_id
	LEFT JOIN participants p ON p.id = c.customer_id`

func (s *Store) scanOutbox(ctx context.Context, q *sql.Rows) ([]OutboxItem, error) {
	defer q.Close()
	var out []OutboxItem
	for q.Next() {
		var it OutboxItem
		var queued int64
		if err := q.Scan(&it.MessageID, &it.HandleID, &it.ConversationID, &it.IdempotencyKey, &it.Visibility,
			&it.Attempts, &it.Confirmed, &it.Automated, &queued, &it.Text, &it.ConversationRemoteID, &it.Kind, &it.Subject, &it.Customer.Network,
			&it.Customer.RemoteID, &it.Customer.Username, &it.Customer.DisplayName); err != nil {
			return nil, fmt.Errorf("scan outbox: %w", err)
		}
		it.QueuedAt = fromMS(queued)
		out = append(out, it)
	}
	if err := q.Err(); err != nil {
		return nil, err
	}
	q.Close()
	for i := range out {
		if err := s.threadRefs(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) threadRefs(ctx context.Context, it *OutboxItem) error {
	rows, err := s.w.QueryContext(ctx, `SELECT m.remote_id, m.direction, o.state IS 'sent' AND m.id <> ?
		FROM messages m LEFT JOIN outbox o ON o.message_id = m.id WHERE m.conversation_id = ?
		AND m.remote_id NOT LIKE 'local:%' ORDER BY m.sent_at, m.id`, it.MessageID, it.ConversationID)
	if err != nil {
		return fmt.Errorf("thread of conversation %d: %w", it.ConversationID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, dir string
		var earlier bool
		if err := rows.Scan(&id, &dir, &earlier); err != nil {
			return err
		}
		it.References = append(it.References, id)
		if earlier {
			it.Earlier = append(it.Earlier, id)
		}
		if dir == string(inbox.Inbound) {
			it.InReplyTo = id
		}
	}
	return rows.Err()
}

// ClaimOutbox moves due queued replies to "sending" and returns them. The
// claim is committed before the network is called, so a crash leaves them
// in "sending" for ReconcileSending, never silently re-queued. Replies of the
// busy handles (still sending earlier ones) stay queued, so one handle's
// replies go out one at a time and in order.
func (s *Store) ClaimOutbox(ctx context.Context, now time.Time, limit int, busy ...int64) ([]OutboxItem, error) {
	var ids []any
	err := s.tx(ctx, func(tx *sql.Tx) error {
		q := `SELECT o.message_id FROM outbox o JOIN handles h ON h.id = o.handle_id
			WHERE o.state = 'queued' AND o.next_attempt_at <= ? AND o.not_before <= ? AND h.paused = 0`
		args := []any{ms(now), ms(now)}
		if len(busy) > 0 {
			q += ` AND o.handle_id NOT IN (?` + strings.Repeat(", ?", len(busy)-1) + `)`
			for _, id := range busy {
				args = append(args, id)
			}
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY o.next_attempt_at, o.message_id LIMIT ?`, append(args, limit)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE message_id = ?`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE messages SET delivery = 'sending' WHERE id = ?`, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	s.publishMessages(ids)
	rows, err := s.w.QueryContext(ctx, outboxSelect+" WHERE o.message_id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", ids...)
	if err != nil {
		return nil, fmt.Errorf("read claimed outbox: %w", err)
	}
	return s.scanOutbox(ctx, rows)
}

// Sending lists replies left in "sending", e.g. by a crash mid-send.
func (s *Store) Sending(ctx context.Context) ([]OutboxItem, error) {
	rows, err := s.w.QueryContext(ctx, outboxSelect+" WHERE o.state = 'sending'")
	if err != nil {
		return nil, fmt.Errorf("list sending replies: %w", err)
	}
	return s.scanOutbox(ctx, rows)
}

// MarkSent records the network's id for a reply; this is what stops the
// response clock. If a sync already brought the same message in under its
// remote id, that copy is folded into the reply.
func (s *Store) MarkSent(ctx context.Context, messageID int64, remoteID string, sentAt time.Time) error {
	var convID int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var handleID int64
		if err := tx.QueryRowContext(ctx, "SELECT conversation_id, handle_id FROM messages WHERE id = ?", messageID).Scan(&convID, &handleID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM messages WHERE handle_id = ? AND remote_id = ? AND id <> ?", handleID, remoteID, messageID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE messages SET remote_id = ?, delivery = 'sent', sent_at = ? WHERE id = ?",
			remoteID, ms(sentAt), messageID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET state = 'sent', last_error = '' WHERE message_id = ?", messageID); err != nil {
			return err
		}
		return refreshConversation(ctx, tx, convID, 0, false)
	})
	if err != nil {
		return fmt.Errorf("mark reply %d sent: %w", messageID, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{convID}})
	s.publishMessages([]any{messageID})
	return nil
}

// SendFailed records a failed attempt. With retryAt set the reply is queued
// again for then; otherwise it is failed and waits for the user's "Retry".
func (s *Store) SendFailed(ctx context.Context, messageID int64, msg string, retryAt time.Time) error {
	state, delivery := OutboxFailed, inbox.DeliveryFailed
	if !retryAt.IsZero() {
		state, delivery = OutboxQueued, inbox.DeliveryQueued
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET state = ?, last_error = ?, next_attempt_at = ? WHERE message_id = ?",
			state, msg, ms(retryAt), messageID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE messages SET delivery = ? WHERE id = ?", delivery, messageID)
		return err
	})
	if err != nil {
		return fmt.Errorf("record failed send of %d: %w", messageID, err)
	}
	s.publishMessages([]any{messageID})
	return nil
}

// RetrySend queues a failed reply again, now: the user asked for it.
func (s *Store) RetrySend(ctx context.Context, messageID int64) error {
	// The user's retry confirms the next attempt: see OutboxItem.Confirmed.
	res, err := s.w.ExecContext(ctx, `UPDATE outbox SET state = 'queued', next_attempt_at = 0,
		confirmed_attempt = attempts + 1 WHERE message_id = ? AND state = 'failed'`, messageID)
	if err != nil {
		return fmt.Errorf("retry reply %d: %w", messageID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("retry reply %d: only a failed reply can be retried: %w", messageID, ErrNotFound)
	}
	if _, err := s.w.ExecContext(ctx, "UPDATE messages SET delivery = 'queued' WHERE id = ?", messageID); err != nil {
		return fmt.Errorf("retry reply %d: %w", messageID, err)
	}
	s.publishMessages([]any{messageID})
	return nil
}

// OutboxError is the last error of a reply (for the UI).
func (s *Store) OutboxError(ctx context.Context, messageID int64) (string, error) {
	var msg string
	err := s.r.QueryRowContext(ctx, "SELECT last_error FROM outbox WHERE message_id = ?", messageID).Scan(&msg)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return msg, err
}

func (s *Store) publishMessages(ids []any) {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		out = append(out, id.(int64))
	}
	s.publish(events.Delta{Entity: events.EntityMessage, Upserted: out})
}
