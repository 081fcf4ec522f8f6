package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// The per-message ingest that the set-wise one (ingest_page.go) replaced,
// kept word for word as the oracle of TestIngestMatchesPerMessageIngest:
// one statement per message and five per conversation, each row written as
// if it came alone.

type legacyStmts struct {
	participant, convInsert, convID, convExtra, msgInsert, msgUpdate, msgExtra *sql.Stmt
	sentiment                                                                  *sentimentStmts
}

func legacyPrepare(ctx context.Context, tx *sql.Tx) (*legacyStmts, error) {
	var st legacyStmts
	var err error
	prep := func(dst **sql.Stmt, q string) {
		if err == nil {
			*dst, err = tx.PrepareContext(ctx, q)
		}
	}
	prep(&st.participant, `INSERT INTO participants(network, remote_id, username, display_name) VALUES (?, ?, ?, ?)
		ON CONFLICT(network, remote_id) DO UPDATE SET
			username = CASE WHEN excluded.username <> '' THEN excluded.username ELSE username END,
			display_name = CASE WHEN excluded.display_name <> '' THEN excluded.display_name ELSE display_name END
		WHERE (excluded.username <> '' AND excluded.username <> username)
		   OR (excluded.display_name <> '' AND excluded.display_name <> display_name)
		RETURNING id`)
	prep(&st.convInsert, `INSERT INTO conversations(handle_id, remote_id, kind, customer_id, subject, status, snoozed_until, extra)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(handle_id, remote_id) DO NOTHING`)
	prep(&st.convID, `SELECT id FROM conversations WHERE handle_id = ? AND remote_id = ?`)
	// Extra is updated apart from text so an unchanged text never touches
	// the search index (its trigger fires on UPDATE OF text).
	prep(&st.convExtra, `UPDATE conversations SET extra = ?1 WHERE id = ?2 AND extra <> ?1`)
	prep(&st.msgInsert, `INSERT INTO messages(conversation_id, handle_id, remote_id, direction, author_id,
		author_name, text, sent_at, reply_to_remote_id, delivery, extra, sentiment, threat)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(handle_id, remote_id) DO NOTHING`)
	prep(&st.msgUpdate, `UPDATE messages SET text = ?, author_name = ?, sentiment = ?, threat = ?
		WHERE handle_id = ? AND remote_id = ? AND (text <> ? OR author_name <> ?)`)
	prep(&st.msgExtra, `UPDATE messages SET extra = ?1 WHERE handle_id = ?2 AND remote_id = ?3 AND extra <> ?1`)
	if err == nil {
		st.sentiment, err = prepareSentiment(ctx, tx)
	}
	return &st, err
}

func (st *legacyStmts) close() {
	for _, s := range []*sql.Stmt{st.participant, st.convInsert, st.convID, st.convExtra, st.msgInsert, st.msgUpdate, st.msgExtra} {
		if s != nil {
			s.Close()
		}
	}
	st.sentiment.close()
}

// participantID upserts p and returns its id; 0 when p is empty.
func (st *legacyStmts) participantID(ctx context.Context, tx *sql.Tx, p inbox.Participant) (int64, error) {
	if p.RemoteID == "" {
		return 0, nil
	}
	var id int64
	err := st.participant.QueryRowContext(ctx, p.Network, p.RemoteID, p.Username, p.DisplayName).Scan(&id)
	if err == sql.ErrNoRows { // unchanged: RETURNING yields nothing when the update's WHERE is false
		err = tx.QueryRowContext(ctx, "SELECT id FROM participants WHERE network = ? AND remote_id = ?",
			p.Network, p.RemoteID).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("upsert participant %s/%s: %w", p.Network, p.RemoteID, err)
	}
	return id, nil
}

// Ingest stores conversations and messages for a handle in one transaction.
// Rows are keyed by the network's ids, so ingesting the same page twice
// changes nothing. extra, if given, runs inside the same transaction (a sync
// cursor is written there so it can never run ahead of the rows it covers).
func (s *Store) legacyIngest(ctx context.Context, handleID int64, convs []IncomingConversation, extra func(*sql.Tx) error) (IngestResult, error) {
	var res IngestResult
	var msgIDs []int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		st, err := legacyPrepare(ctx, tx)
		if err != nil {
			return fmt.Errorf("prepare ingest: %w", err)
		}
		defer st.close()
		for _, c := range convs {
			id, newIDs, err := s.legacyIngestOne(ctx, tx, st, handleID, c)
			if err != nil {
				return err
			}
			res.Conversations = append(res.Conversations, id)
			res.NewMessages += len(newIDs)
			msgIDs = append(msgIDs, newIDs...)
		}
		if extra != nil {
			return extra(tx)
		}
		return nil
	})
	if err != nil {
		return IngestResult{}, fmt.Errorf("ingest handle %d: %w", handleID, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: res.Conversations},
		events.Delta{Entity: events.EntityMessage, Upserted: msgIDs})
	return res, nil
}

