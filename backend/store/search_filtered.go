package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"careinbox/backend/inbox"
)

// SearchCandidates bounds one search's work per source (messages, subjects,
// notes): at most this many of the newest matches are read, counted and — when
// relevance is asked for — ranked. bm25 over every match of a word found in a
// fifth of a 1 M archive costs hundreds of milliseconds; over this many it
// costs a few. SearchResult says when the bound was reached. 500 rather than
// 2 000: on the 1 M-message bench the common words' p95 fell from 127 to 77 ms
// (`thanks`) and 51 to 42 ms (`refund`) in back-to-back runs, and the newest
// 500 matches are plenty to choose a best page of 50 from.
const SearchCandidates = 500

// SearchQuery is a full-text search narrowed by filters. Zero fields mean "any".
type SearchQuery struct {
	Text     string // words and "quoted phrases" in message text, author names, e-mail subjects and notes
	Author   string // words the author's name must contain (messages only)
	ClientID int64
	HandleID int64
	Network  inbox.Network
	Statuses []inbox.Status
	Tag      string
	From, To time.Time // sent (a note: written; a subject: the conversation's last message) in [From, To)
	// Relevance orders by bm25 over the newest SearchCandidates matches; the
	// default is newest first.
	Relevance bool
	Limit     int
}

// HitKind says where a search hit matched.
type HitKind string

// What a hit matched: a message, a conversation's e-mail subject, or an internal note.
const (
	HitMessage HitKind = "message"
	HitSubject HitKind = "subject"
	HitNote    HitKind = "note"
)

// Hit is a search result with what the results list shows around it. A
// subject or note hit has no MessageID; a note hit has its NoteID.
type Hit struct {
	SearchHit
	Kind         HitKind
	NoteID       int64
	Direction    inbox.Direction
	Status       inbox.Status
	Network      inbox.Network
	HandleName   string
	ClientName   string
	CustomerName string
	score        float64 // bm25: lower is better
}

// SearchResult is one page of hits and what is known of the rest.
type SearchResult struct {
	Hits []Hit
	// Matches counts the matches read: exact unless MoreMatches, when the
	// words matched more than SearchCandidates in some source and Matches
	// counts those passing the filters among the newest of them.
	Matches     int
	MoreMatches bool
	// Bounded says relevance ranked only the matches among the newest
	// SearchCandidates of a source's word matches, not every match.
	Bounded bool
	// PrefixBounded says the word being typed matched only its PrefixTerms
	// most frequent completions in some source, not every word it starts.
	PrefixBounded bool
}

// MatchExpr is the FTS5 expression for the query's text and author words.
func (q SearchQuery) MatchExpr() string {
	return q.matchExpr(FTSQuery(q.Text))
}

// matchExpr combines an expression for the text words (FTSQuery's, or one
// with the typed word expanded) with the author words.
func (q SearchQuery) matchExpr(text string) string {
	author := FTSQuery(q.Author)
	switch {
	case text != "" && author != "":
		return "(" + text + ") AND author_name : (" + author + ")"
	case author != "":
		return "author_name : (" + author + ")"
	}
	return text
}

// SearchHits runs a filtered full-text search and returns its hits.
func (s *Store) SearchHits(ctx context.Context, q SearchQuery) ([]Hit, error) {
	res, err := s.SearchPage(ctx, q)
	return res.Hits, err
}

// SearchPage runs a filtered full-text search over messages, e-mail subjects
// and notes. A query with no words returns nothing: the filters alone are the
// inbox list's job.
func (s *Store) SearchPage(ctx context.Context, q SearchQuery) (SearchResult, error) {
	sources := []searchSource{messageSource}
	if strings.TrimSpace(q.Author) == "" {
		sources = append(sources, subjectSource, noteSource)
	}
	return s.search(ctx, q, sources)
}

