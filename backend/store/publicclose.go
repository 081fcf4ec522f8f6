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
	"careinbox/backend/publicclose"
)

// PublicClose is one loop of finishing in public: a public thread taken
// private or handled offline, until its public closing reply is delivered
// or someone dismisses it.
type PublicClose struct {
	ID                    int64
	ConversationID        int64 // the public thread
	Via                   publicclose.Via
	PrivateConversationID int64 // where it continued (ViaPrivate)
	OfflineChannel        string
	OfflineNote           string
	State                 publicclose.State
	StartedAt             time.Time
	PrivateResolvedAt     time.Time
	DueAt                 time.Time // zero: no public-close deadline
	ReplyMessageID        int64
	DismissReason         string
	EndedAt               time.Time
	Author                string
	// Suggestion is the closing reply to prefill (the client's, else the default).
	Suggestion string
	Events     []PublicCloseEvent
}

// PublicCloseEvent is one line of a loop's history.
type PublicCloseEvent struct {
	Event publicclose.Event
	State publicclose.State
	Note  string
	At    time.Time
}

// ErrNoPublicClose is returned when a thread has no unfinished loop.
var ErrNoPublicClose = errors.New("the thread is not waiting for a public close")

const openLoop = "state IN ('waiting', 'prompt', 'sending')"

// startLoopTx opens a loop on a public thread inside the caller's transaction.
func startLoopTx(ctx context.Context, tx *sql.Tx, convID int64, via publicclose.Via, privID int64, channel, note, author string, now time.Time) (int64, error) {
	var priv any
	if privID != 0 {
		priv = privID
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO public_closes(conversation_id, via, private_conversation_id, offline_channel,
		offline_note, state, started_at, author) VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?)`,
		convID, via, priv, channel, note, ms(now), author)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return 0, fmt.Errorf("the thread is already waiting for a public close")
		}
		return 0, fmt.Errorf("start public close: %w", err)
	}
	id, _ := r.LastInsertId()
	event := "moved_private"
	if via == publicclose.ViaOffline {
		event = "handled_offline"
	}
	return id, loopEventTx(ctx, tx, id, publicclose.Event(event), publicclose.Waiting, note, now)
}

func loopEventTx(ctx context.Context, tx *sql.Tx, id int64, e publicclose.Event, st publicclose.State, note string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO public_close_events(close_id, event, state, note, at) VALUES (?, ?, ?, ?, ?)",
		id, e, st, note, ms(now)); err != nil {
		return fmt.Errorf("record public close event: %w", err)
	}
	return nil
}

// openLoopTx reads the unfinished loop of a public thread.
func openLoopTx(ctx context.Context, tx *sql.Tx, convID int64) (id int64, via publicclose.Via, st publicclose.State, reply int64, err error) {
	var r sql.NullInt64
	err = tx.QueryRowContext(ctx, "SELECT id, via, state, reply_message_id FROM public_closes WHERE conversation_id = ? AND "+openLoop,
		convID).Scan(&id, &via, &st, &r)
	if errors.Is(err, sql.ErrNoRows) {
		err = fmt.Errorf("conversation %d: %w", convID, ErrNoPublicClose)
	}
	return id, via, st, r.Int64, err
}

// movedPrivateTx opens the loop of a thread moved to private; moved again
// while its loop is unfinished, the loop follows the new private
// conversation and waits for it (one whose reply is already in the outbox
// is left to finish).
func movedPrivateTx(ctx context.Context, tx *sql.Tx, convID, privID int64, author string, now time.Time) error {
	id, _, st, _, err := openLoopTx(ctx, tx, convID)
	switch {
	case errors.Is(err, ErrNoPublicClose):
		_, err = startLoopTx(ctx, tx, convID, publicclose.ViaPrivate, privID, "", "", author, now)
		return err
	case err != nil:
		return err
	case st == publicclose.Sending:
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE public_closes SET via = 'private', private_conversation_id = ?, state = 'waiting',
		private_resolved_at = 0, due_at = 0 WHERE id = ?`, privID, id); err != nil {
		return err
	}
	return loopEventTx(ctx, tx, id, "moved_private", publicclose.Waiting, "", now)
}