func (s *Store) legacyIngestOne(ctx context.Context, tx *sql.Tx, st *legacyStmts, handleID int64, c IncomingConversation) (int64, []int64, error) {
	if !c.Kind.Valid() {
		return 0, nil, fmt.Errorf("conversation %s: unknown kind %q", c.RemoteID, c.Kind)
	}
	custID, err := st.participantID(ctx, tx, c.Customer)
	if err != nil {
		return 0, nil, err
	}
	status := c.Status
	if status == "" {
		status = inbox.StatusOpen
	}
	var cust any
	if custID != 0 {
		cust = custID
	}
	if c.Kind == inbox.KindPrivate && custID != 0 {
		// A private conversation Care Inbox opened itself ("move to private")
		// has a local id until the network shows it: adopt it instead of
		// growing a second conversation with the same customer.
		if _, err := tx.ExecContext(ctx, `UPDATE conversations SET remote_id = ? WHERE id = (
			SELECT id FROM conversations WHERE handle_id = ? AND customer_id = ? AND kind = 'private'
			AND remote_id LIKE 'local:%' ORDER BY id LIMIT 1)
			AND NOT EXISTS (SELECT 1 FROM conversations WHERE handle_id = ? AND remote_id = ?)`,
			c.RemoteID, handleID, custID, handleID, c.RemoteID); err != nil {
			return 0, nil, fmt.Errorf("adopt local conversation for %s: %w", c.RemoteID, err)
		}
	}
	convExtra, err := encodeExtra(c.Extra)
	if err != nil {
		return 0, nil, fmt.Errorf("conversation %s: %w", c.RemoteID, err)
	}
	ins, err := st.convInsert.ExecContext(ctx, handleID, c.RemoteID, c.Kind, cust, c.Subject, status, ms(c.SnoozedUntil), convExtra)
	if err != nil {
		return 0, nil, fmt.Errorf("insert conversation %s: %w", c.RemoteID, err)
	}
	created, _ := ins.RowsAffected()
	var convID int64
	if err := st.convID.QueryRowContext(ctx, handleID, c.RemoteID).Scan(&convID); err != nil {
		return 0, nil, fmt.Errorf("find conversation %s: %w", c.RemoteID, err)
	}
	if created == 0 && convExtra != noExtra {
		if _, err := st.convExtra.ExecContext(ctx, convExtra, convID); err != nil {
			return 0, nil, fmt.Errorf("update conversation %s: %w", c.RemoteID, err)
		}
	}
	var newIDs []int64
	newInbound, newUnread := false, 0
	scored := false // a customer message was stored or edited: read the conversation again
	var answers []surveyInbound
	for _, m := range c.Messages {
		m.Text = capText(m.Text)
		m.AuthorName = capField(m.AuthorName)
		authorID, err := st.participantID(ctx, tx, m.Author)
		if err != nil {
			return 0, nil, err
		}
		name := m.AuthorName
		if name == "" {
			name = m.Author.Name()
		}
		delivery := m.Delivery
		if delivery == "" {
			delivery = inbox.DeliveryReceived
			if m.Direction == inbox.Outbound {
				delivery = inbox.DeliverySent
			}
		}
		var author any
		if authorID != 0 {
			author = authorID
		}
		extra, err := encodeExtra(m.Extra)
		if err != nil {
			return 0, nil, fmt.Errorf("message %s: %w", m.RemoteID, err)
		}
		score, threat := s.scoreInbound(m.Direction, m.Text)
		r, err := st.msgInsert.ExecContext(ctx, convID, handleID, m.RemoteID, m.Direction, author, name,
			m.Text, ms(m.SentAt), m.ReplyToRemoteID, delivery, extra, score, threat)
		if err != nil {
			return 0, nil, fmt.Errorf("insert message %s: %w", m.RemoteID, err)
		}
		if n, _ := r.RowsAffected(); n == 1 {
			id, _ := r.LastInsertId()
			newIDs = append(newIDs, id)
			if m.Direction == inbox.Inbound {
				newInbound, scored = true, true
				answers = append(answers, surveyInbound{id, m.Text, m.SentAt})
				if !m.Read {
					newUnread++
				}
			}
			continue
		}
		// Already stored: networks allow edits, so keep the latest text.
		up, err := st.msgUpdate.ExecContext(ctx, m.Text, name, score, threat, handleID, m.RemoteID, m.Text, name)
		if err != nil {
			return 0, nil, fmt.Errorf("update message %s: %w", m.RemoteID, err)
		}
		if n, _ := up.RowsAffected(); n == 1 && m.Direction == inbox.Inbound {
			scored = true
		}
		if extra != noExtra {
			if _, err := st.msgExtra.ExecContext(ctx, extra, handleID, m.RemoteID); err != nil {
				return 0, nil, fmt.Errorf("update message %s extra: %w", m.RemoteID, err)
			}
		}
	}
	reopen, err := legacyAnswerSurvey(ctx, tx, convID, answers, newInbound && created == 0)
	if err != nil {
		return 0, nil, err
	}
	if err := legacyRefresh(ctx, tx, convID, newUnread, reopen); err != nil {
		return 0, nil, err
	}
	if scored {
		if err := st.sentiment.refresh(ctx, convID); err != nil {
			return 0, nil, err
		}
	}
	return convID, newIDs, nil
}

