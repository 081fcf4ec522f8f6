package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/deadline"
	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// Deadline writes are announced as events.EntityDeadline deltas: their own
// entity, so the deadline service, which writes them, can ignore its own
// writes (no feedback loop) while the UI still refetches what it shows.

func idArgs(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(?" + strings.Repeat(", ?", len(ids)-1) + ")", args
}

// chunks splits ids so a query stays under SQLite's variable limit.
func chunks(ids []int64, n int) [][]int64 {
	var out [][]int64
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

const deadlineCols = `conversation_id, clock, kind, started_at, warn_at, internal_at, promise_warn_at,
	published_at, window_at, state, next_at, computed_at`

func scanDeadline(sc interface{ Scan(...any) error }) (deadline.Deadline, error) {
	var d deadline.Deadline
	var start, warn, internal, pwarn, pub, win, next, computed int64
	err := sc.Scan(&d.ConversationID, &d.Clock, &d.Kind, &start, &warn, &internal, &pwarn, &pub, &win, &d.State, &next, &computed)
	d.StartedAt, d.WarnAt, d.InternalAt, d.PromiseWarnAt = fromMS(start), fromMS(warn), fromMS(internal), fromMS(pwarn)
	d.PublishedAt, d.WindowAt, d.NextAt, d.ComputedAt = fromMS(pub), fromMS(win), fromMS(next), fromMS(computed)
	return d, err
}

// DeadlineInputs reads what the deadline service needs for the given
// conversations; unknown ids are left out.
// The customer's first message time is the one SQLite's triggers maintain
// (migration 0005, tested against the messages in report_memo_test.go):
// one column instead of a MIN over each conversation's messages.
func (s *Store) DeadlineInputs(ctx context.Context, ids []int64) ([]deadline.Input, error) {
	var out []deadline.Input
	for _, part := range chunks(ids, 400) {
		in, args := idArgs(part)
		pos := map[int64]int{}
		rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.handle_id, h.client_id, h.network, c.kind, c.status,
			c.snoozed_until, c.awaiting_since, c.last_inbound_at, c.last_outbound_at, c.last_message_at, c.queue_key,
			COALESCE(c.report_first_in_at, 0), c.proactive, c.history_before
			FROM conversations c JOIN handles h ON h.id = c.handle_id WHERE c.id IN `+in, args...)
		if err != nil {
			return nil, fmt.Errorf("read deadline inputs: %w", err)
		}
		for rows.Next() {
			var d deadline.Input
			var snoozed, awaiting, lastIn, lastOut, lastAt, firstIn, history int64
			if err := rows.Scan(&d.ConversationID, &d.HandleID, &d.ClientID, &d.Network, &d.Kind, &d.Status,
				&snoozed, &awaiting, &lastIn, &lastOut, &lastAt, &d.QueueKey, &firstIn, &d.Proactive, &history); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan deadline input: %w", err)
			}
			d.SnoozedUntil, d.AwaitingSince, d.LastInboundAt = fromMS(snoozed), fromMS(awaiting), fromMS(lastIn)
			d.LastOutboundAt, d.LastMessageAt, d.FirstInboundAt = fromMS(lastOut), fromMS(lastAt), fromMS(firstIn)
			d.HistoryBefore = fromMS(history)
			pos[d.ConversationID] = len(out)
			out = append(out, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read deadline inputs: %w", err)
		}
		rows, err = s.r.QueryContext(ctx, `SELECT conversation_id, status, at FROM conversation_status_changes
			WHERE conversation_id IN `+in+` ORDER BY conversation_id, at, id`, args...)
		if err != nil {
			return nil, fmt.Errorf("read status history: %w", err)
		}
		for rows.Next() {
			var id, at int64
			var st inbox.Status
			if err := rows.Scan(&id, &st, &at); err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan status history: %w", err)
			}
			if i, ok := pos[id]; ok {
				out[i].History = append(out[i].History, deadline.StatusChange{Status: st, At: fromMS(at)})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read status history: %w", err)
		}
		current, err := s.DeadlinesFor(ctx, part)
		if err != nil {
			return nil, err
		}
		for id, ds := range current {
			if i, ok := pos[id]; ok {
				out[i].Current = ds
			}
		}
	}
	return out, nil
}

// DeadlinesFor reads the stored deadlines of the given conversations.
func (s *Store) DeadlinesFor(ctx context.Context, ids []int64) (map[int64][]deadline.Deadline, error) {
	out := map[int64][]deadline.Deadline{}
	for _, part := range chunks(ids, 400) {
		in, args := idArgs(part)
		rows, err := s.r.QueryContext(ctx, "SELECT "+deadlineCols+" FROM deadlines WHERE conversation_id IN "+in+
			" ORDER BY conversation_id, clock DESC", args...)
		if err != nil {
			return nil, fmt.Errorf("read deadlines: %w", err)
		}
		for rows.Next() {
			d, err := scanDeadline(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan deadline: %w", err)
			}
			out[d.ConversationID] = append(out[d.ConversationID], d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read deadlines: %w", err)
		}
	}
	return out, nil
}

// DeadlineCandidates lists conversations whose deadlines need computing: every
// one not resolved, and every one with a stored deadline (so a clock that
// stopped is closed). clientID 0 means all clients.
func (s *Store) DeadlineCandidates(ctx context.Context, clientID int64) ([]int64, error) {
	q := `SELECT c.id FROM conversations c JOIN handles h ON h.id = c.handle_id
		WHERE (c.status <> 'resolved' OR c.id IN (SELECT conversation_id FROM deadlines)) AND (? = 0 OR h.client_id = ?)
		ORDER BY c.id`
	return s.ids(ctx, q, clientID, clientID)
}

// DueDeadlineConversations lists conversations with a deadline whose state
// changes at or before now (the indexed query that drives the notifier).
func (s *Store) DueDeadlineConversations(ctx context.Context, now time.Time) ([]int64, error) {
	return s.ids(ctx, `SELECT DISTINCT conversation_id FROM deadlines WHERE next_at > 0 AND next_at <= ?`, ms(now))
}

// DueWithin lists conversations whose earliest internal due time is at or
// before until (breached ones included), soonest first, for the "due soon" view.
func (s *Store) DueWithin(ctx context.Context, until time.Time, limit int) ([]inbox.ConversationSummary, error) {
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	// The soonest ids are picked before the conversations are joined: joining
	// first read every due conversation's row (thousands when many are
	// overdue) only to keep the first page. Deadlines and public closes cascade
	// with their conversation, so every picked id has its row.
	q := "SELECT " + summaryCols + " FROM (" + dueTimes + ` HAVING MIN(due) <= ? ORDER BY MIN(due), conversation_id LIMIT ?) d
		JOIN conversations c ON c.id = d.conversation_id` + summaryJoins + `
		ORDER BY d.due, c.id`
	rows, err := s.r.QueryContext(ctx, q, ms(until), limit)
	if err != nil {
		return nil, fmt.Errorf("list due conversations: %w", err)
	}
	defer rows.Close()
	var out []inbox.ConversationSummary
	for rows.Next() {
		c, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("scan conversation: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list due conversations: %w", err)
	}
	return out, s.attachTags(ctx, out)
}

// dueTimes is when each conversation with open work falls due: the internal
// target (or the platform's reply window when that closes first) of each
// running clock, and a public close that is asked for, due at its deadline or
// (none set) since its private side resolved, whichever comes first. The Due
// soon view and the tray count by it.
const dueTimes = `SELECT conversation_id, MIN(due) AS due FROM (
		SELECT conversation_id, CASE WHEN window_at > 0 AND window_at < internal_at THEN window_at ELSE internal_at END AS due
		FROM deadlines WHERE internal_at > 0 AND state <> 'paused'
		UNION ALL SELECT conversation_id, CASE WHEN due_at > 0 THEN due_at ELSE private_resolved_at END
		FROM public_closes WHERE state IN ('prompt', 'sending'))
	GROUP BY conversation_id`

// NextDueAfter is the soonest instant after t at which a conversation falls
// due (zero: none), so a reader of DueWithin knows when its answer next
// changes without a write: the tray sleeps until then.
func (s *Store) NextDueAfter(ctx context.Context, t time.Time) (time.Time, error) {
	var v int64
	if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MIN(due), 0) FROM ("+dueTimes+") WHERE due > ?",
		ms(t)).Scan(&v); err != nil {
		return time.Time{}, fmt.Errorf("read next due time: %w", err)
	}
	return fromMS(v), nil
}

// NextDeadlineAt is the soonest instant any deadline changes state (zero: none).
func (s *Store) NextDeadlineAt(ctx context.Context) (time.Time, error) {
	var v int64
	if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MIN(next_at), 0) FROM deadlines WHERE next_at > 0").Scan(&v); err != nil {
		return time.Time{}, fmt.Errorf("read next deadline: %w", err)
	}
	return fromMS(v), nil
}

// NextDeadlineAfter is the soonest instant after after at which any deadline
// changes state (zero: none); marks at or before it are left out.
func (s *Store) NextDeadlineAfter(ctx context.Context, after time.Time) (time.Time, error) {
	var v int64
	if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MIN(next_at), 0) FROM deadlines WHERE next_at > 0 AND next_at > ?",
		ms(after)).Scan(&v); err != nil {
		return time.Time{}, fmt.Errorf("read next deadline: %w", err)
	}
	return fromMS(v), nil
}

func (s *Store) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list ids: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan id: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// SaveDeadlines stores recomputed deadlines, appends their events and sets
// the inbox order, in one transaction. Conversations deleted meanwhile are
// skipped. Announced as events.EntityDeadline deltas.
func (s *Store) SaveDeadlines(ctx context.Context, ups []deadline.Update) error {
	if len(ups) == 0 {
		return nil
	}
	stmts, err := s.writeStatements(ctx)
	if err != nil {
		return fmt.Errorf("save deadlines: %w", err)
	}
	var changed []int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		changed, err = saveDeadlines(&pageTx{ctx: ctx, tx: tx, stmts: stmts}, ups)
		return err
	})
	if err != nil {
		return fmt.Errorf("save deadlines: %w", err)
	}
	if len(changed) > 0 { // every conversation of the page was deleted meanwhile: nothing to refetch
		s.publish(events.Delta{Entity: events.EntityDeadline, Upserted: changed})
	}
	return nil
}

// Summaries reads the list rows of the given conversations (unknown ids are
// left out), in id order.
func (s *Store) Summaries(ctx context.Context, ids []int64) ([]inbox.ConversationSummary, error) {
	var out []inbox.ConversationSummary
	for _, part := range chunks(ids, 400) {
		in, args := idArgs(part)
		rows, err := s.r.QueryContext(ctx, "SELECT "+summaryCols+summaryFrom+" WHERE c.id IN "+in+" ORDER BY c.id", args...)
		if err != nil {
			return nil, fmt.Errorf("read conversations: %w", err)
		}
		for rows.Next() {
			c, err := scanSummary(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("scan conversation: %w", err)
			}
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read conversations: %w", err)
		}
	}
	return out, s.attachTags(ctx, out)
}