// LogOffline records that a public thread was handled offline (by phone or
// e-mail) with a note of the outcome; done says the handling is over, so the
// public closing reply is asked for at once.
func (s *Store) LogOffline(ctx context.Context, conversationID int64, channel, note string, done bool, author string, now time.Time) error {
	note = strings.TrimSpace(note)
	if !publicclose.ValidOfflineChannel(channel) {
		return fmt.Errorf("log offline handling: unknown channel %q", channel)
	}
	if note == "" {
		return fmt.Errorf("log offline handling: write a note of the outcome")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var kind inbox.Kind
		err := tx.QueryRowContext(ctx, "SELECT kind FROM conversations WHERE id = ?", conversationID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("conversation %d: %w", conversationID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if kind != inbox.KindPublic {
			return fmt.Errorf("conversation %d: %w", conversationID, ErrNotPublic)
		}
		id, err := startLoopTx(ctx, tx, conversationID, publicclose.ViaOffline, 0, channel, note, author, now)
		if err != nil || !done {
			return err
		}
		return offlineDoneTx(ctx, tx, id, "", now)
	})
	if err != nil {
		return fmt.Errorf("log offline handling of %d: %w", conversationID, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{conversationID}})
	return nil
}

// OfflineDone records that a thread's offline handling is over (note: the
// outcome, optional), so its public closing reply is asked for.
func (s *Store) OfflineDone(ctx context.Context, conversationID int64, note string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		id, via, st, _, err := openLoopTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		if _, err := publicclose.Next(via, st, publicclose.OfflineDone); err != nil {
			return err
		}
		return offlineDoneTx(ctx, tx, id, strings.TrimSpace(note), now)
	})
	if err != nil {
		return fmt.Errorf("offline handling of %d done: %w", conversationID, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{conversationID}})
	return nil
}

