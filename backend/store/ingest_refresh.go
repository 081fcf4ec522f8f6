package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"careinbox/backend/inbox"
	"careinbox/backend/sentiment"
)

// refreshItem is a conversation whose stored aggregates are recomputed.
type refreshItem struct {
	id        int64
	addUnread int  // new customer messages not read elsewhere
	reopen    bool // a new customer message on a stored conversation
	scored    bool // a customer message was stored or edited: read its mood again
}

// The stored aggregates of a set of conversations, read from their messages
// in one statement (?1: a JSON array of conversation ids), beside what is
// stored now so that unchanged conversations are not written.
const qRefreshRead = `SELECT c.id, c.status, c.snoozed_until, c.last_inbound_at, c.last_outbound_at, c.last_message_at,
		c.awaiting_since, c.message_count, c.last_excerpt, c.last_direction, c.queue_key,
		c.sentiment, c.mood, c.mood_trend, c.irate, c.irate_reason,
		COALESCE(a.li, 0), COALESCE(a.lo, 0), COALESCE(a.la, 0), COALESCE(a.n, 0),
		COALESCE((SELECT MIN(m.sent_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
			AND m.sent_at > COALESCE(a.lo, 0)), 0),
		COALESCE(lm.text, ''), COALESCE(lm.direction, ''), a.fa, a.la, a.fi
	FROM json_each(?1) j
	CROSS JOIN conversations c ON c.id = j.value
	LEFT JOIN (SELECT conversation_id,
			MAX(CASE WHEN direction = 'in' THEN sent_at END) AS li,
			MAX(CASE WHEN direction = 'out' AND delivery = 'sent' THEN sent_at END) AS lo,
			MAX(sent_at) AS la, COUNT(*) AS n, MIN(sent_at) AS fa, MIN(CASE WHEN direction = 'in' THEN sent_at END) AS fi
		FROM messages WHERE conversation_id IN (SELECT value FROM json_each(?1)) GROUP BY conversation_id) a
		ON a.conversation_id = c.id
	LEFT JOIN messages lm ON lm.id = (SELECT id FROM messages WHERE conversation_id = c.id
		ORDER BY sent_at DESC, id DESC LIMIT 1)`

// The customer's latest messages of each conversation (?1: JSON array of
// ids; ?2: how many), newest first: what sentiment.Summarize reads.
const qSentimentRead = `SELECT j.value, m.sentiment, m.threat FROM json_each(?1) j
	CROSS JOIN messages m ON m.id IN (SELECT id FROM messages WHERE conversation_id = j.value AND direction = 'in'
		ORDER BY sent_at DESC, id DESC LIMIT ?2)
	ORDER BY j.key, m.sent_at DESC, m.id DESC`

// The refresh writes stamp the report columns (report_batch.go): the
// version, and the earliest and latest sent_at of the messages and the
// customer's earliest, which is what migration 0005's triggers keep. Outside
// a report batch (the other writers) the triggers stamp the row once more.
const refreshReportCols = `report_version = (SELECT n FROM report_clock),
		report_first_at = w.rf, report_last_at = w.rl, report_first_in_at = w.ri`

const qRefreshWrite = `WITH ` + rowsCTE + `, w AS MATERIALIZED (SELECT v->>'i' AS i, v->>'li' AS li, v->>'lo' AS lo,
		v->>'la' AS la, v->>'aw' AS aw, v->>'n' AS n, v->>'ex' AS ex, v->>'dir' AS dir, v->>'u' AS u, v->>'st' AS st,
		v->>'sz' AS sz, v->>'qk' AS qk, v->>'se' AS se, v->>'mo' AS mo, v->>'mt' AS mt, v->>'ir' AS ir, v->>'rr' AS rr,
		v->>'rf' AS rf, v->>'rl' AS rl, v->>'ri' AS ri
		FROM j)
	UPDATE conversations SET last_inbound_at = w.li, last_outbound_at = w.lo, last_message_at = w.la,
		awaiting_since = w.aw, message_count = w.n, last_excerpt = w.ex, last_direction = w.dir, unread = unread + w.u,
		status = w.st, snoozed_until = w.sz, queue_key = w.qk,
		sentiment = w.se, mood = w.mo, mood_trend = w.mt, irate = w.ir, irate_reason = w.rr,
		` + refreshReportCols + `
	FROM w WHERE conversations.id = w.i`

// qRefreshNarrow is qRefreshWrite for conversations whose order, status
// and wait did not change (more messages in a thread still waiting, say):
// SQLite rewrites every index on a column a statement sets, even to the
// same value, and most of the table's thirteen indexes hold those columns.
const qRefreshNarrow = `WITH ` + rowsCTE + `, w AS MATERIALIZED (SELECT v->>'i' AS i, v->>'li' AS li, v->>'lo' AS lo,
		v->>'la' AS la, v->>'n' AS n, v->>'ex' AS ex, v->>'dir' AS dir, v->>'u' AS u, v->>'se' AS se, v->>'mo' AS mo,
		v->>'mt' AS mt, v->>'ir' AS ir, v->>'rr' AS rr,
		v->>'rf' AS rf, v->>'rl' AS rl, v->>'ri' AS ri
		FROM j)
	UPDATE conversations SET last_inbound_at = w.li, last_outbound_at = w.lo, last_message_at = w.la,
		message_count = w.n, last_excerpt = w.ex, last_direction = w.dir, unread = unread + w.u,
		sentiment = w.se, mood = w.mo, mood_trend = w.mt, irate = w.ir, irate_reason = w.rr,
		` + refreshReportCols + `
	FROM w WHERE conversations.id = w.i`

