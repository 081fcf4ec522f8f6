package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// MoveResult is what MoveToPrivate did.
type MoveResult struct {
	PublicMessage         inbox.Message // the closing note in the public thread (ID 0 if none)
	PrivateConversationID int64
	PrivateMessage        inbox.Message // the first private message (ID 0 if none)
	Created               bool          // a new private conversation was started
}

// ErrNotPublic is returned when a conversation to move is not public.
var ErrNotPublic = errors.New("the conversation is not public")

// MoveToPrivate takes a public conversation to a private channel in one
// transaction: it queues a short public note ("let's continue in DM"),
// leaves the public thread waiting for a public close (see
// backend/publicclose), then continues the customer's
// private conversation on the same client and network — or starts one, with
// a local remote id the engine replaces when the network assigns its own.
func (s *Store) MoveToPrivate(ctx context.Context, conversationID int64, publicNote, privateText, author string, now time.Time) (MoveResult, error) {
	var res MoveResult
	publicNote, privateText = strings.TrimSpace(publicNote), strings.TrimSpace(privateText)
	if privateText == "" {
		return res, fmt.Errorf("move to private: the private message is empty")
	}
	var ids []int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var handleID, clientID int64
		var custID sql.NullInt64
		var kind inbox.Kind
		var network inbox.Network
		var subject string
		err := tx.QueryRowContext(ctx, `SELECT c.handle_id, h.client_id, h.network, c.kind, c.customer_id, c.subject
			FROM conversations c JOIN handles h ON h.id = c.handle_id WHERE c.id = ?`, conversationID).
			Scan(&handleID, &clientID, &network, &kind, &custID, &subject)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("conversation %d: %w", conversationID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if kind != inbox.KindPublic {
			return fmt.Errorf("conversation %d: %w", conversationID, ErrNotPublic)
		}
		if !custID.Valid {
			return fmt.Errorf("conversation %d has no known customer to message privately", conversationID)
		}
		if publicNote != "" {
			if res.PublicMessage, err = queueTx(ctx, tx, conversationID, handleID, publicNote, "public", author, now); err != nil {
				return err
			}
		}
		// Prefer a private conversation on the same handle, then on another
		// handle of the same client and network; the newest one.
		err = tx.QueryRowContext(ctx, `SELECT c.id FROM conversations c JOIN handles h ON h.id = c.handle_id
			WHERE c.customer_id = ? AND c.kind = 'private' AND h.client_id = ? AND h.network = ?
			ORDER BY c.handle_id = ? DESC, c.last_message_at DESC LIMIT 1`, custID.Int64, clientID, network, handleID).
			Scan(&res.PrivateConversationID)
		privHandle := handleID
		switch {
		case errors.Is(err, sql.ErrNoRows):
			key, kerr := newKey()
			if kerr != nil {
				return kerr
			}
			r, err := tx.ExecContext(ctx, `INSERT INTO conversations(handle_id, remote_id, kind, customer_id, subject, status)
				VALUES (?, ?, 'private', ?, ?, 'open')`, handleID, localPrefix+"dm:"+key, custID.Int64, subject)
			if err != nil {
				return fmt.Errorf("start private conversation: %w", err)
			}
			res.PrivateConversationID, _ = r.LastInsertId()
			res.Created = true
		case err != nil:
			return err
		default:
			if err := tx.QueryRowContext(ctx, "SELECT handle_id FROM conversations WHERE id = ?",
				res.PrivateConversationID).Scan(&privHandle); err != nil {
				return err
			}
		}
		if res.PrivateMessage, err = queueTx(ctx, tx, res.PrivateConversationID, privHandle, privateText, "private", author, now); err != nil {
			return err
		}
		if err := refreshConversation(ctx, tx, res.PrivateConversationID, 0, false); err != nil {
			return err
		}
		// The work continues privately: a resolved private conversation is
		// reopened, so its resolution (trigger public_close_private_resolved)
		// is what asks for the public close. The public thread is not
		// resolved: it waits for its public closing reply.
		if _, err := tx.ExecContext(ctx, "UPDATE conversations SET status = 'open', snoozed_until = 0 WHERE id = ? AND status = 'resolved'",
			res.PrivateConversationID); err != nil {
			return err
		}
		if err := movedPrivateTx(ctx, tx, conversationID, res.PrivateConversationID, author, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM drafts WHERE conversation_id = ?", conversationID); err != nil {
			return err
		}
		return refreshConversation(ctx, tx, conversationID, 0, false)
	})
	if err != nil {
		return MoveResult{}, fmt.Errorf("move conversation %d to private: %w", conversationID, err)
	}
	for _, m := range []inbox.Message{res.PublicMessage, res.PrivateMessage} {
		if m.ID != 0 {
			ids = append(ids, m.ID)
		}
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{conversationID, res.PrivateConversationID}},
		events.Delta{Entity: events.EntityMessage, Upserted: ids})
	return res, nil
}

// queueTx writes a queued outbound message and its outbox row, like
// QueueReply, inside a caller's transaction.
func queueTx(ctx context.Context, tx *sql.Tx, convID, handleID int64, text, visibility, author string, now time.Time) (inbox.Message, error) {
	key, err := newKey()
	if err != nil {
		return inbox.Message{}, err
	}
	m := inbox.Message{ConversationID: convID, HandleID: handleID, RemoteID: localPrefix + key, Direction: inbox.Outbound,
		AuthorName: author, Text: text, SentAt: now.UTC(), Delivery: inbox.DeliveryQueued}
	r, err := tx.ExecContext(ctx, `INSERT INTO messages(conversation_id, handle_id, remote_id, direction,
		author_name, text, sent_at, delivery) VALUES (?, ?, ?, 'out', ?, ?, ?, 'queued')`,
		convID, handleID, m.RemoteID, author, text, ms(m.SentAt))
	if err != nil {
		return m, fmt.Errorf("queue message: %w", err)
	}
	m.ID, _ = r.LastInsertId()
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox(message_id, handle_id, idempotency_key, visibility, created_at)
		VALUES (?, ?, ?, ?, ?)`, m.ID, handleID, key, visibility, ms(now)); err != nil {
		return m, fmt.Errorf("queue message in outbox: %w", err)
	}
	return m, refreshConversation(ctx, tx, convID, 0, false)
}
