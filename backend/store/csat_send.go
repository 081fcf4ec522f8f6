package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"careinbox/backend/csat"
	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// SendDueSurveys asks every survey due by now: each in its own transaction
// that either writes the survey message with its outbox row and moves the
// survey to "asked", or records why it was not sent. The survey row is the
// once-only guarantee: a crash before the commit leaves it scheduled (and
// nothing queued); after, it is asked and never picked again. It returns
// the conversations whose survey was queued.
func (s *Store) SendDueSurveys(ctx context.Context, now time.Time) ([]int64, error) {
	rows, err := s.w.QueryContext(ctx, `SELECT conversation_id FROM csat_surveys WHERE state = 'scheduled' AND due_at <= ?
		ORDER BY due_at, conversation_id LIMIT 100`, ms(now))
	if err != nil {
		return nil, fmt.Errorf("due surveys: %w", err)
	}
	var due []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		due = append(due, id)
	}
	rows.Close()
	var asked, touched []int64
	for _, convID := range due {
		var msgID int64
		err := s.tx(ctx, func(tx *sql.Tx) error {
			var err error
			msgID, err = askSurvey(ctx, tx, convID, now)
			return err
		})
		if err != nil {
			return asked, fmt.Errorf("survey of conversation %d: %w", convID, err)
		}
		touched = append(touched, convID)
		if msgID != 0 {
			asked = append(asked, convID)
			s.publishMessages([]any{msgID})
		}
	}
	if len(touched) > 0 {
		s.publish(events.Delta{Entity: events.EntityConversation, Upserted: touched})
	}
	return asked, nil
}

func askSurvey(ctx context.Context, tx *sql.Tx, convID int64, now time.Time) (int64, error) {
	var clientID, handleID, lastIn int64
	var cust sql.NullInt64
	var nw inbox.Network
	var kind inbox.Kind
	var status inbox.Status
	var state, source string
	err := tx.QueryRowContext(ctx, `SELECT s.state, s.source, s.client_id, c.handle_id, h.network, c.kind, c.customer_id,
		c.status, c.last_inbound_at FROM csat_surveys s JOIN conversations c ON c.id = s.conversation_id
		JOIN handles h ON h.id = c.handle_id WHERE s.conversation_id = ?`, convID).
		Scan(&state, &source, &clientID, &handleID, &nw, &kind, &cust, &status, &lastIn)
	if err != nil || state != SurveyScheduled { // another run took it meanwhile
		return 0, err
	}
	settle := func(state, reason string) (int64, error) {
		_, err := tx.ExecContext(ctx, "UPDATE csat_surveys SET state = ?, reason = ?, updated_at = ? WHERE conversation_id = ?",
			state, reason, ms(now), convID)
		return 0, err
	}
	if source == "resolve" && status != inbox.StatusResolved {
		return settle(SurveyCancelled, "the conversation was reopened before the survey was due")
	}
	st, err := csatSettings(ctx, tx, clientID)
	if err != nil {
		return 0, err
	}
	f := csat.Facts{Network: nw, Kind: kind, HasCustomer: cust.Valid, LastInboundAt: fromMS(lastIn)}
	if lastIn == 0 {
		f.LastInboundAt = time.Time{}
	}
	if cust.Valid {
		var opted, last int64
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM csat_optouts WHERE participant_id = ?),
			COALESCE((SELECT MAX(asked_at) FROM csat_surveys WHERE customer_id = ? AND asked_at > 0), 0)`,
			cust.Int64, cust.Int64).Scan(&opted, &last); err != nil {
			return 0, err
		}
		f.OptedOut = opted == 1
		if last > 0 {
			f.LastSurveyed = fromMS(last)
		}
	}
	d := csat.Decide(st, f, now)
	if !d.Send {
		return settle(SurveyBlocked, d.Reason)
	}
	m, err := queueTx(ctx, tx, convID, handleID, st.Question, d.Visibility, SurveyAuthor, now)
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE csat_surveys SET state = 'asked', asked_at = ?, message_id = ?, scale = ?,
		reason = '', updated_at = ? WHERE conversation_id = ?`, ms(now), m.ID, st.Scale, ms(now), convID)
	return m.ID, err
}

// surveyInbound is a customer message new to the store.
type surveyInbound struct {
	id   int64
	text string
	at   time.Time
}

