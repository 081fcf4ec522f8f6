package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"careinbox/backend/events"
)

// Undelivered is a reply the network accepted and later gave back (an
// e-mail bounce), by the remote id it was sent under.
type Undelivered struct {
	RemoteID string
	Reason   string // in plain words, shown on the reply
}

type undeliveredIDs struct{ conversations, messages []int64 }

// markUndelivered fails the sent replies the network gave back: the reply
// shows why and can be retried, and its conversation waits again from the
// customer's message it answered (a reply the customer never got does not
// stop their clock), reopened if it was closed. Only replies Care Inbox
// sent (with an outbox row) are marked; a report on anything else, or on a
// reply already failed, changes nothing. The reply gets a new idempotency
// key and its attempts start over: the network has it as sent under the
// old one (an e-mail's Sent copy), so a retry under that key would only be
// found "already sent" — it is a new message to the network.
func markUndelivered(ctx context.Context, tx *sql.Tx, handleID int64, list []Undelivered) (undeliveredIDs, error) {
	var out undeliveredIDs
	for _, u := range list {
		var msgID, convID int64
		err := tx.QueryRowContext(ctx, `SELECT m.id, m.conversation_id FROM messages m JOIN outbox o ON o.message_id = m.id
			WHERE m.handle_id = ? AND m.remote_id = ? AND o.state = 'sent'`, handleID, u.RemoteID).Scan(&msgID, &convID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("find returned reply %q: %w", u.RemoteID, err)
		}
		key, err := newKey()
		if err != nil {
			return out, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'failed', last_error = ?, next_attempt_at = 0,
			attempts = 0, idempotency_key = ? WHERE message_id = ?`, u.Reason, key, msgID); err != nil {
			return out, fmt.Errorf("mark reply %d returned: %w", msgID, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE messages SET delivery = 'failed' WHERE id = ?", msgID); err != nil {
			return out, fmt.Errorf("mark reply %d returned: %w", msgID, err)
		}
		if err := refreshConversation(ctx, tx, convID, 0, true); err != nil {
			return out, fmt.Errorf("mark reply %d returned: %w", msgID, err)
		}
		out.conversations = append(out.conversations, convID)
		out.messages = append(out.messages, msgID)
	}
	return out, nil
}

func (s *Store) publishUndelivered(ids undeliveredIDs) {
	if len(ids.messages) == 0 {
		return
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: ids.conversations},
		events.Delta{Entity: events.EntityMessage, Upserted: ids.messages})
}
