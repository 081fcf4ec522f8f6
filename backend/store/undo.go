package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// ErrTooLate: the reply already left (or is leaving) the outbox, so it can no
// longer be pulled back.
var ErrTooLate = errors.New("the reply is already being sent")

// DefaultSendDelay is the undo-send window when the workspace set none.
const DefaultSendDelay = 10 * time.Second

// MaxSendDelay caps the undo-send window: a reply held longer than this is a
// reply the customer waits for.
const MaxSendDelay = 60 * time.Second

const settingSendDelay = "send_delay_seconds"

// SendDelay is how long a reply waits in the outbox before it is sent, so it
// can be pulled back (DefaultSendDelay until set; 0 = send at once).
func (s *Store) SendDelay(ctx context.Context) (time.Duration, error) {
	v, ok, err := s.setting(ctx, settingSendDelay)
	if err != nil || !ok {
		return DefaultSendDelay, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return DefaultSendDelay, nil // a value this code never wrote
	}
	return min(time.Duration(n)*time.Second, MaxSendDelay), nil
}

// SetSendDelay stores the undo-send window (whole seconds, 0 … MaxSendDelay).
func (s *Store) SetSendDelay(ctx context.Context, d time.Duration, now time.Time) error {
	if d < 0 || d > MaxSendDelay {
		return fmt.Errorf("set send delay: between 0 and %d seconds", int(MaxSendDelay/time.Second))
	}
	// "0" is stored, not deleted: no delay is a choice, unlike "never set".
	return s.setSetting(ctx, settingSendDelay, strconv.Itoa(int(d/time.Second)), now)
}

// UndoneReply is what UndoSend pulled back, for the composer to show again.
type UndoneReply struct {
	ConversationID int64
	Text           string
	Visibility     string
}

// UndoSend pulls back a held reply (QueueHeldReply) that the outbox has not
// claimed yet: its message and outbox row go in one transaction. ClaimOutbox
// takes a row in a transaction of its own, so the two cannot both win: a
// reply is either pulled back or sent, never both. Only a reply never tried
// qualifies — a retried one may already be on the network.
func (s *Store) UndoSend(ctx context.Context, messageID int64) (UndoneReply, error) {
	var r UndoneReply
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var state string
		var attempts int
		var hold int64
		err := tx.QueryRowContext(ctx, `SELECT m.conversation_id, m.text, o.visibility, o.state, o.attempts, o.not_before
			FROM outbox o JOIN messages m ON m.id = o.message_id WHERE o.message_id = ?`, messageID).
			Scan(&r.ConversationID, &r.Text, &r.Visibility, &state, &attempts, &hold)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("reply %d: %w", messageID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if hold == 0 {
			return fmt.Errorf("reply %d was not held for undo: %w", messageID, ErrTooLate)
		}
		if state != OutboxQueued || attempts > 0 {
			return fmt.Errorf("reply %d: %w", messageID, ErrTooLate)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM outbox WHERE message_id = ?", messageID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM messages WHERE id = ?", messageID); err != nil {
			return err
		}
		return refreshConversation(ctx, tx, r.ConversationID, 0, false)
	})
	if err != nil {
		return UndoneReply{}, fmt.Errorf("undo send: %w", err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{r.ConversationID}},
		events.Delta{Entity: events.EntityMessage, Removed: []int64{messageID}})
	return r, nil
}

// NextHold is the earliest end of an undo window still ahead of now among
// queued replies (ok false: none), so the outbox can wake exactly then
// instead of waiting for its idle tick.
func (s *Store) NextHold(ctx context.Context, now time.Time) (time.Time, bool, error) {
	var v sql.NullInt64
	err := s.r.QueryRowContext(ctx, "SELECT MIN(not_before) FROM outbox WHERE state = 'queued' AND not_before > ?", ms(now)).Scan(&v)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next held reply: %w", err)
	}
	if !v.Valid {
		return time.Time{}, false, nil
	}
	return fromMS(v.Int64), true, nil
}

// StatusSnapshot is a conversation's state before a status change, so the
// change can be undone exactly (the survey that resolving scheduled too).
type StatusSnapshot struct {
	ID           int64
	Status       inbox.Status
	SnoozedUntil time.Time
	survey       *surveyRow // nil: the conversation had no survey row
	// Its place in the queue then, as the deadline service had set it (the
	// due time), and what that place was computed from: restored as it was
	// unless a message came since, so an undone conversation comes back
	// where it was instead of at a provisional place it then jumps from.
	queueKey, awaiting, last int64
}

