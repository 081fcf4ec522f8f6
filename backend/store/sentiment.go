package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
	"careinbox/backend/sentiment"
)

// Escalation signals (issue 12): every customer message is scored as it is
// ingested, and its conversation's reading (sentiment.Summarize over the
// customer's latest messages) is stored beside the queue columns, so the
// Irate and Negative filters are one indexed query.

// scoreInbound reads a customer's message: the score column's value (nil
// when not scored) and the threat phrase. The business's own messages are
// not scored.
func (s *Store) scoreInbound(dir inbox.Direction, text string) (any, string) {
	if dir != inbox.Inbound {
		return nil, ""
	}
	r := s.analyzer().Score(text)
	if r.Score == nil {
		return nil, r.Threat
	}
	return *r.Score, r.Threat
}

// signalWindow is how many of the customer's latest messages are read; it
// matches what sentiment.Summarize looks at.
const signalWindow = 5

// sentimentStmts read and store conversations' readings; prepared once per
// transaction, since an ingest refreshes every conversation of its page.
type sentimentStmts struct{ read, write *sql.Stmt }

func prepareSentiment(ctx context.Context, tx *sql.Tx) (*sentimentStmts, error) {
	read, err := tx.PrepareContext(ctx, `SELECT sentiment, threat FROM messages
		WHERE conversation_id = ? AND direction = 'in' ORDER BY sent_at DESC, id DESC LIMIT ?`)
	if err != nil {
		return nil, fmt.Errorf("prepare sentiment: %w", err)
	}
	write, err := tx.PrepareContext(ctx, `UPDATE conversations SET sentiment = ?1, mood = ?2, mood_trend = ?3, irate = ?4,
		irate_reason = ?5 WHERE id = ?6 AND (sentiment IS NOT ?1 OR mood <> ?2 OR mood_trend <> ?3 OR irate <> ?4
		OR irate_reason <> ?5)`)
	if err != nil {
		read.Close()
		return nil, fmt.Errorf("prepare sentiment: %w", err)
	}
	return &sentimentStmts{read, write}, nil
}

func (st *sentimentStmts) close() {
	if st != nil {
		st.read.Close()
		st.write.Close()
	}
}