func offlineDoneTx(ctx context.Context, tx *sql.Tx, id int64, note string, now time.Time) error {
	var hours int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT s.due_hours FROM public_closes p JOIN conversations c ON c.id = p.conversation_id
		JOIN handles h ON h.id = c.handle_id JOIN public_close_settings s ON s.client_id = h.client_id WHERE p.id = ?), 0)`, id).Scan(&hours)
	if err != nil {
		return err
	}
	if note != "" {
		note = "outcome: " + note
	}
	if _, err := tx.ExecContext(ctx, `UPDATE public_closes SET state = 'prompt', private_resolved_at = ?, due_at = ?,
		offline_note = CASE WHEN ? = '' THEN offline_note ELSE offline_note || char(10) || ? END WHERE id = ?`,
		ms(now), ms(publicclose.Due(now, hours)), note, note, id); err != nil {
		return err
	}
	return loopEventTx(ctx, tx, id, publicclose.OfflineDone, publicclose.Prompt, note, now)
}

// SendPublicClose queues the public closing reply of a thread whose private
// side is done. It is idempotent: once the reply is queued, calling it again
// (a double click, a retry after a crash) returns the same message and
// queues nothing; delivery then goes through the outbox with its own
// idempotency key, and the outbox's delivery confirmation ends the loop and
// resolves the thread (trigger public_close_reply_sent).
func (s *Store) SendPublicClose(ctx context.Context, conversationID int64, text, author string, now time.Time) (inbox.Message, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return inbox.Message{}, fmt.Errorf("send public close: the reply is empty")
	}
	var m inbox.Message
	queued := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		id, via, st, reply, err := openLoopTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		if st == publicclose.Sending && reply != 0 {
			m.ID, m.ConversationID = reply, conversationID
			return tx.QueryRowContext(ctx, "SELECT text, delivery FROM messages WHERE id = ?", reply).Scan(&m.Text, &m.Delivery)
		}
		next, err := publicclose.Next(via, st, publicclose.SendReply)
		if err != nil {
			return err
		}
		var handleID int64
		if err := tx.QueryRowContext(ctx, "SELECT handle_id FROM conversations WHERE id = ?", conversationID).Scan(&handleID); err != nil {
			return err
		}
		if m, err = queueTx(ctx, tx, conversationID, handleID, text, "public", author, now); err != nil {
			return err
		}
		queued = true
		if _, err := tx.ExecContext(ctx, "UPDATE public_closes SET state = ?, reply_message_id = ? WHERE id = ?", next, m.ID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM drafts WHERE conversation_id = ?", conversationID); err != nil {
			return err
		}
		return loopEventTx(ctx, tx, id, publicclose.SendReply, next, "", now)
	})
	if err != nil {
		return inbox.Message{}, fmt.Errorf("send public close of %d: %w", conversationID, err)
	}
	if queued {
		s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{conversationID}},
			events.Delta{Entity: events.EntityMessage, Upserted: []int64{m.ID}})
	}
	return m, nil
}

// DismissPublicClose ends a loop without a public reply; the reason is kept
// in its history and the public thread is resolved.
func (s *Store) DismissPublicClose(ctx context.Context, conversationID int64, reason, author string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fmt.Errorf("dismiss public close: give a reason")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		id, via, st, _, err := openLoopTx(ctx, tx, conversationID)
		if err != nil {
			return err
		}
		next, err := publicclose.Next(via, st, publicclose.Dismiss)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE public_closes SET state = ?, dismiss_reason = ?, ended_at = ? WHERE id = ?",
			next, reason, ms(now), id); err != nil {
			return err
		}
		if err := loopEventTx(ctx, tx, id, publicclose.Dismiss, next, reason+" — "+author, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE conversations SET status = 'resolved', snoozed_until = 0 WHERE id = ?", conversationID); err != nil {
			return err
		}
		return refreshConversation(ctx, tx, conversationID, 0, false)
	})
	if err != nil {
		return fmt.Errorf("dismiss public close of %d: %w", conversationID, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{conversationID}})
	return nil
}

const loopCols = `p.id, p.conversation_id, p.via, COALESCE(p.private_conversation_id, 0), p.offline_channel, p.offline_note, p.state,
	p.started_at, p.private_resolved_at, p.due_at, COALESCE(p.reply_message_id, 0), p.dismiss_reason, p.ended_at, p.author,
	COALESCE((SELECT s.reply FROM conversations c JOIN handles h ON h.id = c.handle_id
		JOIN public_close_settings s ON s.client_id = h.client_id WHERE c.id = p.conversation_id), '')`

func scanLoop(row interface{ Scan(...any) error }) (PublicClose, error) {
	var p PublicClose
	var started, resolved, due, ended int64
	var saved string
	err := row.Scan(&p.ID, &p.ConversationID, &p.Via, &p.PrivateConversationID, &p.OfflineChannel, &p.OfflineNote, &p.State,
		&started, &resolved, &due, &p.ReplyMessageID, &p.DismissReason, &ended, &p.Author, &saved)
	p.StartedAt, p.PrivateResolvedAt, p.DueAt, p.EndedAt = fromMS(started), fromMS(resolved), fromMS(due), fromMS(ended)
	p.Suggestion = publicclose.Suggestion(saved, p.Via)
	return p, err
}

// PublicCloseOf is a public thread's latest loop with its history (nil when
// it was never taken private or offline).
func (s *Store) PublicCloseOf(ctx context.Context, conversationID int64) (*PublicClose, error) {
	p, err := scanLoop(s.r.QueryRowContext(ctx, "SELECT "+loopCols+` FROM public_closes p WHERE p.conversation_id = ?
		ORDER BY p.id DESC LIMIT 1`, conversationID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("public close of %d: %w", conversationID, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT e.event, e.state, e.note, e.at FROM public_close_events e
		JOIN public_closes p ON p.id = e.close_id WHERE p.conversation_id = ? ORDER BY e.at, e.id`, conversationID)
	if err != nil {
		return nil, fmt.Errorf("public close history of %d: %w", conversationID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e PublicCloseEvent
		var at int64
		if err := rows.Scan(&e.Event, &e.State, &e.Note, &at); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		p.Events = append(p.Events, e)
	}
	return &p, rows.Err()
}