// surveyRow is the part of a csat_surveys row a status change can alter.
type surveyRow struct {
	state, source, scale, reason string
	due, updated                 int64
}

// StatusSnapshots reads the state of conversations before a status change.
func (s *Store) StatusSnapshots(ctx context.Context, ids []int64) ([]StatusSnapshot, error) {
	out := make([]StatusSnapshot, 0, len(ids))
	for _, id := range ids {
		var sn StatusSnapshot
		var until int64
		err := s.r.QueryRowContext(ctx, "SELECT id, status, snoozed_until, queue_key, awaiting_since, last_message_at FROM conversations WHERE id = ?", id).
			Scan(&sn.ID, &sn.Status, &until, &sn.queueKey, &sn.awaiting, &sn.last)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("snapshot conversation %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return nil, fmt.Errorf("snapshot conversation %d: %w", id, err)
		}
		sn.SnoozedUntil = fromMS(until)
		var sv surveyRow
		err = s.r.QueryRowContext(ctx, "SELECT state, source, scale, reason, due_at, updated_at FROM csat_surveys WHERE conversation_id = ?", id).
			Scan(&sv.state, &sv.source, &sv.scale, &sv.reason, &sv.due, &sv.updated)
		switch {
		case err == nil:
			sn.survey = &sv
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("snapshot survey of %d: %w", id, err)
		}
		out = append(out, sn)
	}
	return out, nil
}

// RestoreStatus puts conversations back as snapshotted, in one transaction:
// status, snooze time, queue position and a survey the change scheduled
// (removed again, or put back as it was). A survey already asked is left
// alone: the customer has it.
func (s *Store) RestoreStatus(ctx context.Context, snaps []StatusSnapshot) error {
	ids := make([]int64, 0, len(snaps))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, sn := range snaps {
			var awaiting, last int64
			err := tx.QueryRowContext(ctx, "SELECT awaiting_since, last_message_at FROM conversations WHERE id = ?", sn.ID).Scan(&awaiting, &last)
			if errors.Is(err, sql.ErrNoRows) {
				continue // deleted since: nothing to restore
			}
			if err != nil {
				return fmt.Errorf("read conversation %d: %w", sn.ID, err)
			}
			key := sn.queueKey
			if awaiting != sn.awaiting || last != sn.last {
				// A message came meanwhile: the old place is stale. The
				// deadline service sets the right one when it recomputes.
				key = inbox.QueueKey(sn.Status, fromMS(awaiting), fromMS(last))
			}
			if _, err := tx.ExecContext(ctx, "UPDATE conversations SET status = ?, snoozed_until = ?, queue_key = ? WHERE id = ?",
				sn.Status, ms(sn.SnoozedUntil), key, sn.ID); err != nil {
				return fmt.Errorf("restore conversation %d: %w", sn.ID, err)
			}
			if err := restoreSurvey(ctx, tx, sn); err != nil {
				return err
			}
			ids = append(ids, sn.ID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("restore status: %w", err)
	}
	if len(ids) > 0 {
		s.publish(events.Delta{Entity: events.EntityConversation, Upserted: append(append([]int64(nil), ids...), s.linkedPublicThreads(ctx, ids)...)})
	}
	return nil
}

func restoreSurvey(ctx context.Context, tx *sql.Tx, sn StatusSnapshot) error {
	var err error
	if sn.survey == nil {
		_, err = tx.ExecContext(ctx, "DELETE FROM csat_surveys WHERE conversation_id = ? AND state = 'scheduled'", sn.ID)
	} else {
		v := sn.survey
		_, err = tx.ExecContext(ctx, `UPDATE csat_surveys SET state = ?, source = ?, scale = ?, reason = ?, due_at = ?, updated_at = ?
			WHERE conversation_id = ? AND state = 'scheduled'`, v.state, v.source, v.scale, v.reason, v.due, v.updated, sn.ID)
	}
	if err != nil {
		return fmt.Errorf("restore survey of %d: %w", sn.ID, err)
	}
	return nil
}

// HandleName is the display name of a conversation's handle: who a reply is
// from when the workspace set no agent name.
func (s *Store) HandleName(ctx context.Context, conversationID int64) (string, error) {
	var n string
	err := s.r.QueryRowContext(ctx, `SELECT h.display_name FROM conversations c JOIN handles h ON h.id = c.handle_id
		WHERE c.id = ?`, conversationID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("conversation %d: %w", conversationID, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("handle name of conversation %d: %w", conversationID, err)
	}
	return n, nil
}
