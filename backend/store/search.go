package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// SearchHit is one message matching a search.
type SearchHit struct {
	MessageID      int64
	ConversationID int64
	AuthorName     string
	SentAt         time.Time
	// Snippet marks matched words with \x02 … \x03, which cannot occur in
	// network text; the UI turns them into highlight spans as plain text.
	Snippet string
}

// Highlight delimiters inside SearchHit.Snippet.
const (
	HighlightStart = "\x02"
	HighlightEnd   = "\x03"
)

// FTSQuery turns what a person types into a safe FTS5 query: words are
// matched as prefixes, "quoted phrases" as phrases, and FTS5 operators and
// punctuation cannot break the query. It returns "" when nothing is left.
func FTSQuery(input string) string {
	var terms []string
	for i, part := range strings.Split(input, `"`) {
		if i%2 == 1 { // inside quotes
			if words := ftsWords(part); len(words) > 0 {
				terms = append(terms, `"`+strings.Join(words, " ")+`"`)
			}
			continue
		}
		for _, w := range ftsWords(part) {
			terms = append(terms, `"`+w+`"*`)
		}
	}
	return strings.Join(terms, " ")
}

func ftsWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// Search finds messages by full text, best match first.
func (s *Store) Search(ctx context.Context, input string, limit int) ([]SearchHit, error) {
	q := FTSQuery(input)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.conversation_id, m.author_name, m.sent_at,
		snippet(messages_fts, 0, ?, ?, '…', 16)
		FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
		WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?`, HighlightStart, HighlightEnd, q, limit)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", input, err)
	}
	defer rows.Close()
	var out []SearchHit
	for rows.Next() {
		var h SearchHit
		var sent int64
		if err := rows.Scan(&h.MessageID, &h.ConversationID, &h.AuthorName, &sent, &h.Snippet); err != nil {
			return nil, fmt.Errorf("scan search hit: %w", err)
		}
		h.SentAt = fromMS(sent)
		out = append(out, h)
	}
	return out, rows.Err()
}

// SearchParticipants finds participant ids by name or username.
func (s *Store) SearchParticipants(ctx context.Context, input string, limit int) ([]int64, error) {
	q := FTSQuery(input)
	if q == "" {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, "SELECT rowid FROM participants_fts WHERE participants_fts MATCH ? ORDER BY rank LIMIT ?", q, limit)
	if err != nil {
		return nil, fmt.Errorf("search participants %q: %w", input, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan participant: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
