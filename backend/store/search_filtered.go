package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"careinbox/backend/inbox"
)

// SearchQuery is a full-text search narrowed by filters. Zero fields mean "any".
type SearchQuery struct {
	Text     string // words (as prefixes) and "quoted phrases" in message text and author names
	Author   string // words the author's name must contain
	ClientID int64
	HandleID int64
	Network  inbox.Network
	Statuses []inbox.Status
	Tag      string
	From, To time.Time // sent in [From, To)
	// Relevance orders by FTS5 rank; the default is newest first, which lets
	// SQLite stop at the limit instead of ranking every match.
	Relevance bool
	Limit     int
}

// Hit is a search result with what the results list shows around it.
type Hit struct {
	SearchHit
	Direction    inbox.Direction
	Status       inbox.Status
	Network      inbox.Network
	HandleName   string
	ClientName   string
	CustomerName string
}

// MatchExpr is the FTS5 expression for the query's text and author words.
func (q SearchQuery) MatchExpr() string {
	text, author := FTSQuery(q.Text), FTSQuery(q.Author)
	switch {
	case text != "" && author != "":
		return "(" + text + ") AND author_name : (" + author + ")"
	case author != "":
		return "author_name : (" + author + ")"
	}
	return text
}

// SearchHits runs a filtered full-text search. A query with no words
// returns nothing: the filters alone are the inbox list's job.
func (s *Store) SearchHits(ctx context.Context, q SearchQuery) ([]Hit, error) {
	match := q.MatchExpr()
	if match == "" {
		return nil, nil
	}
	if q.Network != "" && !q.Network.Valid() {
		return nil, fmt.Errorf("search: unknown network %q", q.Network)
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	where := []string{"messages_fts MATCH ?"}
	args := []any{HighlightStart, HighlightEnd, match}
	if q.HandleID != 0 {
		where = append(where, "m.handle_id = ?")
		args = append(args, q.HandleID)
	}
	if q.ClientID != 0 {
		where = append(where, "h.client_id = ?")
		args = append(args, q.ClientID)
	}
	if q.Network != "" {
		where = append(where, "h.network = ?")
		args = append(args, q.Network)
	}
	if len(q.Statuses) > 0 {
		where = append(where, "c.status IN ("+placeholders(len(q.Statuses))+")")
		for _, st := range q.Statuses {
			if !st.Valid() {
				return nil, fmt.Errorf("search: unknown status %q", st)
			}
			args = append(args, st)
		}
	}
	if t := strings.TrimSpace(q.Tag); t != "" {
		where = append(where, `c.id IN (SELECT ct.conversation_id FROM conversation_tags ct
			JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?)`)
		args = append(args, t)
	}
	if !q.From.IsZero() {
		where = append(where, "m.sent_at >= ?")
		args = append(args, ms(q.From))
	}
	if !q.To.IsZero() {
		where = append(where, "m.sent_at < ?")
		args = append(args, ms(q.To))
	}
	order := "messages_fts.rowid DESC"
	if q.Relevance {
		order = "rank"
	}
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.conversation_id, m.author_name, m.sent_at,
		snippet(messages_fts, 0, ?, ?, '…', 16), m.direction, c.status, h.network, h.display_name, cl.name,
		COALESCE(p.display_name, p.username, '')
		FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
		JOIN conversations c ON c.id = m.conversation_id
		JOIN handles h ON h.id = m.handle_id
		JOIN clients cl ON cl.id = h.client_id
		LEFT JOIN participants p ON p.id = c.customer_id
		WHERE `+strings.Join(where, " AND ")+" ORDER BY "+order+" LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var h Hit
		var sent int64
		if err := rows.Scan(&h.MessageID, &h.ConversationID, &h.AuthorName, &sent, &h.Snippet, &h.Direction,
			&h.Status, &h.Network, &h.HandleName, &h.ClientName, &h.CustomerName); err != nil {
			return nil, fmt.Errorf("scan search hit: %w", err)
		}
		h.SentAt = fromMS(sent)
		out = append(out, h)
	}
	return out, rows.Err()
}