// answerSurvey records the customer's first message after an asked survey
// (csat.Parse); askedAt and cust are the survey's, read by Ingest for a
// whole page at once. A rating or an opt-out is recorded and, unless the
// message asks for more help, does not reopen the conversation: it returns
// reopen unchanged otherwise. Any other first message closes the survey
// unanswered.
func answerSurvey(ctx context.Context, tx *sql.Tx, convID, askedAt int64, cust sql.NullInt64, msgs []surveyInbound, reopen bool) (bool, error) {
	var first *surveyInbound
	for i := range msgs {
		if ms(msgs[i].at) >= askedAt && (first == nil || msgs[i].at.Before(first.at)) {
			first = &msgs[i]
		}
	}
	if first == nil {
		return reopen, nil
	}
	a := csat.Parse(first.text)
	if !a.Recognised() {
		_, err := tx.ExecContext(ctx, "UPDATE csat_surveys SET state = 'unanswered', answer_message_id = ?, updated_at = ? WHERE conversation_id = ?",
			first.id, ms(first.at), convID)
		return reopen, err
	}
	if a.OptOut && cust.Valid {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO csat_optouts(participant_id, source, created_at) VALUES (?, 'answer', ?)`,
			cust.Int64, ms(first.at)); err != nil {
			return reopen, err
		}
	}
	comment := a.Comment
	if a.OptOut {
		comment = first.text
	}
	if _, err := tx.ExecContext(ctx, `UPDATE csat_surveys SET state = 'answered', score = ?, comment = ?, answer_message_id = ?,
		answered_at = ?, updated_at = ? WHERE conversation_id = ?`, a.Score, comment, first.id, ms(first.at), ms(first.at), convID); err != nil {
		return reopen, err
	}
	return reopen && a.WantsHelp, nil
}

// SurveyOf reads a conversation's survey; ok is false when it has none.
func (s *Store) SurveyOf(ctx context.Context, convID int64) (Survey, bool, error) {
	list, err := s.surveys(ctx, "s.conversation_id = ?", convID)
	if err != nil || len(list) == 0 {
		return Survey{}, false, err
	}
	return list[0], true, nil
}

// CustomerSurveys lists a customer's surveys, newest first, and whether the customer opted out.
func (s *Store) CustomerSurveys(ctx context.Context, participantID int64) ([]Survey, bool, error) {
	list, err := s.surveys(ctx, "s.customer_id = ?", participantID)
	if err != nil {
		return nil, false, err
	}
	var opted int
	if err := s.r.QueryRowContext(ctx, "SELECT EXISTS(SELECT 1 FROM csat_optouts WHERE participant_id = ?)", participantID).Scan(&opted); err != nil {
		return nil, false, fmt.Errorf("opt-out of customer %d: %w", participantID, err)
	}
	return list, opted == 1, nil
}

func (s *Store) surveys(ctx context.Context, where string, arg any) ([]Survey, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT s.conversation_id, s.client_id, s.state, s.scale, s.due_at, s.asked_at,
		COALESCE(s.message_id, 0), s.reason, s.score, s.comment, s.answered_at,
		s.state = 'answered' AND s.score = 0
		FROM csat_surveys s WHERE `+where+` ORDER BY s.updated_at DESC, s.conversation_id DESC`, arg)
	if err != nil {
		return nil, fmt.Errorf("read surveys: %w", err)
	}
	defer rows.Close()
	var out []Survey
	for rows.Next() {
		var v Survey
		var due, asked, answered int64
		if err := rows.Scan(&v.ConversationID, &v.ClientID, &v.State, &v.Scale, &due, &asked, &v.MessageID, &v.Reason,
			&v.Score, &v.Comment, &answered, &v.OptedOut); err != nil {
			return nil, fmt.Errorf("scan survey: %w", err)
		}
		v.DueAt, v.AskedAt, v.AnsweredAt = optMS(due), optMS(asked), optMS(answered)
		out = append(out, v)
	}
	return out, rows.Err()
}

func optMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}

// SetSurveyOptOut records (or clears) a customer's wish not to be surveyed.
func (s *Store) SetSurveyOptOut(ctx context.Context, participantID int64, optOut bool, now time.Time) error {
	var err error
	if optOut {
		_, err = s.w.ExecContext(ctx, `INSERT OR IGNORE INTO csat_optouts(participant_id, source, created_at) VALUES (?, 'agent', ?)`,
			participantID, ms(now))
	} else {
		_, err = s.w.ExecContext(ctx, "DELETE FROM csat_optouts WHERE participant_id = ?", participantID)
	}
	if err != nil {
		if isForeignKey(err) {
			return fmt.Errorf("customer %d: %w", participantID, ErrNotFound)
		}
		return fmt.Errorf("survey opt-out of customer %d: %w", participantID, err)
	}
	return nil
}

// SurveyRow is one asked survey for the reports.
type SurveyRow struct {
	ClientID   int64
	Network    inbox.Network
	AskedAt    time.Time
	Answered   bool
	Score      int // 0 when the answer was an opt-out
	AnsweredAt time.Time
}

// SurveyRows lists the surveys asked in [from, to) (clientID 0: every client).
func (s *Store) SurveyRows(ctx context.Context, clientID int64, from, to time.Time) ([]SurveyRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT s.client_id, h.network, s.asked_at, s.state = 'answered', s.score, s.answered_at
		FROM csat_surveys s JOIN conversations c ON c.id = s.conversation_id JOIN handles h ON h.id = c.handle_id
		WHERE s.asked_at > 0 AND s.asked_at >= ? AND s.asked_at < ? AND (? = 0 OR s.client_id = ?)
		ORDER BY s.asked_at`, ms(from), ms(to), clientID, clientID)
	if err != nil {
		return nil, fmt.Errorf("survey rows: %w", err)
	}
	defer rows.Close()
	var out []SurveyRow
	for rows.Next() {
		var r SurveyRow
		var asked, answered int64
		if err := rows.Scan(&r.ClientID, &r.Network, &asked, &r.Answered, &r.Score, &answered); err != nil {
			return nil, fmt.Errorf("scan survey row: %w", err)
		}
		r.AskedAt, r.AnsweredAt = fromMS(asked), optMS(answered)
		out = append(out, r)
	}
	return out, rows.Err()
}

// SurveyScores lists, for the reports, the survey scores of the surveys
// asked in [from, to) in a scope (zero values: any): -1 not answered, 0 an
// opt-out, 1–5 a rating.
func (s *Store) SurveyScores(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind, from, to time.Time) ([]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT CASE WHEN s.state = 'answered' THEN s.score ELSE -1 END
		FROM csat_surveys s JOIN conversations c ON c.id = s.conversation_id JOIN handles h ON h.id = c.handle_id
		WHERE s.asked_at > 0 AND s.asked_at >= ? AND s.asked_at < ? AND (? = 0 OR s.client_id = ?)
		AND (? = 0 OR c.handle_id = ?) AND (? = '' OR h.network = ?) AND (? = '' OR c.kind = ?)`,
		ms(from), ms(to), clientID, clientID, handleID, handleID, network, network, kind, kind)
	if err != nil {
		return nil, fmt.Errorf("survey scores: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("scan survey score: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