// reportSpan is a conversation's report_first_at, report_last_at and
// report_first_in_at (nil: no message).
type reportSpan struct {
	First   *int64 `json:"rf"`
	Last    *int64 `json:"rl"`
	FirstIn *int64 `json:"ri"`
}

// convAggregates are a conversation's stored aggregate columns.
type convAggregates struct {
	LastIn    int64        `json:"li"`
	LastOut   int64        `json:"lo"`
	LastAt    int64        `json:"la"`
	Awaiting  int64        `json:"aw"`
	Count     int64        `json:"n"`
	Excerpt   string       `json:"ex"`
	Direction string       `json:"dir"`
	Status    inbox.Status `json:"st"`
	Snoozed   int64        `json:"sz"`
	QueueKey  int64        `json:"qk"`
	Sentiment *float64     `json:"se"`
	Mood      string       `json:"mo"`
	Trend     string       `json:"mt"`
	Irate     int          `json:"ir"`
	Reason    string       `json:"rr"`
}

func (a convAggregates) equal(b convAggregates) bool {
	sa, sb := a.Sentiment, b.Sentiment
	a.Sentiment, b.Sentiment = nil, nil
	return a == b && (sa == nil) == (sb == nil) && (sa == nil || *sa == *sb)
}

// refreshConversation recomputes one conversation's stored aggregates (the
// writers besides Ingest: replies, moves to private, public closes).
func refreshConversation(ctx context.Context, tx *sql.Tx, convID int64, addUnread int, reopen bool) error {
	return refreshConversations(&pageTx{ctx: ctx, tx: tx}, []refreshItem{{id: convID, addUnread: addUnread, reopen: reopen}})
}

// refreshConversations recomputes conversations' stored aggregates from
// their messages: two reads and at most one write whatever their number.
// A new inbound message re-opens a pending, snoozed or resolved
// conversation: the customer spoke, so the business owes an answer again.
// Conversations whose aggregates did not change are not written.
func refreshConversations(q *pageTx, items []refreshItem) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]int64, len(items))
	byID := make(map[int64]*refreshItem, len(items))
	var scored []int64
	for i := range items {
		ids[i] = items[i].id
		byID[items[i].id] = &items[i]
		if items[i].scored {
			scored = append(scored, items[i].id)
		}
	}
	arg, err := jsonRows(ids)
	if err != nil {
		return err
	}
	readings, err := readSentiment(q, scored)
	if err != nil {
		return err
	}
	type writeRow struct {
		ID int64 `json:"i"`
		convAggregates
		AddUnread int `json:"u"`
		reportSpan
	}
	var writes, narrow []writeRow
	err = q.each(qRefreshRead, func(r *sql.Rows) error {
		var id int64
		var cur, next convAggregates
		var curScore sql.NullFloat64
		var text string
		var span reportSpan
		if err := r.Scan(&id, &cur.Status, &cur.Snoozed, &cur.LastIn, &cur.LastOut, &cur.LastAt, &cur.Awaiting, &cur.Count,
			&cur.Excerpt, &cur.Direction, &cur.QueueKey, &curScore, &cur.Mood, &cur.Trend, &cur.Irate, &cur.Reason,
			&next.LastIn, &next.LastOut, &next.LastAt, &next.Count, &next.Awaiting, &text, &next.Direction,
			&span.First, &span.Last, &span.FirstIn); err != nil {
			return err
		}
		if curScore.Valid {
			v := curScore.Float64
			cur.Sentiment = &v
		}
		it := byID[id]
		next.Status = cur.Status
		if it.reopen && next.Awaiting != 0 {
			next.Status = inbox.StatusOpen
		}
		next.Snoozed = 0
		if next.Status == inbox.StatusSnoozed {
			next.Snoozed = cur.Snoozed
		}
		next.QueueKey = inbox.QueueKey(next.Status, fromMS(next.Awaiting), fromMS(next.LastAt))
		if next.Status == inbox.StatusOpen && next.Awaiting != 0 && cur.Status == next.Status &&
			cur.Awaiting == next.Awaiting && cur.LastOut == next.LastOut {
			// Still waiting since the same message: the order stays, which may
			// be the deadline service's (by due time, see deadline.Recompute).
			// Its clock did not move, so writing the plain key would only have
			// the service write its own back, the row jumping meanwhile.
			next.QueueKey = cur.QueueKey
		}
		next.Excerpt = inbox.Excerpt(text, 140)
		next.Sentiment, next.Mood, next.Trend, next.Irate, next.Reason = cur.Sentiment, cur.Mood, cur.Trend, cur.Irate, cur.Reason
		if sig, ok := readings[id]; ok {
			next.setReading(sig)
		}
		switch {
		case it.addUnread == 0 && next.equal(cur):
		case next.QueueKey == cur.QueueKey && next.Status == cur.Status && next.Snoozed == cur.Snoozed &&
			next.Awaiting == cur.Awaiting:
			narrow = append(narrow, writeRow{id, next, it.addUnread, span})
		default:
			writes = append(writes, writeRow{id, next, it.addUnread, span})
		}
		return nil
	}, arg)
	if err != nil {
		return fmt.Errorf("aggregate conversations: %w", err)
	}
	for _, w := range []struct {
		query string
		rows  []writeRow
	}{{qRefreshWrite, writes}, {qRefreshNarrow, narrow}} {
		if len(w.rows) == 0 {
			continue
		}
		arg, err := jsonRows(w.rows)
		if err != nil {
			return err
		}
		if _, err := q.exec(w.query, arg); err != nil {
			return fmt.Errorf("update conversations: %w", err)
		}
	}
	return nil
}