func (s *Store) search(ctx context.Context, q SearchQuery, sources []searchSource) (SearchResult, error) {
	var res SearchResult
	if q.MatchExpr() == "" {
		return res, nil
	}
	if q.Network != "" && !q.Network.Valid() {
		return res, fmt.Errorf("search: unknown network %q", q.Network)
	}
	for _, st := range q.Statuses {
		if !st.Valid() {
			return res, fmt.Errorf("search: unknown status %q", st)
		}
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	for _, src := range sources {
		text, ok, prefixBounded, err := s.expandedText(ctx, src, q.Text)
		if err != nil {
			return SearchResult{}, fmt.Errorf("search %q in %ss: %w", q.Text, src.kind, err)
		}
		if !ok { // the word being typed starts no word of this source
			continue
		}
		match := text
		if src.kind == HitMessage {
			match = q.matchExpr(text)
		}
		if match == "" {
			continue
		}
		res.PrefixBounded = res.PrefixBounded || prefixBounded
		cands, more, err := s.candidates(ctx, src, q, match, limit)
		if err != nil {
			return SearchResult{}, fmt.Errorf("search %q in %ss: %w", q.Text, src.kind, err)
		}
		res.Matches += len(cands)
		res.MoreMatches = res.MoreMatches || more
		res.Bounded = res.Bounded || (more && q.Relevance)
		if q.Relevance {
			slices.SortStableFunc(cands, func(a, b candidate) int { return cmpScore(a.score, b.score) })
		}
		top := cands[:min(limit, len(cands))]
		hits, err := s.hitDetails(ctx, src, match, top)
		if err != nil {
			return SearchResult{}, fmt.Errorf("search %q in %ss: %w", q.Text, src.kind, err)
		}
		res.Hits = append(res.Hits, hits...)
	}
	if q.Relevance {
		slices.SortStableFunc(res.Hits, func(a, b Hit) int { return cmpScore(a.score, b.score) })
	} else {
		slices.SortStableFunc(res.Hits, func(a, b Hit) int { return b.SentAt.Compare(a.SentAt) })
	}
	res.Hits = res.Hits[:min(limit, len(res.Hits))]
	return res, nil
}

func cmpScore(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type candidate struct {
	id    int64
	score float64
}

// candidates reads one source's matches that pass the filters among the
// newest SearchCandidates matches of the words (the window), with their bm25
// scores when ranking; more says the words matched more than the window. The
// window is a rowid bound found by walking the doclist alone, so the filters'
// joins run for at most SearchCandidates rows: a word found in a fifth of the
// archive costs what a rare one does. When a narrow filter leaves fewer than
// limit candidates in the window, older matches fill the page (newest first,
// stopping at the limit, like a plain MATCH … LIMIT).
func (s *Store) candidates(ctx context.Context, src searchSource, q SearchQuery, match string, limit int) ([]candidate, bool, error) {
	var edge int64 // the newest match outside the window; 0 when every match is inside
	err := s.r.QueryRowContext(ctx, "SELECT rowid FROM "+src.fts+" WHERE "+src.fts+" MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
		match, SearchCandidates).Scan(&edge)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, false, err
	}
	more := edge != 0
	joins, where, args := src.filters(q)
	score := "0" // newest first needs no score: bm25 reads each match's document length
	if q.Relevance {
		score = "bm25(" + src.fts + ")"
	}
	read := func(cond string, n int) ([]candidate, error) {
		rows, err := s.r.QueryContext(ctx, "SELECT "+src.fts+".rowid, "+score+" FROM "+src.fts+joins+
			" WHERE "+src.fts+" MATCH ?"+where+" AND "+src.fts+".rowid "+cond+" ORDER BY "+src.fts+".rowid DESC LIMIT ?",
			append(append([]any{match}, args...), edge, n)...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []candidate
		for rows.Next() {
			var c candidate
			if err := rows.Scan(&c.id, &c.score); err != nil {
				return nil, fmt.Errorf("scan candidate: %w", err)
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
	cands, err := read("> ?", SearchCandidates)
	if err != nil {
		return nil, false, err
	}
	if more && len(cands) < limit {
		need := limit - len(cands)
		older, err := read("<= ?", need)
		if err != nil {
			return nil, false, err
		}
		cands = append(cands, older...)
		more = len(older) == need // fewer than asked: every filtered match is here
	}
	return cands, more, nil
}

// hitDetails reads what the results list shows for the chosen candidates,
// snippets included, in the candidates' order, in one pass: FTS5 walks the
// rowid range the hits span (the index stays the outer loop, CROSS JOIN),
// and the id list is tested after it (+rowid, not offered to FTS5), so the
// snippet is built only for the hits. Offered to FTS5, rowid IN (…) or a
// lookup per id re-evaluates the MATCH once per id — for a common word or a
// prefix, a walk of its whole doclist each time.
func (s *Store) hitDetails(ctx context.Context, src searchSource, match string, top []candidate) ([]Hit, error) {
	if len(top) == 0 {
		return nil, nil
	}
	lo, hi := top[0].id, top[0].id
	args := []any{HighlightStart, HighlightEnd, match}
	for _, c := range top {
		lo, hi = min(lo, c.id), max(hi, c.id)
	}
	args = append(args, lo, hi)
	for _, c := range top {
		args = append(args, c.id)
	}
	rows, err := s.r.QueryContext(ctx, src.details+" WHERE "+src.fts+" MATCH ? AND "+src.fts+".rowid BETWEEN ? AND ? AND +"+
		src.fts+".rowid IN ("+placeholders(len(top))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]Hit, len(top))
	for rows.Next() {
		h := Hit{Kind: src.kind}
		var id, sent int64
		var dir string
		if err := rows.Scan(&id, &h.ConversationID, &h.AuthorName, &sent, &h.Snippet, &dir,
			&h.Status, &h.Network, &h.HandleName, &h.ClientName, &h.CustomerName); err != nil {
			return nil, fmt.Errorf("scan search hit: %w", err)
		}
		h.Direction = inbox.Direction(dir)
		switch src.kind {
		case HitMessage:
			h.MessageID = id
		case HitNote:
			h.NoteID = id
		}
		h.SentAt = fromMS(sent)
		byID[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Hit, 0, len(top))
	for _, c := range top {
		if h, ok := byID[c.id]; ok { // gone if deleted since the candidates were read
			h.score = c.score
			out = append(out, h)
		}
	}
	return out, nil
}