// PublicCloseStates is the unfinished loop of each of these threads, for the list.
func (s *Store) PublicCloseStates(ctx context.Context, ids []int64) (map[int64]PublicClose, error) {
	out := map[int64]PublicClose{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+loopCols+" FROM public_closes p WHERE p."+openLoop+
		" AND p.conversation_id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("public close states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanLoop(rows)
		if err != nil {
			return nil, err
		}
		out[p.ConversationID] = p
	}
	return out, rows.Err()
}

// PublicCloseSettings are a client's (the defaults when none are saved).
func (s *Store) PublicCloseSettings(ctx context.Context, clientID int64) (publicclose.Settings, error) {
	set := publicclose.Settings{Reply: publicclose.DefaultReply}
	err := s.r.QueryRowContext(ctx, "SELECT reply, due_hours FROM public_close_settings WHERE client_id = ?", clientID).
		Scan(&set.Reply, &set.DueHours)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return set, fmt.Errorf("public close settings of client %d: %w", clientID, err)
	}
	return set, nil
}

// SetPublicCloseSettings saves a client's closing reply and deadline.
func (s *Store) SetPublicCloseSettings(ctx context.Context, clientID int64, set publicclose.Settings, now time.Time) error {
	if err := set.Validate(); err != nil {
		return fmt.Errorf("public close settings: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO public_close_settings(client_id, reply, due_hours, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(client_id) DO UPDATE SET reply = excluded.reply, due_hours = excluded.due_hours, updated_at = excluded.updated_at`,
		clientID, strings.TrimSpace(set.Reply), set.DueHours, ms(now)); err != nil {
		return fmt.Errorf("save public close settings of client %d: %w", clientID, err)
	}
	return nil
}

// ReportLoops counts the loops started in [from, to) on public threads in
// scope: all of them, those whose public close is still pending, and those
// dismissed. A zero scope field means any.
func (s *Store) ReportLoops(ctx context.Context, clientID, handleID int64, network inbox.Network, from, to time.Time) (started, pending, dismissed int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(p.state IN ('waiting', 'prompt', 'sending')), 0),
		COALESCE(SUM(p.state = 'dismissed'), 0)
		FROM public_closes p JOIN conversations c ON c.id = p.conversation_id JOIN handles h ON h.id = c.handle_id
		WHERE p.started_at >= ? AND p.started_at < ? AND (? = 0 OR h.client_id = ?) AND (? = 0 OR h.id = ?) AND (? = '' OR h.network = ?)`,
		ms(from), ms(to), clientID, clientID, handleID, handleID, network, network).Scan(&started, &pending, &dismissed)
	if err != nil {
		err = fmt.Errorf("count loops left open: %w", err)
	}
	return started, pending, dismissed, err
}

// linkedPublicThreads are the public threads whose loop continues in one of
// these private conversations: their state changes with the private side's
// status (by trigger), so their deltas are published with it.
func (s *Store) linkedPublicThreads(ctx context.Context, ids []int64) []int64 {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, "SELECT conversation_id FROM public_closes WHERE private_conversation_id IN (?"+
		strings.Repeat(", ?", len(ids)-1)+") AND "+openLoop, args...)
	if err != nil {
		return nil // the private side's own delta still goes out
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if rows.Scan(&id) == nil {
			out = append(out, id)
		}
	}
	return out
}