// readSentiment reads the customer's latest messages of each conversation
// and sums them up (sentiment.Summarize).
func readSentiment(q *pageTx, ids []int64) (map[int64]sentiment.Signal, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	arg, err := jsonRows(ids)
	if err != nil {
		return nil, err
	}
	pts := map[int64][]sentiment.Point{}
	err = q.each(qSentimentRead, func(r *sql.Rows) error {
		var id int64
		var score sql.NullFloat64
		var p sentiment.Point
		if err := r.Scan(&id, &score, &p.Threat); err != nil {
			return err
		}
		if score.Valid {
			v := score.Float64
			p.Score = &v
		}
		pts[id] = append(pts[id], p)
		return nil
	}, arg, signalWindow)
	if err != nil {
		return nil, fmt.Errorf("read sentiment: %w", err)
	}
	out := make(map[int64]sentiment.Signal, len(ids))
	for _, id := range ids {
		p := pts[id]
		slices.Reverse(p) // newest first from the query; Summarize reads oldest first
		out[id] = sentiment.Summarize(p)
	}
	return out, nil
}

// newAggregates computes, in Go, what refreshConversations would store for
// a conversation new to the store whose page messages are all stored now:
// such a conversation is inserted with them (qConvInsert) instead of being
// inserted and then updated, which rewrites every index of the table.
// Messages are ordered as stored, by sent_at and then id, ids growing in
// page order.
func newAggregates(c *pageConv) (convAggregates, int) {
	var a convAggregates
	a.Status = c.status
	if a.Status == inbox.StatusSnoozed {
		a.Snoozed = ms(c.in.SnoozedUntil)
	}
	unread, last := 0, -1
	for i, m := range c.msgs {
		a.Count++
		a.LastAt = max(a.LastAt, m.sentAt)
		if m.direction == string(inbox.Inbound) {
			a.LastIn = max(a.LastIn, m.sentAt)
			if !m.read {
				unread++
			}
		} else if m.direction == string(inbox.Outbound) && m.delivery == string(inbox.DeliverySent) {
			a.LastOut = max(a.LastOut, m.sentAt)
		}
		if last < 0 || m.sentAt >= c.msgs[last].sentAt {
			last = i
		}
	}
	var in []int // customer messages, newest first
	for i, m := range c.msgs {
		if m.direction != string(inbox.Inbound) {
			continue
		}
		in = append(in, i)
		if m.sentAt > a.LastOut && (a.Awaiting == 0 || m.sentAt < a.Awaiting) {
			a.Awaiting = m.sentAt
		}
	}
	if last >= 0 {
		a.Excerpt, a.Direction = inbox.Excerpt(c.msgs[last].text, 140), c.msgs[last].direction
	}
	a.QueueKey = inbox.QueueKey(a.Status, fromMS(a.Awaiting), fromMS(a.LastAt))
	slices.SortStableFunc(in, func(x, y int) int { return cmpInt(c.msgs[y].sentAt, c.msgs[x].sentAt, y, x) })
	pts := make([]sentiment.Point, 0, signalWindow)
	for _, i := range in[:min(len(in), signalWindow)] {
		p := sentiment.Point{Threat: c.msgs[i].threat}
		if f, ok := c.msgs[i].score.(float64); ok {
			p.Score = &f
		}
		pts = append(pts, p)
	}
	slices.Reverse(pts)
	a.setReading(sentiment.Summarize(pts))
	return a, unread
}

// cmpInt orders by a then b.
func cmpInt(a1, a2 int64, b1, b2 int) int {
	switch {
	case a1 < a2:
		return -1
	case a1 > a2:
		return 1
	}
	return b1 - b2
}

func (a *convAggregates) setReading(sig sentiment.Signal) {
	a.Sentiment, a.Mood, a.Trend, a.Reason = sig.Score, string(sig.Label), string(sig.Trend), sig.Reason
	a.Irate = 0
	if sig.Irate {
		a.Irate = 1
	}
}
