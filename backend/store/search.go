package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

// FTSQuery turns what a person types into a safe FTS5 query: words match
// whole words, "quoted phrases" match as phrases, and FTS5 operators and
// punctuation cannot break the query. Only the word being typed — the last
// one, when the input does not end with a space — matches as a prefix (an
// unclosed phrase at the end gets a prefix on its last word): a prefix term
// costs about twice a whole word on a common word, and the words before the
// last one are finished. It returns "" when nothing is left.
func FTSQuery(input string) string {
	return renderFTS(parseFTS(input), nil)
}

// endsInWord reports whether s ends in a letter or digit: "refund," is a
// finished word, "refu" is being typed.
func endsInWord(s string) bool {
	r, size := utf8.DecodeLastRuneInString(s)
	return size > 0 && (unicode.IsLetter(r) || unicode.IsNumber(r))
}

func ftsWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// Search finds messages by full text, best match first among the newest
// SearchCandidates matches.
func (s *Store) Search(ctx context.Context, input string, limit int) ([]SearchHit, error) {
	res, err := s.search(ctx, SearchQuery{Text: input, Relevance: true, Limit: limit}, []searchSource{messageSource})
	if err != nil {
		return nil, err
	}
	var out []SearchHit
	for _, h := range res.Hits {
		out = append(out, h.SearchHit)
	}
	return out, nil
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
