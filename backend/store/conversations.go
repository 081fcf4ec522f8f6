package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"careinbox/backend/events"
	"careinbox/backend/inbox"
)

// ConversationPage is one window of the inbox list plus the total it is cut from.
type ConversationPage struct {
	Total int
	Items []inbox.ConversationSummary
}

// ConversationDetail is one conversation with its whole history.
type ConversationDetail struct {
	Summary  inbox.ConversationSummary
	Messages []inbox.Message // the newest, oldest first (see MaxThreadMessages)
	Notes    []inbox.Note
	// Omitted counts older messages left out of Messages.
	Omitted int
}

const summaryCols = `c.id, c.handle_id, c.remote_id, c.kind, COALESCE(c.customer_id, 0), c.subject, c.status,
	c.snoozed_until, c.last_inbound_at, c.last_outbound_at, c.last_message_at, c.awaiting_since, c.unread,
	c.message_count, h.client_id, cl.name, h.network, h.display_name, COALESCE(p.display_name, ''),
	COALESCE(p.username, ''), c.last_excerpt, c.last_direction` + sentimentCols

const summaryFrom = ` FROM conversations c` + summaryJoins

// summaryJoins are what summaryCols reads beside the conversation c.
const summaryJoins = `
	JOIN handles h ON h.id = c.handle_id
	JOIN clients cl ON cl.id = h.client_id
	LEFT JOIN participants p ON p.id = c.customer_id`

func scanSummary(sc interface{ Scan(...any) error }) (inbox.ConversationSummary, error) {
	var c inbox.ConversationSummary
	var snoozed, lastIn, lastOut, lastAt, awaiting int64
	moodDest, moodDone := sentimentDest(&c)
	err := sc.Scan(append([]any{&c.ID, &c.HandleID, &c.RemoteID, &c.Kind, &c.CustomerID, &c.Subject, &c.Status,
		&snoozed, &lastIn, &lastOut, &lastAt, &awaiting, &c.Unread, &c.MessageCount, &c.ClientID,
		&c.ClientName, &c.Network, &c.HandleName, &c.CustomerName, &c.CustomerUser, &c.LastExcerpt,
		&c.LastDirection}, moodDest...)...)
	moodDone()
	c.SnoozedUntil, c.LastInboundAt, c.LastOutboundAt = fromMS(snoozed), fromMS(lastIn), fromMS(lastOut)
	c.LastMessageAt, c.AwaitingSince = fromMS(lastAt), fromMS(awaiting)
	return c, err
}