// refresh recomputes a conversation's stored reading from its customer's
// latest messages. It writes only when the reading changed.
func (st *sentimentStmts) refresh(ctx context.Context, convID int64) error {
	rows, err := st.read.QueryContext(ctx, convID, signalWindow)
	if err != nil {
		return fmt.Errorf("read sentiment of conversation %d: %w", convID, err)
	}
	var pts []sentiment.Point
	for rows.Next() {
		var score sql.NullFloat64
		var p sentiment.Point
		if err := rows.Scan(&score, &p.Threat); err != nil {
			rows.Close()
			return fmt.Errorf("scan sentiment of conversation %d: %w", convID, err)
		}
		if score.Valid {
			v := score.Float64
			p.Score = &v
		}
		pts = append(pts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read sentiment of conversation %d: %w", convID, err)
	}
	// Newest first from the query; Summarize reads oldest first.
	slices.Reverse(pts)
	sig := sentiment.Summarize(pts)
	var score any
	if sig.Score != nil {
		score = *sig.Score
	}
	irate := 0
	if sig.Irate {
		irate = 1
	}
	if _, err := st.write.ExecContext(ctx, score, string(sig.Label), string(sig.Trend), irate, sig.Reason, convID); err != nil {
		return fmt.Errorf("store sentiment of conversation %d: %w", convID, err)
	}
	return nil
}

// sentimentCols are the conversation's reading, appended to summaryCols.
const sentimentCols = `, c.sentiment, c.mood, c.mood_trend, c.irate, c.irate_reason`

// sentimentDest returns scan targets for sentimentCols and a func that
// fills sum once scanned.
func sentimentDest(sum *inbox.ConversationSummary) ([]any, func()) {
	var score sql.NullFloat64
	var irate int
	dest := []any{&score, &sum.Sentiment.Label, &sum.Sentiment.Trend, &irate, &sum.Sentiment.Reason}
	return dest, func() {
		if score.Valid {
			v := score.Float64
			sum.Sentiment.Score = &v
		}
		sum.Sentiment.Irate = irate != 0
	}
}

// sentimentFilterSQL adds the Irate and Moods conditions of a filter.
func sentimentFilterSQL(f inbox.ConversationFilter, where []string, args []any) ([]string, []any) {
	if f.Irate {
		where = append(where, "c.irate = 1")
	}
	if len(f.Moods) > 0 {
		q := "c.mood IN (?"
		for range f.Moods[1:] {
			q += ", ?"
		}
		where = append(where, q+")")
		for _, m := range f.Moods {
			args = append(args, string(m))
		}
	}
	return where, args
}

// Backfill marks in the meta table: messages with from < id <= to were
// stored before scoring existed and are scored by BackfillSentiment.
const (
	metaBackfillFrom = "sentiment_backfill_from"
	metaBackfillTo   = "sentiment_backfill_to"
)

// BackfillSentiment scores up to limit customer messages stored before
// scoring existed, oldest id first, refreshes their conversations' readings
// and moves the mark in the same transaction: stopped at any point it
// resumes where it was, and once done it does nothing. It reports whether
// every old message is scored.
func (s *Store) BackfillSentiment(ctx context.Context, limit int) (done bool, err error) {
	if limit <= 0 {
		limit = 500
	}
	var msgIDs []int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		from, err := metaInt(ctx, tx, metaBackfillFrom)
		if err != nil {
			return err
		}
		to, err := metaInt(ctx, tx, metaBackfillTo)
		if err != nil {
			return err
		}
		if from >= to {
			done = true
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, conversation_id, text FROM messages
			WHERE id > ? AND id <= ? AND direction = 'in' ORDER BY id LIMIT ?`, from, to, limit)
		if err != nil {
			return fmt.Errorf("read messages to score: %w", err)
		}
		type row struct {
			id, conv int64
			text     string
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.conv, &r.text); err != nil {
				rows.Close()
				return fmt.Errorf("scan message to score: %w", err)
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read messages to score: %w", err)
		}
		upd, err := tx.PrepareContext(ctx, "UPDATE messages SET sentiment = ?, threat = ? WHERE id = ?")
		if err != nil {
			return fmt.Errorf("prepare scoring: %w", err)
		}
		defer upd.Close()
		convs := map[int64]bool{}
		var order []int64
		for _, r := range batch {
			score, threat := s.scoreInbound(inbox.Inbound, r.text)
			if _, err := upd.ExecContext(ctx, score, threat, r.id); err != nil {
				return fmt.Errorf("score message %d: %w", r.id, err)
			}
			msgIDs = append(msgIDs, r.id)
			if !convs[r.conv] {
				convs[r.conv] = true
				order = append(order, r.conv)
			}
		}
		refresh, err := prepareSentiment(ctx, tx)
		if err != nil {
			return err
		}
		defer refresh.close()
		for _, id := range order {
			if err := refresh.refresh(ctx, id); err != nil {
				return err
			}
		}
		next := to
		if len(batch) == limit {
			next = batch[len(batch)-1].id
		}
		done = next >= to
		_, err = tx.ExecContext(ctx, "UPDATE meta SET value = ? WHERE key = ?", strconv.FormatInt(next, 10), metaBackfillFrom)
		if err != nil {
			return fmt.Errorf("move the scoring mark: %w", err)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("backfill sentiment: %w", err)
	}
	// Message deltas, not conversation ones: the screen refetches what it
	// shows, and the deadline service (which listens to conversations) is
	// not asked to recompute a whole archive for a new column.
	s.publish(events.Delta{Entity: events.EntityMessage, Upserted: msgIDs})
	return done, nil
}

func metaInt(ctx context.Context, tx *sql.Tx, key string) (int64, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read meta %s: %w", key, err)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read meta %s: %w", key, err)
	}
	return n, nil
}

// SentimentTally counts conversations by how their customer sounds, and
// the customer messages of a period by label: for reports.
type SentimentTally struct {
	Conversations map[inbox.Mood]int // by the conversation's current reading
	Irate         int                // conversations whose customer is irate
	Messages      map[inbox.Mood]int // customer messages sent in the period, by label
}

// SentimentTally reads the conversations matching f with activity in
// [from, to) and their customer messages sent in that period.
func (s *Store) SentimentTally(ctx context.Context, f inbox.ConversationFilter, from, to time.Time) (SentimentTally, error) {
	out := SentimentTally{Conversations: map[inbox.Mood]int{}, Messages: map[inbox.Mood]int{}}
	if err := f.Validate(); err != nil {
		return out, fmt.Errorf("sentiment tally: %w", err)
	}
	where, args := filterSQL(f)
	cond := " WHERE "
	if where != "" {
		cond = where + " AND "
	}
	cond += "c.last_message_at >= ? AND c.last_message_at < ?"
	args = append(args, ms(from), ms(to))
	rows, err := s.r.QueryContext(ctx, "SELECT c.mood, COUNT(*), SUM(c.irate) FROM conversations c"+cond+" GROUP BY c.mood", args...)
	if err != nil {
		return out, fmt.Errorf("sentiment tally: %w", err)
	}
	for rows.Next() {
		var m inbox.Mood
		var n, irate int
		if err := rows.Scan(&m, &n, &irate); err != nil {
			rows.Close()
			return out, fmt.Errorf("sentiment tally: %w", err)
		}
		out.Conversations[m] = n
		out.Irate += irate
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("sentiment tally: %w", err)
	}
	margs := append([]any{ms(from), ms(to)}, args[:len(args)-2]...)
	mwhere := ""
	if where != "" {
		mwhere = " AND m.conversation_id IN (SELECT c.id FROM conversations c" + where + ")"
	}
	rows, err = s.r.QueryContext(ctx, `SELECT CASE WHEN m.sentiment IS NULL THEN 'unknown'
		WHEN m.sentiment <= -0.05 THEN 'negative' WHEN m.sentiment >= 0.05 THEN 'positive' ELSE 'neutral' END AS label,
		COUNT(*) FROM messages m WHERE m.direction = 'in' AND m.sent_at >= ? AND m.sent_at < ?`+mwhere+` GROUP BY label`, margs...)
	if err != nil {
		return out, fmt.Errorf("sentiment tally of messages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m inbox.Mood
		var n int
		if err := rows.Scan(&m, &n); err != nil {
			return out, fmt.Errorf("sentiment tally of messages: %w", err)
		}
		out.Messages[m] = n
	}
	return out, rows.Err()
}
