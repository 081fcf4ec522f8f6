package store

import (
	"context"
	"fmt"
	"time"

	"careinbox/backend/inbox"
)

// Read-only queries for insights (backend/insights): the customers' message
// text of a period, tag counts and the customers who wrote most. A
// conversation "of the period" is one in scope with an inbound message sent
// in [from, to).
//
// Every query walks conversations → messages (CROSS JOIN fixes that
// order): conversations in rowid order (sequential pages, where the
// handle's index would fetch rows in queue order, page by random page),
// and the period a range on messages(conversation_id, sent_at) for each
// conversation in scope, never a scan of every message.

// scopeWhere filters handles h and conversations c by scope; zero clientID
// or handleID and empty network or kind mean any.
const scopeWhere = `(? = 0 OR h.client_id = ?) AND (? = 0 OR h.id = ?) AND (? = '' OR h.network = ?) AND (? = '' OR c.kind = ?)`

func scopeArgs(clientID, handleID int64, network inbox.Network, kind inbox.Kind) []any {
	return []any{clientID, clientID, handleID, handleID, string(network), string(network), string(kind), string(kind)}
}

// InsightMessages calls each with the inbound messages in scope sent in
// [from, to), newest first, at most limit of them, text cut to maxChars
// characters (0: the whole stored text). kinds narrows the conversation
// kinds (empty: any). It returns how many messages it passed on.
//
// A long busy period holds far more than limit messages: it is then read
// in windows walking back from to (the first sized by how many messages the
// period holds, at least a sixteenth of it; then each as long as all before
// it), so about limit messages are read and sorted, not the whole period's.
func (s *Store) InsightMessages(ctx context.Context, clientID, handleID int64, network inbox.Network, kinds []inbox.Kind,
	from, to time.Time, limit, maxChars int, each func(conversationID int64, text string) error) (int, error) {
	if limit <= 0 || !to.After(from) {
		return 0, nil
	}
	if maxChars <= 0 {
		maxChars = MaxStoredText
	}
	scope := func(start, end time.Time) []any {
		args := append(scopeArgs(clientID, handleID, network, ""), ms(start), ms(start), ms(end))
		for _, k := range kinds {
			args = append(args, string(k))
		}
		return args
	}
	// Counting reads only the index (every direction: the table would be
	// needed to tell them apart), so it costs a fraction of the reading.
	var total int
	if err := s.r.QueryRowContext(ctx, insightCountSQL(len(kinds)), scope(from, to)...).Scan(&total); err != nil {
		return 0, fmt.Errorf("count insight messages: %w", err)
	}
	span := to.Sub(from)
	step := span
	if total > limit {
		step = max(time.Duration(float64(span)*float64(limit)/float64(total)), span/16, time.Second)
	}
	q := insightMessagesSQL(len(kinds))
	n, covered := 0, time.Duration(0)
	for end := to; n < limit && end.After(from); end = end.Add(-step) {
		if covered > 0 {
			step = covered
		}
		start := end.Add(-step)
		if start.Before(from) {
			start, step = from, end.Sub(from)
		}
		covered += step
		got, err := s.insightWindow(ctx, q, append(append([]any{maxChars}, scope(start, end)...), limit-n), each)
		n += got
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (s *Store) insightWindow(ctx context.Context, q string, args []any, each func(conversationID int64, text string) error) (int, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("list insight messages: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return n, fmt.Errorf("scan insight message: %w", err)
		}
		n++
		if err := each(id, text); err != nil {
			return n, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("list insight messages: %w", err)
	}
	return n, nil
}

// insightMessagesSQL selects the text of inbound messages of a period in
// scope, of one of kinds conversation kinds (0: any); insightCountSQL
// counts the period's messages in the same scope.
func insightMessagesSQL(kinds int) string {
	return `SELECT m.conversation_id, substr(m.text, 1, ?) ` + insightFrom(kinds) + ` AND m.direction = 'in'
		ORDER BY m.sent_at DESC, m.id DESC LIMIT ?`
}

func insightCountSQL(kinds int) string { return "SELECT COUNT(*) " + insightFrom(kinds) }

func insightFrom(kinds int) string {
	q := `FROM conversations c
		CROSS JOIN handles h ON h.id = c.handle_id
		CROSS JOIN messages m ON m.conversation_id = c.id
		WHERE ` + scopeWhere + ` AND c.last_inbound_at >= ? AND m.sent_at >= ? AND m.sent_at < ?`
	if kinds > 0 {
		q += " AND c.kind IN (" + placeholders(kinds) + ")"
	}
	return q
}

// periodExists is true for a conversation c with an inbound message in
// [from, to). The conversation's stored last inbound time (the latest
// inbound message's, kept with its messages) rules most of a long history
// out before any message is read.
const periodExists = `c.last_inbound_at >= ? AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.sent_at >= ? AND m.sent_at < ? AND m.direction = 'in')`

const (
	insightTagsSQL = `SELECT t.name, COUNT(*) FROM conversations c
		CROSS JOIN handles h ON h.id = c.handle_id
		JOIN conversation_tags ct ON ct.conversation_id = c.id
		JOIN tags t ON t.id = ct.tag_id
		WHERE ` + scopeWhere + ` AND ` + periodExists + ` GROUP BY t.id`
	insightCustomersSQL = `SELECT p.id, p.network, p.remote_id, p.username, p.display_name, COUNT(*) AS n FROM conversations c
		CROSS JOIN handles h ON h.id = c.handle_id
		JOIN participants p ON p.id = c.customer_id
		WHERE ` + scopeWhere + ` AND ` + periodExists + ` GROUP BY p.id ORDER BY n DESC, p.id LIMIT ?`
)

// InsightTagCounts counts, per tag name, the conversations of the period that carry it.
func (s *Store) InsightTagCounts(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
	from, to time.Time) (map[string]int, error) {
	args := append(scopeArgs(clientID, handleID, network, kind), ms(from), ms(from), ms(to))
	rows, err := s.r.QueryContext(ctx, insightTagsSQL, args...)
	if err != nil {
		return nil, fmt.Errorf("count insight tags: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, fmt.Errorf("scan insight tag: %w", err)
		}
		out[name] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count insight tags: %w", err)
	}
	return out, nil
}

// InsightCustomers lists the customers with the most conversations of the
// period, most first (ties by id), at most limit, with those counts.
func (s *Store) InsightCustomers(ctx context.Context, clientID, handleID int64, network inbox.Network, kind inbox.Kind,
	from, to time.Time, limit int) ([]inbox.Participant, []int, error) {
	args := append(scopeArgs(clientID, handleID, network, kind), ms(from), ms(from), ms(to), limit)
	rows, err := s.r.QueryContext(ctx, insightCustomersSQL, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("list insight customers: %w", err)
	}
	defer rows.Close()
	var ps []inbox.Participant
	var counts []int
	for rows.Next() {
		var p inbox.Participant
		var n int
		if err := rows.Scan(&p.ID, &p.Network, &p.RemoteID, &p.Username, &p.DisplayName, &n); err != nil {
			return nil, nil, fmt.Errorf("scan insight customer: %w", err)
		}
		ps, counts = append(ps, p), append(counts, n)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("list insight customers: %w", err)
	}
	return ps, counts, nil
}