// filterSQL turns a filter into a WHERE clause over conversations c.
func filterSQL(f inbox.ConversationFilter) (string, []any) {
	var where []string
	var args []any
	if f.HandleID != 0 {
		where = append(where, "c.handle_id = ?")
		args = append(args, f.HandleID)
	}
	if f.ClientID != 0 {
		where = append(where, "c.handle_id IN (SELECT id FROM handles WHERE client_id = ?)")
		args = append(args, f.ClientID)
	}
	if f.Network != "" {
		where = append(where, "c.handle_id IN (SELECT id FROM handles WHERE network = ?)")
		args = append(args, f.Network)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "c.status IN (?"+strings.Repeat(", ?", len(f.Statuses)-1)+")")
		for _, st := range f.Statuses {
			args = append(args, st)
		}
	}
	if f.UnreadOnly {
		where = append(where, "c.unread > 0")
	}
	if f.CustomerID != 0 {
		where = append(where, "c.customer_id = ?")
		args = append(args, f.CustomerID)
	}
	if len(f.Tags) > 0 {
		where = append(where, `c.id IN (SELECT ct.conversation_id FROM conversation_tags ct
			JOIN tags t ON t.id = ct.tag_id WHERE t.name IN (?`+strings.Repeat(", ?", len(f.Tags)-1)+"))")
		for _, t := range f.Tags {
			args = append(args, t)
		}
	}
	if len(f.DeadlineStates) > 0 {
		where = append(where, "c.id IN (SELECT conversation_id FROM deadlines WHERE state IN (?"+
			strings.Repeat(", ?", len(f.DeadlineStates)-1)+"))")
		for _, st := range f.DeadlineStates {
			args = append(args, st)
		}
	}
	where, args = sentimentFilterSQL(f, where, args)
	if f.PublicClosePending {
		where = append(where, "c.id IN (SELECT conversation_id FROM public_closes WHERE "+openLoop+")")
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// Conversations returns one window of the inbox, in queue order (see inbox.QueueKey).
func (s *Store) Conversations(ctx context.Context, f inbox.ConversationFilter, offset, limit int) (ConversationPage, error) {
	if err := f.Validate(); err != nil {
		return ConversationPage{}, fmt.Errorf("list conversations: %w", err)
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	if offset < 0 {
		offset = 0
	}
	where, args := filterSQL(f)
	var page ConversationPage
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM conversations c"+where, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count conversations: %w", err)
	}
	// The window is cut from ids alone (a covering index walk), and only its
	// rows are joined: OFFSET over the full join cost ~70 ms at 20 000 rows
	// deep on the 1 M-message archive (docs/BENCHMARKS.md).
	q := "SELECT " + summaryCols + summaryFrom + " JOIN (SELECT c.id AS wid FROM conversations c" + where +
		" ORDER BY c.queue_key, c.id LIMIT ? OFFSET ?) w ON w.wid = c.id ORDER BY c.queue_key, c.id"
	rows, err := s.r.QueryContext(ctx, q, append(args, limit, offset)...)
	if err != nil {
		return page, fmt.Errorf("list conversations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanSummary(rows)
		if err != nil {
			return page, fmt.Errorf("scan conversation: %w", err)
		}
		page.Items = append(page.Items, c)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("list conversations: %w", err)
	}
	if err := s.attachTags(ctx, page.Items); err != nil {
		return page, err
	}
	return page, nil
}

func (s *Store) attachTags(ctx context.Context, items []inbox.ConversationSummary) error {
	idx := make(map[int64]int, len(items))
	ids := make([]int64, len(items))
	for i, c := range items {
		idx[c.ID] = i
		ids[i] = c.ID
	}
	// Chunked: a report reads every conversation of a year, more than
	// SQLite's limit of bound variables in one statement.
	for _, part := range chunks(ids, 400) {
		in, args := idArgs(part)
		rows, err := s.r.QueryContext(ctx, `SELECT ct.conversation_id, t.name FROM conversation_tags ct
			JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id IN `+in+` ORDER BY t.name`, args...)
		if err != nil {
			return fmt.Errorf("list tags: %w", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return fmt.Errorf("scan tag: %w", err)
			}
			items[idx[id]].Tags = append(items[idx[id]].Tags, name)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("list tags: %w", err)
		}
	}
	return nil
}

// Conversation reads one conversation with all its messages and notes, oldest first.
func (s *Store) Conversation(ctx context.Context, id int64) (ConversationDetail, error) {
	var d ConversationDetail
	sum, err := scanSummary(s.r.QueryRowContext(ctx, "SELECT "+summaryCols+summaryFrom+" WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("conversation %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("read conversation %d: %w", id, err)
	}
	items := []inbox.ConversationSummary{sum}
	if err := s.attachTags(ctx, items); err != nil {
		return d, err
	}
	d.Summary = items[0]
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.conversation_id, m.handle_id, m.remote_id, m.direction,
		COALESCE(m.author_id, 0), m.author_name, m.text, m.sent_at, m.reply_to_remote_id, m.delivery,
		COALESCE(o.last_error, ''), m.sentiment, m.threat,
		CASE WHEN o.state = 'queued' AND o.attempts = 0 THEN COALESCE(o.not_before, 0) ELSE 0 END
		FROM messages m LEFT JOIN outbox o ON o.message_id = m.id AND o.state <> 'sent'
		WHERE m.conversation_id = ? ORDER BY m.sent_at DESC, m.id DESC LIMIT ?`, id, MaxThreadMessages+1)
	if err != nil {
		return d, fmt.Errorf("read messages of %d: %w", id, err)
	}
	defer rows.Close()
	budget := MaxThreadBytes
	for rows.Next() {
		var m inbox.Message
		var sent int64
		var score sql.NullFloat64
		var hold int64
		if err := rows.Scan(&m.ID, &m.ConversationID, &m.HandleID, &m.RemoteID, &m.Direction, &m.AuthorID,
			&m.AuthorName, &m.Text, &sent, &m.ReplyToRemoteID, &m.Delivery, &m.SendError, &score, &m.Threat, &hold); err != nil {
			return d, fmt.Errorf("scan message: %w", err)
		}
		m.SentAt, m.HoldUntil = fromMS(sent), fromMS(hold)
		if score.Valid {
			m.Sentiment = &score.Float64
		}
		budget -= len(m.Text)
		if len(d.Messages) == MaxThreadMessages || (budget < 0 && len(d.Messages) > 0) {
			break // the newest fit; older ones are counted, not sent to the screen
		}
		d.Messages = append(d.Messages, m)
	}
	if err := rows.Err(); err != nil {
		return d, fmt.Errorf("read messages of %d: %w", id, err)
	}
	slices.Reverse(d.Messages)
	if d.Omitted = d.Summary.MessageCount - len(d.Messages); d.Omitted < 0 {
		d.Omitted = 0
	}
	d.Notes, err = s.Notes(ctx, id)
	return d, err
}

// A conversation opens with its newest messages up to these bounds, so a
// thread a stranger floods (or a decade of one customer) cannot send
// gigabytes to the screen; the older ones stay stored and searchable.
const (
	MaxThreadMessages = 2000
	MaxThreadBytes    = 8 << 20
)

// MarkRead clears a conversation's unread count.
func (s *Store) MarkRead(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, "UPDATE conversations SET unread = 0 WHERE id = ? AND unread <> 0", id)
	if err != nil {
		return fmt.Errorf("mark conversation %d read: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		s.publish(events.Delta{Entity: events.EntityConversation, Upserted: []int64{id}})
	}
	return nil
}

// SetStatus moves conversations to a status; snoozedUntil applies to StatusSnoozed only.
func (s *Store) SetStatus(ctx context.Context, ids []int64, status inbox.Status, snoozedUntil time.Time) error {
	if !status.Valid() {
		return fmt.Errorf("set status: unknown status %q", status)
	}
	if status == inbox.StatusSnoozed && snoozedUntil.IsZero() {
		return fmt.Errorf("set status: snoozing needs a time to wake up")
	}
	if status != inbox.StatusSnoozed {
		snoozedUntil = time.Time{}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			var awaiting, last int64
			err := tx.QueryRowContext(ctx, "SELECT awaiting_since, last_message_at FROM conversations WHERE id = ?", id).
				Scan(&awaiting, &last)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("conversation %d: %w", id, ErrNotFound)
			}
			if err != nil {
				return fmt.Errorf("read conversation %d: %w", id, err)
			}
			key := inbox.QueueKey(status, fromMS(awaiting), fromMS(last))
			if _, err := tx.ExecContext(ctx, "UPDATE conversations SET status = ?, snoozed_until = ?, queue_key = ? WHERE id = ?",
				status, ms(snoozedUntil), key, id); err != nil {
				return fmt.Errorf("update conversation %d: %w", id, err)
			}
			if err := surveyOnStatus(ctx, tx, id, status); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set status %s: %w", status, err)
	}
	s.publish(events.Delta{Entity: events.EntityConversation, Upserted: append(append([]int64(nil), ids...), s.linkedPublicThreads(ctx, ids)...)})
	return nil
}

// HandleCounts is a handle's row in the sidebar.
type HandleCounts struct {
	Handle inbox.Handle
	Open   int // open conversations: the total of OpenCountFilter
	Unread int // open conversations with unread messages: the total of UnreadCountFilter
}

// ClientCounts is a client's group in the sidebar.
type ClientCounts struct {
	Client  inbox.Client
	Handles []HandleCounts
	Open    int
	Unread  int
}

// Sidebar returns clients with their handles and per-handle counts.
func (s *Store) Sidebar(ctx context.Context) ([]ClientCounts, error) {
	clients, err := s.Clients(ctx)
	if err != nil {
		return nil, err
	}
	handles, err := s.Handles(ctx)
	if err != nil {
		return nil, err
	}
	counts := map[int64]*HandleCounts{}
	for i := range handles {
		counts[handles[i].ID] = &HandleCounts{Handle: handles[i]}
	}
	perHandle, err := s.countsPerHandle(ctx)
	if err != nil {
		return nil, err
	}
	for id, n := range perHandle {
		if hc := counts[id]; hc != nil {
			hc.Open, hc.Unread = n[0], n[1]
		}
	}
	out := make([]ClientCounts, len(clients))
	pos := map[int64]int{}
	for i, c := range clients {
		out[i].Client = c
		pos[c.ID] = i
	}
	for _, h := range handles {
		cc := &out[pos[h.ClientID]]
		hc := *counts[h.ID]
		cc.Handles = append(cc.Handles, hc)
		cc.Open += hc.Open
		cc.Unread += hc.Unread
	}
	return out, nil
}