// refreshConversation recomputes a conversation's stored aggregates from its
// messages. A new inbound message re-opens a pending, snoozed or resolved
// conversation: the customer spoke, so the business owes an answer again.
func legacyRefresh(ctx context.Context, tx *sql.Tx, convID int64, addUnread int, reopen bool) error {
	var lastIn, lastOut, lastAt, count int64
	err := tx.QueryRowContext(ctx, `SELECT
		COALESCE(MAX(CASE WHEN direction = 'in' THEN sent_at END), 0),
		COALESCE(MAX(CASE WHEN direction = 'out' AND delivery = 'sent' THEN sent_at END), 0),
		COALESCE(MAX(sent_at), 0), COUNT(*)
		FROM messages WHERE conversation_id = ?`, convID).Scan(&lastIn, &lastOut, &lastAt, &count)
	if err != nil {
		return fmt.Errorf("aggregate conversation %d: %w", convID, err)
	}
	var awaiting int64
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(sent_at), 0) FROM messages
		WHERE conversation_id = ? AND direction = 'in' AND sent_at > ?`, convID, lastOut).Scan(&awaiting)
	if err != nil {
		return fmt.Errorf("awaiting time of conversation %d: %w", convID, err)
	}
	var excerpt, dir string
	err = tx.QueryRowContext(ctx, `SELECT text, direction FROM messages WHERE conversation_id = ?
		ORDER BY sent_at DESC, id DESC LIMIT 1`, convID).Scan(&excerpt, &dir)
	if err != nil && err != sql.ErrNoRows {
		return fmt.Errorf("last message of conversation %d: %w", convID, err)
	}
	var status inbox.Status
	if err := tx.QueryRowContext(ctx, "SELECT status FROM conversations WHERE id = ?", convID).Scan(&status); err != nil {
		return fmt.Errorf("status of conversation %d: %w", convID, err)
	}
	if reopen && awaiting != 0 {
		status = inbox.StatusOpen
	}
	key := inbox.QueueKey(status, fromMS(awaiting), fromMS(lastAt))
	_, err = tx.ExecContext(ctx, `UPDATE conversations SET last_inbound_at = ?, last_outbound_at = ?,
		last_message_at = ?, awaiting_since = ?, message_count = ?, last_excerpt = ?, last_direction = ?,
		unread = unread + ?, status = ?, snoozed_until = CASE WHEN ? = 'snoozed' THEN snoozed_until ELSE 0 END,
		queue_key = ? WHERE id = ?`,
		lastIn, lastOut, lastAt, awaiting, count, inbox.Excerpt(excerpt, 140), dir, addUnread, status, status, key, convID)
	if err != nil {
		return fmt.Errorf("update conversation %d: %w", convID, err)
	}
	return nil
}

// legacyAnswerSurvey is answerSurvey as it read its survey, one query per
// conversation.
func legacyAnswerSurvey(ctx context.Context, tx *sql.Tx, convID int64, msgs []surveyInbound, reopen bool) (bool, error) {
	if len(msgs) == 0 {
		return reopen, nil
	}
	var askedAt int64
	var cust sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT asked_at, customer_id FROM csat_surveys WHERE conversation_id = ? AND state = 'asked'", convID).
		Scan(&askedAt, &cust)
	if errors.Is(err, sql.ErrNoRows) {
		return reopen, nil
	}
	if err != nil {
		return reopen, err
	}
	return answerSurvey(ctx, tx, convID, askedAt, cust, msgs, reopen)
}
